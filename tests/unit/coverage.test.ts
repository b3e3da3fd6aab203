/**
 * The coverage maths ("maillage") on a small synthetic territory whose distances can be
 * worked out by hand: five communes on the meridian 1° E, at latitudes 45.0 to 45.4. Along a
 * meridian the great-circle distance is exactly R × Δφ, so with R = 6,371 km:
 *   1° of latitude = 6371 × π / 180 = 111.19492664 km, and 0.01° = 1.1119492664 km.
 * Every expected distance below is that figure times a difference of latitudes.
 *
 * Then the same territory on the server: sheets pushed into a real SQLite store through the sync
 * service, outlines from a stand-in API Géo, the analysis the API answers, its parameters checked,
 * and the CSV and XLSX files read back.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { openTestStore, type TestStore } from './stores';
import { push } from '$lib/server/sync/service';
import type { User } from '$lib/server/store/types';
import { formatHlc } from '$lib/domain/hlc';
import type { Territory } from '$lib/domain/territory';
import { analyse, queryFromParams, type CoverageAnswer } from '$lib/server/coverage/analysis';
import { coverageCsv, coverageXlsx, fileName } from '$lib/server/coverage/files';
import {
	classBounds,
	compareCoverage,
	countingTool,
	coverage,
	distanceClass,
	haversineKm,
	selectedCategories,
	selectionIsValid,
	summarise,
	withThreshold,
	type CommuneCoverage,
	type CoverageCommune,
	type CoverageSelection,
	type CoverageTool,
	type CoverageView
} from '$lib/domain/coverage';
import type { SheetFields } from '$lib/domain/sheet';

// ---------- the synthetic territory ----------

const communes: CoverageCommune[] = [
	{ insee: '00001', name: 'Aunay', cdc: 'CDC Nord', centre: [1, 45.0] },
	{ insee: '00002', name: 'Bellou', cdc: 'CDC Nord', centre: [1, 45.1] },
	{ insee: '00003', name: 'Ceton', cdc: 'CDC Sud', centre: [1, 45.2] },
	{ insee: '00004', name: 'Dancé', cdc: 'CDC Sud', centre: [1, 45.3] },
	{ insee: '00005', name: 'Écouché', cdc: null, centre: [1, 45.4] }
];

type Sheet = { id: string; fields: Partial<SheetFields> };
const at = (lat: number, lon = 1) => ({ lat, lon, accuracy: 5, source: 'gps' as const, at: '2026-11-28T10:00:00.000Z' });

const sheets: Sheet[] = [
	// A mill in Aunay, 0.03° north of its centre.
	{
		id: 'm1',
		fields: {
			category: 'moulin_farine',
			name: 'Moulin d’Aunay',
			commune: '00001',
			location: at(45.03),
			condition: 'en_service',
			worksWithoutMains: 'inconnu',
			status: 'valide'
		}
	},
	// An oven (family "grains" too) in Dancé, 0.02° north of its centre, that works without mains power.
	{
		id: 'm2',
		fields: {
			category: 'fournil_four',
			name: 'Fournil de Dancé',
			commune: '00004',
			location: at(45.32),
			condition: 'en_service',
			worksWithoutMains: 'oui',
			status: 'soumis'
		}
	},
	// In Ceton: none of these count.
	{
		id: 'x1',
		fields: { category: 'moulin_farine', name: 'Moulin cassé', commune: '00003', location: at(45.2), condition: 'hors_service', worksWithoutMains: 'oui' }
	},
	{
		id: 'x2',
		fields: { category: 'moulin_farine', name: 'Moulin jamais vu', commune: '00003', location: at(45.2), condition: null, worksWithoutMains: 'oui' }
	},
	{
		id: 'x3',
		fields: {
			category: 'moulin_farine',
			name: 'Moulin effacé',
			commune: '00003',
			location: at(45.2),
			condition: 'en_service',
			worksWithoutMains: 'oui',
			deleted: true
		}
	},
	{
		id: 'x4',
		fields: {
			category: 'moulin_farine',
			name: 'Moulin archivé',
			commune: '00003',
			location: at(45.2),
			condition: 'en_service',
			worksWithoutMains: 'oui',
			status: 'archive'
		}
	},
	{
		id: 'x5',
		fields: { category: 'pressoir', name: 'Pressoir de Ceton', commune: '00003', location: at(45.2), condition: 'en_service', worksWithoutMains: 'oui' }
	},
	{
		id: 'x6',
		fields: { category: 'moulin_farine', name: 'Moulin à réparer', commune: '00003', location: at(45.2), condition: 'a_reparer', worksWithoutMains: 'oui' }
	}
];

function toolsOf(view: CoverageView, selection: CoverageSelection, list: Sheet[] = sheets): CoverageTool[] {
	return list.map((s) => countingTool(s.id, s.fields, view, selection)).filter((t): t is CoverageTool => t !== null);
}

const GRAINS: CoverageSelection = { family: 'grains', category: null };
const MILLS: CoverageSelection = { family: 'grains', category: 'moulin_farine' };

/** insee → [distance, nearest id] */
function table(rows: CommuneCoverage[]): Record<string, [number | null, string | null]> {
	return Object.fromEntries(rows.map((r) => [r.insee, [r.distanceKm, r.nearest?.id ?? null]]));
}

