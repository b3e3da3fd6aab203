import { json, type RequestHandler } from '@sveltejs/kit';
import { getStore } from '$lib/server/context';
import { handleApi, readBody, requireUser } from '$lib/server/http';
import { pull } from '$lib/server/sync/service';
import { PullBody } from '$lib/schemas/sync';

export { trailingSlash } from '$lib/server/http';

/** Changes after a cursor, scoped to what this person may see (sync-protocol.md, "Pull"). */
export const POST: RequestHandler = (event) =>
	handleApi(async () => {
		const { user } = requireUser(event);
		const body = await readBody(event, PullBody);
		return json(await pull({ store: getStore() }, user, body), { headers: { 'Cache-Control': 'no-store' } });
	});
