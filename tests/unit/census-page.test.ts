/**
 * The census screen's page: the mairie's scope forced whatever it asks, the counts of the
 * dashboard, pages cut from one stable sort (ties by id: paging never repeats nor skips a sheet),
 * and the API answering each role — against a real SQLite file with sheets written through sync.
 */
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RequestEvent } from '@sveltejs/kit';
import { openTestStore, useServerDatabase, type TestStore } from './stores';
import { push } from '$lib/server/sync/service';
import { formatHlc } from '$lib/domain/hlc';
import { actorOf } from '$lib/domain/access';
import { CENSUS_SORTS, compareCensus, EMPTY_CENSUS_FILTER, type CensusContext, type CensusFilter, type CensusRow } from '$lib/domain/census';
import { CensusTally, DEFAULT_PAGING, scopeFilter, sortSkeleton, type CensusPageAnswer } from '$lib/domain/census-page';
import type { Territory } from '$lib/domain/territory';
import type { SheetFields } from '$lib/domain/sheet';
import type { User } from '$lib/server/store/types';
import { filterFromParams } from '$lib/schemas/census';
import { censusPage } from '$lib/server/census/page';
import { pagingFromParams, pagingToParams } from '$lib/schemas/census-paging';

const T0 = Date.parse('2026-11-28T10:00:00.000Z');
const TODAY = '2026-11-28';
const V = { protocol: 1, schemaVersion: 1 };

function user(id: string, name: string, role: User['role'], communes: string[] = []): User {
	return { id, name, role, communes, login: null, passwordHash: null, createdAt: new Date(T0).toISOString(), lastSeenAt: null, revokedAt: null };
}
const claire = user('claire', 'Claire Coordination', 'coordinateur');
const preaux = user('mairie', 'Mairie de Préaux', 'mairie', ['61309']);
const marie = user('marie', 'Marie Lebrun', 'benevole');

/** A small territory: two CDC, three communes (names chosen so their order is not their codes'). */
const TERRITORY: Territory = {
	id: 'test',
	name: 'Territoire de test',
	version: '1',
	cdcs: [
		{ siren: '200068435', name: 'CC Cœur du Perche' },
		{ siren: '200036069', name: 'CC du Pays de Mortagne' }
	],
	communes: [
		{ insee: '61079', name: 'Ceton', department: '61', cdc: { siren: '200036069', name: 'CC du Pays de Mortagne' }, population: 500, postalCodes: [] },
		{ insee: '61309', name: 'Perche en Nocé', department: '61', cdc: { siren: '200068435', name: 'CC Cœur du Perche' }, population: 1500, postalCodes: [] },
		{ insee: '61345', name: 'Rémalard en Perche', department: '61', cdc: { siren: '200068435', name: 'CC Cœur du Perche' }, population: 1900, postalCodes: [] }
	]
};
const byInsee = new Map(TERRITORY.communes.map((c) => [c.insee, c]));
const CTX: CensusContext = {
	cdcOf: (i) => byInsee.get(i)?.cdc?.siren ?? null,
	communeName: (i) => byInsee.get(i)?.name ?? i,
	today: TODAY,
	reverifyMonths: 24
};

const row = (id: string, fields: Partial<SheetFields>, updatedAt = '2026-11-01T00:00:00.000Z'): CensusRow => ({
	id,
	createdBy: 'marie',
	createdByName: 'Marie Lebrun',
	createdAt: updatedAt,
	updatedAt,
	fields
});

describe('the scope of the census', () => {
	const f = (communes: string[]): CensusFilter => ({ ...EMPTY_CENSUS_FILTER, communes });

	it('leaves the coordinator’s filter as asked', () => {
		expect(scopeFilter(f([]), actorOf(claire))).toEqual(f([]));
		expect(scopeFilter(f(['61079']), actorOf(claire))).toEqual(f(['61079']));
	});

	it('forces a mairie’s commune filter to its own communes, whatever it asks', () => {
		expect(scopeFilter(f([]), actorOf(preaux))?.communes).toEqual(['61309']);
		expect(scopeFilter(f(['61309', '61079']), actorOf(preaux))?.communes).toEqual(['61309']);
		// Only foreign communes asked: nothing, never "no commune filter" (which would mean all).
		expect(scopeFilter(f(['61079']), actorOf(preaux))).toBeNull();
		expect(scopeFilter(f([]), actorOf(user('m0', 'Mairie sans commune', 'mairie')))).toBeNull();
	});

	it('gives a volunteer nothing', () => {
		expect(scopeFilter(f([]), actorOf(marie))).toBeNull();
	});
});

