/** invitations, revoke-invitation: links handed out and their state. */
import { label, t, tn } from '$lib/i18n';
import { invitationProblem } from '$lib/server/accounts';
import { usageError } from '../errors';
import { table } from '../format';
import { findInvitation } from '../lookup';
import { revokeInvitationAsOperator } from '../operator';
import type { Command } from '../types';
import type { Invitation } from '$lib/server/store/types';

function stateOf(invitation: Invitation, now: Date): string {
	switch (invitationProblem(invitation, now)) {
		case null:
			return t('cli.invitations.state.active');
		case 'token_expired':
			return t('cli.invitations.state.token_expired');
		case 'token_used':
			return t('cli.invitations.state.token_used');
		case 'token_revoked':
			return t('cli.invitations.state.token_revoked');
		default:
			return t('cli.invitations.state.token_invalid');
	}
}

export const invitations: Command = {
	spec: { options: {}, maxPositionals: 0 },
	database: 'existing',
	prepare() {
		return async (c) => {
			const list = await c.store.listInvitations();
			if (list.length === 0) {
				c.io.out(t('cli.invitations.empty'));
				return;
			}
			const none = t('cli.none');
			const lines = table(
				[
					t('cli.invitations.col.id'),
					t('cli.invitations.col.role'),
					t('cli.invitations.col.communes'),
					t('cli.invitations.col.label'),
					t('cli.invitations.col.uses'),
					t('cli.invitations.col.expires'),
					t('cli.invitations.col.created'),
					t('cli.invitations.col.state')
				],
				list.map((i) => [
					i.id,
					label('role', i.role),
					i.communes.length > 0 ? i.communes.join(', ') : none,
					// A reissued link is labelled with its person's name (accounts.reissueLink).
					i.forUserId ? t('cli.invitations.for', { name: i.label }) : i.label || none,
					`${i.uses}/${i.maxUses ?? '∞'}`,
					i.expiresAt ? c.date(i.expiresAt) : none,
					c.date(i.createdAt),
					stateOf(i, c.now)
				])
			);
			for (const line of lines) c.io.out(line);
			c.io.out(tn('cli.invitations.count', list.length));
		};
	}
};

export const revokeInvitation: Command = {
	spec: { options: {}, maxPositionals: 1 },
	database: 'existing',
	prepare(args) {
		const what = args.positionals[0];
		if (what === undefined || what.trim() === '') throw usageError(t('cli.error.invitation_missing'));
		return async (c) => {
			const invitation = await findInvitation(c.store, what);
			const done = await revokeInvitationAsOperator(c.ctx, invitation);
			c.io.out(t(done ? 'cli.revoke_invitation.done' : 'cli.revoke_invitation.already', { id: invitation.id }));
		};
	}
};
