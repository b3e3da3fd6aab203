/**
 * Realistic sheets for `npm run bench`, made from the test fixtures (tests/fixtures/sheets.ts):
 * every category in turn, 128 communes, a point for each, notes with quotes and line breaks on a
 * third of them, a named person (private contact) on a tenth, a photo on every 20th when a photo
 * is given. Deterministic: sheet i is the same in every section and every run, so the browser, the
 * server and the baselines handle the same objects.
 */
import { CATEGORY_DEFS } from '$lib/domain/categories';
import { formatHlc } from '$lib/domain/hlc';
import { FIELD_NAMES, type FieldName, type Sheet, type SheetFields } from '$lib/domain/sheet';
import type { Territory } from '$lib/domain/territory';
import { ciderPress, farmMill, poultryAbattoir } from '../fixtures/sheets';

/** 2026-11-28T13:05Z: sheet i was last written i minutes before. */
export const T0 = Date.parse('2026-11-28T13:05:00.000Z');
export const PHOTO_EVERY = 20;
export const COMMUNES = Array.from({ length: 128 }, (_, i) => `61${String(100 + i).padStart(3, '0')}`);

const CDC = { siren: '200068435', name: 'CC Cœur du Perche' };
export const BENCH_TERRITORY: Territory = {
	id: 'bench',
	name: 'Bench',
	version: '1',
	cdcs: [CDC],
	communes: COMMUNES.map((insee, i) => ({ insee, name: `Commune ${i}`, department: '61', cdc: CDC, population: 1000, postalCodes: [] }))
};

export interface PhotoRef {
	sha: string;
	bytes: number;
}

/** Sheet ids: 20 characters like the app's (newId), in order. */
export const benchId = (i: number) => `Bench${String(i).padStart(15, '0')}`;

const TEMPLATES = [ciderPress, poultryAbattoir, farmMill];

/** The fields of sheet i (35 fields, as a phone sends a new sheet). */
export function benchFields(i: number, photo?: PhotoRef): SheetFields {
	const commune = COMMUNES[i % COMMUNES.length] as string;
	const at = new Date(T0 - i * 60_000).toISOString();
	const template = TEMPLATES[i % TEMPLATES.length] as (o: Partial<SheetFields>) => SheetFields;
	return template({
		category: (CATEGORY_DEFS[i % CATEGORY_DEFS.length] as (typeof CATEGORY_DEFS)[number]).id,
		name: `Outil n° ${i} ; « atelier » de la commune`,
		commune,
		address: `${1 + (i % 90)} route de la Ferme ${i % 7}`,
		location: { lat: 48.2 + (i % 1000) / 5000, lon: 0.5 + (i % 997) / 3000, accuracy: 5 + (i % 20), source: 'gps', at },
		notes: i % 3 === 0 ? `Remarque ${i}, avec "guillemets"\net une deuxième ligne` : '',
		personName: i % 10 === 0 ? `Personne ${i}` : '',
		personPhone: i % 10 === 0 ? '06 00 00 00 00' : '',
		// Handed in by its volunteer (a volunteer may push this status; « valide » is the mairie's).
		status: 'soumis',
		photos: photo && i % PHOTO_EVERY === 0 ? [{ sha: photo.sha, mime: 'image/jpeg', bytes: photo.bytes, width: 4, height: 3, takenAt: at }] : []
	});
}

/** The HLC of every field of sheet i, as its phone stamped them. */
export function benchStamp(i: number, counter = 0): string {
	return formatHlc(T0 - i * 60_000, counter, 'benchnode01');
}

/** Sheet i as a phone holds it after a pull (every field stamped, no pending edit). */
export function benchSheet(i: number): Sheet {
	const at = new Date(T0 - i * 60_000).toISOString();
	const stamp = benchStamp(i);
	const clocks: Partial<Record<FieldName, string>> = {};
	for (const f of FIELD_NAMES) clocks[f] = stamp;
	return { id: benchId(i), fields: benchFields(i), clocks, createdAt: at, updatedAt: at, createdBy: 'marie' };
}