describe('the tally (counts and pages)', () => {
	it('counts by category, CDC, commune, category × CDC, mains power and re-verification', () => {
		const tally = new CensusTally('name', CTX);
		tally.add(row('aaaaaaaa01', { category: 'pressoir', commune: '61309', worksWithoutMains: 'oui', status: 'valide', verifiedOn: '2026-01-10' }));
		tally.add(row('aaaaaaaa02', { category: 'pressoir', commune: '61079', worksWithoutMains: 'non', status: 'soumis', verifiedOn: '2020-01-10' }));
		tally.add(row('aaaaaaaa03', { category: 'moulin_farine', commune: '61345', status: 'soumis' }));
		tally.add(row('aaaaaaaa04', { category: 'moulin_farine', commune: null, status: 'archive', verifiedOn: '2019-05-01' }));
		tally.add(row('aaaaaaaa05', { status: 'brouillon' }));
		expect(tally.total).toBe(5);
		expect(tally.counts.byCategory).toEqual({ pressoir: 2, moulin_farine: 2, none: 1 });
		expect(tally.counts.byCdc).toEqual({ '200068435': 2, '200036069': 1, none: 2 });
		expect(tally.counts.byCommune).toEqual({ '61309': 1, '61079': 1, '61345': 1, none: 2 });
		expect(tally.counts.byCategoryCdc).toEqual({
			pressoir: { '200068435': 1, '200036069': 1 },
			moulin_farine: { '200068435': 1, none: 1 },
			none: { none: 1 }
		});
		// Unanswered counts as "inconnu".
		expect(tally.counts.worksWithoutMains).toEqual({ oui: 1, non: 1, inconnu: 3 });
		// Verified 2020 (older than 24 months) and never verified; archives and drafts are never due.
		expect(tally.counts.reverify).toBe(2);
	});

	it('cuts pages of the asked size, and answers a page past the end with the last one', () => {
		const tally = new CensusTally('name', CTX);
		for (let i = 1; i <= 7; i++) tally.add(row(`sheet000${i}`, { name: `Outil ${i}` }));
		expect(tally.page({ desc: false, page: 1, size: 3 })).toEqual({ page: 1, pages: 3, ids: ['sheet0001', 'sheet0002', 'sheet0003'] });
		expect(tally.page({ desc: false, page: 3, size: 3 })).toEqual({ page: 3, pages: 3, ids: ['sheet0007'] });
		expect(tally.page({ desc: false, page: 9, size: 3 }).page).toBe(3);
		expect(tally.page({ desc: true, page: 1, size: 3 }).ids).toEqual(['sheet0007', 'sheet0006', 'sheet0005']);
		expect(new CensusTally('name', CTX).page({ desc: false, page: 4, size: 3 })).toEqual({ page: 1, pages: 0, ids: [] });
	});

	it('sorts in French (accents, case, numbers) and breaks ties by id, so pages neither repeat nor skip', () => {
		const tally = new CensusTally('name', CTX);
		// Added in a shuffled order: five of the same name, and names where a byte sort would be wrong.
		const ids = ['tie0000005', 'tie0000002', 'tie0000004', 'tie0000001', 'tie0000003'];
		for (const id of ids) tally.add(row(id, { name: 'Pressoir' }));
		tally.add(row('other00001', { name: 'écrémeuse' }));
		tally.add(row('other00002', { name: 'Four 10' }));
		tally.add(row('other00003', { name: 'four 9' }));
		const seen: string[] = [];
		for (let page = 1; page <= 3; page++) seen.push(...tally.page({ desc: false, page, size: 3 }).ids);
		expect(seen).toEqual(['other00001', 'other00003', 'other00002', 'tie0000001', 'tie0000002', 'tie0000003', 'tie0000004', 'tie0000005']);
		// Twice the same question, the same answer.
		expect(tally.page({ desc: false, page: 2, size: 3 }).ids).toEqual(['tie0000001', 'tie0000002', 'tie0000003']);
	});

	it('orders skeletons exactly as the full rows, for every sort', () => {
		const rows = [
			row(
				'r000000001',
				{ name: 'Moulin', commune: '61345', category: 'moulin_farine', status: 'valide', verifiedOn: '2025-01-01' },
				'2026-03-01T00:00:00.000Z'
			),
			row('r000000002', { name: 'abattoir', commune: '61079', category: 'abattoir', status: 'soumis' }, '2026-01-01T00:00:00.000Z'),
			row(
				'r000000003',
				{ name: 'Pressoir', commune: '61309', category: 'pressoir', status: 'a_corriger', verifiedOn: '2024-06-01' },
				'2026-02-01T00:00:00.000Z'
			),
			row('r000000004', { name: 'Pressoir', category: 'alambic' }, '2026-02-01T00:00:00.000Z')
		];
		for (const sort of CENSUS_SORTS) {
			for (const desc of [false, true]) {
				const full = [...rows].sort(compareCensus(sort, desc, CTX)).map((r) => r.id);
				const skel = rows
					.map((r) => sortSkeleton(r, sort))
					.sort(compareCensus(sort, desc, CTX))
					.map((r) => r.id);
				expect(skel, `${sort} ${desc ? 'desc' : 'asc'}`).toEqual(full);
			}
		}
	});
});

