import { json, type RequestHandler } from '@sveltejs/kit';
import { revokeInvitation } from '$lib/server/accounts';
import { getStore } from '$lib/server/context';
import { handleApi, requireAdmin } from '$lib/server/http';

export { trailingSlash } from '$lib/server/http';

export const POST: RequestHandler = (event) =>
	handleApi(async () => {
		const { user } = requireAdmin(event, 'invite');
		await revokeInvitation({ store: getStore(), ip: event.getClientAddress() }, user, event.params.id ?? '');
		return json({ ok: true });
	});
