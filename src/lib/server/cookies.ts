/** The session cookie: HttpOnly, SameSite=Lax, Secure behind HTTPS, as long-lived as the session. */
import type { Cookies } from '@sveltejs/kit';
import { secureCookies } from './config';
import type { Session } from './store/types';

export const SESSION_COOKIE = 'atlas_session';

export function setSessionCookie(cookies: Cookies, url: URL, token: string, session: Session): void {
	cookies.set(SESSION_COOKIE, token, {
		path: '/',
		httpOnly: true,
		sameSite: 'lax',
		secure: secureCookies(url),
		expires: new Date(session.expiresAt)
	});
}

export function clearSessionCookie(cookies: Cookies, url: URL): void {
	cookies.delete(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'lax', secure: secureCookies(url) });
}