describe('the paging query', () => {
	it('reads defaults, valid values, and refuses the rest', () => {
		expect(pagingFromParams(new URLSearchParams(''))).toEqual(DEFAULT_PAGING);
		expect(pagingFromParams(new URLSearchParams('sort=commune&desc=1&page=3&size=200'))).toEqual({ sort: 'commune', desc: true, page: 3, size: 200 });
		for (const bad of ['sort=prix', 'page=0', 'page=-1', 'page=1.5', 'size=201', 'size=0', 'desc=oui', 'page=abc'])
			expect(pagingFromParams(new URLSearchParams(bad)), bad).toBeNull();
		const p = { sort: 'updated', desc: true, page: 2, size: 50 } as const;
		expect(pagingFromParams(pagingToParams(p))).toEqual(p);
		expect(pagingToParams(DEFAULT_PAGING).toString()).toBe('');
	});
});

// ---------- against a real SQLite store, sheets written through sync ----------

let dir: string;
let store: TestStore;
let seq = 0;
let stamp = 0;
const hlc = (node: string) => formatHlc(T0, ++stamp, node);

async function write(id: string, fields: Partial<SheetFields>): Promise<void> {
	const stamped = Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, { v, hlc: hlc('claire') }]));
	const res = await push({ store, now: new Date(T0) }, claire, {
		...V,
		clientId: 'claire-pc-00001',
		mutations: [{ seq: ++seq, recordId: id, fields: stamped }]
	});
	expect(res).toMatchObject({ lastSeq: seq, rejected: [] });
}

async function seed(): Promise<void> {
	await write('SheetPressoirPreaux0', {
		category: 'pressoir',
		name: 'Pressoir de Préaux',
		commune: '61309',
		status: 'valide',
		condition: 'en_service',
		worksWithoutMains: 'oui',
		verifiedOn: '2026-10-01',
		personName: 'Jeanne Martin',
		personConsentAt: '2026-10-01T09:00:00.000Z'
	});
	await write('SheetMoulinPreaux00', {
		category: 'moulin_farine',
		name: 'Moulin de la Cour',
		commune: '61309',
		status: 'soumis',
		condition: 'a_reparer',
		worksWithoutMains: 'non',
		verifiedOn: '2020-10-01'
	});
	await write('SheetAbattoirCeton0', {
		category: 'abattoir',
		name: 'Abattoir de Ceton',
		commune: '61079',
		status: 'valide',
		condition: 'en_service',
		verifiedOn: '2026-09-01'
	});
	await write('SheetFournilRemalard', { category: 'fournil_four', name: 'Fournil de Rémalard', commune: '61345', status: 'soumis' });
	await write('SheetSupprimee00000', { category: 'pressoir', name: 'Pressoir supprimé', commune: '61309', status: 'soumis', deleted: true });
}

const ask = (u: User, query: string): Promise<CensusPageAnswer> => {
	const params = new URLSearchParams(query);
	const filter = filterFromParams(params);
	const paging = pagingFromParams(params);
	if (!filter || !paging) throw new Error(`invalid query ${query}`);
	return censusPage(store, u, TERRITORY, filter, paging, new Date(T0));
};

