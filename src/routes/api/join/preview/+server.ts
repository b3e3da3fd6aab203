import { json, type RequestHandler } from '@sveltejs/kit';
import { previewInvitation } from '$lib/server/accounts';
import { getStore } from '$lib/server/context';
import { retryLaterAnswer, handleApi, readBody } from '$lib/server/http';
import { authLimiter } from '$lib/server/ratelimit';
import { TokenBody } from '$lib/schemas/accounts';

export { trailingSlash } from '$lib/server/http';

/** What an invitation link offers (role, communes), shown before the person joins. */
export const POST: RequestHandler = (event) =>
	handleApi(async () => {
		const ip = event.getClientAddress();
		const limit = await authLimiter.take(getStore(), `preview:${ip}`);
		if (!limit.allowed) return retryLaterAnswer(limit.retryAfter);
		const { token } = await readBody(event, TokenBody);
		const inv = await previewInvitation({ store: getStore(), ip }, token);
		const forUser = inv.forUserId ? await getStore().getUser(inv.forUserId) : null;
		return json({ role: inv.role, communes: inv.communes, label: inv.label, forName: forUser?.name ?? null });
	});
