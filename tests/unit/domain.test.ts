import { describe, expect, it } from 'vitest';
import { CATEGORY_DEFS, categoryDef, hasGroup, isCategory } from '$lib/domain/categories';
import { CAPACITY_UNITS } from '$lib/domain/units';
import { blankFields, changedFields, FIELD_NAMES, PRIVATE_FIELDS } from '$lib/domain/sheet';
import { adaptToCategory, canHandIn, parseAmount, formatAmount, sheetProblems, isPhone, isEmail } from '$lib/domain/rules';
import { isIsoDay, isoDay, waitedFor } from '$lib/domain/dates';
import { parseCoordinates, formatCoordinate } from '$lib/domain/geo';
import { newId } from '$lib/domain/ids';
import { ACCESS_KINDS, CONDITIONS, ENERGY_SOURCES, OWNERSHIPS, REVIEW_STATUSES, SANITARY_STATUSES, TRISTATE } from '$lib/domain/vocab';
import { hasMessage } from '$lib/i18n';
import { ciderPress, farmMill, poultryAbattoir } from '../fixtures/sheets';

describe('categories', () => {
	it('covers every category of the field guide, each in a family, with units it allows', () => {
		const ids = CATEGORY_DEFS.map((c) => c.id);
		for (const id of ['moulin_farine', 'pressoir', 'alambic', 'abattoir', 'tuerie_volailles', 'cuisine_partagee', 'chambre_froide', 'autre'])
			expect(ids).toContain(id);
		expect(new Set(ids).size).toBe(ids.length);
		for (const c of CATEGORY_DEFS) {
			expect(c.units.length).toBeGreaterThan(0);
			for (const u of c.units) expect(CAPACITY_UNITS).toContain(u);
		}
	});

	it('gives each category the capacity unit that fits it first', () => {
		expect(categoryDef('moulin_farine').units[0]).toBe('kg_h');
		expect(categoryDef('pressoir').units[0]).toBe('kg_h');
		expect(categoryDef('abattoir').units[0]).toBe('animaux_semaine');
		expect(categoryDef('cuisine_collective').units[0]).toBe('repas_jour');
		expect(categoryDef('cuisine_partagee').units[0]).toBe('m2');
	});

	it('shows the season only for seasonal tools and the sanitary status only where it applies', () => {
		expect(hasGroup('pressoir', 'season')).toBe(true);
		expect(hasGroup('moulin_farine', 'season')).toBe(false);
		expect(hasGroup('abattoir', 'sanitary')).toBe(true);
		expect(hasGroup('chambre_froide', 'sanitary')).toBe(false);
		expect(isCategory('pressoir')).toBe(true);
		expect(isCategory('tractor')).toBe(false);
	});

	it('has a French label for every id of every vocabulary', () => {
		const keys = [
			...CATEGORY_DEFS.map((c) => `category.${c.id}`),
			...CATEGORY_DEFS.map((c) => `family.${c.family}`),
			...CAPACITY_UNITS.map((u) => `unit.${u}`),
			...ENERGY_SOURCES.map((e) => `energy.${e}`),
			...TRISTATE.map((e) => `tristate.${e}`),
			...CONDITIONS.map((e) => `condition.${e}`),
			...OWNERSHIPS.map((e) => `ownership.${e}`),
			...ACCESS_KINDS.map((e) => `access.${e}`),
			...SANITARY_STATUSES.map((e) => `sanitary.${e}`),
			...REVIEW_STATUSES.map((e) => `status.${e}`),
			...FIELD_NAMES.filter((f) => !['deleted', 'status', 'location', 'photos', 'personConsentAt', 'surveyedOn'].includes(f)).map((f) => `field.${f}`)
		];
		const missing = keys.filter((k) => !hasMessage(k));
		expect(missing).toEqual([]);
	});
});

