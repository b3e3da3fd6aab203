/**
 * The server side of the map: tile sources from the environment, the security policy that
 * follows them, and the commune outlines — fetched from a REAL local stand-in of the API Géo (an
 * HTTP server on an ephemeral port that counts what it is asked), kept in the database (settings
 * `outlines` + `outlines_version`; a legacy outlines.json of the data folder is imported once),
 * replaced by a coordinator's file. Nothing here reaches the internet.
 */
import fs from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_TILE_SOURCES } from '$lib/domain/tile-sources';
import { OutlinesSchema, StoredOutlinesSchema, type Outlines } from '$lib/schemas/map';
import { withOrigins } from '$lib/server/map/csp';
import { centreOf } from '$lib/server/map/centre';
import { getOutlines, OutlinesError, resetOutlines, territoryKey, uploadOutlines, type OutlinesOptions } from '$lib/server/map/outlines';
import { geoApiBase, mapOrigins, parseTileSources, tileSources } from '$lib/server/map/sources';
import { loadTerritory, writeTerritorySetting } from '$lib/server/territory';
import { SqliteStore } from '$lib/server/sqlite/store';
import type { Session, Store, User } from '$lib/server/store/types';
import * as v from 'valibot';

// --- fixtures -------------------------------------------------------------------------------------

const FORETS = '200069912'; // CC des Forêts du Perche, 15 communes
const COEUR = '200068435'; // CC Coeur du Perche, 12 communes, among them Perche en Nocé
const PERCHE_EN_NOCE = '61309';
const PARIS = '75056'; // never in these territories

const tempDirs: string[] = [];
function tempDir(): string {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atlas-map-'));
	tempDirs.push(dir);
	return dir;
}

/** The database of each data folder (a SQLite file in it), opened on first use. */
const stores = new Map<string, SqliteStore>();
function storeOf(dir: string): SqliteStore {
	let store = stores.get(dir);
	if (!store) stores.set(dir, (store = new SqliteStore(path.join(dir, 'atlas.sqlite'))));
	return store;
}

/** A territory as an older version kept it: territory.json, imported at the first read. */
function writeTerritory(dir: string, cdc: string[], communes: string[] = []): void {
	fs.writeFileSync(path.join(dir, 'territory.json'), JSON.stringify({ id: 'essai', name: 'Essai', cdc, communes }));
}

/** The coordinator changes the territory (stored in the database). */
async function changeTerritory(dir: string, cdc: string[], communes: string[] = []): Promise<void> {
	await writeTerritorySetting(storeOf(dir), JSON.stringify({ id: 'essai', name: 'Essai', cdc, communes }));
}

/** A data folder with one CDC plus one extra commune of another CDC (the usual small case). */
function smallTerritoryDir(): string {
	const dir = tempDir();
	writeTerritory(dir, [FORETS], [PERCHE_EN_NOCE]);
	return dir;
}

/** A square of 0.04° on a grid over the Perche: commune number `i` gets square `i`. */
function square(i: number): { west: number; south: number; east: number; north: number } {
	const west = 0.6 + (i % 6) * 0.04;
	const south = 48.2 + Math.floor(i / 6) * 0.04;
	return { west, south, east: west + 0.04, north: south + 0.04 };
}
function squareRing(i: number): number[][] {
	const b = square(i);
	return [
		[b.west, b.south],
		[b.east, b.south],
		[b.east, b.north],
		[b.west, b.north],
		[b.west, b.south]
	];
}

// The communes of both CDC, from the real geography package (as the server resolves them).
let byCdc: Map<string, { code: string; nom: string }[]>;
let gridIndex: Map<string, number>;

beforeAll(async () => {
	const dir = tempDir();
	writeTerritory(dir, [FORETS, COEUR]);
	const t = await loadTerritory(storeOf(dir), dir);
	byCdc = new Map();
	for (const c of t.communes) {
		const siren = c.cdc?.siren ?? '';
		byCdc.set(siren, [...(byCdc.get(siren) ?? []), { code: c.insee, nom: c.name }]);
	}
	gridIndex = new Map([...t.communes].sort((a, b) => a.insee.localeCompare(b.insee)).map((c, i) => [c.insee, i]));
	expect(byCdc.get(FORETS)).toHaveLength(15);
	expect(byCdc.get(COEUR)).toHaveLength(12);
});

