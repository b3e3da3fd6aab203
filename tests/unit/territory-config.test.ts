/**
 * The coordinator's territory configuration through its routes, on a real data
 * folder in a temporary directory and the real geography package: a valid territory is stored in
 * the database (setting `territory`) and served at once by GET /api/territory with a new ETag; a
 * legacy territory.json is imported once; unknown codes are refused with a French message naming
 * them and leave the choice as it was; only the coordinator may read,
 * change or search; DELETE goes back to the Perche; the search finds names without accents; and
 * sheets are never touched by a change of territory.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as v from 'valibot';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { formatHlc } from '$lib/domain/hlc';
import { parseTerritory } from '$lib/schemas/territory';
import type { Mutation } from '$lib/schemas/sync';
import type { Session, Store, User } from '$lib/server/store/types';
import type { SqliteStore } from '$lib/server/sqlite/store';
import { pull, push, type PullChange } from '$lib/server/sync/service';
import { searchGeography } from '$lib/server/territory-config';
import { ConfigViewSchema, SearchResultSchema, type ConfigView } from '$lib/schemas/territory-config';
import { addCommune, draftOf, removeCdc, sizeOf } from '$lib/components/territory-config/draft';
import { auditSentence, type AuditNames } from '$lib/components/team/format';
import type { AuditEntry } from '$lib/schemas/team';

const COEUR = '200068435'; // CC Coeur du Perche, 12 communes
const FORETS = '200069912'; // CC des Forêts du Perche, 15 communes
const FERTE_VIDAME = '28149'; // in CC des Forêts du Perche
const SENONCHES = '28373'; // in CC des Forêts du Perche
const PREAUX = '61337'; // Préaux-du-Perche, merged into Perche en Nocé (61309)

type Handler = (event: never) => Promise<Response> | Response;
type Route = Record<string, Handler>;

const person = (id: string, role: User['role'], communes: string[] = []): User => ({
	id,
	name: id,
	role,
	communes,
	login: null,
	passwordHash: null,
	createdAt: '2026-11-28T10:00:00.000Z',
	lastSeenAt: null,
	revokedAt: null
});
const coordinator = person('claire', 'coordinateur');
const volunteer = person('marie', 'benevole');
const mairie = person('mairie', 'mairie', [SENONCHES]);
const session = (u: User): Session => ({
	id: `s-${u.id}`,
	tokenHash: `h-${u.id}`,
	userId: u.id,
	device: '',
	createdAt: '2026-11-28T10:00:00.000Z',
	lastSeenAt: '2026-11-28T10:00:00.000Z',
	expiresAt: '2099-01-01T00:00:00.000Z',
	revokedAt: null
});

const saved = process.env.ATLAS_DATA_DIR;
let dir: string;
let file: string;
let store: Store;
let configRoute: Route;
let searchRoute: Route;
let territoryRoute: Route;

function call(route: Route, method: string, url: string, as: User | null, init: RequestInit = {}) {
	const request = new Request(`http://localhost${url}`, { method, ...init });
	const event = {
		request,
		url: new URL(request.url),
		params: {},
		locals: { auth: as ? { user: as, session: session(as) } : null },
		getClientAddress: () => '127.0.0.1'
	};
	return (route[method] as Handler)(event as never);
}
const put = (as: User | null, body: unknown) =>
	call(configRoute, 'PUT', '/api/territory/config', as, { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
const getConfig = async (as: User = coordinator): Promise<ConfigView> =>
	v.parse(ConfigViewSchema, await (await call(configRoute, 'GET', '/api/territory/config', as)).json());
const search = async (q: string) => {
	const res = await call(searchRoute, 'GET', `/api/territory/search?q=${encodeURIComponent(q)}`, coordinator);
	expect(res.status).toBe(200);
	return v.parse(SearchResultSchema, await res.json());
};
async function territory(headers: Record<string, string> = {}) {
	const res = await call(territoryRoute, 'GET', '/api/territory', null, { headers });
	const body = res.status === 200 ? parseTerritory(await res.json()) : null;
	return { status: res.status, etag: res.headers.get('etag'), territory: body?.ok ? body.territory : null };
}

beforeAll(async () => {
	dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atlas-territory-config-'));
	file = path.join(dir, 'territory.json');
	process.env.ATLAS_DATA_DIR = dir;
	store = (await import('$lib/server/context')).getStore();
	for (const u of [coordinator, volunteer, mairie]) await store.insertUser(u);
	configRoute = (await import('../../src/routes/api/territory/config/+server')) as unknown as Route;
	searchRoute = (await import('../../src/routes/api/territory/search/+server')) as unknown as Route;
	territoryRoute = (await import('../../src/routes/api/territory/+server')) as unknown as Route;
}, 30_000);
afterEach(() => {
	fs.rmSync(file, { force: true });
	// Back to a database where no territory was ever chosen (a legacy file would be read again).
	(store as SqliteStore).db.prepare(`DELETE FROM settings WHERE key = 'territory'`).run();
	vi.restoreAllMocks();
});
const stored = () => store.getSetting('territory');
afterAll(async () => {
	await store.close();
	fs.rmSync(dir, { recursive: true, force: true });
	if (saved === undefined) delete process.env.ATLAS_DATA_DIR;
	else process.env.ATLAS_DATA_DIR = saved;
});

describe('GET /api/territory/config', () => {
	it('gives the default Perche territory with the names and sizes of its 7 CDC', async () => {
		const view = await getConfig();
		expect(view).toMatchObject({ isDefault: true, problem: null, config: { id: 'perche', communes: [] }, communes: [] });
		expect(view.cdcs).toHaveLength(7);
		expect(view.cdcs.find((c) => c.siren === COEUR)).toMatchObject({ name: 'CC Coeur du Perche' });
		expect(view.cdcs.find((c) => c.siren === COEUR)?.communes).toHaveLength(12);
		// The screen's count of the draft is the server's count of the territory.
		expect(sizeOf(draftOf(view))).toEqual({ cdcs: 7, communes: 128 });
	});

	it('says when the legacy file on the server cannot be used, and offers the default as a start', async () => {
		fs.writeFileSync(file, '{ pas du json');
		const view = await getConfig();
		expect(view.isDefault).toBe(false);
		expect(view.problem).toMatch(/illisible/);
		expect(view.problem).toContain(file);
		expect(view.cdcs).toHaveLength(7);
		// A broken file is not imported; saving a territory stores it, and the file is no longer read.
		expect(await stored()).toBeNull();
		expect((await put(coordinator, { name: 'Cœur du Perche', cdc: [COEUR] })).status).toBe(200);
		expect((await getConfig()).problem).toBeNull();
		expect(fs.readFileSync(file, 'utf8')).toBe('{ pas du json');
	});

	it('imports a legacy territory.json once into the database, then no longer reads it', async () => {
		fs.writeFileSync(file, JSON.stringify({ id: 'ancien', name: 'Ancien fichier', cdc: [COEUR], communes: [] }));
		expect((await territory()).territory?.communes).toHaveLength(12);
		expect(JSON.parse((await stored()) ?? 'null')).toMatchObject({ id: 'ancien', cdc: [COEUR] });
		// The file stays as it is, but another content (or none) changes nothing any more.
		fs.writeFileSync(file, JSON.stringify({ id: 'ancien', name: 'Ancien fichier', cdc: [FORETS], communes: [] }));
		expect((await territory()).territory?.communes).toHaveLength(12);
		fs.rmSync(file);
		expect((await getConfig()).config).toMatchObject({ id: 'ancien', name: 'Ancien fichier' });
	});
});

describe('PUT /api/territory/config', () => {
	it('stores the territory in the database; GET /api/territory serves its communes at once, with a new ETag', async () => {
		const before = await territory();
		expect(before.territory?.communes).toHaveLength(128);

		const res = await put(coordinator, { name: '  Cœur du Perche et La Ferté  ', cdc: [COEUR, COEUR], communes: [FERTE_VIDAME] });
		expect(res.status).toBe(200);
		const view = v.parse(ConfigViewSchema, await res.json());
		expect(view).toMatchObject({
			isDefault: false,
			problem: null,
			config: { id: 'perche', name: 'Cœur du Perche et La Ferté', cdc: [COEUR], communes: [FERTE_VIDAME] }
		});
		expect(view.communes).toEqual([
			{ insee: FERTE_VIDAME, name: 'La Ferté-Vidame', department: '28', cdc: { siren: FORETS, name: 'CC des Forêts du Perche' } }
		]);
		expect(sizeOf(draftOf(view))).toEqual({ cdcs: 1, communes: 13 });

		const written = JSON.parse((await stored()) ?? 'null') as unknown;
		expect(written).toEqual({ id: 'perche', name: 'Cœur du Perche et La Ferté', cdc: [COEUR], communes: [FERTE_VIDAME] });
		// Nothing is written in the data folder any more.
		expect(fs.existsSync(file)).toBe(false);

		const after = await territory({ 'If-None-Match': before.etag ?? '' });
		expect(after.status).toBe(200);
		expect(after.etag).not.toBe(before.etag);
		expect(after.territory?.name).toBe('Cœur du Perche et La Ferté');
		expect(after.territory?.communes).toHaveLength(13);
		expect(after.territory?.communes.filter((c) => c.cdc?.siren === COEUR)).toHaveLength(12);
		expect(after.territory?.communes.map((c) => c.insee)).toContain(FERTE_VIDAME);
		expect((await territory({ 'If-None-Match': after.etag ?? '' })).status).toBe(304);

		const entry = (await store.listAudit(5)).find((e) => e.action === 'territory.changed');
		expect(entry).toMatchObject({ actorId: coordinator.id, detail: { name: 'Cœur du Perche et La Ferté', cdc: [COEUR], communes: [FERTE_VIDAME], total: 13 } });
	});

	it('refuses unknown codes with a French message naming them, and leaves the territory as it was', async () => {
		expect((await put(coordinator, { name: 'Cœur', cdc: [COEUR] })).status).toBe(200);
		const text = await stored();
		const audits = (await store.listAudit(100)).length;

		const res = await put(coordinator, { name: 'Essai', cdc: [COEUR, '999999999'], communes: ['99999', PREAUX] });
		expect(res.status).toBe(400);
		const body = (await res.json()) as { code: string; message: string };
		expect(body.code).toBe('territory_unknown_codes');
		expect(body.message).toMatch(/^Territoire refusé\u00a0: /);
		expect(body.message).toContain('CDC 999999999 inconnue');
		expect(body.message).toContain('commune 99999 inconnue');
		// A merged commune is named with the one it joined.
		expect(body.message).toContain("61337 (Préaux-du-Perche) n'existe plus : elle fait partie de 61309 (Perche en Nocé)");

		expect(await stored()).toBe(text);
		expect((await store.listAudit(100)).length).toBe(audits);
		expect((await territory()).territory?.communes).toHaveLength(12);
	});

	it('refuses a malformed territory (no name, nothing in it, unknown key, bad code) without writing', async () => {
		for (const body of [
			{ name: '   ', cdc: [COEUR] },
			{ name: 'Vide', cdc: [], communes: [] },
			{ name: 'Clé en trop', cdc: [COEUR], extra: true },
			{ name: 'SIREN court', cdc: ['2000'] },
			['pas', 'un', 'objet']
		]) {
			const res = await put(coordinator, body);
			expect(res.status, JSON.stringify(body)).toBe(400);
			expect(((await res.json()) as { code: string }).code).toBe('invalid_input');
		}
		expect(await stored()).toBeNull();
	});
});

describe('who may', () => {
	it('only the coordinator reads, changes, resets or searches the territory', async () => {
		for (const [as, status] of [
			[null, 401],
			[volunteer, 403],
			[mairie, 403]
		] as const) {
			expect((await call(configRoute, 'GET', '/api/territory/config', as)).status).toBe(status);
			expect((await put(as, { name: 'Pris', cdc: [COEUR] })).status).toBe(status);
			expect((await call(configRoute, 'DELETE', '/api/territory/config', as)).status).toBe(status);
			expect((await call(searchRoute, 'GET', '/api/territory/search?q=perche', as)).status).toBe(status);
		}
		expect(await stored()).toBeNull();

		expect((await put(coordinator, { name: 'Cœur', cdc: [COEUR] })).status).toBe(200);
		const text = await stored();
		expect((await call(configRoute, 'DELETE', '/api/territory/config', volunteer)).status).toBe(403);
		expect(await stored()).toBe(text);
	});
});

describe('DELETE /api/territory/config', () => {
	it('goes back to the default Perche territory (128 communes), and says so in the audit log', async () => {
		expect((await put(coordinator, { name: 'Cœur', cdc: [COEUR] })).status).toBe(200);
		const small = await territory();
		expect(small.territory?.communes).toHaveLength(12);

		const res = await call(configRoute, 'DELETE', '/api/territory/config', coordinator);
		expect(res.status).toBe(200);
		const view = v.parse(ConfigViewSchema, await res.json());
		expect(view.isDefault).toBe(true);
		expect(sizeOf(draftOf(view))).toEqual({ cdcs: 7, communes: 128 });
		// Stored as "the default": a legacy file left in the data folder does not come back.
		fs.writeFileSync(file, JSON.stringify({ id: 'ancien', name: 'Ancien fichier', cdc: [COEUR], communes: [] }));
		expect((await getConfig()).isDefault).toBe(true);

		const back = await territory();
		expect(back.territory?.communes).toHaveLength(128);
		expect(back.etag).not.toBe(small.etag);
		const entry = (await store.listAudit(5)).find((e) => e.action === 'territory.changed');
		expect(entry?.detail).toMatchObject({ reset: true, hadFile: true, total: 128 });

		// Already the default: nothing to remove, still fine.
		expect((await call(configRoute, 'DELETE', '/api/territory/config', coordinator)).status).toBe(200);
	});
});

describe('GET /api/territory/search', () => {
	it('finds a commune without accents or capitals, with its department and CDC', async () => {
		for (const q of ['ferte vidame', 'LA FERTÉ-VIDAME', 'vidame']) {
			const found = await search(q);
			expect(found.communes[0], q).toEqual({
				insee: FERTE_VIDAME,
				name: 'La Ferté-Vidame',
				department: '28',
				cdc: { siren: FORETS, name: 'CC des Forêts du Perche' }
			});
		}
		expect((await search(FERTE_VIDAME)).communes[0]?.insee).toBe(FERTE_VIDAME);
	});

	it('finds a CDC by its name, with its communes', async () => {
		const found = await search('coeur du perche');
		expect(found.cdcs[0]).toMatchObject({ siren: COEUR, name: 'CC Coeur du Perche' });
		expect(found.cdcs[0]?.communes).toHaveLength(12);
		expect((await search('forets perche')).cdcs[0]?.siren).toBe(FORETS);
		expect((await search(COEUR)).cdcs[0]?.siren).toBe(COEUR);
	});

	it('answers at most 20 of each and says there are more; nothing for one letter', async () => {
		const many = await search('saint');
		expect(many.communes).toHaveLength(20);
		expect(many.moreCommunes).toBe(true);
		expect(await search('a')).toEqual({ cdcs: [], communes: [], moreCdcs: false, moreCommunes: false });
		const tooLong = await call(searchRoute, 'GET', `/api/territory/search?q=${'a'.repeat(101)}`, coordinator);
		expect(tooLong.status).toBe(400);
	});

	it('a search takes a few milliseconds once the geography is in memory', () => {
		searchGeography('perche');
		const start = performance.now();
		for (let i = 0; i < 20; i++) searchGeography(`saint ${i}`);
		expect((performance.now() - start) / 20).toBeLessThan(50);
	});
});

describe('sheets are never touched', () => {
	const T0 = Date.parse('2026-11-28T10:00:00.000Z');
	const V = { protocol: 1, schemaVersion: 1 };
	const hlc = (ms: number) => formatHlc(T0 + ms, 0, 'marie');
	async function pullAll(u: User, clientId: string): Promise<PullChange[]> {
		const all: PullChange[] = [];
		let cursor = 0;
		for (let i = 0; i < 100; i++) {
			const page = await pull({ store, now: new Date(T0) }, u, { ...V, clientId, cursor });
			all.push(...page.changes);
			cursor = page.cursor;
			if (!page.more) break;
		}
		return all;
	}

	it('a sheet of a commune that leaves the territory is kept, and still pulled by everyone', async () => {
		const id = 'SheetMoulinSenonch01';
		const mutation: Mutation = {
			seq: 1,
			recordId: id,
			fields: {
				category: { v: 'moulin_farine', hlc: hlc(0) },
				name: { v: 'Moulin de Senonches', hlc: hlc(0) },
				commune: { v: SENONCHES, hlc: hlc(0) },
				status: { v: 'brouillon', hlc: hlc(0) }
			}
		};
		const pushed = await push({ store, now: new Date(T0) }, volunteer, { ...V, clientId: 'marie-phone-0001', mutations: [mutation] });
		expect(pushed.rejected).toEqual([]);
		const record = await store.getRecord(id);
		const version = await store.currentVersion();

		// Senonches leaves: only the CC Coeur du Perche stays.
		const view = await getConfig();
		const draft = removeCdc(draftOf(view), FORETS);
		expect(draft.cdcs).toHaveLength(6);
		expect((await put(coordinator, { name: 'Sans les Forêts', cdc: [COEUR], communes: [] })).status).toBe(200);
		expect((await territory()).territory?.communes.map((c) => c.insee)).not.toContain(SENONCHES);

		expect(await store.getRecord(id)).toEqual(record);
		expect(await store.currentVersion()).toBe(version);
		for (const [u, client] of [
			[volunteer, 'marie-tablet-001'],
			[coordinator, 'claire-pc-00001'],
			[mairie, 'mairie-pc-00001']
		] as const) {
			const sheet = (await pullAll(u, client)).find((c) => c.id === id);
			expect(sheet?.fields.commune?.v, u.id).toBe(SENONCHES);
			expect(sheet?.fields.name?.v).toBe('Moulin de Senonches');
		}

		// And back to the default: still the same sheet.
		expect((await call(configRoute, 'DELETE', '/api/territory/config', coordinator)).status).toBe(200);
		expect(await store.getRecord(id)).toEqual(record);
	});
});

describe('the draft on the screen', () => {
	it('counts a commune once when a chosen CDC already holds it', async () => {
		const view = await getConfig();
		const forets = view.cdcs.find((c) => c.siren === FORETS);
		expect(forets?.communes).toContain(FERTE_VIDAME);
		const found = (await search('ferte vidame')).communes[0];
		if (!found) throw new Error('no commune found');
		expect(sizeOf(addCommune(draftOf(view), found))).toEqual({ cdcs: 7, communes: 128 });
		expect(sizeOf(addCommune(removeCdc(draftOf(view), FORETS), found))).toEqual({ cdcs: 6, communes: 114 });
	});
});

describe('the journal', () => {
	const names: AuditNames = { person: () => undefined, invitationLabel: () => undefined, commune: (insee) => insee };
	const entry = (detail: Record<string, unknown>): AuditEntry => ({
		id: 1,
		at: '2026-11-28T10:00:00.000Z',
		actorId: 'claire',
		actorName: 'Claire',
		action: 'territory.changed',
		target: null,
		detail,
		ip: null
	});

	it('tells a change of territory and a return to the default in one French sentence', () => {
		expect(auditSentence(entry({ name: 'Cœur du Perche', cdc: [COEUR], communes: [FERTE_VIDAME], total: 13 }), names)).toBe(
			'Claire a changé le territoire du recensement : « Cœur du Perche », 13 communes'
		);
		expect(auditSentence(entry({ reset: true, hadFile: true, total: 128 }), names)).toBe('Claire a remis le territoire par défaut (Perche)');
	});
});
