/**
 * State that several app instances share goes through the database: two stores opened
 * on the same data (tests/unit/stores.ts: two SQLite connections to one file, or two PostgreSQL
 * connections to one database) stand for two instances of the app. Nothing an instance keeps in
 * memory may hide what the other wrote.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pull, push } from '$lib/server/sync/service';
import { formatHlc, parseHlc } from '$lib/domain/hlc';
import type { Territory } from '$lib/domain/territory';
import { RateLimiter } from '$lib/server/ratelimit';
import { loadTerritory } from '$lib/server/territory';
import { resetConfig, saveConfig } from '$lib/server/territory-config';
import { getOutlines, uploadOutlines, type OutlinesOptions } from '$lib/server/map/outlines';
import type { User } from '$lib/server/store/types';
import type { Mutation } from '$lib/schemas/sync';
import { openTestStore, type TestStore } from './stores';

let dir: string;
let a: TestStore;
let b: TestStore;
const T0 = Date.parse('2026-11-28T10:00:00.000Z');
const V = { protocol: 1, schemaVersion: 1 };
const marie: User = {
	id: 'marie',
	name: 'Marie',
	role: 'benevole',
	communes: [],
	login: null,
	passwordHash: null,
	createdAt: new Date(T0).toISOString(),
	lastSeenAt: null,
	revokedAt: null
};
const claire: User = { ...marie, id: 'claire', name: 'Claire', role: 'coordinateur' };

beforeEach(async () => {
	dir = mkdtempSync(join(tmpdir(), 'atlas-shared-'));
	a = await openTestStore(dir);
	b = await openTestStore(dir);
	for (const u of [marie, claire]) await a.insertUser(u);
});
afterEach(async () => {
	await a.close();
	await b.close();
	rmSync(dir, { recursive: true, force: true });
});

describe('rate limits shared by instances', () => {
	it('counts the attempts made through every instance together', async () => {
		const limiter = new RateLimiter(10, 60_000);
		for (let i = 0; i < 10; i++) expect((await limiter.take(i % 2 ? a : b, 'join:9.9.9.9', T0 + i)).allowed).toBe(true);
		expect(await limiter.take(a, 'join:9.9.9.9', T0 + 20)).toEqual({ allowed: false, retryAfter: 60 });
		expect(await limiter.take(b, 'join:9.9.9.9', T0 + 30_000)).toEqual({ allowed: false, retryAfter: 30 });
		// Another key has its own window; the window ends for everyone at once.
		expect((await limiter.take(b, 'join:1.1.1.1', T0 + 21)).allowed).toBe(true);
		expect(await limiter.take(a, 'join:9.9.9.9', T0 + 60_000)).toEqual({ allowed: true, retryAfter: 0 });
		expect(await b.hitRateLimit('join:9.9.9.9', 60_000, T0 + 60_001)).toEqual({ count: 2, resetAt: T0 + 120_000 });
	});
});

const future = (seq: number, id: string, note: string): Mutation => {
	const hlc = formatHlc(T0 + 2 * 86_400_000, 0, 'marie');
	return {
		seq,
		recordId: id,
		fields: { category: { v: 'pressoir', hlc }, name: { v: 'Pressoir', hlc }, commune: { v: '61309', hlc }, notes: { v: note, hlc } }
	};
};

async function stampOf(store: TestStore, id: string): Promise<string> {
	const page = await pull({ store, now: new Date(T0) }, claire, { ...V, clientId: 'claire-pc-00001', cursor: 0 });
	return page.changes.find((c) => c.id === id)?.fields.notes?.hlc ?? '';
}

describe('server clock shared by instances', () => {
	it('hands out increasing stamps for future stamps pushed through two instances, even one whose clock is behind', async () => {
		await push({ store: a, now: new Date(T0) }, marie, { ...V, clientId: 'marie-phone-0001', mutations: [future(1, 'SheetFromInstanceA0', 'a')] });
		// Instance B's clock is 10 s behind A's: its server clock still continues from A's last tick.
		await push({ store: b, now: new Date(T0 - 10_000) }, marie, { ...V, clientId: 'marie-phone-0001', mutations: [future(2, 'SheetFromInstanceB0', 'b')] });
		const first = await stampOf(a, 'SheetFromInstanceA0');
		const second = await stampOf(b, 'SheetFromInstanceB0');
		expect(parseHlc(first)?.node).toBe('server');
		expect(second > first).toBe(true);
		const last = parseHlc(second);
		expect(JSON.parse((await b.getSetting('server_clock')) ?? '{}')).toEqual({ millis: last?.millis, counter: last?.counter });
	});

	it('continues from the clock another process left in the database', async () => {
		const ahead = T0 + 3_600_000;
		await b.putSetting('server_clock', JSON.stringify({ millis: ahead, counter: 7 }));
		await push({ store: a, now: new Date(T0) }, marie, { ...V, clientId: 'marie-phone-0001', mutations: [future(1, 'SheetAfterTheClock0', 'x')] });
		// Four future stamps in the mutation: ticks 8 to 11 (0x000b), notes being the fourth.
		expect(await stampOf(a, 'SheetAfterTheClock0')).toBe(formatHlc(ahead, 11, 'server'));
	});

	it('leaves the clock alone when no stamp is from the future', async () => {
		const now = formatHlc(T0, 0, 'marie');
		await push({ store: a, now: new Date(T0) }, marie, {
			...V,
			clientId: 'marie-phone-0001',
			mutations: [
				{
					seq: 1,
					recordId: 'SheetOnTimeSheet000',
					fields: { category: { v: 'pressoir', hlc: now }, name: { v: 'Pressoir', hlc: now }, commune: { v: '61309', hlc: now } }
				}
			]
		});
		expect(await a.getSetting('server_clock')).toBeNull();
	});
});

describe('territory shared by instances', () => {
	it('a territory chosen through one instance is served by the other at its next request', async () => {
		expect((await loadTerritory(b, dir)).communes).toHaveLength(128);
		await saveConfig(a, { id: 'essai', name: 'Cœur du Perche', cdc: ['200068435'], communes: [] });
		expect((await loadTerritory(b, dir)).communes).toHaveLength(12);
		await resetConfig(b, dir);
		expect((await loadTerritory(a, dir)).communes).toHaveLength(128);
	});
});

describe('outlines shared by instances', () => {
	const commune = (insee: string, name: string) => ({ insee, name, department: '61', cdc: null, population: null, postalCodes: [] });
	const territory: Territory = {
		id: 'essai',
		name: 'Essai',
		version: '1',
		cdcs: [],
		communes: [commune('61309', 'Perche en Nocé'), commune('61345', 'Rémalard en Perche')]
	};
	const square = (lon: number, lat: number) => [
		[
			[lon, lat],
			[lon + 0.1, lat],
			[lon + 0.1, lat + 0.1],
			[lon, lat + 0.1],
			[lon, lat]
		]
	];
	const feature = (code: string, lon: number) => ({
		type: 'Feature',
		properties: { code, nom: code },
		geometry: { type: 'Polygon', coordinates: square(lon, 48.4) }
	});
	/** A stand-in for the API Géo: one commune per request, once `gate` opens. */
	const apiGeo = (gate: Promise<void> = Promise.resolve()): typeof fetch =>
		(async (url: string | URL | Request) => {
			await gate;
			const code = /\/communes\/(\d{5})/.exec(String(url))?.[1] ?? '';
			return new Response(JSON.stringify(feature(code, 0.5)), { headers: { 'content-type': 'application/json' } });
		}) as typeof fetch;
	const upload = { type: 'FeatureCollection', features: [feature('61309', 0.7), feature('61345', 0.9)] };
	const opts = (store: TestStore, geo: typeof fetch = apiGeo()): OutlinesOptions => ({
		territory,
		store,
		dir,
		base: 'http://api-geo.invalid',
		fetch: geo,
		retryAfterMs: 0
	});

	it('an upload through one instance is served by the other at its next request', async () => {
		expect((await getOutlines(opts(b))).source).toBe('api-geo');
		const uploaded = await uploadOutlines(upload, opts(a));
		const seen = await getOutlines(opts(b));
		expect(seen.source).toBe('file');
		expect(seen.etag).toBe(uploaded.etag);
	});

	it('an upload through one instance beats a fetch the other started before it', async () => {
		let open = () => {};
		const gate = new Promise<void>((resolve) => (open = resolve));
		const fetching = getOutlines(opts(b, apiGeo(gate)));
		// B's fetch is under way (it read "no outlines" before asking the API Géo); A uploads meanwhile.
		await new Promise((resolve) => setTimeout(resolve, 20));
		const uploaded = await uploadOutlines(upload, opts(a));
		open();
		expect((await fetching).source).toBe('file');
		expect((await getOutlines(opts(a))).etag).toBe(uploaded.etag);
		expect((await getOutlines(opts(b))).source).toBe('file');
	});
});
