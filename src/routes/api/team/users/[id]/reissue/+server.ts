import { json, type RequestHandler } from '@sveltejs/kit';
import { reissueLink } from '$lib/server/accounts';
import { getStore } from '$lib/server/context';
import { publicOrigin } from '$lib/server/config';
import { handleApi, requireAdmin } from '$lib/server/http';
import { joinLink, qrSvg } from '$lib/server/links';

export { trailingSlash } from '$lib/server/http';

/** A new single-use link for someone who lost access (same account; re-admits a revoked person). */
export const POST: RequestHandler = (event) =>
	handleApi(async () => {
		const { user } = requireAdmin(event, 'manage_team');
		const { token } = await reissueLink({ store: getStore(), ip: event.getClientAddress() }, user, event.params.id ?? '');
		const link = joinLink(publicOrigin(), token);
		return json({ link, qr: await qrSvg(link) }, { status: 201 });
	});
