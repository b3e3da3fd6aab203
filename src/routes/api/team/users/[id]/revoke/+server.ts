import { json, type RequestHandler } from '@sveltejs/kit';
import { revokeUser } from '$lib/server/accounts';
import { getStore } from '$lib/server/context';
import { handleApi, requireAdmin } from '$lib/server/http';

export { trailingSlash } from '$lib/server/http';

/** Revoke a person: every device of theirs loses its session at once. */
export const POST: RequestHandler = (event) =>
	handleApi(async () => {
		const { user } = requireAdmin(event, 'manage_team');
		await revokeUser({ store: getStore(), ip: event.getClientAddress() }, user, event.params.id ?? '');
		return json({ ok: true });
	});
