import { json, type RequestHandler } from '@sveltejs/kit';
import { revokeSession } from '$lib/server/accounts';
import { getStore } from '$lib/server/context';
import { handleApi, requireUser } from '$lib/server/http';

export { trailingSlash } from '$lib/server/http';

/** Revoke one device (the coordinator: any; others: their own). */
export const POST: RequestHandler = (event) =>
	handleApi(async () => {
		const { user } = requireUser(event);
		await revokeSession({ store: getStore(), ip: event.getClientAddress() }, user, event.params.id ?? '');
		return json({ ok: true });
	});
