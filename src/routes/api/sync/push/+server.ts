import { json, type RequestHandler } from '@sveltejs/kit';
import { getStore } from '$lib/server/context';
import { handleApi, readBody, requireUser } from '$lib/server/http';
import { push } from '$lib/server/sync/service';
import { PushBody } from '$lib/schemas/sync';

export { trailingSlash } from '$lib/server/http';

/** Numbered mutations from one install, applied once each (sync-protocol.md, "Push"). */
export const POST: RequestHandler = (event) =>
	handleApi(async () => {
		const { user, session } = requireUser(event);
		// A week of edits can be a few hundred rows: allow larger bodies than other routes.
		const body = await readBody(event, PushBody, 4 * 1024 * 1024);
		return json(await push({ store: getStore(), device: session.device }, user, body), { headers: { 'Cache-Control': 'no-store' } });
	});
