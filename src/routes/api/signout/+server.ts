import { json, type RequestHandler } from '@sveltejs/kit';
import { signOut } from '$lib/server/accounts';
import { getStore } from '$lib/server/context';
import { clearSessionCookie } from '$lib/server/cookies';
import { handleApi } from '$lib/server/http';

export { trailingSlash } from '$lib/server/http';

/** Ends this device's session (the others stay). */
export const POST: RequestHandler = (event) =>
	handleApi(async () => {
		if (event.locals.auth) await signOut({ store: getStore(), ip: event.getClientAddress() }, event.locals.auth.session);
		clearSessionCookie(event.cookies, event.url);
		return json({ ok: true });
	});
