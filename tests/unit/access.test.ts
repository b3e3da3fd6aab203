/** Every cell of the role matrix (src/lib/domain/access.ts), allowed and refused. */
import { describe, expect, it } from 'vitest';
import { canAdmin, canOnSheet, canReadCensus, visibleFields, type Actor, type AdminAction, type SheetAction } from '$lib/domain/access';
import { PRIVATE_FIELDS } from '$lib/domain/sheet';
import { ciderPress } from '../fixtures/sheets';

const volunteer: Actor = { userId: 'vol', role: 'benevole', communes: [] };
const otherVolunteer: Actor = { userId: 'vol2', role: 'benevole', communes: [] };
const mairie: Actor = { userId: 'mai', role: 'mairie', communes: ['61309', '61293'] };
const coordinator: Actor = { userId: 'coo', role: 'coordinateur', communes: [] };

const ownSheetInScope = { createdBy: 'vol', commune: '61309' };
const otherCommune = { createdBy: 'vol', commune: '61079' };
const noCommune = { createdBy: 'vol', commune: null };

describe('sheet actions', () => {
	const cases: [string, Actor, SheetAction, { createdBy: string; commune: string | null }, boolean][] = [
		// read: everyone, the whole territory
		['volunteer reads any sheet', otherVolunteer, 'read', otherCommune, true],
		['mairie reads a sheet of another commune', mairie, 'read', otherCommune, true],
		['coordinator reads any sheet', coordinator, 'read', otherCommune, true],
		// private contact fields
		['volunteer never reads private contact, even on its own sheet', volunteer, 'read_private', ownSheetInScope, false],
		['mairie reads private contact of its communes', mairie, 'read_private', ownSheetInScope, true],
		['mairie does not read private contact of another commune', mairie, 'read_private', otherCommune, false],
		['coordinator reads private contact', coordinator, 'read_private', otherCommune, true],
		// create / edit
		['volunteer creates its own sheet', volunteer, 'create', ownSheetInScope, true],
		['volunteer edits its own sheet', volunteer, 'edit', otherCommune, true],
		["volunteer does not edit someone else's sheet", otherVolunteer, 'edit', ownSheetInScope, false],
		['mairie edits a sheet of its communes', mairie, 'edit', ownSheetInScope, true],
		['mairie does not edit a sheet of another commune', mairie, 'edit', otherCommune, false],
		['mairie does not edit a sheet without commune', mairie, 'edit', noCommune, false],
		['mairie creates a sheet in its communes', mairie, 'create', { createdBy: 'mai', commune: '61293' }, true],
		['mairie does not create a sheet elsewhere', mairie, 'create', { createdBy: 'mai', commune: '61079' }, false],
		['coordinator edits any sheet', coordinator, 'edit', otherCommune, true],
		// validate / send back
		['volunteer does not review, even its own sheet', volunteer, 'review', ownSheetInScope, false],
		['mairie reviews a sheet of its communes', mairie, 'review', ownSheetInScope, true],
		['mairie does not review another commune', mairie, 'review', otherCommune, false],
		['coordinator reviews any sheet', coordinator, 'review', otherCommune, true]
	];
	for (const [name, actor, action, sheet, allowed] of cases) {
		it(name, () => expect(canOnSheet(actor, action, sheet)).toBe(allowed));
	}
});

describe('administration', () => {
	const actions: AdminAction[] = ['export', 'invite', 'manage_team', 'configure', 'audit', 'resolve_conflicts', 'import'];
	for (const action of actions) {
		it(`only the coordinator may ${action}`, () => {
			expect(canAdmin(coordinator, action)).toBe(true);
			expect(canAdmin(mairie, action)).toBe(false);
			expect(canAdmin(volunteer, action)).toBe(false);
		});
	}
});

describe('private contact fields are removed, not hidden', () => {
	const fields = ciderPress({
		personName: 'Jeanne Martin',
		personPhone: '06 12 34 56 78',
		personEmail: 'j@exemple.fr',
		personConsentAt: '2026-10-12T09:00:00.000Z'
	});

	it('strips them for a volunteer', () => {
		const seen = visibleFields(volunteer, ownSheetInScope, fields);
		for (const f of PRIVATE_FIELDS) expect(f in seen).toBe(false);
		expect(JSON.stringify(seen)).not.toContain('06 12 34 56 78');
		expect(seen.name).toBe(fields.name);
	});

	it('strips them for a mairie asking about another commune, keeps them for its own', () => {
		expect('personPhone' in visibleFields(mairie, otherCommune, fields)).toBe(false);
		expect(visibleFields(mairie, ownSheetInScope, fields).personPhone).toBe('06 12 34 56 78');
	});

	it('keeps them for the coordinator', () => {
		expect(visibleFields(coordinator, otherCommune, fields).personEmail).toBe('j@exemple.fr');
	});
});

describe('census and coverage', () => {
	it('are for the coordinator and the mairies, not for volunteers', () => {
		expect(canReadCensus({ userId: 'c', role: 'coordinateur', communes: [] })).toBe(true);
		expect(canReadCensus({ userId: 'm', role: 'mairie', communes: ['61309'] })).toBe(true);
		expect(canReadCensus({ userId: 'v', role: 'benevole', communes: [] })).toBe(false);
	});
});