describe('sheet rules', () => {
	it('accepts complete realistic sheets', () => {
		for (const f of [ciderPress(), poultryAbattoir(), farmMill()]) expect(sheetProblems(f).filter((p) => p.level === 'error')).toEqual([]);
		expect(canHandIn(ciderPress())).toBe(true);
	});

	it('refuses to hand in a sheet without name or commune', () => {
		const f = blankFields('pressoir', '2026-11-28');
		const codes = sheetProblems(f).map((p) => p.code);
		expect(codes).toContain('name_missing');
		expect(codes).toContain('commune_missing');
		expect(canHandIn(f)).toBe(false);
	});

	it('requires a free label for "autre" and an EC number for an EC approval', () => {
		expect(sheetProblems(ciderPress({ category: 'autre' })).map((p) => p.code)).toContain('category_other_missing');
		expect(sheetProblems(poultryAbattoir({ sanitaryNumber: ' ' })).map((p) => p.code)).toContain('sanitary_number_missing');
	});

	it('refuses a capacity unit that does not fit the category', () => {
		expect(sheetProblems(farmMill({ capacityUnit: 'animaux_semaine' })).map((p) => p.code)).toContain('capacity_unit_wrong');
		expect(sheetProblems(farmMill({ capacityUnit: null })).map((p) => p.code)).toContain('capacity_unit_missing');
	});

	it('refuses a named person without consent, and bad e-mail or phone', () => {
		const codes = sheetProblems(ciderPress({ personPhone: '06 12 34 56 78' })).map((p) => p.code);
		expect(codes).toContain('person_without_consent');
		const ok = ciderPress({ personPhone: '06 12 34 56 78', personConsentAt: '2026-10-12T09:00:00.000Z' });
		expect(canHandIn(ok)).toBe(true);
		expect(sheetProblems(ciderPress({ orgEmail: 'pas-un-mail' })).map((p) => p.code)).toContain('email_invalid');
		expect(sheetProblems(ciderPress({ orgPhone: 'abc' })).map((p) => p.code)).toContain('phone_invalid');
		expect(isPhone('+33 2 33 12 34 56')).toBe(true);
		expect(isEmail('mairie@preaux-du-perche.fr')).toBe(true);
	});

	it('warns, without blocking, when the GPS point is imprecise or missing', () => {
		const f = ciderPress({ location: { lat: 48.3, lon: 0.7, accuracy: 120, source: 'gps', at: '2026-10-12T09:15:00.000Z' } });
		expect(sheetProblems(f)).toContainEqual({ field: 'location', code: 'gps_imprecise', level: 'warning' });
		expect(canHandIn(f)).toBe(true);
		expect(sheetProblems(ciderPress({ location: null })).map((p) => p.code)).toContain('location_missing');
		const manual = ciderPress({ location: { lat: 48.3, lon: 0.7, accuracy: null, source: 'manuel', at: '2026-10-12T09:15:00.000Z' } });
		expect(sheetProblems(manual)).toEqual([]);
	});

	it('reads numbers as people type them in French and refuses the rest', () => {
		expect(parseAmount('12,5')).toEqual({ ok: true, value: 12.5 });
		expect(parseAmount('1 500')).toEqual({ ok: true, value: 1500 });
		expect(parseAmount('')).toEqual({ ok: true, value: null });
		expect(parseAmount('abc')).toEqual({ ok: false, code: 'not_number' });
		expect(parseAmount('-3')).toEqual({ ok: false, code: 'negative' });
		expect(parseAmount('12kg')).toEqual({ ok: false, code: 'not_number' });
		expect(parseAmount('12,')).toEqual({ ok: true, value: 12 });
		expect(formatAmount(12.5)).toBe('12,5');
	});

	it('drops values that no longer fit when the category changes', () => {
		const f = adaptToCategory({ ...poultryAbattoir(), category: 'moulin_farine' });
		expect(f.capacityUnit).toBe('kg_h');
		expect(f.capacityValue).toBeNull();
		const cold = adaptToCategory({ ...farmMill({ mobile: true }), category: 'cellule_refroidissement' });
		expect(cold.mobile).toBe(false);
	});

	it('lists exactly the fields that changed', () => {
		const a = ciderPress();
		expect(changedFields(a, { ...a, name: 'Autre', months: [10, 11] })).toEqual(['name', 'months']);
		expect(changedFields(a, structuredClone(a))).toEqual([]);
	});

	it('keeps the private fields of a named person apart', () => {
		expect(PRIVATE_FIELDS).toEqual(['personName', 'personPhone', 'personEmail', 'personConsentAt']);
		for (const f of PRIVATE_FIELDS) expect(FIELD_NAMES).toContain(f);
	});
});

describe('dates, coordinates and ids', () => {
	it('checks ISO days (writing them for people is the i18n layer: i18n-format.test.ts)', () => {
		expect(isIsoDay('2026-02-30')).toBe(false);
		expect(isIsoDay('2026-11-28')).toBe(true);
		expect(isoDay(new Date(2026, 10, 28, 23, 30))).toBe('2026-11-28');
	});

	it('says how long something has waited in the largest unit', () => {
		const now = new Date('2026-11-28T12:00:00Z');
		expect(waitedFor(new Date('2026-11-28T11:15:00Z'), now)).toEqual({ unit: 'minutes', count: 45 });
		expect(waitedFor(new Date('2026-11-28T07:00:00Z'), now)).toEqual({ unit: 'hours', count: 5 });
		expect(waitedFor(new Date('2026-11-21T12:00:00Z'), now)).toEqual({ unit: 'days', count: 7 });
	});

	it('reads coordinates typed with commas or pasted as a pair', () => {
		expect(parseCoordinates('48,4521', '0,8127')).toEqual({ ok: true, lat: 48.4521, lon: 0.8127 });
		expect(parseCoordinates('48.4521, 0.8127', '')).toEqual({ ok: true, lat: 48.4521, lon: 0.8127 });
		expect(parseCoordinates('48,4521; 0,8127', '')).toEqual({ ok: true, lat: 48.4521, lon: 0.8127 });
		expect(parseCoordinates('91', '0')).toEqual({ ok: false });
		expect(parseCoordinates('nord', '0')).toEqual({ ok: false });
		expect(formatCoordinate(48.452134)).toBe('48,45213');
	});

	it('makes unique ids on the device', () => {
		const ids = new Set(Array.from({ length: 2000 }, () => newId()));
		expect(ids.size).toBe(2000);
		for (const id of ids) expect(id).toMatch(/^[0-9A-Za-z]{20}$/);
	});
});
