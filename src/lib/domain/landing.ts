/**
 * Where each role lands (after joining, signing in, the first run, or opening the app): the screen
 * of its daily work. A mairie reviews her commune's sheets; a volunteer records and finds his own
 * (« Mes fiches »); the coordinator follows the census (its home, at the same address '/').
 */
import type { Role } from './access';

export function homePath(role: Role | null | undefined): '/' | '/commune' {
	return role === 'mairie' ? '/commune' : '/';
}
