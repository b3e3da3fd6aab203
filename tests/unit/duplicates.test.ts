/**
 * Name similarity and duplicate candidates. Every expected value is worked out by
 * hand in the comment beside it (or is a published reference value for Jaro–Winkler and pg_trgm).
 */
import { describe, expect, it } from 'vitest';
import {
	DUPLICATE_DISTANCE_M,
	DUPLICATE_MIN_SIMILARITY,
	distanceM,
	duplicateCandidates,
	jaro,
	jaroWinkler,
	nameKey,
	nameSimilarity,
	roundedDistance,
	trigrams,
	trigramSimilarity,
	type DuplicateSubject
} from '$lib/domain/duplicates';
import type { Category } from '$lib/domain/categories';
import { blankFields, type GeoPoint, type SheetFields } from '$lib/domain/sheet';

/** A point `north` metres north and `east` metres east of La Grande Noë (Préaux-du-Perche). */
const ORIGIN = { lat: 48.3521, lon: 0.7142 };
const R = 6_371_008.8;
function pointAt(north: number, east = 0): GeoPoint {
	const lat = ORIGIN.lat + (north / R) * (180 / Math.PI);
	const lon = ORIGIN.lon + (east / (R * Math.cos((ORIGIN.lat * Math.PI) / 180))) * (180 / Math.PI);
	return { lat, lon, accuracy: 8, source: 'gps', at: '2026-10-12T09:15:00.000Z' };
}

let n = 0;
function sheet(category: Category, name: string, extra: Partial<SheetFields> = {}): DuplicateSubject & { fields: SheetFields } {
	return { id: `s${++n}`, fields: { ...blankFields(category, '2026-10-12', 'Marie Lefèvre'), name, commune: '61309', ...extra } };
}

describe('Jaro and Jaro–Winkler', () => {
	it('gives the published reference values (Winkler 1990; Wikipedia)', () => {
		// MARTHA/MARHTA: m = 6, one transposition (TH/HT): jaro = (1 + 1 + 5/6)/3 = 0.944; prefix 3 → 0.961.
		expect(jaro('MARTHA', 'MARHTA')).toBeCloseTo(0.944, 3);
		expect(jaroWinkler('MARTHA', 'MARHTA')).toBeCloseTo(0.961, 3);
		// DWAYNE/DUANE: m = 4, t = 0: jaro = (4/6 + 4/5 + 1)/3 = 0.822; prefix 1 → 0.840.
		expect(jaro('DWAYNE', 'DUANE')).toBeCloseTo(0.822, 3);
		expect(jaroWinkler('DWAYNE', 'DUANE')).toBeCloseTo(0.84, 3);
		// DIXON/DICKSONX: m = 4, t = 0: jaro = (4/5 + 4/8 + 1)/3 = 0.767; prefix 2 → 0.813.
		expect(jaro('DIXON', 'DICKSONX')).toBeCloseTo(0.767, 3);
		expect(jaroWinkler('DIXON', 'DICKSONX')).toBeCloseTo(0.813, 3);
	});

	it('is 1 for equal strings, 0 for nothing in common or an empty side, and symmetric', () => {
		expect(jaroWinkler('pressoir', 'pressoir')).toBe(1);
		expect(jaroWinkler('abc', 'xyz')).toBe(0);
		expect(jaroWinkler('', 'abc')).toBe(0);
		expect(jaroWinkler('', '')).toBe(0);
		expect(jaroWinkler('DICKSONX', 'DIXON')).toBeCloseTo(jaroWinkler('DIXON', 'DICKSONX'), 12);
	});

	it('rates a typo high: "cour croissant" / "cour croisant" = 69/70', () => {
		// 13 matches (the second s of the first finds no partner), no transposition:
		// jaro = (13/14 + 13/13 + 1)/3 = 41/42; prefix 4 → 41/42 + 0.4 × 1/42 = 69/70.
		expect(jaroWinkler('cour croissant', 'cour croisant')).toBeCloseTo(69 / 70, 12);
	});
});

describe('trigram similarity (pg_trgm)', () => {
	it('pads each word with two spaces before and one after', () => {
		expect([...trigrams('word')].sort()).toEqual(['  w', ' wo', 'ord', 'rd ', 'wor']);
	});

	it("gives PostgreSQL's documented value for similarity('word', 'two words')", () => {
		// word: 5 trigrams; two words: 4 + 6 = 10; shared "  w", " wo", "wor", "ord": 4 / (5 + 10 − 4) = 4/11.
		expect(trigramSimilarity('word', 'two words')).toBeCloseTo(4 / 11, 12);
	});

	it('does not care about word order', () => {
		expect(trigramSimilarity('jean dupont', 'dupont jean')).toBe(1);
	});
});

