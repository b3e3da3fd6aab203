import { json, type RequestHandler } from '@sveltejs/kit';
import { claimSetup } from '$lib/server/accounts';
import { getStore } from '$lib/server/context';
import { setSessionCookie } from '$lib/server/cookies';
import { retryLaterAnswer, handleApi, publicUser, readBody } from '$lib/server/http';
import { authLimiter } from '$lib/server/ratelimit';
import { SetupBody } from '$lib/schemas/accounts';

export { trailingSlash } from '$lib/server/http';

/** First run: the one-time link's token creates the coordinator account and signs it in. */
export const POST: RequestHandler = (event) =>
	handleApi(async () => {
		const ip = event.getClientAddress();
		const limit = await authLimiter.take(getStore(), `setup:${ip}`);
		if (!limit.allowed) return retryLaterAnswer(limit.retryAfter);
		const body = await readBody(event, SetupBody);
		const signed = await claimSetup({ store: getStore(), ip, device: event.request.headers.get('user-agent') ?? '' }, body);
		setSessionCookie(event.cookies, event.url, signed.token, signed.session);
		return json({ user: publicUser(signed.user) }, { status: 201 });
	});
