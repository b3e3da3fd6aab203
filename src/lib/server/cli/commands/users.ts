/** users, revoke, reissue: the people of the team. */
import { label, t, tn } from '$lib/i18n';
import { joinLink } from '$lib/server/links';
import { flag } from '../args';
import { usageError } from '../errors';
import { table } from '../format';
import { findUser } from '../lookup';
import { reissueLinkAsOperator, revokeUserAsOperator } from '../operator';
import { terminalQr } from '../qr';
import type { Command, PrepareContext } from '../types';

function personArgument(positionals: readonly string[], p: PrepareContext): string {
	const who = positionals[0];
	if (who === undefined || who.trim() === '') throw usageError(t('cli.error.user_missing', { command: p.command }));
	return who;
}

export const users: Command = {
	spec: { options: {}, maxPositionals: 0 },
	database: 'existing',
	prepare() {
		return async (c) => {
			const [people, sessions] = await Promise.all([c.store.listUsers(), c.store.listSessions()]);
			if (people.length === 0) {
				c.io.out(t('cli.users.empty'));
				return;
			}
			const now = c.now.toISOString();
			const devices = new Map<string, number>();
			for (const s of sessions) if (!s.revokedAt && s.expiresAt > now) devices.set(s.userId, (devices.get(s.userId) ?? 0) + 1);
			const none = t('cli.none');
			const lines = table(
				[
					t('cli.users.col.name'),
					t('cli.users.col.role'),
					t('cli.users.col.communes'),
					t('cli.users.col.login'),
					t('cli.users.col.last_seen'),
					t('cli.users.col.devices'),
					t('cli.users.col.state'),
					t('cli.users.col.id')
				],
				people.map((u) => [
					u.name,
					label('role', u.role),
					u.communes.length > 0 ? u.communes.join(', ') : none,
					u.login ?? none,
					u.lastSeenAt ? c.date(u.lastSeenAt) : t('cli.never'),
					String(devices.get(u.id) ?? 0),
					u.revokedAt ? t('cli.users.state.revoked') : t('cli.users.state.active'),
					u.id
				])
			);
			for (const line of lines) c.io.out(line);
			c.io.out(tn('cli.users.count', people.length));
		};
	}
};

export const revoke: Command = {
	spec: { options: {}, maxPositionals: 1 },
	database: 'existing',
	prepare(args, p) {
		const who = personArgument(args.positionals, p);
		return async (c) => {
			const user = await findUser(c.store, who);
			const result = await revokeUserAsOperator(c.ctx, user.id);
			if (!result) throw new Error(`user ${user.id} vanished`);
			const sessions = tn('cli.revoke.sessions', result.sessionsClosed);
			const role = label('role', user.role);
			c.io.out(t(result.alreadyRevoked ? 'cli.revoke.already' : 'cli.revoke.done', { name: user.name, role, sessions }));
			const coordinators = (await c.store.listUsers()).filter((u) => u.role === 'coordinateur' && !u.revokedAt);
			if (coordinators.length === 0) c.io.err(t('cli.warning.no_coordinator'));
		};
	}
};

export const reissue: Command = {
	spec: { options: { qr: 'flag' }, maxPositionals: 1 },
	database: 'existing',
	prepare(args, p) {
		const who = personArgument(args.positionals, p);
		const qr = flag(args, 'qr');
		return async (c) => {
			const user = await findUser(c.store, who);
			const { invitation, token } = await reissueLinkAsOperator(c.ctx, user);
			const link = joinLink(c.origin, token);
			c.io.out(t('cli.reissue.header', { name: user.name, role: label('role', user.role), date: c.date(invitation.expiresAt as string) }));
			c.io.out(link);
			if (user.revokedAt) c.io.out(t('cli.reissue.revoked_note', { name: user.name }));
			if (qr) c.io.out(await terminalQr(link));
		};
	}
};
