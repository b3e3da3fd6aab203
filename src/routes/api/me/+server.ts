import { json, type RequestHandler } from '@sveltejs/kit';
import { handleApi, publicUser, requireUser } from '$lib/server/http';

export { trailingSlash } from '$lib/server/http';

/** Who this device is signed in as; 401 when the session is unknown, expired or revoked. */
export const GET: RequestHandler = (event) =>
	handleApi(async () => {
		const { user } = requireUser(event);
		return json({ user: publicUser(user) }, { headers: { 'Cache-Control': 'no-store' } });
	});
