import type { Handle, HandleServerError, ServerInit } from '@sveltejs/kit';
import { building } from '$app/environment';
import { t } from '$lib/i18n';
import { speakRequestLanguage } from '$lib/i18n/request-locale.server';
import { makeSetupLink, sessionFor } from '$lib/server/accounts';
import { publicOrigin, secureCookies } from '$lib/server/config';
import { closeStore, databaseLabel, getStore } from '$lib/server/context';
import { originAllowed, SECURITY_HEADERS } from '$lib/server/guard';
import { apiError, apiRefusal, dropUnreadBody } from '$lib/server/http';
import { gzipJson } from '$lib/server/compress';
import { SESSION_COOKIE, setSessionCookie } from '$lib/server/cookies';
import { setupLink } from '$lib/server/links';
import { serverIdentity } from '$lib/server/sync/identity';
import { withOrigins } from '$lib/server/map/csp';
import { checkMapConfiguration, mapOrigins } from '$lib/server/map/sources';

// Every message the server writes (API errors, error page, exports) in the requester's language.
speakRequestLanguage();

/**
 * Once at start: open the database (migrations run), and on an empty database print the one-time
 * link that creates the coordinator account.
 */
export const init: ServerInit = async () => {
	if (building) return; // prerendering the app shell needs no database
	// A wrong ATLAS_TILE_SOURCES or ATLAS_GEO_API stops the start with the operator's error.
	checkMapConfiguration();
	const store = getStore();
	// adapter-node's own process event, emitted once the HTTP server has closed
	process.once('sveltekit:shutdown', () => void closeStore());
	let link: Awaited<ReturnType<typeof makeSetupLink>>;
	try {
		link = await makeSetupLink({ store });
		// The identity phones compare at each exchange, made now rather than by the first one.
		await serverIdentity(store);
	} catch (e) {
		// The operator's first look: which database, and what to check (the stack says less).
		const reason = e instanceof Error ? e.message : String(e);
		console.error(
			[
				'',
				`  Impossible d'ouvrir la base de données ${databaseLabel()} : ${reason}`,
				'  Vérifiez DATABASE_URL (PostgreSQL : le serveur tourne-t-il, l’adresse et le mot de passe sont-ils bons ?) ou ATLAS_DATA_DIR (SQLite).',
				`  Cannot open the database ${databaseLabel()}: ${reason}`,
				'  Check DATABASE_URL (PostgreSQL: is the server running, are the address and password right?) or ATLAS_DATA_DIR (SQLite).',
				''
			].join('\n')
		);
		throw e;
	}
	if (link) {
		const url = setupLink(publicOrigin(), link.token);
		console.log(
			[
				'',
				'  Première installation : ouvrez ce lien pour créer le compte de coordination',
				'  First run: open this link to create the coordinator account',
				`  ${url}`,
				`  (valable 24 h, une seule fois / valid 24 h, once — base : ${databaseLabel()})`,
				''
			].join('\n')
		);
	}
};

export const handle: Handle = async ({ event, resolve }) => {
	const { request, url } = event;
	// Every state-changing request, whatever its path: the router decodes the path (« /%61pi/… »
	// reaches /api/…) after this check, and SvelteKit's own check is off (svelte.config.js).
	if (!originAllowed(request, url, process.env.ORIGIN ? [process.env.ORIGIN] : [])) {
		dropUnreadBody(request);
		return withHeaders(apiError('bad_origin'));
	}
	// A NUL character in the address (« %00 ») names nothing: refused before any route hands it to
	// the database (PostgreSQL's text cannot even compare it).
	if (/%00/i.test(url.pathname) || /%00/i.test(url.search)) {
		dropUnreadBody(request);
		return withHeaders(apiError(url.pathname.startsWith('/api/') ? 'invalid_input' : 'not_found'));
	}
	event.locals.auth = null;
	const token = event.cookies.get(SESSION_COOKIE);
	if (token) {
		const found = await sessionFor({ store: getStore() }, token);
		if (found) {
			event.locals.auth = { user: found.user, session: found.session };
			// The session slid forward on the server: the cookie follows, or it would die first.
			if (found.slid) setSessionCookie(event.cookies, url, token, found.session);
		}
	}
	// Refusals the framework made (a method the route lacks, an address that cannot be decoded or
	// names no route) get the API's shape: `{ code, message }` in the person's language.
	const resolved = await resolve(event);
	dropUnreadBody(request);
	const response = withHeaders(url.pathname.startsWith('/api/') ? await gzipJson(request, await apiRefusal(resolved)) : resolved);
	allowMapOrigins(response);
	if (secureCookies(url)) trySet(response, 'Strict-Transport-Security', 'max-age=31536000');
	return response;
};

function withHeaders(response: Response): Response {
	for (const [name, value] of Object.entries(SECURITY_HEADERS)) trySet(response, name, value);
	return response;
}

/**
 * The page's policy (svelte.config.js, with Kit's script hashes) also allows the configured tile
 * sources and API Géo: only img-src and connect-src gain their origins, nothing else changes.
 */
function allowMapOrigins(response: Response): void {
	for (const name of ['content-security-policy', 'content-security-policy-report-only']) {
		const policy = response.headers.get(name);
		if (!policy) continue;
		const widened = withOrigins(policy, mapOrigins());
		if (widened === policy) continue;
		try {
			response.headers.set(name, widened);
		} catch {
			// immutable headers: leave them
		}
	}
}

function trySet(response: Response, name: string, value: string): void {
	if (response.headers.has(name)) return;
	try {
		response.headers.set(name, value);
	} catch {
		// immutable headers (a fetched response passed through): leave them
	}
}

/**
 * One server error funnel: the details go to the log, the answer is a plain message in the
 * requester's language (no stack, no internal detail leaks to the client).
 */
export const handleError: HandleServerError = ({ error, status, event }) => {
	// Server errors only (a 4xx here is the framework refusing a request: no fault to look into).
	// The path is an argument, not the format: a "%o" or "%f" in it would swallow the error.
	if (status >= 500) console.error('[%s %s]', event.request.method, event.url.pathname, error);
	return { message: status === 404 ? t('error.page_body') : t('error.server') };
};
