/**
 * Who may do what (docs/domain.md, "Who uses it"). ONE place decides, for every
 * server route and for the sync service; the UI may hide buttons, but only this decides.
 *
 * | action               | bénévole                     | mairie                                   | coordinateur |
 * | read sheets          | all, private contact removed | all; private contact only its communes   | all          |
 * | create / edit        | own sheets                   | sheets of its communes                   | all          |
 * | validate / send back | —                            | sheets of its communes                   | all          |
 * | export, invite, configure | —                       | —                                        | yes          |
 * | census, coverage     | —                            | census of its communes; coverage         | all          |
 */
import { PRIVATE_FIELDS, type SheetFields } from './sheet';

export const ROLES = ['benevole', 'mairie', 'coordinateur'] as const;
export type Role = (typeof ROLES)[number];

export interface Actor {
	userId: string;
	role: Role;
	/** INSEE codes a mairie reviews; empty for other roles. */
	communes: readonly string[];
}

/** What the policy needs to know of a sheet. */
export interface SheetScope {
	/** The user who created the sheet. */
	createdBy: string;
	/** INSEE code of its commune (null while unknown). */
	commune: string | null;
}

export type SheetAction = 'read' | 'read_private' | 'create' | 'edit' | 'review';
export type AdminAction = 'export' | 'invite' | 'manage_team' | 'configure' | 'audit' | 'resolve_conflicts' | 'import' | 'merge';

function inScope(actor: Actor, sheet: SheetScope): boolean {
	return sheet.commune !== null && actor.communes.includes(sheet.commune);
}

/** May `actor` do `action` on `sheet`? (`create`: the sheet as it would be created.) */
export function canOnSheet(actor: Actor, action: SheetAction, sheet: SheetScope): boolean {
	switch (actor.role) {
		case 'coordinateur':
			return true;
		case 'mairie':
			if (action === 'read') return true;
			return inScope(actor, sheet);
		case 'benevole':
			if (action === 'read') return true;
			if (action === 'create' || action === 'edit') return sheet.createdBy === actor.userId;
			return false;
	}
}

export function canAdmin(actor: Actor, _action: AdminAction): boolean {
	return actor.role === 'coordinateur';
}

/**
 * The census table, its dashboard and the coverage analysis ("maillage"): the coordinator, and the
 * mairies (the census on their communes only, forced by the server; the coverage is the territory's
 * public interest, with no private data). Volunteers work from their phones' lists and map.
 */
export function canReadCensus(actor: Actor): boolean {
	return actor.role === 'coordinateur' || actor.role === 'mairie';
}

/** A password (to sign in from another computer) is for mairies and the coordinator. */
export function canSetPassword(actor: Actor): boolean {
	return actor.role !== 'benevole';
}

/** The policy's view of a stored person. */
export function actorOf(user: { id: string; role: Role; communes: readonly string[] }): Actor {
	return { userId: user.id, role: user.role, communes: user.communes };
}

/**
 * The sheet's fields as `actor` may see them: the private contact fields of a named person are
 * removed (not blanked: the field is absent) for anyone not allowed to read them.
 */
export function visibleFields<T extends Partial<Record<keyof SheetFields, unknown>>>(actor: Actor, sheet: SheetScope, fields: T): T {
	if (canOnSheet(actor, 'read_private', sheet)) return fields;
	const out = { ...fields };
	for (const f of PRIVATE_FIELDS) delete out[f];
	return out;
}

/** Fields a volunteer may not set on a sheet (review decisions belong to mairies and the coordinator). */
export function reviewOnlyStatuses(): readonly SheetFields['status'][] {
	return ['valide', 'a_corriger', 'archive'];
}
