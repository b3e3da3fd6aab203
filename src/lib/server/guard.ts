/**
 * Request guards applied to every request in hooks.server.ts: the origin check that stops
 * cross-site requests (CSRF) on every state-changing call, and the security headers.
 */

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * A state-changing request must come from the app's own pages: its Origin header (sent by browsers
 * on every POST/PUT/PATCH/DELETE fetch) must name the host the request was sent to (or the
 * configured public origin). The scheme is not compared: behind a proxy, or with adapter-node's
 * default, the server cannot always tell http from https, and another site cannot choose our host.
 * Without an Origin header, the Fetch Metadata header must say same-origin. Anything else is refused.
 */
export function originAllowed(request: Request, url: URL, allowed: readonly string[] = []): boolean {
	if (SAFE_METHODS.has(request.method)) return true;
	const origin = request.headers.get('origin');
	if (origin) {
		if (allowed.includes(origin)) return true;
		try {
			return new URL(origin).host === url.host;
		} catch {
			return false; // "null" or garbage
		}
	}
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
