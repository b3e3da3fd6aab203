import { json, type RequestHandler } from '@sveltejs/kit';
import { setPassword } from '$lib/server/accounts';
import { getStore } from '$lib/server/context';
import { handleApi, readBody, requireUser } from '$lib/server/http';
import { PasswordBody } from '$lib/schemas/accounts';

/** A mairie or the coordinator sets a sign-in name and password for other computers. */
export const POST: RequestHandler = (event) =>
	handleApi(async () => {
		const { user } = requireUser(event);
		const body = await readBody(event, PasswordBody);
		await setPassword({ store: getStore(), ip: event.getClientAddress() }, user, body);
		return json({ ok: true });
	});