describe('name key', () => {
	it('drops accents, case, hyphens, articles and the words of the kind of tool', () => {
		expect(nameKey('Pressoir de la Cour-Croissant')).toBe('cour croissant');
		expect(nameKey('PRESSOIR COUR CROISSANT')).toBe('cour croissant');
		expect(nameKey('Four à pain de Montlandon')).toBe('montlandon');
		expect(nameKey('GAEC des Pommiers')).toBe('pommiers');
		expect(nameKey("Abattoir de volailles de l'Orée")).toBe('oree');
		expect(nameKey('Moulin de Saint-Cyr')).toBe('st cyr');
	});

	it('is empty for a name made only of generic words (plurals included)', () => {
		expect(nameKey('Le pressoir')).toBe('');
		expect(nameKey('Les moulins')).toBe('');
		expect(nameKey('')).toBe('');
	});
});

describe('name similarity', () => {
	it('is 1 for two spellings of one name', () => {
		expect(nameSimilarity('Pressoir de la Cour Croissant', 'Pressoir Cour-Croissant')).toBe(1);
		expect(nameSimilarity('Pressoir Jean Dupont', 'Pressoir Dupont Jean')).toBe(1);
		expect(nameSimilarity('Ferme des Pommiers', 'GAEC des Pommiers')).toBe(1);
	});

	it('is 6/7 for a name cut short: "cour croissant" / "cour"', () => {
		// 4 matches of 14 and 4: jaro = (4/14 + 1 + 1)/3 = 16/21; prefix 4 → 16/21 + 0.4 × 5/21 = 6/7.
		// Trigrams: 5 shared of 14 → 0.357, lower: Jaro–Winkler wins.
		expect(nameSimilarity('Pressoir de la Cour Croissant', 'Pressoir de la Cour')).toBeCloseTo(6 / 7, 12);
	});

	it('keeps different tools apart', () => {
		expect(nameSimilarity('Pressoir de la Cour Croissant', 'Pressoir des Landes')).toBeLessThan(0.5);
		// The shared word "pressoir" counts for nothing.
		expect(nameSimilarity('Pressoir Dupont', 'Pressoir Durand')).toBeLessThan(DUPLICATE_MIN_SIMILARITY);
	});

	it('compares names made only of generic words whole, and a generic name with a specific one as 0', () => {
		expect(nameSimilarity('Pressoir', 'Le pressoir')).toBe(1);
		expect(nameSimilarity('Pressoir', 'Pressoir du Bourg')).toBe(0);
		expect(nameSimilarity('', 'Pressoir du Bourg')).toBe(0);
	});
});

describe('distance', () => {
	it('is R × Δφ along a meridian: 0.00072° of latitude = 80.06 m', () => {
		// 6 371 008.8 × 0.00072 × π/180 = 80.0605 m.
		expect(distanceM({ lat: 48.35, lon: 0.7 }, { lat: 48.35072, lon: 0.7 })).toBeCloseTo(80.0605, 3);
	});

	it('shrinks with the cosine of the latitude along a parallel: 0.001° at 48.35° N = 73.90 m', () => {
		// 111 195.1 m × cos 48.35° (0.664586) × 0.001 = 73.898 m (the great circle is a hair shorter).
		expect(distanceM({ lat: 48.35, lon: 0.7 }, { lat: 48.35, lon: 0.701 })).toBeCloseTo(73.898, 2);
	});

	it('is 0 for one point and symmetric', () => {
		const a = pointAt(0);
		const b = pointAt(120, -50);
		expect(distanceM(a, a)).toBe(0);
		expect(distanceM(a, b)).toBeCloseTo(distanceM(b, a), 9);
		expect(distanceM(a, b)).toBeCloseTo(130, 1); // 120² + 50² = 130²
	});

	it('is rounded as a person reads it', () => {
		expect(roundedDistance(80.06)).toEqual({ value: 80, unit: 'm' });
		expect(roundedDistance(7.4)).toEqual({ value: 7, unit: 'm' });
		expect(roundedDistance(99.4)).toEqual({ value: 99, unit: 'm' });
		expect(roundedDistance(99.6)).toEqual({ value: 100, unit: 'm' });
		expect(roundedDistance(184)).toEqual({ value: 180, unit: 'm' });
		expect(roundedDistance(994)).toEqual({ value: 990, unit: 'm' });
		expect(roundedDistance(996)).toEqual({ value: 1, unit: 'km' });
		expect(roundedDistance(1234)).toEqual({ value: 1.2, unit: 'km' });
		expect(roundedDistance(15_049)).toEqual({ value: 15, unit: 'km' });
	});
});

