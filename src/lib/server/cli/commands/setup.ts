/** create-coordinator: a one-time link that makes a coordinator account. */
import { t } from '$lib/i18n';
import { createInvitation, makeSetupLink } from '$lib/server/accounts';
import { joinLink, setupLink } from '$lib/server/links';
import { flag } from '../args';
import { terminalQr } from '../qr';
import type { Command } from '../types';

/** How long the coordinator invitation made on a database that already has people lasts. */
const COORDINATOR_INVITATION_DAYS = 1;

export const createCoordinator: Command = {
	spec: { options: { qr: 'flag' }, maxPositionals: 0 },
	database: 'create',
	prepare(args) {
		const qr = flag(args, 'qr');
		return async (c) => {
			// On an empty database: the same first-run link the server prints at start.
			const setup = await makeSetupLink(c.ctx);
			let link: string;
			if (setup) {
				link = setupLink(c.origin, setup.token);
				c.io.out(t('cli.setup.first_run', { date: c.date(setup.expiresAt) }));
			} else {
				const { invitation, token } = await createInvitation(c.ctx, null, {
					role: 'coordinateur',
					maxUses: 1,
					expiresInDays: COORDINATOR_INVITATION_DAYS,
					label: t('cli.setup.label')
				});
				link = joinLink(c.origin, token);
				c.io.out(t('cli.setup.invitation', { date: c.date(invitation.expiresAt as string) }));
			}
			c.io.out(link);
			if (qr) c.io.out(await terminalQr(link));
		};
	}
};