describe('the census page from the store', () => {
	beforeEach(async () => {
		dir = mkdtempSync(join(tmpdir(), 'atlas-census-'));
		store = await openTestStore(dir);
		for (const u of [claire, preaux, marie]) await store.insertUser(u);
		seq = 0;
		await seed();
	});
	afterEach(async () => {
		await store.close();
		rmSync(dir, { recursive: true, force: true });
	});

	it('gives the coordinator every sheet (not the deleted), sorted, with the table’s columns and the counts', async () => {
		const a = await ask(claire, '');
		expect(a.total).toBe(4);
		expect(a.rows.map((r) => r.name)).toEqual(['Abattoir de Ceton', 'Fournil de Rémalard', 'Moulin de la Cour', 'Pressoir de Préaux']);
		expect(a.rows[3]).toEqual({
			id: 'SheetPressoirPreaux0',
			name: 'Pressoir de Préaux',
			category: 'pressoir',
			categoryOther: '',
			commune: '61309',
			communeName: 'Perche en Nocé',
			condition: 'en_service',
			status: 'valide',
			worksWithoutMains: 'oui',
			verifiedOn: '2026-10-01',
			updatedAt: new Date(T0).toISOString(),
			createdByName: 'Claire Coordination',
			deleted: false,
			reverify: false
		});
		// The table carries no contact at all, private or not.
		expect(JSON.stringify(a)).not.toContain('Jeanne');
		expect(a.counts.byCdc).toEqual({ '200068435': 3, '200036069': 1 });
		expect(a.counts.byCategoryCdc.pressoir).toEqual({ '200068435': 1 });
		expect(a.counts.worksWithoutMains).toEqual({ oui: 1, non: 1, inconnu: 2 });
		expect(a.counts.reverify).toBe(2);
	});

	it('filters (accent-insensitive search, CDC, category, re-verification), sorts and pages', async () => {
		expect((await ask(claire, 'q=remalard')).rows.map((r) => r.id)).toEqual(['SheetFournilRemalard']);
		expect((await ask(claire, 'q=PRÉAUX')).total).toBe(1);
		expect((await ask(claire, 'cdc=200036069')).rows.map((r) => r.name)).toEqual(['Abattoir de Ceton']);
		expect((await ask(claire, 'category=pressoir&category=moulin_farine')).total).toBe(2);
		expect((await ask(claire, 'reverify=1')).rows.map((r) => r.name)).toEqual(['Fournil de Rémalard', 'Moulin de la Cour']);
		expect((await ask(claire, 'deleted=1')).total).toBe(5);
		const byCommuneDesc = await ask(claire, 'sort=commune&desc=1&size=2&page=2');
		expect(byCommuneDesc).toMatchObject({ total: 4, page: 2, size: 2 });
		// Communes Z→A: Rémalard, Perche en Nocé ×2 (ties by id, reversed), Ceton.
		expect(byCommuneDesc.rows.map((r) => r.id)).toEqual(['SheetMoulinPreaux00', 'SheetAbattoirCeton0']);
	});

	it('shows a mairie its communes only, whatever it asks', async () => {
		const own = await ask(preaux, '');
		expect(own.rows.map((r) => r.name)).toEqual(['Moulin de la Cour', 'Pressoir de Préaux']);
		expect(own.counts.byCommune).toEqual({ '61309': 2 });
		expect((await ask(preaux, 'commune=61309&commune=61079')).total).toBe(2);
		expect(await ask(preaux, 'commune=61079')).toMatchObject({ total: 0, rows: [] });
		expect(await ask(preaux, 'cdc=200036069')).toMatchObject({ total: 0, rows: [] });
	});
});

// ---------- the route handler itself ----------

describe('GET /api/census', () => {
	const dataDir = mkdtempSync(join(tmpdir(), 'atlas-census-route-'));
	process.env.ATLAS_DATA_DIR = dataDir;
	afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

	const event = (u: User | null, query: string) =>
		({
			locals: { auth: u ? { user: u, session: {} } : null },
			url: new URL(`http://localhost/api/census?${query}`)
		}) as unknown as RequestEvent;
	const call = async (u: User | null, query = '') => {
		const { GET } = await import('../../src/routes/api/census/+server');
		return GET(event(u, query) as Parameters<typeof GET>[0]);
	};

	it('answers 401 without a session, 403 to a volunteer, 400 to a query it does not know', async () => {
		expect((await call(null)).status).toBe(401);
		const forbidden = await call(marie);
		expect(forbidden.status).toBe(403);
		expect(await forbidden.json()).toMatchObject({ code: 'forbidden' });
		expect((await call(claire, 'category=tracteur')).status).toBe(400);
		expect((await call(claire, 'size=500')).status).toBe(400);
		expect((await call(claire, 'sort=prix')).status).toBe(400);
	});

	it('answers the coordinator and the mairie from the server’s store (the default territory)', async () => {
		await useServerDatabase();
		const { getStore } = await import('$lib/server/context');
		const s = getStore();
		for (const u of [claire, preaux, marie]) await s.insertUser(u);
		store = s as TestStore;
		seq = 0;
		await seed();
		const coord = await call(claire, 'sort=name');
		expect(coord.status).toBe(200);
		expect(coord.headers.get('cache-control')).toBe('no-store');
		expect(((await coord.json()) as CensusPageAnswer).total).toBe(4);
		const mairie = (await (await call(preaux, 'commune=61079')).json()) as CensusPageAnswer;
		expect(mairie.total).toBe(0);
		const own = (await (await call(preaux)).json()) as CensusPageAnswer;
		expect(own.rows.map((r) => r.commune)).toEqual(['61309', '61309']);
	});
});
