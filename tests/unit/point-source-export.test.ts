/**
 * Where a point came from, as the exports say it: a point whose coordinates were typed by hand is
 * « Saisi à la main », one placed on the small map « Placé à la main sur la carte » (older points,
 * recorded before typed points had their own value, keep that meaning), one from the GPS « GPS ».
 */
import { describe, expect, it } from 'vitest';
import * as v from 'valibot';
import { EXPORT_COLUMNS, frenchCell, plainCell, type ExportColumn } from '$lib/domain/export-columns';
import { GeoPointSchema } from '$lib/schemas/sheet';
import { exportLabels } from '$lib/server/export/labels';
import type { CensusRow } from '$lib/domain/census';
import type { GeoPoint } from '$lib/domain/sheet';
import { ciderPress } from '../fixtures/sheets';

const column = EXPORT_COLUMNS.find((c) => c.name === 'location_source') as ExportColumn;
const labels = exportLabels('Europe/Paris');

function rowWith(location: GeoPoint): CensusRow {
	return {
		id: 'SheetTyped00000001',
		createdBy: 'u',
		createdByName: 'Marie',
		createdAt: '2026-11-28T10:00:00.000Z',
		updatedAt: '2026-11-28T10:00:00.000Z',
		fields: ciderPress({ location })
	};
}
const at = '2026-11-28T10:00:00.000Z';

describe('the source of a point in the exports', () => {
	it('a typed point is « Saisi à la main », not « placé sur la carte »', () => {
		const typed = rowWith({ lat: 48.4521, lon: 0.8127, accuracy: null, source: 'saisie', at });
		const value = column.value(typed, { commune: () => null });
		expect(value).toBe('saisie');
		expect(frenchCell(column, value, labels)).toBe('Saisi à la main');
		expect(plainCell(column, value)).toBe('saisie');
	});

	it('a point placed on the map, and an older point, keeps « Placé à la main sur la carte »; a GPS point « GPS »', () => {
		const placed = rowWith({ lat: 48.4521, lon: 0.8127, accuracy: null, source: 'manuel', at });
		expect(frenchCell(column, column.value(placed, { commune: () => null }), labels)).toBe('Placé à la main sur la carte');
		const gps = rowWith({ lat: 48.4521, lon: 0.8127, accuracy: 6, source: 'gps', at });
		expect(frenchCell(column, column.value(gps, { commune: () => null }), labels)).toBe('GPS');
	});

	it('the dictionary lists the three values, and a typed point crosses every boundary', () => {
		expect(column.codes?.ids).toEqual(['gps', 'manuel', 'saisie']);
		expect(v.is(GeoPointSchema, { lat: 48.4521, lon: 0.8127, accuracy: null, source: 'saisie', at })).toBe(true);
		expect(v.is(GeoPointSchema, { lat: 48.4521, lon: 0.8127, accuracy: null, source: 'tapé', at })).toBe(false);
	});
});
