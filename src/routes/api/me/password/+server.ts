import { json, type RequestHandler } from '@sveltejs/kit';
import { setPassword } from '$lib/server/accounts';
import { getStore } from '$lib/server/context';
import { retryLaterAnswer, handleApi, readBody, requireUser } from '$lib/server/http';
import { authLimiter } from '$lib/server/ratelimit';
import { PasswordBody } from '$lib/schemas/accounts';

export { trailingSlash } from '$lib/server/http';

/**
 * A mairie or the coordinator sets a sign-in name and password for other computers (the current
 * password is asked when there is one; the other devices are then signed out).
 */
export const POST: RequestHandler = (event) =>
	handleApi(async () => {
		const { user, session } = requireUser(event);
		const ip = event.getClientAddress();
		const limit = await authLimiter.take(getStore(), `password:${user.id}`);
		if (!limit.allowed) return retryLaterAnswer(limit.retryAfter);
		const body = await readBody(event, PasswordBody);
		await setPassword({ store: getStore(), ip }, user, body, session.id);
		return json({ ok: true });
	});
