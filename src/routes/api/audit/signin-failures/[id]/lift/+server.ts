import { json, type RequestHandler } from '@sveltejs/kit';
import { getStore } from '$lib/server/context';
import { handleApi, requireAdmin } from '$lib/server/http';
import { liftSigninDelay } from '$lib/server/signin-limits';

export { trailingSlash } from '$lib/server/http';

/** The coordinator lifts a person's sign-in delay: their failures are forgotten (recorded in the journal). */
export const POST: RequestHandler = (event) =>
	handleApi(async () => {
		const { user } = requireAdmin(event, 'manage_team');
		await liftSigninDelay({ store: getStore(), ip: event.getClientAddress() }, user.id, event.params.id ?? '');
		return json({ ok: true });
	});
