import { json, type RequestHandler } from '@sveltejs/kit';
import { changeRole } from '$lib/server/accounts';
import { getStore } from '$lib/server/context';
import { handleApi, readBody, requireAdmin } from '$lib/server/http';
import { RoleBody } from '$lib/schemas/accounts';

export { trailingSlash } from '$lib/server/http';

export const POST: RequestHandler = (event) =>
	handleApi(async () => {
		const { user } = requireAdmin(event, 'manage_team');
		const body = await readBody(event, RoleBody);
		await changeRole({ store: getStore(), ip: event.getClientAddress() }, user, event.params.id ?? '', body.role, body.communes);
		return json({ ok: true });
	});