function expectDistances(rows: CommuneCoverage[], expected: Record<string, [number | null, string | null]>): void {
	const got = table(rows);
	expect(Object.keys(got)).toEqual(Object.keys(expected));
	for (const [insee, [km, id]] of Object.entries(expected)) {
		const [gotKm, gotId] = got[insee] as [number | null, string | null];
		expect(gotId, insee).toBe(id);
		if (km === null) expect(gotKm, insee).toBeNull();
		else expect(gotKm, insee).toBeCloseTo(km, 3); // rounded to the metre
	}
}

// ---------- distance ----------

describe('haversine distance', () => {
	it('along a meridian is R × Δφ', () => {
		// 0.1° × 111.19492664 km
		expect(haversineKm([1, 45.0], [1, 45.1])).toBeCloseTo(11.119492664, 6);
		// 1° × 111.19492664 km, the same at any latitude on a meridian
		expect(haversineKm([-3, 10], [-3, 11])).toBeCloseTo(111.19492664, 6);
	});

	it('along the equator is R × Δλ', () => {
		// 0.25° × 111.19492664 km = 27.79873166 km
		expect(haversineKm([0, 0], [0.25, 0])).toBeCloseTo(27.79873166, 6);
	});

	it('along a parallel is a little shorter than Δλ × cos(lat) × 111.19 km', () => {
		// At 60° N, 1° of longitude apart: d = 2R·asin(cos 60° · sin 0.5°)
		//   sin 0.5° = 0.0087265355; × cos 60° (0.5) = 0.00436326775; asin of it = 0.00436328159
		//   d = 2 × 6371 × 0.00436328159 = 55.59693 km
		// while the flat approximation gives 1 × 0.5 × 111.19492664 = 55.59746 km.
		expect(haversineKm([0, 60], [1, 60])).toBeCloseTo(55.59693, 4);
	});

	it('is symmetric and zero for the same point', () => {
		expect(haversineKm([0.75, 48.45], [0.75, 48.45])).toBe(0);
		expect(haversineKm([0.6, 48.3], [0.8, 48.4])).toBe(haversineKm([0.8, 48.4], [0.6, 48.3]));
	});

	it('gives the textbook Paris–London figure', () => {
		// Notre-Dame (2.3522 E, 48.8566 N) to Charing Cross (0.1278 W, 51.5074 N): about 343.5 km.
		expect(haversineKm([2.3522, 48.8566], [-0.1278, 51.5074])).toBeCloseTo(343.56, 1);
	});
});

// ---------- which tools count ----------

describe('tools that count', () => {
	it('keeps only tools stated in service, not deleted nor archived, of the selected kind', () => {
		expect(toolsOf('service', GRAINS).map((t) => t.id)).toEqual(['m1', 'm2']);
		expect(toolsOf('service', MILLS).map((t) => t.id)).toEqual(['m1']);
		expect(toolsOf('service', { family: 'fruits', category: null }).map((t) => t.id)).toEqual(['x5']);
	});

	it('in the crisis view, also needs "works without mains power: oui"', () => {
		expect(toolsOf('mains', GRAINS).map((t) => t.id)).toEqual(['m2']);
		const unknown = countingTool('u', { category: 'moulin_farine', condition: 'en_service', worksWithoutMains: 'inconnu' }, 'mains', GRAINS);
		expect(unknown).toBeNull();
	});

	it('keeps a tool in service without a location, with no point', () => {
		const tool = countingTool(
			'n',
			{ category: 'moulin_farine', name: 'Sans point', commune: '00002', condition: 'en_service', location: null },
			'service',
			GRAINS
		);
		expect(tool).toEqual({ id: 'n', name: 'Sans point', category: 'moulin_farine', commune: '00002', at: null });
	});

	it('refuses a category of another family, and lists the family’s categories', () => {
		expect(selectionIsValid({ family: 'grains', category: 'pressoir' })).toBe(false);
		expect(selectionIsValid(MILLS)).toBe(true);
		expect(selectedCategories(GRAINS)).toEqual(['moulin_farine', 'trieur_decortiqueuse', 'presse_huile', 'sechoir_silo', 'fournil_four']);
		expect(selectedCategories(MILLS)).toEqual(['moulin_farine']);
	});
});