describe('duplicate candidates', () => {
	const known = sheet('pressoir', 'Pressoir de la Cour Croissant', { location: pointAt(0) });

	it('proposes a press of the same name 80 m away, with the distance and similarity', () => {
		const draft = sheet('pressoir', 'Pressoir Cour-Croissant', { location: pointAt(80) });
		const found = duplicateCandidates(draft, [known, draft]);
		expect(found).toHaveLength(1);
		expect(found[0]?.sheet).toBe(known);
		expect(found[0]?.distanceM).toBeCloseTo(80, 6);
		expect(found[0]?.similarity).toBe(1);
	});

	it('compares only the same family: a mill at the same place is not asked about, a cider still is', () => {
		const mill = sheet('moulin_farine', 'Moulin de la Cour Croissant', { location: pointAt(0) });
		const still = sheet('alambic', 'Alambic Martin', { location: pointAt(30) }); // family "fruits" too
		const draft = sheet('pressoir', 'Pressoir Cour Croissant', { location: pointAt(10) });
		expect(duplicateCandidates(draft, [mill, still]).map((c) => c.sheet)).toEqual([still]);
		// And from the mill's side, no press is proposed.
		expect(duplicateCandidates(sheet('moulin_farine', 'Moulin Cour Croissant', { location: pointAt(5) }), [known])).toEqual([]);
	});

	it('never proposes a deleted, archived or merged sheet', () => {
		const deleted = sheet('pressoir', 'Pressoir Cour Croissant', { location: pointAt(5), deleted: true });
		const archived = sheet('pressoir', 'Pressoir Cour Croissant', { location: pointAt(5), status: 'archive' });
		const merged = { ...sheet('pressoir', 'Pressoir Cour Croissant', { location: pointAt(5) }), mergedInto: known.id };
		const draft = sheet('pressoir', 'Pressoir Cour Croissant', { location: pointAt(0) });
		expect(duplicateCandidates(draft, [deleted, archived, merged])).toEqual([]);
		// A sheet handed in or validated is a live record: it is proposed.
		const validated = sheet('pressoir', 'Pressoir Cour Croissant', { location: pointAt(5), status: 'valide' });
		expect(duplicateCandidates(draft, [validated]).map((c) => c.sheet)).toEqual([validated]);
	});

	it('takes any nearby tool of the family whatever its name, up to the distance (200 m by default)', () => {
		expect(DUPLICATE_DISTANCE_M).toBe(200);
		const other = sheet('pressoir', 'Pressoir du GAEC des Landes', { location: pointAt(199), commune: '61000' });
		const far = sheet('pressoir', 'Pressoir Martin', { location: pointAt(201), commune: '61000' });
		const draft = sheet('pressoir', 'Pressoir Dupont', { location: pointAt(0) });
		const found = duplicateCandidates(draft, [other, far]);
		expect(found.map((c) => c.sheet)).toEqual([other]);
		expect(found[0]?.similarity).toBeLessThan(0.6);
		// The distance is an option.
		expect(duplicateCandidates(draft, [other, far], { maxDistanceM: 250 }).map((c) => c.sheet)).toEqual([other, far]);
		expect(duplicateCandidates(draft, [other, far], { maxDistanceM: 150 })).toEqual([]);
	});

	it('takes a very similar name in the same commune, farther or without a point', () => {
		const draftNoPoint = sheet('pressoir', 'Pressoir de la Cour Croisant');
		const farSameName = sheet('pressoir', 'Pressoir Cour Croissant', { location: pointAt(1500) });
		// Without a point on the draft: same commune and a similar name (69/70 ≥ 0.85).
		const found = duplicateCandidates(draftNoPoint, [known]);
		expect(found).toHaveLength(1);
		expect(found[0]?.distanceM).toBeNull();
		expect(found[0]?.similarity).toBeCloseTo(69 / 70, 12);
		// A point 1.5 km away (misplaced by hand?) with the same name, same commune: asked, with its distance.
		const draft = sheet('pressoir', 'Pressoir Cour-Croissant', { location: pointAt(0) });
		expect(duplicateCandidates(draft, [farSameName])[0]?.distanceM).toBeCloseTo(1500, 6);
		// The similarity threshold is an option.
		expect(duplicateCandidates(draftNoPoint, [known], { minSimilarity: 0.99 })).toEqual([]);
	});

	it('needs the same known commune for a match by name alone', () => {
		const elsewhere = sheet('pressoir', 'Pressoir de la Cour Croissant', { commune: '61079' });
		const unknown = sheet('pressoir', 'Pressoir de la Cour Croissant', { commune: null });
		const draft = sheet('pressoir', 'Pressoir Cour Croissant');
		expect(duplicateCandidates(draft, [elsewhere, unknown])).toEqual([]);
		expect(duplicateCandidates({ ...unknown, id: 'other' }, [unknown])).toEqual([]);
	});

	it('asks nothing about an empty new sheet', () => {
		const fresh = sheet('pressoir', '', { commune: null });
		expect(duplicateCandidates(fresh, [known, sheet('pressoir', '', { commune: null })])).toEqual([]);
	});

	it('puts the nearest first, then the most similar name, sheets without a distance last', () => {
		const draft = sheet('pressoir', 'Pressoir Cour Croissant', { location: pointAt(0) });
		const at120 = sheet('pressoir', 'Pressoir des Landes', { location: pointAt(120) });
		const at40 = sheet('pressoir', 'Pressoir Martin', { location: pointAt(40) });
		const at40same = sheet('pressoir', 'Pressoir Cour Croissant', { location: pointAt(40) });
		const noPoint = sheet('pressoir', 'Pressoir Cour Croissant');
		const found = duplicateCandidates(draft, [noPoint, at120, at40, at40same]);
		expect(found.map((c) => c.sheet)).toEqual([at40same, at40, at120, noPoint]);
	});
});
