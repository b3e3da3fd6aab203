import { describe, expect, it } from 'vitest';
import { isValidField, parseSheet } from '$lib/schemas/sheet';
import type { Sheet } from '$lib/domain/sheet';
import { ciderPress, farmMill, poultryAbattoir } from '../fixtures/sheets';

const wrap = (fields: Sheet['fields']): Sheet => ({
	id: 'AbCdEfGhIjKlMnOpQrSt',
	fields,
	clocks: { name: '2026-11-28T09:15:02.113Z-0003-3f9a1c2b7d6e5f40' },
	createdAt: '2026-11-28T09:00:00.000Z',
	updatedAt: '2026-11-28T09:15:02.113Z'
});

describe('sheet schema', () => {
	it('accepts realistic sheets of several categories', () => {
		for (const f of [ciderPress(), poultryAbattoir(), farmMill()]) expect(parseSheet(wrap(f)).ok).toBe(true);
	});

	it('rejects damaged values and says where', () => {
		const bad = (fields: object) => {
			const r = parseSheet(wrap({ ...ciderPress(), ...fields }));
			return r.ok ? [] : r.issues.map((i) => i.path);
		};
		expect(bad({ category: 'tracteur' })).toEqual(['fields.category']);
		expect(bad({ commune: 'Mortagne' })).toEqual(['fields.commune']);
		expect(bad({ capacityUnit: 'kg/h' })).toEqual(['fields.capacityUnit']);
		expect(bad({ months: [13] })).toEqual(['fields.months.0']);
		expect(bad({ verifiedOn: '28/11/2026' })).toEqual(['fields.verifiedOn']);
		expect(bad({ location: { lat: 95, lon: 0, accuracy: 5, source: 'gps', at: '2026-11-28T09:00:00.000Z' } })).toEqual(['fields.location.lat']);
		expect(bad({ energy: ['nucleaire'] })).toEqual(['fields.energy.0']);
	});

	it('rejects a sheet missing a field written by an older version, or with a bad clock', () => {
		const { notes: _notes, ...withoutNotes } = ciderPress();
		expect(parseSheet(wrap(withoutNotes as Sheet['fields'])).ok).toBe(false);
		expect(parseSheet({ ...wrap(ciderPress()), clocks: { name: 'hier' } }).ok).toBe(false);
		expect(parseSheet({ ...wrap(ciderPress()), id: 'x' }).ok).toBe(false);
		expect(parseSheet(null).ok).toBe(false);
	});

	it('validates one field at a time', () => {
		expect(isValidField('capacityValue', 12.5)).toBe(true);
		expect(isValidField('capacityValue', Number.NaN)).toBe(false);
		expect(isValidField('capacityValue', -1)).toBe(false);
		expect(isValidField('name', 'x'.repeat(201))).toBe(false);
		expect(isValidField('worksWithoutMains', 'peut-être')).toBe(false);
	});
});
