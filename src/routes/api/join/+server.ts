import { json, type RequestHandler } from '@sveltejs/kit';
import { acceptInvitation } from '$lib/server/accounts';
import { getStore } from '$lib/server/context';
import { setSessionCookie } from '$lib/server/cookies';
import { retryLaterAnswer, handleApi, publicUser, readBody } from '$lib/server/http';
import { authLimiter } from '$lib/server/ratelimit';
import { JoinBody } from '$lib/schemas/accounts';

export { trailingSlash } from '$lib/server/http';

/** Accept an invitation: a display name is all it asks; the device gets its session cookie. */
export const POST: RequestHandler = (event) =>
	handleApi(async () => {
		const ip = event.getClientAddress();
		const limit = await authLimiter.take(getStore(), `join:${ip}`);
		if (!limit.allowed) return retryLaterAnswer(limit.retryAfter);
		const body = await readBody(event, JoinBody);
		const signed = await acceptInvitation({ store: getStore(), ip, device: event.request.headers.get('user-agent') ?? '' }, body);
		setSessionCookie(event.cookies, event.url, signed.token, signed.session);
		return json({ user: publicUser(signed.user) }, { status: 201 });
	});
