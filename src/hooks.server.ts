import type { Handle, HandleServerError, ServerInit } from '@sveltejs/kit';
import { building } from '$app/environment';
import { t } from '$lib/i18n';
import { makeSetupLink, sessionFor } from '$lib/server/accounts';
import { databaseFile, publicOrigin } from '$lib/server/config';
import { getStore } from '$lib/server/context';
import { originAllowed, SECURITY_HEADERS } from '$lib/server/guard';
import { apiError } from '$lib/server/http';
import { SESSION_COOKIE } from '$lib/server/cookies';
import { setupLink } from '$lib/server/links';

/**
 * Once at start: open the database (migrations run), and on an empty database print the one-time
 * link that creates the coordinator account.
 */
export const init: ServerInit = async () => {
	if (building) return; // prerendering the app shell needs no database
	const store = getStore();
	const link = await makeSetupLink({ store });
	if (link) {
		const url = setupLink(publicOrigin(), link.token);
		console.log(
			[
				'',
				'  Première installation : ouvrez ce lien pour créer le compte de coordination',
				'  First run: open this link to create the coordinator account',
				`  ${url}`,
				`  (valable 24 h, une seule fois / valid 24 h, once — base : ${databaseFile()})`,
				''
			].join('\n')
		);
	}
};

export const handle: Handle = async ({ event, resolve }) => {
	const { request, url } = event;
	if (url.pathname.startsWith('/api/') && !originAllowed(request, url, process.env.ORIGIN ? [process.env.ORIGIN] : [])) {
		return withHeaders(apiError('bad_origin'));
	}
	event.locals.auth = null;
	const token = event.cookies.get(SESSION_COOKIE);
	if (token) {
		event.locals.auth = await sessionFor({ store: getStore() }, token);
	}
	return withHeaders(await resolve(event));
};

function withHeaders(response: Response): Response {
	for (const [name, value] of Object.entries(SECURITY_HEADERS)) {
		if (!response.headers.has(name)) {
			try {
				response.headers.set(name, value);
			} catch {
				// immutable headers (a fetched response passed through): leave them
			}
		}
	}
	return response;
}

/**
 * One server error funnel: the details go to the log, the answer is a plain French message (no
 * stack, no internal detail leaks to the client).
 */
export const handleError: HandleServerError = ({ error, status, event }) => {
	if (status !== 404) console.error(`[${event.request.method} ${event.url.pathname}]`, error);
	return { message: status === 404 ? t('error.page_body') : t('error.server') };
};
