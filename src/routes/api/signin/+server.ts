import { json, type RequestHandler } from '@sveltejs/kit';
import { signIn } from '$lib/server/accounts';
import { getStore } from '$lib/server/context';
import { setSessionCookie } from '$lib/server/cookies';
import { apiError, handleApi, publicUser, readBody } from '$lib/server/http';
import { authLimiter } from '$lib/server/ratelimit';
import { SignInBody } from '$lib/schemas/accounts';

export { trailingSlash } from '$lib/server/http';

/** Sign in with a sign-in name and password (mairies and the coordinator, from another computer). */
export const POST: RequestHandler = (event) =>
	handleApi(async () => {
		const ip = event.getClientAddress();
		const byAddress = await authLimiter.take(getStore(), `signin:${ip}`);
		if (!byAddress.allowed) return apiError('rate_limited', { 'Retry-After': String(byAddress.retryAfter) });
		const body = await readBody(event, SignInBody);
		// Also per account, so guessing one person's password from many addresses is slowed too.
		const account = `signin-login:${body.login.normalize('NFC').trim().toLowerCase()}`;
		const byAccount = await authLimiter.take(getStore(), account);
		if (!byAccount.allowed) return apiError('rate_limited', { 'Retry-After': String(byAccount.retryAfter) });
		const signed = await signIn({ store: getStore(), ip, device: event.request.headers.get('user-agent') ?? '' }, body);
		setSessionCookie(event.cookies, event.url, signed.token, signed.session);
		return json({ user: publicUser(signed.user) });
	});
