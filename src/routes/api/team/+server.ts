import { json, type RequestHandler } from '@sveltejs/kit';
import { getStore } from '$lib/server/context';
import { handleApi, requireAdmin } from '$lib/server/http';
import { invitationProblem } from '$lib/server/accounts';
import { publicOrigin } from '$lib/server/config';

export { trailingSlash } from '$lib/server/http';

/**
 * The coordinator's team: people (role, scope, last seen, devices) and invitations. No secret.
 * With the public address links are made with, so the screen can say when phones cannot open them.
 */
export const GET: RequestHandler = (event) =>
	handleApi(async () => {
		requireAdmin(event, 'manage_team');
		const store = getStore();
		const [users, sessions, invitations] = await Promise.all([store.listUsers(), store.listSessions(), store.listInvitations()]);
		const now = new Date();
		return json(
			{
				publicOrigin: publicOrigin(),
				users: users.map((u) => ({
					id: u.id,
					name: u.name,
					role: u.role,
					communes: u.communes,
					login: u.login,
					lastSeenAt: u.lastSeenAt,
					revokedAt: u.revokedAt,
					createdAt: u.createdAt,
					devices: sessions
						.filter((s) => s.userId === u.id && !s.revokedAt && s.expiresAt > now.toISOString())
						.map((s) => ({ id: s.id, device: s.device, lastSeenAt: s.lastSeenAt, createdAt: s.createdAt }))
				})),
				invitations: invitations
					.filter((i) => !i.forUserId)
					.map((i) => ({
						id: i.id,
						role: i.role,
						communes: i.communes,
						label: i.label,
						uses: i.uses,
						maxUses: i.maxUses,
						expiresAt: i.expiresAt,
						createdAt: i.createdAt,
						revokedAt: i.revokedAt,
						state: invitationProblem(i, now) ?? 'active'
					}))
			},
			{ headers: { 'Cache-Control': 'no-store' } }
		);
	});
