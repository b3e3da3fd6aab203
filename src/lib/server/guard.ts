/**
 * Request guards applied to every request in hooks.server.ts: the origin check that stops
 * cross-site requests (CSRF) on every state-changing call, and the security headers.
 */

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * A state-changing request must come from the app's own pages: its Origin header (sent by browsers
 * on every POST/PUT/PATCH/DELETE fetch) must be the app's origin. Without an Origin header, the
 * Fetch Metadata header must say same-origin. Anything else is refused.
 */
export function originAllowed(request: Request, url: URL, allowed: readonly string[] = []): boolean {
	if (SAFE_METHODS.has(request.method)) return true;
	const origin = request.headers.get('origin');
	if (origin) return origin === url.origin || allowed.includes(origin);
	const site = request.headers.get('sec-fetch-site');
	return site === 'same-origin';
}

/** Headers added to every answer. The CSP itself is set by SvelteKit (svelte.config.js). */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
	'X-Content-Type-Options': 'nosniff',
	'Referrer-Policy': 'same-origin',
	'X-Frame-Options': 'DENY',
	'Permissions-Policy': 'geolocation=(self), camera=(self), microphone=(), payment=()',
	'Cross-Origin-Opener-Policy': 'same-origin'
};
