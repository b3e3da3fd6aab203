/**
 * Words for the team screen and the journal: dates as 28/11/2026, a device from its browser
 * signature, and each audit entry as one French sentence. Pure functions of their inputs (the
 * catalogue and the commune names are passed in or imported), so they are easy to test.
 */
import { hasMessage, label, t, tn, type MessageKey, formatDay, formatTime } from '$lib/i18n';
import type { AuditEntry } from '$lib/schemas/team';

/** An ISO instant as the local day, 28/11/2026 ('' when absent or unreadable). */
export function dayOf(instant: string | null | undefined): string {
	if (!instant) return '';
	const d = new Date(instant);
	return Number.isNaN(d.getTime()) ? '' : formatDay(d);
}

/** An ISO instant as "28/11/2026 14:05", local time. */
export function dayTimeOf(instant: string): string {
	const d = new Date(instant);
	if (Number.isNaN(d.getTime())) return instant;
	return t('team.journal.when', { day: formatDay(d), time: formatTime(d) });
}

/** Has this instant passed? */
export function isPast(instant: string | null, now: Date = new Date()): boolean {
	return !!instant && Date.parse(instant) <= now.getTime();
}

export function communeList(insees: readonly string[], name: (insee: string) => string): string {
	return insees.map(name).join(', ');
}

/**
 * For whom an invitation is, in the words on its card: « Bénévole », « Coordination », « Mairie de
 * Perche en Nocé », « Mairie d’Igé », « Mairie du Mage », « Mairie pour Ceton, Coulonges-les-Sablons ».
 */
export function invitationWhom(role: string, communes: readonly string[], name: (insee: string) => string): string {
	if (role !== 'mairie') return label('role', role);
	if (communes.length === 0) return t('team.invitation.for_mairie_any');
	if (communes.length > 1) return t('team.invitation.for_mairie_many', { communes: communeList(communes, name) });
	const commune = name(communes[0] as string);
	// French: « de » drops its vowel before one; « de le » and « de les » are « du » and « des ».
	const article = /^(Les?) (.+)$/.exec(commune);
	if (article) return t(article[1] === 'Le' ? 'team.invitation.for_mairie_le' : 'team.invitation.for_mairie_les', { rest: article[2] as string });
	if (/^[AEIOUYÀÂÄÉÈÊËÎÏÔÖÙÛÜŸ]/i.test(commune)) return t('team.invitation.for_mairie_elided', { commune });
	return t('team.invitation.for_mairie', { commune });
}

export { deviceName } from '$lib/i18n/device-name';

/** What the journal knows beyond the entry itself: people and invitation links of the team. */
export interface AuditNames {
	person(id: string): { name: string; createdAt: string } | undefined;
	invitationLabel(id: string): string | undefined;
	commune(insee: string): string;
}

const str = (x: unknown): string | null => (typeof x === 'string' && x !== '' ? x : null);
const strings = (x: unknown): string[] => (Array.isArray(x) ? x.filter((s): s is string => typeof s === 'string') : []);

