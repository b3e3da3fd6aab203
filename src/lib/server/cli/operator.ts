/**
 * Account changes made by the operator at the console rather than by a signed-in coordinator.
 *
 * accounts.ts asks for a coordinator `User` as actor for these, and writes its id into
 * `invitations.created_by`, a foreign key to `users`: a made-up "operator" user would break that key
 * (reissue) or leave audit entries pointing at nobody. The operator is instead recorded as no one
 * (actorId null, like the first-run link) with `via: 'cli'` in the audit detail. The store calls
 * and audit actions are the same as in accounts.ts, so the team screen and the journal show these
 * changes like any other.
 */
import { REISSUE_TTL_MS, type Context } from '$lib/server/accounts';
import { hashToken, newId, newToken } from '$lib/server/auth/tokens';
import type { Invitation, User } from '$lib/server/store/types';

const iso = (d: Date) => d.toISOString();
const nowOf = (ctx: Context) => ctx.now ?? new Date();
const VIA = { via: 'cli' } as const;

/** Sessions still able to sign their device in at `now`. */
async function liveSessions(ctx: Context, userId: string, now: Date): Promise<number> {
	const sessions = await ctx.store.listSessions(userId);
	return sessions.filter((s) => !s.revokedAt && s.expiresAt > iso(now)).length;
}

export interface Revoked {
	user: User;
	/** True when the person was already revoked before (sessions are closed again all the same). */
	alreadyRevoked: boolean;
	/** Sessions that were still live and are now closed. */
	sessionsClosed: number;
}

/** Revokes a person and every session of theirs, at once. Null when the id is unknown. */
export async function revokeUserAsOperator(ctx: Context, userId: string): Promise<Revoked | null> {
	return ctx.store.transaction(async () => {
		const target = await ctx.store.getUser(userId);
		if (!target) return null;
		const now = nowOf(ctx);
		const at = iso(now);
		const sessionsClosed = await liveSessions(ctx, userId, now);
		await ctx.store.updateUser(userId, { revokedAt: target.revokedAt ?? at });
		await ctx.store.revokeUserSessions(userId, at);
		// As in the app: links that person made, and links that would re-admit them, die with their access.
		await ctx.store.revokeInvitationsBy(userId, at);
		await ctx.store.revokeInvitationsFor(userId, at);
		await ctx.store.audit({ at, actorId: null, action: 'user.revoked', target: userId, detail: { name: target.name, ...VIA }, ip: ctx.ip ?? null });
		return { user: { ...target, revokedAt: target.revokedAt ?? at }, alreadyRevoked: target.revokedAt !== null, sessionsClosed };
	});
}

/**
 * A new single-use link (same lifetime as accounts.reissueLink) that re-admits `user` on a new
 * device; accepting it also lifts a revocation.
 */
export async function reissueLinkAsOperator(ctx: Context, user: User): Promise<{ invitation: Invitation; token: string }> {
	const now = nowOf(ctx);
	const token = newToken();
	const invitation: Invitation = {
		id: newId(),
		tokenHash: hashToken(token),
		role: user.role,
		communes: user.communes,
		label: user.name,
		maxUses: 1,
		uses: 0,
		expiresAt: iso(new Date(now.getTime() + REISSUE_TTL_MS)),
		createdBy: null,
		createdAt: iso(now),
		revokedAt: null,
		forUserId: user.id
	};
	await ctx.store.transaction(async () => {
		await ctx.store.insertInvitation(invitation);
		await ctx.store.audit({
			at: iso(now),
			actorId: null,
			action: 'user.link_reissued',
			target: user.id,
			detail: { invitation: invitation.id, ...VIA },
			ip: ctx.ip ?? null
		});
	});
	return { invitation, token };
}

/** Cancels an invitation; false when it was already cancelled (nothing written then). */
export async function revokeInvitationAsOperator(ctx: Context, invitation: Invitation): Promise<boolean> {
	if (invitation.revokedAt) return false;
	const at = iso(nowOf(ctx));
	await ctx.store.transaction(async () => {
		await ctx.store.revokeInvitation(invitation.id, at);
		await ctx.store.audit({ at, actorId: null, action: 'invitation.revoked', target: invitation.id, detail: { ...VIA }, ip: ctx.ip ?? null });
	});
	return true;
}
