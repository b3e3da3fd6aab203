/**
 * Where each role lands (after joining, signing in, the first run, or opening the app): the screen
 * of its daily work. A mairie reviews her commune's sheets; a volunteer records and finds his own
 * (« Mes fiches »); the coordinator follows the census (its home, at the same address '/').
 */
import type { Role } from './access';

export function homePath(role: Role | null | undefined): '/' | '/commune' {
	return role === 'mairie' ? '/commune' : '/';
}

/** Where « Mes fiches » is: the volunteer's home, or a screen of its own for the roles whose home is another. */
export function mySheetsPath(role: Role | null | undefined): '/' | '/fiches' {
	return role === 'mairie' || role === 'coordinateur' ? '/fiches' : '/';
}