// ---------- nearest tool per commune ----------

describe('coverage of the communes', () => {
	it('family "grains", in service: the nearest of the mill and the oven, 0 km in their own communes', () => {
		const rows = coverage(communes, toolsOf('service', GRAINS), 10);
		expectDistances(rows, {
			'00001': [0, 'm1'], // the mill is in Aunay
			'00002': [7.78364487, 'm1'], // 45.10 − 45.03 = 0.07° × 111.19492664
			'00003': [13.3433912, 'm2'], // oven: 45.32 − 45.20 = 0.12° (the mill is 0.17° = 18.90 km); the broken mills ignored
			'00004': [0, 'm2'], // the oven is in Dancé
			'00005': [8.89559413, 'm2'] // 45.40 − 45.32 = 0.08°
		});
		expect(rows.filter((r) => r.beyond).map((r) => r.name)).toEqual(['Ceton']);
		expect(rows[2]).toMatchObject({ insee: '00003', name: 'Ceton', cdc: 'CDC Sud', nearest: { id: 'm2', name: 'Fournil de Dancé', commune: '00004' } });
	});

	it('mills only: the oven no longer counts', () => {
		const rows = coverage(communes, toolsOf('service', MILLS), 15);
		expectDistances(rows, {
			'00001': [0, 'm1'],
			'00002': [7.78364487, 'm1'], // 0.07°
			'00003': [18.90313753, 'm1'], // 0.17°
			'00004': [30.02263019, 'm1'], // 0.27°
			'00005': [41.14212286, 'm1'] // 0.37°
		});
		expect(rows.map((r) => r.beyond)).toEqual([false, false, true, true, true]);
	});

	it('without mains power: only the oven, even for Aunay that has a mill', () => {
		const rows = coverage(communes, toolsOf('mains', GRAINS), 15);
		expectDistances(rows, {
			'00001': [35.58237653, 'm2'], // 45.32 − 45.00 = 0.32°
			'00002': [24.46288386, 'm2'], // 0.22°
			'00003': [13.3433912, 'm2'], // 0.12°
			'00004': [0, 'm2'],
			'00005': [8.89559413, 'm2'] // 0.08°
		});
		expect(rows.filter((r) => r.beyond).map((r) => r.insee)).toEqual(['00001', '00002']);
	});

	it('no tool at all: every commune "aucun", beyond any threshold', () => {
		const rows = coverage(communes, toolsOf('service', { family: 'lait', category: null }), 500);
		expect(rows.every((r) => r.distanceKm === null && r.nearest === null && r.beyond)).toBe(true);
		expect(coverage(communes, [], 15).map((r) => r.beyond)).toEqual([true, true, true, true, true]);
	});

	it('a tie goes to the smaller id, whatever the order of the census', () => {
		// Two tools 0.1° (11.119 km) north and south of Ceton, in no commune of the territory.
		const north: CoverageTool = { id: 'tool-b', name: 'Nord', category: 'pressoir', commune: '99999', at: [1, 45.3] };
		const south: CoverageTool = { id: 'tool-a', name: 'Sud', category: 'pressoir', commune: '99998', at: [1, 45.1] };
		const ceton = [communes[2] as CoverageCommune];
		for (const tools of [
			[north, south],
			[south, north]
		]) {
			const [row] = coverage(ceton, tools, 15);
			expect(row?.nearest?.id).toBe('tool-a');
			expect(row?.distanceKm).toBe(11.119); // 0.1° × 111.19492664, to the metre
		}
		// Two tools in the commune itself: both 0 km, the smaller id again.
		const here = (id: string): CoverageTool => ({ id, name: id, category: 'pressoir', commune: '00003', at: [1, 45.25] });
		expect(coverage(ceton, [here('z'), here('k')], 15)[0]?.nearest?.id).toBe('k');
	});

	it('a tool without a location serves its own commune only', () => {
		const unplaced: CoverageTool = { id: 'n', name: 'Sans point', category: 'moulin_farine', commune: '00002', at: null };
		const rows = coverage(communes, [unplaced], 15);
		expect(table(rows)).toEqual({
			'00001': [null, null],
			'00002': [0, 'n'],
			'00003': [null, null],
			'00004': [null, null],
			'00005': [null, null]
		});
	});

	it('a tool whose sheet names the commune is 0 km away even far from the centre', () => {
		// The Aunay mill placed 0.3° north (33.36 km from Aunay's centre), its sheet still saying Aunay.
		const far: CoverageTool = { id: 'f', name: 'Loin', category: 'moulin_farine', commune: '00001', at: [1, 45.3] };
		const rows = coverage(communes.slice(0, 2), [far], 15);
		expect(rows[0]?.distanceKm).toBe(0);
		expect(rows[1]?.distanceKm).toBe(22.239); // 45.3 − 45.1 = 0.2° × 111.19492664 = 22.23898533, to the metre
	});
});