afterAll(async () => {
	for (const store of stores.values()) await store.close();
	for (const dir of tempDirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

type Mode = 'ok' | 'down' | 'invalid' | 'garbage' | 'hang' | 'held';

/**
 * A stand-in for the API Géo: `/epcis/{siren}/communes` answers the CDC's communes (plus Paris, as
 * a real answer may hold communes the territory does not have), with a centre; `/communes/{code}`
 * answers one Feature without centre (as the real API does in GeoJSON). It counts every request.
 */
class GeoApiStub {
	requests: string[] = [];
	mode: Mode = 'ok';
	origin = '';
	#server: Server = createServer((req, res) => this.#answer(req, res));

	async start(): Promise<void> {
		await new Promise<void>((done) => this.#server.listen(0, '127.0.0.1', done));
		this.origin = `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
	}

	async stop(): Promise<void> {
		this.#server.closeAllConnections();
		await new Promise<void>((done) => this.#server.close(() => done()));
	}

	/** The paths asked (without the query), in order. */
	paths(): string[] {
		return this.requests.map((r) => r.split('?')[0] as string);
	}

	#feature(code: string, nom: string, centre: boolean) {
		const i = gridIndex.get(code) ?? 99;
		const b = square(i);
		return {
			type: 'Feature',
			properties: centre ? { code, nom, centre: { type: 'Point', coordinates: [b.west + 0.01, b.south + 0.01] } } : { code, nom },
			geometry: { type: 'Polygon', coordinates: [squareRing(i)] }
		};
	}

	#held: (() => void)[] = [];

	/** Answers the requests held so far (mode 'held'), and the next ones at once. */
	release(): void {
		this.mode = 'ok';
		for (const answer of this.#held.splice(0)) answer();
	}

	#answer(req: IncomingMessage, res: ServerResponse, counted = false): void {
		if (!counted) this.requests.push(req.url ?? '');
		if (this.mode === 'hang') return; // never answers
		if (this.mode === 'held') {
			this.#held.push(() => this.#answer(req, res, true));
			return;
		}
		if (this.mode === 'down') {
			res.writeHead(502).end('Bad gateway');
			return;
		}
		if (this.mode === 'garbage') {
			res.writeHead(200, { 'Content-Type': 'application/json' }).end('<html>maintenance</html>');
			return;
		}
		const url = new URL(req.url ?? '/', 'http://stub');
		const epci = /^\/epcis\/(\d{9})\/communes$/.exec(url.pathname);
		const commune = /^\/communes\/(\w{5})$/.exec(url.pathname);
		let body: unknown = null;
		if (epci) {
			const members = byCdc.get(epci[1] as string);
			if (members)
				body = {
					type: 'FeatureCollection',
					features: [...members.map((c) => this.#feature(c.code, c.nom, true)), this.#feature(PARIS, 'Paris', true)]
				};
		} else if (commune) {
			const found = [...byCdc.values()].flat().find((c) => c.code === commune[1]);
			if (found) body = this.#feature(found.code, found.nom, false);
		}
		if (body === null) {
			res.writeHead(404).end();
			return;
		}
		if (this.mode === 'invalid') {
			// Lambert-93 metres instead of degrees: not what the API promises, refused.
			const text = JSON.stringify(body).replace(/"coordinates":\[\[\[/g, '"coordinates":[[[512000.5,6812000.5],[');
			res.writeHead(200, { 'Content-Type': 'application/geo+json' }).end(text);
			return;
		}
		res.writeHead(200, { 'Content-Type': 'application/geo+json' }).end(JSON.stringify(body));
	}
}

const stub = new GeoApiStub();
beforeAll(() => stub.start());
afterAll(() => stub.stop());
beforeEach(() => {
	stub.requests = [];
	stub.mode = 'ok';
});

/** Service options for a data folder: this stub, no pause after a failure unless a test wants one. */
async function opts(dir: string, extra: Partial<OutlinesOptions> = {}): Promise<OutlinesOptions> {
	const store = storeOf(dir);
	return { territory: await loadTerritory(store, dir), store, dir, base: stub.origin, retryAfterMs: 0, ...extra };
}

const codesOf = (body: string) => (JSON.parse(body) as Outlines).features.map((f) => f.properties.code);
const storedText = async (store: Pick<Store, 'getSetting'>) => (await store.getSetting('outlines')) ?? 'null';
const storedOf = async (dir: string) => v.parse(StoredOutlinesSchema, JSON.parse(await storedText(storeOf(dir))));
const sorted = (list: string[]) => [...list].sort();

async function refusal(p: Promise<unknown>): Promise<OutlinesError> {
	try {
		await p;
	} catch (e) {
		if (e instanceof OutlinesError) return e;
		throw e;
	}
	throw new Error('expected an OutlinesError');
}

// --- tile sources from the environment ------------------------------------------------------------

describe('tile sources (ATLAS_TILE_SOURCES)', () => {
	const saved = { sources: process.env.ATLAS_TILE_SOURCES, geo: process.env.ATLAS_GEO_API };
	afterEach(() => {
		for (const [name, value] of [
			['ATLAS_TILE_SOURCES', saved.sources],
			['ATLAS_GEO_API', saved.geo]
		] as const) {
			if (value === undefined) delete process.env[name];
			else process.env[name] = value;
		}
	});

	const regional = {
		id: 'regional',
		name: 'Plan régional',
		url: 'http://127.0.0.1:4300/plan/{z}/{x}/{y}.png',
		attribution: 'Région (tuiles de test)',
		attributionUrl: 'https://example.org/'
	};

	it('offers the default sources when the variable is unset or empty', () => {
		delete process.env.ATLAS_TILE_SOURCES;
		expect(tileSources()).toEqual(DEFAULT_TILE_SOURCES);
		process.env.ATLAS_TILE_SOURCES = '  ';
		expect(tileSources()).toEqual(DEFAULT_TILE_SOURCES);
	});

	it('reads a custom list, filling the optional numbers and never allowing prefetch by default', () => {
		process.env.ATLAS_TILE_SOURCES = JSON.stringify([regional, { ...DEFAULT_TILE_SOURCES[2] }]);
		const sources = tileSources();
		expect(sources.map((s) => s.id)).toEqual(['regional', 'osm']);
		expect(sources[0]).toEqual({ ...regional, minZoom: 0, maxZoom: 19, prefetch: false, tileBytes: 20_000 });
		expect(sources[1]).toEqual(DEFAULT_TILE_SOURCES[2]);
	});

	it('hands out copies: a caller cannot change the configuration', () => {
		delete process.env.ATLAS_TILE_SOURCES;
		(tileSources()[0] as { url: string }).url = 'https://evil.example/{z}/{x}/{y}';
		expect(tileSources()[0]?.url).toBe(DEFAULT_TILE_SOURCES[0]?.url);
	});

	it('refuses text that is not JSON, saying so', () => {
		expect(() => parseTileSources('[{ id: "osm" }')).toThrow(/ATLAS_TILE_SOURCES is not valid JSON/);
		process.env.ATLAS_TILE_SOURCES = 'osm';
		expect(() => tileSources()).toThrow(/ATLAS_TILE_SOURCES is not valid JSON/);
	});

	it('refuses a URL that is not http(s), naming the source and the key', () => {
		expect(() => parseTileSources(JSON.stringify([{ ...regional, url: 'ftp://tiles.example/{z}/{x}/{y}.png' }]))).toThrow(
			/ATLAS_TILE_SOURCES is invalid: source 0 \("regional"\) url: must start with http:\/\/ or https:\/\//
		);
		expect(() => parseTileSources(JSON.stringify([regional, { ...regional, id: 'b', url: 'pas une adresse {z}{x}{y}' }]))).toThrow(
			/source 1 \("b"\) url: not a valid URL/
		);
	});

	it('refuses a URL without its placeholders, or with {s} subdomains', () => {
		expect(() => parseTileSources(JSON.stringify([{ ...regional, url: 'https://tiles.example/{z}/{x}.png' }]))).toThrow(
			/source 0 \("regional"\) url: must contain the \{z\}, \{x\} and \{y\} placeholders/
		);
		expect(() => parseTileSources(JSON.stringify([{ ...regional, url: 'https://{s}.tiles.example/{z}/{x}/{y}.png' }]))).toThrow(
			/only the \{z\}, \{x\} and \{y\} placeholders/
		);
	});

	it('never lets OpenStreetMap be prepared offline (its tile policy forbids bulk download)', () => {
		expect(() => parseTileSources(JSON.stringify([{ ...regional, url: 'https://tile.openstreetmap.org/{z}/{x}/{y}.png', prefetch: true }]))).toThrow(
			/prefetch must be false for OpenStreetMap/
		);
		expect(parseTileSources(JSON.stringify([{ ...regional, url: 'https://tile.openstreetmap.org/{z}/{x}/{y}.png' }]))[0]?.prefetch).toBe(false);
	});

	it('names every other faulty key: id, zooms out of range or inverted, HTML, unknown key, duplicates', () => {
		const bad = (s: object) => () => parseTileSources(JSON.stringify([s]));
		expect(bad({ ...regional, id: 'Plan IGN' })).toThrow(/source 0 \("Plan IGN"\) id: lower-case letters/);
		expect(bad({ ...regional, maxZoom: 30 })).toThrow(/maxZoom: must be 24 or less/);
		expect(bad({ ...regional, minZoom: 1.5 })).toThrow(/minZoom: a whole number is expected/);
		expect(bad({ ...regional, minZoom: 12, maxZoom: 10 })).toThrow(/minZoom must not be above maxZoom/);
		expect(bad({ ...regional, attribution: '<a href="x">IGN</a>' })).toThrow(/attribution: plain text expected/);
		expect(bad({ ...regional, attributionUrl: 'javascript:alert(1)' })).toThrow(/attributionUrl: must start with http/);
		expect(bad({ ...regional, prefetch: 'yes' })).toThrow(/prefetch: true or false expected/);
		expect(bad({ ...regional, subdomains: 'abc' })).toThrow(/unknown key "?subdomains"?/);
		expect(bad({ ...regional, name: undefined })).toThrow(/name: required key missing/);
		expect(() => parseTileSources(JSON.stringify([regional, regional]))).toThrow(/two sources have the same id/);
		expect(() => parseTileSources('[]')).toThrow(/at least one tile source/);
		expect(() => parseTileSources('{}')).toThrow(/a JSON array of tile sources is expected/);
	});

	it('reads the API Géo address, and refuses one that is not an http(s) base URL', () => {
		delete process.env.ATLAS_GEO_API;
		expect(geoApiBase()).toBe('https://geo.api.gouv.fr');
		process.env.ATLAS_GEO_API = 'http://127.0.0.1:4301/geo/';
		expect(geoApiBase()).toBe('http://127.0.0.1:4301/geo');
		process.env.ATLAS_GEO_API = 'geo.api.gouv.fr';
		expect(() => geoApiBase()).toThrow(/ATLAS_GEO_API is not a URL/);
		process.env.ATLAS_GEO_API = 'https://geo.api.gouv.fr/?x=1';
		expect(() => geoApiBase()).toThrow(/ATLAS_GEO_API must be a base URL/);
	});

	it('lists the origins the pages must reach: each source and the API Géo, once each', () => {
		process.env.ATLAS_TILE_SOURCES = JSON.stringify([regional, { ...regional, id: 'other', url: 'http://127.0.0.1:4300/b/{z}/{x}/{y}.png' }]);
		process.env.ATLAS_GEO_API = 'http://127.0.0.1:4301';
		expect(mapOrigins()).toEqual(['http://127.0.0.1:4300', 'http://127.0.0.1:4301']);
		delete process.env.ATLAS_TILE_SOURCES;
		delete process.env.ATLAS_GEO_API;
		expect(mapOrigins()).toEqual(['https://data.geopf.fr', 'https://geo.api.gouv.fr', 'https://tile.openstreetmap.org']);
	});
});

// --- the security policy follows the configuration --------------------------------------------------

describe('withOrigins (Content-Security-Policy)', () => {
	// As SvelteKit writes it in hash mode, from svelte.config.js.
	const policy =
		"default-src 'self'; script-src 'self' 'sha256-Kx5ZiB6B2Q+gNwaV1K3s9mZcZ1n0g7mXJ5cGk8R3d2s='; style-src 'self' 'unsafe-inline'; " +
		"img-src 'self' data: blob: https://tile.openstreetmap.org https://*.tile.openstreetmap.org https://data.geopf.fr; " +
		"connect-src 'self' https://geo.api.gouv.fr https://data.geopf.fr; worker-src 'self'; object-src 'none'; frame-ancestors 'none'";
	const directive = (p: string, name: string) =>
		p
			.split(';')
			.map((s) => s.trim())
			.find((s) => s.startsWith(`${name} `));

	it('adds a new origin to img-src and connect-src, at the end, once', () => {
		const out = withOrigins(policy, ['http://127.0.0.1:4300']);
		expect(directive(out, 'img-src')).toBe(
			"img-src 'self' data: blob: https://tile.openstreetmap.org https://*.tile.openstreetmap.org https://data.geopf.fr http://127.0.0.1:4300"
		);
		expect(directive(out, 'connect-src')).toBe("connect-src 'self' https://geo.api.gouv.fr https://data.geopf.fr http://127.0.0.1:4300");
		expect(out.match(/http:\/\/127\.0\.0\.1:4300/g)).toHaveLength(2);
		expect(withOrigins(out, ['http://127.0.0.1:4300'])).toBe(out);
	});

	it('keeps the script hashes and every other directive exactly as they were', () => {
		const out = withOrigins(policy, ['http://127.0.0.1:4300', 'https://tiles.region.example']);
		const others = (p: string) => p.split(';').filter((s) => !/^\s*(img-src|connect-src)\s/.test(s));
		expect(others(out)).toEqual(others(policy));
		expect(out).toContain("script-src 'self' 'sha256-Kx5ZiB6B2Q+gNwaV1K3s9mZcZ1n0g7mXJ5cGk8R3d2s='");
		expect(out.split(';')).toHaveLength(policy.split(';').length);
	});

	it('adds nothing a directive already lists (any case), and no origin twice', () => {
		const out = withOrigins(policy, ['https://data.geopf.fr', 'https://DATA.geopf.fr', 'https://geo.api.gouv.fr']);
		expect(directive(out, 'img-src')).toBe(`${directive(policy, 'img-src')} https://geo.api.gouv.fr`);
		expect(directive(out, 'connect-src')).toBe(directive(policy, 'connect-src'));
		expect(withOrigins(policy, [])).toBe(policy);
	});

	it('leaves alone a missing directive, one that says none, and anything that is not a bare origin', () => {
		const small = "default-src 'self'; img-src 'none'";
		expect(withOrigins(small, ['http://127.0.0.1:4300'])).toBe(small);
		expect(withOrigins(policy, ["https://x.example; script-src 'unsafe-eval'", 'https://x.example/path', 'data:'])).toBe(policy);
	});
});

describe('the page answer carries the widened policy (hooks.server.ts)', () => {
	const saved = process.env.ATLAS_TILE_SOURCES;
	afterEach(() => {
		if (saved === undefined) delete process.env.ATLAS_TILE_SOURCES;
		else process.env.ATLAS_TILE_SOURCES = saved;
	});

	it('adds the configured tile server to the policy SvelteKit set, keeping its hashes', async () => {
		process.env.ATLAS_TILE_SOURCES = JSON.stringify([
			{ id: 'plan', name: 'Plan', url: 'http://127.0.0.1:4300/plan/{z}/{x}/{y}.png', attribution: 'Test', attributionUrl: 'https://example.org/' }
		]);
		const { handle } = await import('../../src/hooks.server');
		const kitPolicy = "default-src 'self'; script-src 'self' 'sha256-abc='; img-src 'self' data:; connect-src 'self'";
		const url = new URL('http://localhost/');
		const event = { request: new Request(url), url, cookies: { get: () => undefined }, locals: {} };
		const res = await handle({
			event: event as never,
			resolve: async () => new Response('<!doctype html>', { headers: { 'content-type': 'text/html', 'content-security-policy': kitPolicy } })
		});
		expect(res.headers.get('content-security-policy')).toBe(
			"default-src 'self'; script-src 'self' 'sha256-abc='; img-src 'self' data: http://127.0.0.1:4300 https://geo.api.gouv.fr; connect-src 'self' http://127.0.0.1:4300 https://geo.api.gouv.fr"
		);
		expect(res.headers.get('x-content-type-options')).toBe('nosniff');
	});
});

// --- commune outlines -----------------------------------------------------------------------------

// Each new data folder resolves its territory from the 10 MB geography file once: slow on a busy
// machine (the whole suite runs in parallel), hence the longer time limit of these groups.
const SLOW = { timeout: 20_000 };

describe('commune outlines from the API Géo', SLOW, () => {
	it('asks once per CDC and once per extra commune, and keeps only the territory’s communes', async () => {
		const dir = smallTerritoryDir();
		const o = await opts(dir);
		const served = await getOutlines(o);

		expect(stub.paths()).toEqual([`/epcis/${FORETS}/communes`, `/communes/${PERCHE_EN_NOCE}`]);
		for (const r of stub.requests) expect(new URL(r, 'http://x').search).toBe('?format=geojson&geometry=contour&fields=nom,code,centre');

		const collection = v.parse(OutlinesSchema, JSON.parse(served.body));
		const expected = [...(byCdc.get(FORETS) ?? []).map((c) => c.code), PERCHE_EN_NOCE];
		expect(sorted(codesOf(served.body))).toEqual(sorted(expected));
		expect(codesOf(served.body)).not.toContain(PARIS);
		expect(served).toMatchObject({ source: 'api-geo', outlined: 16, missing: [] });
		expect(served.etag).toMatch(/^"[0-9a-f]{24}"$/);

		// The API's centre when it gives one; computed from the contour when not (the single commune).
		const first = collection.features.find((f) => f.properties.code === expected[0]);
		const b = square(gridIndex.get(expected[0] as string) as number);
		expect(first?.properties.centre).toEqual([b.west + 0.01, b.south + 0.01]);
		const noce = collection.features.find((f) => f.properties.code === PERCHE_EN_NOCE);
		const s = square(gridIndex.get(PERCHE_EN_NOCE) as number);
		expect(noce?.properties).toEqual({ code: PERCHE_EN_NOCE, nom: 'Perche en Nocé', centre: [+(s.west + 0.02).toFixed(6), +(s.south + 0.02).toFixed(6)] });

		const stored = await storedOf(dir);
		expect(stored.source).toBe('api-geo');
		expect(stored.territoryKey).toBe(territoryKey(o.territory.communes.map((c) => c.insee)));
		expect(Date.parse(stored.fetchedAt)).not.toBeNaN();
	});

	it('serves the kept file afterwards without asking the API Géo again', async () => {
		const dir = smallTerritoryDir();
		const first = await getOutlines(await opts(dir));
		stub.requests = [];
		const second = await getOutlines(await opts(dir));
		expect(stub.requests).toEqual([]);
		expect(second.etag).toBe(first.etag);
		expect(second.body).toBe(first.body);
	});

	it('makes one fetch for requests that arrive together', async () => {
		const dir = smallTerritoryDir();
		const o = await opts(dir);
		const answers = await Promise.all([getOutlines(o), getOutlines(o), getOutlines(o)]);
		expect(stub.requests).toHaveLength(2);
		expect(new Set(answers.map((a) => a.etag)).size).toBe(1);
	});

	it('fetches again when the territory changes', async () => {
		const dir = smallTerritoryDir();
		const before = await getOutlines(await opts(dir));
		stub.requests = [];
		await changeTerritory(dir, [FORETS, COEUR]); // Perche en Nocé now comes with its CDC
		const after = await getOutlines(await opts(dir));
		expect(sorted(stub.paths())).toEqual(sorted([`/epcis/${FORETS}/communes`, `/epcis/${COEUR}/communes`]));
		expect(after.outlined).toBe(27);
		expect(after.etag).not.toBe(before.etag);
		stub.requests = [];
		await getOutlines(await opts(dir));
		expect(stub.requests).toEqual([]);
	});

	it('asks commune by commune for what a CDC answer lacked, and lists what has no outline at all', async () => {
		const dir = tempDir();
		writeTerritory(dir, [], [PERCHE_EN_NOCE, '61293']); // Mortagne-au-Perche: the stub does not know it
		const served = await getOutlines(await opts(dir));
		expect(sorted(stub.paths())).toEqual(sorted([`/communes/${PERCHE_EN_NOCE}`, '/communes/61293']));
		expect(served.outlined).toBe(1);
		expect(served.missing).toEqual([{ code: '61293', nom: 'Mortagne-au-Perche' }]);
	});

	it('keeps serving the kept outlines while the API Géo is down, filtered to the new territory', async () => {
		const dir = smallTerritoryDir();
		await getOutlines(await opts(dir));
		const kept = await storedText(storeOf(dir));
		await changeTerritory(dir, [FORETS]); // a changed territory: a fetch is due
		stub.mode = 'down';
		const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
		const served = await getOutlines(await opts(dir));
		expect(stub.requests.length).toBeGreaterThan(0);
		expect(served.source).toBe('api-geo');
		expect(served.outlined).toBe(15);
		expect(codesOf(served.body)).not.toContain(PERCHE_EN_NOCE); // no longer in the territory
		expect(await storedText(storeOf(dir))).toBe(kept);
		expect(logged).toHaveBeenCalled();
		logged.mockRestore();
	});

	it('waits a while after a failure before asking the API Géo again', async () => {
		const dir = smallTerritoryDir();
		await getOutlines(await opts(dir));
		await changeTerritory(dir, [FORETS]);
		stub.mode = 'down';
		let now = Date.parse('2026-11-28T10:00:00Z');
		const timed = () => opts(dir, { retryAfterMs: 5 * 60_000, now: () => new Date(now) });
		const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
		await getOutlines(await timed());
		const asked = stub.requests.length;
		now += 60_000;
		expect((await getOutlines(await timed())).outlined).toBe(15);
		expect(stub.requests).toHaveLength(asked); // answered at once from the file
		stub.mode = 'ok';
		now += 5 * 60_000;
		const fresh = await getOutlines(await timed());
		expect(stub.requests.length).toBeGreaterThan(asked);
		expect((await storedOf(dir)).territoryKey).toBe(territoryKey((await timed()).territory.communes.map((c) => c.insee)));
		expect(fresh.outlined).toBe(15);
		logged.mockRestore();
	});

	it('is unavailable when there is no file and the API Géo is down or unreachable', async () => {
		const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
		const dir = smallTerritoryDir();
		stub.mode = 'down';
		expect((await refusal(getOutlines(await opts(dir)))).code).toBe('outlines_unavailable');
		expect(await storeOf(dir).getSetting('outlines')).toBeNull();

		// Nothing listens there.
		const closed = createServer();
		await new Promise<void>((done) => closed.listen(0, '127.0.0.1', done));
		const port = (closed.address() as AddressInfo).port;
		await new Promise<void>((done) => closed.close(() => done()));
		const other = smallTerritoryDir();
		expect((await refusal(getOutlines(await opts(other, { base: `http://127.0.0.1:${port}` })))).code).toBe('outlines_unavailable');
		logged.mockRestore();
	});

	it('gives up on an API Géo that does not answer in time', async () => {
		const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
		const dir = smallTerritoryDir();
		const o = await opts(dir, { timeoutMs: 200 });
		stub.mode = 'hang';
		const started = Date.now();
		expect((await refusal(getOutlines(o))).code).toBe('outlines_unavailable');
		expect(Date.now() - started).toBeLessThan(3_000);
		logged.mockRestore();
	});

	it('refuses an answer that is not GeoJSON outlines in longitude/latitude, keeping what it had', async () => {
		const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
		const dir = smallTerritoryDir();
		stub.mode = 'invalid';
		expect((await refusal(getOutlines(await opts(dir)))).code).toBe('outlines_unavailable');
		expect(String(logged.mock.calls[0]?.[1])).toMatch(/not GeoJSON commune outlines/);
		stub.mode = 'garbage';
		expect((await refusal(getOutlines(await opts(dir)))).code).toBe('outlines_unavailable');
		expect(await storeOf(dir).getSetting('outlines')).toBeNull();

		stub.mode = 'ok';
		const good = await getOutlines(await opts(dir));
		stub.mode = 'invalid';
		await changeTerritory(dir, [FORETS]);
		expect((await getOutlines(await opts(dir))).outlined).toBe(15);
		expect((await storedOf(dir)).territoryKey).not.toBe(territoryKey((await opts(dir)).territory.communes.map((c) => c.insee)));
		expect(good.outlined).toBe(16);
		logged.mockRestore();
	});

	it('imports a valid legacy outlines.json once, without asking the API Géo, then no longer reads it', async () => {
		const before = smallTerritoryDir();
		await getOutlines(await opts(before));
		const text = await storedText(storeOf(before));
		const dir = smallTerritoryDir();
		fs.writeFileSync(path.join(dir, 'outlines.json'), text);
		stub.requests = [];
		const served = await getOutlines(await opts(dir));
		expect(stub.requests).toEqual([]);
		expect(served).toMatchObject({ source: 'api-geo', outlined: 16 });
		expect(JSON.parse(await storedText(storeOf(dir)))).toEqual(JSON.parse(text));
		expect(await storeOf(dir).getSetting('outlines_version')).not.toBeNull();
		// The file is left as it is; what it says afterwards changes nothing.
		fs.writeFileSync(path.join(dir, 'outlines.json'), '{}');
		expect((await getOutlines(await opts(dir))).etag).toBe(served.etag);
		expect(fs.readFileSync(path.join(dir, 'outlines.json'), 'utf8')).toBe('{}');
	});

	it('ignores a damaged legacy file and fetches again', async () => {
		const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
		const dir = smallTerritoryDir();
		fs.writeFileSync(path.join(dir, 'outlines.json'), '{"source":"file","collection":');
		expect((await getOutlines(await opts(dir))).outlined).toBe(16);
		expect(stub.requests).toHaveLength(2);
		expect((await storedOf(dir)).source).toBe('api-geo');
		logged.mockRestore();
	});
});

describe('a coordinator’s file of commune outlines', SLOW, () => {
	const feature = (properties: Record<string, unknown> | null, ...rings: number[][][]) => ({
		type: 'Feature',
		properties,
		geometry: rings.length === 1 ? { type: 'Polygon', coordinates: [rings[0]] } : { type: 'MultiPolygon', coordinates: rings.map((r) => [r]) }
	});
	const ring = (west: number, south: number, size: number) => [
		[west, south],
		[west + size, south],
		[west + size, south + size],
		[west, south + size],
		[west, south]
	];

	/** Three communes of the small territory in three spellings, one outsider, one split commune. */
	function upload() {
		const forets = (byCdc.get(FORETS) ?? []).map((c) => c.code);
		return {
			type: 'FeatureCollection',
			features: [
				feature({ INSEE_COM: forets[0], NOM: 'ignored' }, ring(0.7, 48.4, 0.04)),
				feature({ insee: forets[1] }, ring(0.8, 48.4, 0.04)),
				feature({ code: PERCHE_EN_NOCE, centre: [0.61, 48.31] }, ring(0.6, 48.3, 0.02)),
				feature({ code: PERCHE_EN_NOCE }, ring(0.65, 48.3, 0.01)), // a second piece of the same commune
				feature({ code: PARIS }, ring(2.3, 48.8, 0.1))
			]
		};
	}

	it('replaces the outlines: codes normalised, outsiders dropped, pieces joined, missing centre computed', async () => {
		const dir = smallTerritoryDir();
		await getOutlines(await opts(dir));
		stub.requests = [];
		const forets = (byCdc.get(FORETS) ?? []).map((c) => c.code);
		const result = await uploadOutlines(upload(), await opts(dir));

		expect(result).toMatchObject({ source: 'file', outlined: 3, dropped: 1 });
		expect(result.missing).toHaveLength(13);
		expect(result.missing.map((m) => m.code)).toEqual(expect.arrayContaining(forets.slice(2)));
		expect(result.missing[0]).toEqual({ code: expect.any(String), nom: expect.any(String) });

		const served = await getOutlines(await opts(dir));
		expect(stub.requests).toEqual([]);
		expect(served.etag).toBe(result.etag);
		const collection = v.parse(OutlinesSchema, JSON.parse(served.body));
		const byCode = new Map(collection.features.map((f) => [f.properties.code, f]));
		expect(sorted([...byCode.keys()])).toEqual(sorted([forets[0] as string, forets[1] as string, PERCHE_EN_NOCE]));
		const firstForets = byCode.get(forets[0] as string);
		expect(firstForets?.properties.centre).toEqual([0.72, 48.42]);
		expect(firstForets?.properties.nom).not.toBe('ignored'); // the official name of the territory
		const noce = byCode.get(PERCHE_EN_NOCE);
		expect(noce?.geometry.type).toBe('MultiPolygon');
		expect(noce?.properties.centre).toEqual([0.61, 48.31]);
		expect((await storedOf(dir)).source).toBe('file');
	});

	it('keeps the file when the territory changes, showing only the communes still in it', async () => {
		const dir = smallTerritoryDir();
		await uploadOutlines(upload(), await opts(dir));
		await changeTerritory(dir, [FORETS]);
		const served = await getOutlines(await opts(dir));
		expect(stub.requests).toEqual([]);
		expect(served.source).toBe('file');
		expect(served.outlined).toBe(2);
	});

	it('reads codes written as numbers (a lost leading zero) and any case of the key', async () => {
		const dir = smallTerritoryDir();
		const result = await uploadOutlines({ type: 'FeatureCollection', features: [feature({ Code_Insee: 61309 }, ring(0.6, 48.3, 0.02))] }, await opts(dir));
		expect(result.outlined).toBe(1);
	});

	it('refuses what is not a FeatureCollection of lon/lat polygons, a feature without a code, or no commune of the territory', async () => {
		const dir = smallTerritoryDir();
		const o = await opts(dir);
		const base = upload();
		const invalid = async (input: unknown) => (await refusal(uploadOutlines(input, o))).code;
		expect(await invalid(null)).toBe('outlines_invalid');
		expect(await invalid({ type: 'FeatureCollection', features: [] })).toBe('outlines_invalid');
		expect(await invalid({ ...base, type: 'GeometryCollection' })).toBe('outlines_invalid');
		expect(
			await invalid({
				type: 'FeatureCollection',
				features: [{ ...feature({ code: PERCHE_EN_NOCE }, ring(0.6, 48.3, 0.02)), geometry: { type: 'Point', coordinates: [0.6, 48.3] } }]
			})
		).toBe('outlines_invalid');
		// Lambert-93 metres, not degrees.
		expect(await invalid({ type: 'FeatureCollection', features: [feature({ code: PERCHE_EN_NOCE }, ring(512000, 6812000, 1000))] })).toBe('outlines_invalid');
		expect(await invalid({ ...base, crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::2154' } } })).toBe('outlines_invalid');
		// An unclosed ring.
		expect(
			await invalid({
				type: 'FeatureCollection',
				features: [
					feature(
						{ code: PERCHE_EN_NOCE },
						ring(0.6, 48.3, 0.02)
							.slice(0, 4)
							.concat([[0.6, 48.31]])
					)
				]
			})
		).toBe('outlines_invalid');

		const noCode = await refusal(
			uploadOutlines({ type: 'FeatureCollection', features: [base.features[0], feature({ nom: 'Sans code' }, ring(0.6, 48.3, 0.02))] }, o)
		);
		expect(noCode.code).toBe('outlines_invalid');
		expect(noCode.feature).toBe(2);

		expect(await invalid({ type: 'FeatureCollection', features: [feature({ code: PARIS }, ring(2.3, 48.8, 0.1))] })).toBe('outlines_no_match');
		expect(await storeOf(dir).getSetting('outlines')).toBeNull();

		// A CRS84 declaration (QGIS writes one) is fine.
		expect((await uploadOutlines({ ...base, crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:OGC:1.3:CRS84' } } }, o)).outlined).toBe(3);
	});

	it('goes back to the API Géo when the file is forgotten', async () => {
		const dir = smallTerritoryDir();
		await uploadOutlines(upload(), await opts(dir));
		const back = await resetOutlines(await opts(dir));
		expect(stub.requests).toHaveLength(2);
		expect(back).toMatchObject({ source: 'api-geo', outlined: 16, missing: [] });
		expect((await storedOf(dir)).source).toBe('api-geo');
		stub.requests = [];
		expect((await getOutlines(await opts(dir))).source).toBe('api-geo');
		expect(stub.requests).toEqual([]);
	});

	it('keeps the file when the API Géo cannot be reached to replace it', async () => {
		const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
		const dir = smallTerritoryDir();
		await uploadOutlines(upload(), await opts(dir));
		stub.mode = 'down';
		expect((await refusal(resetOutlines(await opts(dir)))).code).toBe('outlines_unavailable');
		expect((await getOutlines(await opts(dir))).source).toBe('file');
		logged.mockRestore();
	});

	it('is not overwritten by a fetch that was under way when it arrived', async () => {
		const dir = smallTerritoryDir();
		stub.mode = 'held';
		const fetching = getOutlines(await opts(dir));
		await vi.waitFor(() => expect(stub.requests.length).toBeGreaterThan(0));
		const uploaded = await uploadOutlines(upload(), await opts(dir));
		stub.release();
		const served = await fetching;
		expect(stub.requests).toHaveLength(2); // the fetch did complete
		expect(served.source).toBe('file');
		expect(served.etag).toBe(uploaded.etag);
		expect((await storedOf(dir)).source).toBe('file');
	});
});

describe('centreOf', () => {
	it('is the centroid of the largest outer ring', () => {
		expect(
			centreOf({
				type: 'Polygon',
				coordinates: [
					[
						[0, 0],
						[2, 0],
						[2, 2],
						[0, 2],
						[0, 0]
					]
				]
			})
		).toEqual([1, 1]);
		expect(
			centreOf({
				type: 'MultiPolygon',
				coordinates: [
					[
						[
							[10, 10],
							[11, 10],
							[11, 11],
							[10, 11],
							[10, 10]
						]
					],
					[
						[
							[0, 0],
							[4, 0],
							[4, 2],
							[0, 2],
							[0, 0]
						]
					]
				]
			})
		).toEqual([2, 1]);
		// An L shape: the centroid is weighted by area, not the mean of the corners.
		expect(
			centreOf({
				type: 'Polygon',
				coordinates: [
					[
						[0, 0],
						[3, 0],
						[3, 1],
						[1, 1],
						[1, 3],
						[0, 3],
						[0, 0]
					]
				]
			})
		).toEqual([1.1, 1.1]);
	});
});

// --- the routes -----------------------------------------------------------------------------------

type Handler = (event: never) => Promise<Response> | Response;

describe('the routes', SLOW, () => {
	const saved = { dir: process.env.ATLAS_DATA_DIR, geo: process.env.ATLAS_GEO_API, sources: process.env.ATLAS_TILE_SOURCES };
	let outlinesRoute: { GET: Handler; POST: Handler; DELETE: Handler };
	let sourcesRoute: { GET: Handler };
	let store: import('$lib/server/store/types').Store;

	const person = (id: string, role: User['role']): User => ({
		id,
		name: id,
		role,
		communes: [],
		login: null,
		passwordHash: null,
		createdAt: '2026-11-28T10:00:00.000Z',
		lastSeenAt: null,
		revokedAt: null
	});
	const coordinator = person('coord', 'coordinateur');
	const volunteer = person('marie', 'benevole');
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

	function call(route: Record<string, Handler>, method: string, url: string, as: User | null, init: RequestInit = {}) {
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
	const getOutlinesRoute = (headers: Record<string, string> = {}) => call(outlinesRoute, 'GET', '/api/territory/outlines', null, { headers });
	const postOutlines = (as: User | null, body: string, headers: Record<string, string> = {}) =>
		call(outlinesRoute, 'POST', '/api/territory/outlines', as, { body, headers: { 'content-type': 'application/geo+json', ...headers } });

	beforeAll(async () => {
		// The store is opened once, in its own folder; each test then gets a fresh data folder.
		process.env.ATLAS_DATA_DIR = tempDir();
		store = (await import('$lib/server/context')).getStore();
		for (const u of [coordinator, volunteer]) await store.insertUser(u);
		outlinesRoute = (await import('../../src/routes/api/territory/outlines/+server')) as unknown as typeof outlinesRoute;
		sourcesRoute = (await import('../../src/routes/api/map/sources/+server')) as unknown as typeof sourcesRoute;
	});
	beforeEach(() => {
		// Each test starts from a database without territory or outlines; its data folder holds a
		// legacy territory.json, imported at the first request.
		(store as SqliteStore).db.prepare(`DELETE FROM settings WHERE key IN ('territory', 'outlines', 'outlines_version')`).run();
		process.env.ATLAS_DATA_DIR = smallTerritoryDir();
		process.env.ATLAS_GEO_API = stub.origin;
		delete process.env.ATLAS_TILE_SOURCES;
	});
	afterAll(async () => {
		await store.close();
		for (const [name, value] of [
			['ATLAS_DATA_DIR', saved.dir],
			['ATLAS_GEO_API', saved.geo],
			['ATLAS_TILE_SOURCES', saved.sources]
		] as const) {
			if (value === undefined) delete process.env[name];
			else process.env[name] = value;
		}
	});

	it('GET /api/map/sources answers the configured sources, to be revalidated', async () => {
		const res = await call(sourcesRoute, 'GET', '/api/map/sources', null);
		expect(res.status).toBe(200);
		expect(res.headers.get('cache-control')).toBe('no-cache');
		expect(((await res.json()) as { sources: unknown }).sources).toEqual(DEFAULT_TILE_SOURCES);
		const etag = res.headers.get('etag') ?? '';
		expect(etag).toMatch(/^"[0-9a-f]+"$/);
		const again = await call(sourcesRoute, 'GET', '/api/map/sources', null, { headers: { 'If-None-Match': etag } });
		expect(again.status).toBe(304);

		process.env.ATLAS_TILE_SOURCES = JSON.stringify([
			{ id: 'plan', name: 'Plan', url: 'http://127.0.0.1:4300/{z}/{x}/{y}.png', attribution: 'Test', attributionUrl: 'https://example.org/' }
		]);
		const custom = await call(sourcesRoute, 'GET', '/api/map/sources', null, { headers: { 'If-None-Match': etag } });
		expect(custom.status).toBe(200);
		expect(((await custom.json()) as { sources: { id: string }[] }).sources.map((s) => s.id)).toEqual(['plan']);
	});

	it('GET /api/territory/outlines answers the GeoJSON with an ETag, and 304 to a device that has it', async () => {
		const res = await getOutlinesRoute();
		expect(res.status).toBe(200);
		expect(res.headers.get('content-type')).toMatch(/^application\/geo\+json/);
		expect(res.headers.get('cache-control')).toBe('no-cache');
		expect(v.parse(OutlinesSchema, await res.json()).features).toHaveLength(16);
		const etag = res.headers.get('etag') ?? '';
		const again = await getOutlinesRoute({ 'If-None-Match': `W/${etag}` });
		expect(again.status).toBe(304);
		expect(await again.text()).toBe('');
		expect(stub.requests).toHaveLength(2);
	});

	it('GET /api/territory/outlines answers 503 with a French message when it has nothing to give', async () => {
		const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
		stub.mode = 'down';
		const res = await getOutlinesRoute();
		expect(res.status).toBe(503);
		expect(res.headers.get('retry-after')).toBe('300');
		const body = (await res.json()) as { code: string; message: string };
		expect(body.code).toBe('outlines_unavailable');
		expect(body.message).toMatch(/contours des communes ne sont pas disponibles/);
		logged.mockRestore();
	});

	it('POST is for the coordinator only', async () => {
		const file = JSON.stringify(upload());
		expect((await postOutlines(null, file)).status).toBe(401);
		expect((await postOutlines(volunteer, file)).status).toBe(403);
		expect(await store.getSetting('outlines')).toBeNull();
	});

	it('POST stores the coordinator’s file, says what it got, and is written in the audit log', async () => {
		const res = await postOutlines(coordinator, JSON.stringify(upload()));
		expect(res.status).toBe(200);
		const body = (await res.json()) as { source: string; outlined: number; dropped: number; missing: { code: string; nom: string }[] };
		expect(body).toMatchObject({ source: 'file', outlined: 3, dropped: 1 });
		expect(body.missing).toHaveLength(13);
		const entry = (await store.listAudit(10)).find((e) => e.action === 'territory.outlines_uploaded');
		expect(entry).toMatchObject({ actorId: coordinator.id, detail: { outlined: 3, missing: 13, dropped: 1 } });

		const served = await getOutlinesRoute();
		expect(v.parse(OutlinesSchema, await served.json()).features).toHaveLength(3);
		expect(stub.requests).toEqual([]);
	});

	it('POST refuses a bad file with a French message that says what is wrong', async () => {
		const noCode = await postOutlines(
			coordinator,
			JSON.stringify({
				type: 'FeatureCollection',
				features: [
					{
						type: 'Feature',
						properties: {},
						geometry: {
							type: 'Polygon',
							coordinates: [
								[
									[0.6, 48.3],
									[0.7, 48.3],
									[0.7, 48.4],
									[0.6, 48.3]
								]
							]
						}
					}
				]
			})
		);
		expect(noCode.status).toBe(400);
		expect(await noCode.json()).toMatchObject({ code: 'outlines_invalid', feature: 1, message: expect.stringMatching(/objet n° 1 .*code INSEE/) });

		const notGeo = await postOutlines(coordinator, JSON.stringify({ hello: 'world' }));
		expect(notGeo.status).toBe(400);
		expect(await notGeo.json()).toMatchObject({ code: 'outlines_invalid', message: expect.stringMatching(/GeoJSON/) });

		const outsiders = await postOutlines(
			coordinator,
			JSON.stringify({
				type: 'FeatureCollection',
				features: [
					{
						type: 'Feature',
						properties: { code: PARIS },
						geometry: {
							type: 'Polygon',
							coordinates: [
								[
									[2.3, 48.8],
									[2.4, 48.8],
									[2.4, 48.9],
									[2.3, 48.8]
								]
							]
						}
					}
				]
			})
		);
		expect(outsiders.status).toBe(400);
		expect(await outsiders.json()).toMatchObject({ code: 'outlines_no_match' });

		expect((await postOutlines(coordinator, '{ not json')).status).toBe(400);
		const huge = await postOutlines(coordinator, '{}', { 'content-length': String(16 * 1024 * 1024) });
		expect(huge.status).toBe(413);
	});

	it('DELETE (coordinator) forgets the file and goes back to the API Géo', async () => {
		await postOutlines(coordinator, JSON.stringify(upload()));
		expect((await call(outlinesRoute, 'DELETE', '/api/territory/outlines', volunteer)).status).toBe(403);
		const res = await call(outlinesRoute, 'DELETE', '/api/territory/outlines', coordinator);
		expect(res.status).toBe(200);
		expect(await res.json()).toMatchObject({ source: 'api-geo', outlined: 16, missing: [] });
		expect((await store.listAudit(10)).some((e) => e.action === 'territory.outlines_reset')).toBe(true);
	});

	/** The same file as above, for the routes. */
	function upload() {
		const forets = (byCdc.get(FORETS) ?? []).map((c) => c.code);
		const sq = (west: number, south: number) => [
			[
				[west, south],
				[west + 0.04, south],
				[west + 0.04, south + 0.04],
				[west, south + 0.04],
				[west, south]
			]
		];
		return {
			type: 'FeatureCollection',
			features: [
				{ type: 'Feature', properties: { INSEE_COM: forets[0] }, geometry: { type: 'Polygon', coordinates: sq(0.7, 48.4) } },
				{ type: 'Feature', properties: { insee: forets[1] }, geometry: { type: 'Polygon', coordinates: sq(0.8, 48.4) } },
				{ type: 'Feature', properties: { code: PERCHE_EN_NOCE }, geometry: { type: 'Polygon', coordinates: sq(0.6, 48.3) } },
				{ type: 'Feature', properties: { code: PARIS }, geometry: { type: 'Polygon', coordinates: sq(2.3, 48.8) } }
			]
		};
	}
});
