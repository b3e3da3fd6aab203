import { json, type RequestHandler } from '@sveltejs/kit';
import { createInvitation } from '$lib/server/accounts';
import { getStore } from '$lib/server/context';
import { publicOrigin } from '$lib/server/config';
import { handleApi, readBody, requireAdmin } from '$lib/server/http';
import { joinLink, qrSvg } from '$lib/server/links';
import { InvitationBody } from '$lib/schemas/accounts';

export { trailingSlash } from '$lib/server/http';

/** Invite volunteers, mairies or another coordinator: a link and its QR code, shown once. */
export const POST: RequestHandler = (event) =>
	handleApi(async () => {
		const { user } = requireAdmin(event, 'invite');
		const body = await readBody(event, InvitationBody);
		const { invitation, token } = await createInvitation({ store: getStore(), ip: event.getClientAddress() }, user, body);
		const link = joinLink(publicOrigin(), token);
		return json({ id: invitation.id, link, qr: await qrSvg(link) }, { status: 201 });
	});