// ---------- threshold, classes, sorting, summary ----------

describe('threshold and classes', () => {
	it('classes follow the threshold: 0–5, 5–10, 10–15, > 15 km and none for 15 km', () => {
		expect(classBounds(15)).toEqual([5, 10, 15]);
		expect([0, 5, 5.01, 10, 10.01, 15, 15.01, 200, null].map((d) => distanceClass(d, 15))).toEqual([1, 1, 2, 2, 3, 3, 4, 4, 5]);
		// 6 km: 0–2, 2–4, 4–6 km
		expect([2, 2.001, 4, 4.001, 6, 6.001].map((d) => distanceClass(d, 6))).toEqual([1, 2, 2, 3, 3, 4]);
	});

	it('changing the threshold re-marks the communes without new distances', () => {
		const rows = coverage(communes, toolsOf('service', MILLS), 15);
		expect(
			withThreshold(rows, 5)
				.filter((r) => r.beyond)
				.map((r) => r.insee)
		).toEqual(['00002', '00003', '00004', '00005']);
		expect(withThreshold(rows, 50).some((r) => r.beyond)).toBe(false);
		// Exactly at the threshold is within it: Ceton's mill is 18.903 km away (to the metre).
		expect(rows[2]?.distanceKm).toBe(18.903);
		expect(withThreshold(rows, 18.903)[2]?.beyond).toBe(false);
		expect(withThreshold(rows, 18.902)[2]?.beyond).toBe(true);
	});

	it('summarises by class, beyond and none', () => {
		const rows = coverage(communes, toolsOf('service', GRAINS), 10);
		// 10 km: classes up to 3.33, 6.67, 10 km: 0, 7.78, 13.34, 0, 8.90
		expect(summarise(rows, 10)).toEqual({ communes: 5, beyond: 1, none: 0, byClass: { 1: 2, 2: 0, 3: 2, 4: 1, 5: 0 } });
		expect(summarise(coverage(communes, [], 10), 10)).toMatchObject({ beyond: 5, none: 5, byClass: { 5: 5 } });
	});
});

describe('sorting the table', () => {
	const rows = coverage(communes, toolsOf('service', MILLS), 15);
	const withNone: CommuneCoverage[] = [...rows, { insee: '00006', name: 'Feings', cdc: null, distanceKm: null, nearest: null, beyond: true }];
	const names = (list: CommuneCoverage[]) => list.map((r) => r.name);

	it('by distance, descending: no tool first, then the farthest; ties by name', () => {
		expect(names([...withNone].sort(compareCoverage('distance', true)))).toEqual(['Feings', 'Écouché', 'Dancé', 'Ceton', 'Bellou', 'Aunay']);
		expect(names([...withNone].sort(compareCoverage('distance', false)))).toEqual(['Aunay', 'Bellou', 'Ceton', 'Dancé', 'Écouché', 'Feings']);
		const tied = [
			{ ...withNone[5], insee: '00008', name: 'Zénith' },
			{ ...withNone[5], insee: '00007', name: 'Aube' }
		] as CommuneCoverage[];
		expect(names([...tied].sort(compareCoverage('distance', true)))).toEqual(['Aube', 'Zénith']);
	});

	it('by name (accents ignored) and by CDC', () => {
		expect(names([...withNone].sort(compareCoverage('name', false)))).toEqual(['Aunay', 'Bellou', 'Ceton', 'Dancé', 'Écouché', 'Feings']);
		expect(names([...withNone].sort(compareCoverage('cdc', false)))).toEqual(['Écouché', 'Feings', 'Aunay', 'Bellou', 'Ceton', 'Dancé']);
	});
});

