import { json, type RequestHandler } from '@sveltejs/kit';
import { revokeInvitation } from '$lib/server/accounts';
import { getStore } from '$lib/server/context';
import { handleApi, requireCoordinator } from '$lib/server/http';

export const POST: RequestHandler = (event) =>
	handleApi(async () => {
		const { user } = requireCoordinator(event);
		await revokeInvitation({ store: getStore(), ip: event.getClientAddress() }, user, event.params.id ?? '');
		return json({ ok: true });
	});
