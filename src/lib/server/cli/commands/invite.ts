/** invite: an invitation link for a role, with its optional scope, uses, expiry and label. */
import { label, t, tn } from '$lib/i18n';
import { ROLES, type Role } from '$lib/domain/access';
import { INSEE_RE } from '$lib/schemas/sheet';
import { createInvitation } from '$lib/server/accounts';
import { joinLink } from '$lib/server/links';
import { loadTerritory } from '$lib/server/territory';
import { flag, valueOf } from '../args';
import { usageError } from '../errors';
import { terminalQr } from '../qr';
import type { Command, CommandContext } from '../types';

/** The bounds the team screen accepts too (schemas/accounts.ts InvitationBody). */
const MAX_USES = 10_000;
const MAX_HOURS = 365 * 24;
const MAX_LABEL = 120;

export function parseRole(raw: string | undefined): Role {
	if (raw === undefined) throw usageError(t('cli.error.role_missing'));
	const role = raw.trim().toLowerCase();
	if (!(ROLES as readonly string[]).includes(role)) throw usageError(t('cli.error.role_invalid', { role: raw }));
	return role as Role;
}

/** "61309, 61293" or "61309;2a004" → distinct upper-case codes, each of the INSEE shape. */
export function parseCommunes(raw: string): string[] {
	const codes = [
		...new Set(
			raw
				.split(/[\s,;]+/)
				.filter(Boolean)
				.map((c) => c.toUpperCase())
		)
	];
	const bad = codes.filter((c) => !INSEE_RE.test(c));
	if (codes.length === 0 || bad.length > 0) throw usageError(t('cli.error.communes_invalid', { codes: bad.join(', ') || raw }));
	return codes;
}

/** A whole number of uses, 1 to 10 000. */
export function parseUses(raw: string): number {
	const n = /^\d+$/.test(raw.trim()) ? Number(raw.trim()) : NaN;
	if (!Number.isSafeInteger(n) || n < 1 || n > MAX_USES) throw usageError(t('cli.error.uses_invalid', { value: raw }));
	return n;
}

/** "7d", "7j" (jours) or "24h" → days (fractional for hours), from 1 hour to 365 days. */
export function parseExpiry(raw: string): number {
	const m = /^(\d+)\s*([djh])$/i.exec(raw.trim());
	const hours = m ? Number(m[1]) * ((m[2] as string).toLowerCase() === 'h' ? 1 : 24) : NaN;
	if (!Number.isSafeInteger(hours) || hours < 1 || hours > MAX_HOURS) throw usageError(t('cli.error.expires_invalid', { value: raw }));
	return hours / 24;
}

/**
 * Names of `codes` in the configured territory (kept in the database: read once it is open);
 * refuses codes outside it (a mairie reviews sheets of the territory only). When the territory
 * itself cannot be read, warns and names nothing: the operator must still be able to invite while
 * fixing it.
 */
async function communeNames(codes: readonly string[], c: CommandContext): Promise<Map<string, string>> {
	let territory;
	try {
		territory = await loadTerritory(c.store, c.dataDir);
	} catch (e) {
		c.io.err(t('cli.warning.territory_unavailable', { message: e instanceof Error ? e.message : String(e) }));
		return new Map();
	}
	const names = new Map(territory.communes.map((c) => [c.insee, c.name]));
	const unknown = codes.filter((c) => !names.has(c));
	if (unknown.length > 0) throw usageError(t('cli.error.communes_unknown', { territory: territory.name, codes: unknown.join(', ') }));
	return names;
}

export const invite: Command = {
	spec: { options: { role: 'value', communes: 'value', uses: 'value', expires: 'value', label: 'value', qr: 'flag' }, maxPositionals: 0 },
	database: 'create',
	prepare(args) {
		const role = parseRole(valueOf(args, 'role'));
		const rawCommunes = valueOf(args, 'communes');
		if (rawCommunes !== undefined && role !== 'mairie') throw usageError(t('cli.error.communes_not_mairie'));
		if (rawCommunes === undefined && role === 'mairie') throw usageError(t('cli.error.communes_required'));
		const rawUses = valueOf(args, 'uses');
		const rawExpires = valueOf(args, 'expires');
		// Another coordinator gets every right: unless told otherwise, its link works once, for a day.
		const maxUses = rawUses !== undefined ? parseUses(rawUses) : role === 'coordinateur' ? 1 : null;
		const expiresInDays = rawExpires !== undefined ? parseExpiry(rawExpires) : role === 'coordinateur' ? 1 : null;
		const text = (valueOf(args, 'label') ?? '').trim();
		if ([...text].length > MAX_LABEL) throw usageError(t('cli.error.label_invalid'));
		const communes = rawCommunes !== undefined ? parseCommunes(rawCommunes) : [];
		const qr = flag(args, 'qr');

		return async (c) => {
			const names = communes.length > 0 ? await communeNames(communes, c) : new Map<string, string>();
			const { invitation, token } = await createInvitation(c.ctx, null, { role, communes, maxUses, expiresInDays, label: text });
			const roleName = label('role', role);
			const what =
				communes.length > 0
					? t('cli.invite.communes', {
							role: roleName,
							communes: communes.map((code) => (names.has(code) ? `${names.get(code)} (${code})` : code)).join(', ')
						})
					: roleName;
			const uses = invitation.maxUses === null ? t('cli.invite.uses.unlimited') : tn('cli.invite.uses', invitation.maxUses);
			const expires = invitation.expiresAt ? t('cli.expires.until', { date: c.date(invitation.expiresAt) }) : t('cli.expires.never');
			const link = joinLink(c.origin, token);
			c.io.out(t('cli.invite.header', { what, uses, expires }));
			c.io.out(link);
			c.io.out(t('cli.invite.id', { id: invitation.id }));
			if (qr) c.io.out(await terminalQr(link));
		};
	}
};