/** One audit entry as a French sentence, without its date (the caller prefixes it). */
export function auditSentence(entry: AuditEntry, names: AuditNames): string {
	const d = entry.detail;
	const actorPerson = entry.actorId ? names.person(entry.actorId) : undefined;
	// No actor on an invitation: it was made with the command line on the server.
	const actor =
		entry.actorName ?? actorPerson?.name ?? (entry.action === 'invitation.created' && !entry.actorId ? t('team.journal.operator') : t('team.journal.someone'));
	const personName = (id: string | null) => (id ? names.person(id)?.name : undefined) ?? t('team.journal.a_person');
	switch (entry.action) {
		case 'setup.link_created': {
			const until = dayOf(str(d.expiresAt));
			return until ? t('team.audit.setup.link_created', { date: until }) : t('team.audit.setup.link_created_nodate');
		}
		case 'setup.coordinator_created':
			return t('team.audit.setup.coordinator_created', { actor: entry.actorName ?? str(d.name) ?? actor });
		case 'signin.password':
			return t('team.audit.signin.password', { actor });
		case 'signin.delay_lifted':
			return t('team.audit.signin.delay_lifted', { actor, name: personName(entry.target) });
		case 'signin.failed':
			// The target is the person's id when the name typed was someone's (what was typed is not kept).
			return entry.target ? t('team.audit.signin.failed', { name: personName(entry.target) }) : t('team.audit.signin.failed_empty');
		case 'signout':
			return t('team.audit.signout', { actor });
		case 'invitation.created': {
			const role = str(d.role);
			const sentence =
				role === 'mairie'
					? t('team.audit.invitation.created.mairie', { actor, communes: communeList(strings(d.communes), names.commune) })
					: role === 'coordinateur'
						? t('team.audit.invitation.created.coordinateur', { actor })
						: t('team.audit.invitation.created.benevole', { actor });
			const limits: string[] = [];
			if (typeof d.maxUses === 'number') limits.push(tn('team.audit.invitation.limits_uses', d.maxUses));
			const until = dayOf(str(d.expiresAt));
			if (until) limits.push(t('team.audit.invitation.limits_until', { date: until }));
			return limits.length ? t('team.audit.with_limits', { sentence, limits: limits.join(', ') }) : sentence;
		}
		case 'invitation.accepted': {
			const who = str(d.name) ?? actor;
			// A reissued link re-admits an existing account (created long before); a new join creates it now.
			const readmitted = !!actorPerson && Date.parse(entry.at) - Date.parse(actorPerson.createdAt) > 60_000;
			return readmitted
				? t('team.audit.invitation.accepted_again', { actor: who })
				: t('team.audit.invitation.accepted', { actor: who, role: label('role', str(d.role)) });
		}
		case 'invitation.revoked': {
			const name = entry.target ? names.invitationLabel(entry.target) : undefined;
			return name ? t('team.audit.invitation.revoked', { actor, label: name }) : t('team.audit.invitation.revoked_unnamed', { actor });
		}
		case 'invitation.refused': {
			const key = `team.audit.refused.${str(d.reason) ?? 'other'}`;
			return t('team.audit.invitation.refused', {
				reason: hasMessage(key) ? t(key as MessageKey) : t('team.audit.refused.other')
			});
		}
		case 'user.revoked':
			return t('team.audit.user.revoked', { actor, name: str(d.name) ?? personName(entry.target) });
		case 'user.role_changed': {
			const to = str(d.to);
			const communes = strings(d.communes);
			const params = { actor, name: personName(entry.target), from: label('role', str(d.from)), to: label('role', to) };
			return to === 'mairie' && communes.length
				? t('team.audit.user.role_changed_communes', { ...params, communes: communeList(communes, names.commune) })
				: t('team.audit.user.role_changed', params);
		}
		case 'user.password_set': {
			const login = str(d.login);
			return login ? t('team.audit.user.password_set', { actor, login }) : t('team.audit.user.password_set_nologin', { actor });
		}
		case 'user.link_reissued':
			return t('team.audit.user.link_reissued', { actor, name: personName(entry.target) });
		case 'session.revoked': {
			const owner = str(d.user);
			return owner && owner === entry.actorId
				? t('team.audit.session.revoked_own', { actor })
				: t('team.audit.session.revoked', { actor, name: personName(owner) });
		}
		case 'territory.outlines_uploaded':
			return t('team.audit.territory.outlines_uploaded', { actor });
		case 'territory.outlines_reset':
			return t('team.audit.territory.outlines_reset', { actor });
		case 'territory.changed':
			return d.reset === true
				? t('team.audit.territory.reset', { actor })
				: tn('team.audit.territory.changed', typeof d.total === 'number' ? d.total : 0, { actor, name: str(d.name) ?? '' });
		case 'export.private':
			return t('team.audit.export.private', {
				// No actor: the export was made with the command line on the server.
				actor: entry.actorId ? actor : t('team.journal.operator'),
				format: label('export.format_short', str(d.format))
			});
		default:
			return t('team.audit.unknown', { actor, action: entry.action });
	}
}
