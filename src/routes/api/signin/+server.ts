import { json, type RequestHandler } from '@sveltejs/kit';
import { getStore } from '$lib/server/context';
import { setSessionCookie } from '$lib/server/cookies';
import { handleApi, publicUser, readBody } from '$lib/server/http';
import { signInLimited, takeAddressTurn } from '$lib/server/signin-limits';
import { SignInBody } from '$lib/schemas/accounts';

export { trailingSlash } from '$lib/server/http';

/**
 * Sign in with a sign-in name and password (mairies and the coordinator, from another computer),
 * through the limits of signin-limits.ts: a 429 with Retry-After says how long to wait.
 */
export const POST: RequestHandler = (event) =>
	handleApi(async () => {
		const ip = event.getClientAddress();
		await takeAddressTurn(getStore(), ip);
		const body = await readBody(event, SignInBody);
		const signed = await signInLimited({ store: getStore(), ip, device: event.request.headers.get('user-agent') ?? '' }, body);
		setSessionCookie(event.cookies, event.url, signed.token, signed.session);
		return json({ user: publicUser(signed.user) });
	});