// ---------- on the server ----------

describe('the request’s parameters', () => {
	const q = (s: string) => queryFromParams(new URLSearchParams(s));

	it('default to the service view of grains at the family’s threshold', () => {
		expect(q('')).toEqual({ view: 'service', family: 'grains', category: null, thresholdKm: 15 });
		expect(q('view=mains&family=grains&category=moulin_farine&threshold=7.5')).toEqual({
			view: 'mains',
			family: 'grains',
			category: 'moulin_farine',
			thresholdKm: 7.5
		});
		expect(q('family=lait&format=csv')).toMatchObject({ family: 'lait', thresholdKm: 15 });
	});

	it('refuse what is not valid', () => {
		for (const bad of [
			'view=tout',
			'family=pain',
			'category=pressoir',
			'family=fruits&category=moulin_farine',
			'threshold=0',
			'threshold=0.4',
			'threshold=501',
			'threshold=-3',
			'threshold=abc',
			'threshold=1e3',
			'threshold=15&threshold=20',
			'family=grains&family=lait'
		]) {
			expect(q(bad), bad).toBeNull();
		}
	});
});

describe('the analysis on the server, and its files', () => {
	let dir: string;
	let store: TestStore;
	const T0 = Date.parse('2026-11-28T10:00:00.000Z');
	const person = (id: string, name: string, role: User['role'], communes: string[] = []): User => ({
		id,
		name,
		role,
		communes,
		login: null,
		passwordHash: null,
		createdAt: new Date(T0).toISOString(),
		lastSeenAt: null,
		revokedAt: null
	});
	const claire = person('claire', 'Claire Coordination', 'coordinateur');
	const mairie = person('mairie', 'Mairie de Bellou', 'mairie', ['61002']);

	// The five communes of the meridian with INSEE codes, and a sixth the API Géo has no outline for.
	const territory: Territory = {
		id: 'test',
		name: 'Territoire de test',
		version: '1',
		cdcs: [
			{ siren: '200000001', name: 'CDC Nord' },
			{ siren: '200000002', name: 'CDC Sud' }
		],
		communes: [
			['61001', 'Aunay', 0],
			['61002', 'Bellou', 0],
			['61003', 'Ceton', 1],
			['61004', 'Dancé', 1],
			['61005', 'Écouché', 1],
			['61006', 'Feings', 1]
		].map(([insee, name, cdc]) => ({
			insee: insee as string,
			name: name as string,
			department: '61',
			cdc:
				[
					{ siren: '200000001', name: 'CDC Nord' },
					{ siren: '200000002', name: 'CDC Sud' }
				][cdc as number] ?? null,
			population: null,
			postalCodes: []
		}))
	};
	const LAT: Record<string, number> = { '61001': 45.0, '61002': 45.1, '61003': 45.2, '61004': 45.3, '61005': 45.4 };

	/** The API Géo stand-in: a 0.02° square around each commune's centre, 404 for Feings. */
	const geo: typeof fetch = async (input) => {
		const code = /\/communes\/(\w+)\?/.exec(String(input))?.[1] ?? '';
		const lat = LAT[code];
		if (lat === undefined) return new Response('', { status: 404 });
		const ring = [
			[0.99, lat - 0.01],
			[1.01, lat - 0.01],
			[1.01, lat + 0.01],
			[0.99, lat + 0.01],
			[0.99, lat - 0.01]
		];
		return Response.json({
			type: 'Feature',
			properties: { code, nom: code, centre: { type: 'Point', coordinates: [1, lat] } },
			geometry: { type: 'Polygon', coordinates: [ring] }
		});
	};

	let seq = 0;
	async function sheet(id: string, fields: Record<string, unknown>): Promise<void> {
		seq++;
		const hlc = formatHlc(T0 + seq * 1000, 0, 'claire');
		const res = await push({ store, now: new Date(T0 + seq * 1000) }, claire, {
			protocol: 1,
			schemaVersion: 1,
			clientId: 'claire-pc-000001',
			mutations: [{ seq, recordId: id, fields: Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, { v, hlc }])) }]
		});
		expect(res.rejected).toEqual([]);
	}
	const point = (lat: number) => ({ lat, lon: 1, accuracy: 5, source: 'gps', at: new Date(T0).toISOString() });
	const run = (u: User, params: string) =>
		analyse(store, u, territory, queryFromParams(new URLSearchParams(params))!, { dir, base: 'http://geo.test', fetch: geo }, new Date(T0 + 3_600_000));

	beforeEach(async () => {
		dir = mkdtempSync(join(tmpdir(), 'atlas-coverage-'));
		store = await openTestStore(dir);
		for (const u of [claire, mairie]) await store.insertUser(u);
		seq = 0;
		// The sheets of the first part, with a name that needs quoting in a CSV.
		await sheet('SheetMoulinAunay01', {
			category: 'moulin_farine',
			name: 'Moulin "le Vieux"; Aunay',
			commune: '61001',
			location: point(45.03),
			condition: 'en_service',
			worksWithoutMains: 'inconnu',
			status: 'valide'
		});
		await sheet('SheetFournilDance1', {
			category: 'fournil_four',
			name: 'Fournil de Dancé',
			commune: '61004',
			location: point(45.32),
			condition: 'en_service',
			worksWithoutMains: 'oui',
			status: 'soumis'
		});
		await sheet('SheetMoulinCasse01', {
			category: 'moulin_farine',
			name: 'Moulin cassé',
			commune: '61003',
			location: point(45.2),
			condition: 'hors_service',
			worksWithoutMains: 'oui'
		});
		await sheet('SheetMoulinEfface1', {
			category: 'moulin_farine',
			name: 'Moulin effacé',
			commune: '61003',
			location: point(45.2),
			condition: 'en_service',
			worksWithoutMains: 'oui',
			deleted: true
		});
		await sheet('SheetPressoirCeton', {
			category: 'pressoir',
			name: 'Pressoir de Ceton',
			commune: '61003',
			location: point(45.2),
			condition: 'en_service',
			worksWithoutMains: 'oui'
		});
		await sheet('SheetMoulinSansPt1', {
			category: 'moulin_farine',
			name: 'Moulin sans point',
			commune: '61005',
			location: null,
			condition: 'en_service',
			worksWithoutMains: 'non',
			personPhone: '06 12 34 56 78'
		});
	});
	afterEach(async () => {
		await store.close();
		rmSync(dir, { recursive: true, force: true });
	});

	const byInsee = (a: CoverageAnswer) => Object.fromEntries(a.communes.map((c) => [c.insee, [c.distanceKm, c.nearest?.id ?? null, c.beyond]]));

	it('answers the distances of the hand computation, beyond the threshold first, Feings without outline', async () => {
		const a = await run(claire, 'family=grains&threshold=10');
		expect(byInsee(a)).toEqual({
			'61001': [0, 'SheetMoulinAunay01', false],
			'61002': [7.784, 'SheetMoulinAunay01', false], // 0.07° × 111.19492664 = 7.78364 km
			'61003': [13.343, 'SheetFournilDance1', true], // 0.12° = 13.34339 km; the broken and the deleted mills ignored
			'61004': [0, 'SheetFournilDance1', false],
			'61005': [0, 'SheetMoulinSansPt1', false] // its own mill, without a point
		});
		expect(a.communes[0]?.insee).toBe('61003');
		expect(a.withoutOutline).toEqual([{ insee: '61006', name: 'Feings' }]);
		expect(a).toMatchObject({ view: 'service', family: 'grains', category: null, threshold: 10, counted: 3, unlocated: 1 });
		expect(a.tools.map((t) => t.id).sort()).toEqual(['SheetFournilDance1', 'SheetMoulinAunay01']);
		expect(a.communes[0]).toMatchObject({ name: 'Ceton', cdc: 'CDC Sud', nearest: { name: 'Fournil de Dancé', commune: '61004' } });
	});

	it('the crisis view counts only the oven; a mairie sees the same analysis, with no private field anywhere', async () => {
		const a = await run(mairie, 'view=mains&family=grains&threshold=15');
		expect(byInsee(a)).toEqual({
			'61001': [35.582, 'SheetFournilDance1', true], // 0.32° = 35.58238 km
			'61002': [24.463, 'SheetFournilDance1', true], // 0.22° = 24.46288 km
			'61003': [13.343, 'SheetFournilDance1', false], // 0.12°
			'61004': [0, 'SheetFournilDance1', false],
			'61005': [8.896, 'SheetFournilDance1', false] // 0.08° = 8.89559 km
		});
		expect(JSON.stringify(a)).not.toContain('06 12 34 56 78');
		const none = await run(mairie, 'view=mains&family=lait');
		expect(none.communes.every((c) => c.distanceKm === null && c.nearest === null && c.beyond)).toBe(true);
		expect(none.counted).toBe(0);
	});

	it('writes a French CSV that parses back to the analysis', async () => {
		const a = await run(claire, 'family=grains&category=moulin_farine&threshold=15');
		const csv = coverageCsv(a, (i) => territory.communes.find((c) => c.insee === i)?.name ?? i);
		expect(
			csv.startsWith(
				'\uFEFFCode INSEE;Commune;Communauté de communes;Distance (km);Classe;Au-delà du seuil;Outil le plus proche;Commune de l’outil;Identifiant de la fiche;Outils recherchés;Vue;Seuil (km);Remarque\r\n'
			)
		).toBe(true);
		const rows = parse(csv, { delimiter: ';', bom: true, record_delimiter: '\r\n' }) as string[][];
		expect(rows).toHaveLength(1 + 6);
		const line = (insee: string) => rows.find((r) => r[0] === insee);
		// Bellou: 0.07° = 7.78 km from the Aunay mill, whose name keeps its quote and semicolon.
		expect(line('61002')).toEqual([
			'61002',
			'Bellou',
			'CDC Nord',
			'7,78',
			'2',
			'Non',
			'Moulin "le Vieux"; Aunay',
			'Aunay',
			'SheetMoulinAunay01',
			'Moulin à farine',
			'En service',
			'15',
			''
		]);
		// Dancé: 0.27° = 30.02 km; Écouché has its own mill without a point.
		expect(line('61004')?.slice(3, 6)).toEqual(['30,02', '4', 'Oui']);
		expect(line('61005')?.slice(3, 13)).toEqual([
			'0,00',
			'1',
			'Non',
			'Moulin sans point',
			'Écouché',
			'SheetMoulinSansPt1',
			'Moulin à farine',
			'En service',
			'15',
			'outil dans la commune'
		]);
		expect(rows.at(-1)).toEqual(['61006', 'Feings', '', '', '', '', '', '', '', 'Moulin à farine', 'En service', '15', 'sans contour : non analysée']);
		expect(fileName(a, 'csv')).toMatch(/^maillage-moulin_farine-en-service-15km-\d{4}-\d{2}-\d{2}\.csv$/);
	});

	it('writes an XLSX with typed cells, a frozen header, filters and its parameters', async () => {
		const a = await run(claire, 'view=mains&family=grains&threshold=12.5');
		const bytes = await coverageXlsx(a, territory.name, (i) => i);
		const wb = new ExcelJS.Workbook();
		await wb.xlsx.load(bytes.buffer as ArrayBuffer);
		const ws = wb.getWorksheet('Maillage');
		expect(ws?.getRow(1).getCell(4).value).toBe('Distance (km)');
		expect(ws?.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
		expect(ws?.autoFilter).toBeTruthy();
		const aunay = ws?.getRows(2, ws.rowCount - 1)?.find((r) => r.getCell(1).value === '61001');
		expect(aunay?.getCell(4).value).toBe(35.582); // a number, not text
		expect(aunay?.getCell(6).value).toBe('Oui');
		expect(aunay?.getCell(12).value).toBe(12.5);
		const params = wb.getWorksheet('Paramètres');
		const values = Object.fromEntries((params?.getRows(2, params.rowCount - 1) ?? []).map((r) => [String(r.getCell(1).value), r.getCell(2).value]));
		expect(values).toMatchObject({
			Territoire: 'Territoire de test',
			'Outils recherchés': 'Grains et graines',
			Vue: 'En service et sans courant du réseau',
			'Seuil (km)': 12.5,
			'Communes au-delà du seuil': 3,
			'Outils comptés': 1
		});
		// Beyond 12.5 km of the oven: Aunay 35.58, Bellou 24.46, Ceton 13.34 km.
	});
});
