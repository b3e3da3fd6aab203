/**
 * Preparing the map offline: the plan of a download (each tile once), the
 * download itself against a fake tile server and an in-memory Cache Storage (only sources that
 * allow it, exactly the planned tiles, nothing asked twice on resume, cancel, failures, lost
 * network, full disk), and removal that keeps the tiles another area still covers.
 *
 * Boxes are laid around (0°, 0°) where tile edges are known without a calculator: longitude 0 and
 * the equator are tile edges at every zoom, and at zooms 8–10 a tile is at least 0.35° wide and
 * high, so a box within ±0.1° touches the two columns x = n/2 − 1 (west of 0°) and n/2 (east),
 * and the two rows y = n/2 − 1 (north of the equator) and n/2 (south), n = 2^z.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { AtlasDb } from '$lib/db/database';
import { listAreaRows } from '$lib/db/map-areas';
import { PREPARED_TILES } from '$lib/map/caches';
import { planArea, prepareArea, PrepareRefused, removeArea, listAreas, type CommuneBox, type TileCache, type TileCacheStorage } from '$lib/offline/prepare-map';
import { isOpenStreetMap } from '$lib/domain/tile-sources';
import type { TileSource } from '$lib/domain/tile-sources';
import type { Bbox } from '$lib/domain/tiles';

const plan: TileSource = {
	id: 'plan',
	name: 'Plan de test',
	url: 'https://tiles.test/plan/{z}/{x}/{y}.png',
	attribution: 'test',
	attributionUrl: 'https://example.org/',
	minZoom: 0,
	maxZoom: 19,
	prefetch: true,
	tileBytes: 1000
};
const osm: TileSource = { ...plan, id: 'osm', name: 'OpenStreetMap', url: 'https://tiles.test/osm/{z}/{x}/{y}.png', prefetch: false };

/** ±0.1° around (0, 0): 2 columns × 2 rows at each zoom 8–10. */
const square: Bbox = { west: -0.1, south: -0.1, east: 0.1, north: 0.1 };
/** West of 0°, both rows: 1 column × 2 rows. */
const west: Bbox = { west: -0.1, south: -0.1, east: -0.01, north: 0.1 };
/** North of the equator, both columns: 2 columns × 1 row. Shares (west column, north row) with `west`. */
const north: Bbox = { west: -0.05, south: 0.01, east: 0.1, north: 0.1 };

const commune = (code: string, bbox: Bbox): CommuneBox => ({ code, nom: `Commune ${code}`, bbox });
const url = (z: number, x: number, y: number, id = 'plan') => `https://tiles.test/${id}/${z}/${x}/${y}.png`;
/** The tile URLs of (column, row) offsets at zooms 8–10: dx/dy 0 = n/2 − 1, 1 = n/2. */
const urls = (cells: [number, number][]) => [8, 9, 10].flatMap((z) => cells.map(([dx, dy]) => url(z, 2 ** (z - 1) - 1 + dx, 2 ** (z - 1) - 1 + dy)));

// ---------------------------------------------------------------------------------------------------
// Stand-ins: Cache Storage in memory, a tile server as fetch
// ---------------------------------------------------------------------------------------------------

class MemoryCache implements TileCache {
	entries = new Map<string, { body: ArrayBuffer; headers: [string, string][] }>();
	puts = 0;
	/** Throws QuotaExceededError once this many tiles were stored. */
	quotaAfter = Infinity;

	async match(u: string): Promise<Response | undefined> {
		const e = this.entries.get(u);
		return e ? new Response(e.body.slice(0), { status: 200, headers: e.headers }) : undefined;
	}
	async put(u: string, response: Response): Promise<void> {
		if (this.entries.size >= this.quotaAfter) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
		this.puts++;
		this.entries.set(u, { body: await response.arrayBuffer(), headers: [...response.headers] });
	}
	async delete(u: string): Promise<boolean> {
		return this.entries.delete(u);
	}
	async keys(): Promise<readonly Request[]> {
		return [...this.entries.keys()].map((u) => new Request(u));
	}
}

class MemoryCaches implements TileCacheStorage {
	stores = new Map<string, MemoryCache>();
	async open(name: string): Promise<MemoryCache> {
		let c = this.stores.get(name);
		if (!c) this.stores.set(name, (c = new MemoryCache()));
		return c;
	}
	async delete(name: string): Promise<boolean> {
		return this.stores.delete(name);
	}
	prepared(): MemoryCache {
		return this.stores.get(PREPARED_TILES) ?? new MemoryCache();
	}
}

const TILE = new Uint8Array(137).fill(7);

type Answer = number | 'network';

/** A tile server: 200 with a 137-byte tile, unless `answers` says otherwise for a URL (one answer per call). */
class FakeTiles {
	calls: { url: string; mode: RequestMode | undefined }[] = [];
	answers = new Map<string, Answer[]>();
	inFlight = 0;
	maxInFlight = 0;
	fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
		const u = String(input);
		this.calls.push({ url: u, mode: init?.mode });
		this.inFlight++;
		this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
		try {
			await new Promise((r) => setTimeout(r, 1));
			if (init?.signal?.aborted) throw new DOMException('aborted', 'AbortError');
			const answer = this.answers.get(u)?.shift() ?? 200;
			if (answer === 'network') throw new TypeError('Failed to fetch');
			return answer === 200 ? new Response(TILE, { status: 200, headers: { 'Content-Type': 'image/png' } }) : new Response('no', { status: answer });
		} finally {
			this.inFlight--;
		}
	};
	urls(): string[] {
		return this.calls.map((c) => c.url);
	}
}

let db: AtlasDb;
let storage: MemoryCaches;
let tiles: FakeTiles;
let n = 0;
beforeEach(async () => {
	db = new AtlasDb(`prepare-${++n}-${Math.random()}`);
	await db.open();
	storage = new MemoryCaches();
	tiles = new FakeTiles();
});

const opts = (more: Parameters<typeof prepareArea>[3] = {}) => ({ caches: storage, fetch: tiles.fetch, minZoom: 8, maxZoom: 10, retryDelayMs: 0, ...more });
const sorted = (list: Iterable<string>) => [...list].sort();

// ---------------------------------------------------------------------------------------------------

describe('the plan of a download', () => {
	it('counts the tiles of a box at zooms 8–10 and estimates its size', () => {
		const p = planArea(plan, [commune('1', square)], 8, 10);
		expect(p.tiles).toBe(3 * 4); // 2 × 2 at each of 3 zooms
		expect(p.bytes).toBe(12 * 1000);
		expect(p.ranges.map((r) => r.z)).toEqual([8, 9, 10]);
		expect(planArea(plan, [commune('1', west)], 8, 10).tiles).toBe(3 * 2);
		expect(planArea(plan, [commune('1', north)], 8, 10).tiles).toBe(3 * 2);
	});

	it('counts a tile shared by two communes once', () => {
		// west ∪ north = 3 distinct tiles per zoom, not 2 + 2.
		const p = planArea(plan, [commune('1', west), commune('2', north)], 8, 10);
		expect(p.tiles).toBe(3 * 3);
		expect(p.bytes).toBe(9 * 1000);
		// The same commune twice adds nothing.
		expect(planArea(plan, [commune('1', square), commune('1', square)], 8, 10).tiles).toBe(12);
		// Lower zooms first, whatever the communes' order.
		expect(p.ranges.map((r) => r.z)).toEqual([8, 8, 9, 9, 10, 10]);
	});

	it('keeps within the zooms the source serves, 8–16 by default', () => {
		expect(planArea({ ...plan, maxZoom: 9 }, [commune('1', square)], 8, 10).tiles).toBe(8);
		const full = planArea(plan, [commune('1', square)]);
		expect(full.minZoom).toBe(8);
		expect(full.maxZoom).toBe(16);
	});
});

describe('preparing an area', () => {
	it('refuses a source that does not allow it (OpenStreetMap): nothing asked, nothing written', async () => {
		await expect(prepareArea(db, osm, [commune('1', square)], opts())).rejects.toBeInstanceOf(PrepareRefused);
		await expect(prepareArea(db, osm, [commune('1', square)], opts())).rejects.toMatchObject({ reason: 'no_prefetch' });
		expect(tiles.calls).toHaveLength(0);
		expect(await db.mapAreas.count()).toBe(0);
		expect(storage.stores.size).toBe(0);
	});

	it('downloads exactly the planned tiles, each once, a few at a time, and records the area', async () => {
		const progress: [number, number, number][] = [];
		let rowAtStart: unknown = null;
		const outcome = await prepareArea(
			db,
			plan,
			[commune('61309', square)],
			opts({
				onProgress: (d, t, b) => progress.push([d, t, b]),
				onStart: (row) => (rowAtStart = row),
				now: () => new Date('2026-11-28T09:00:00.000Z')
			})
		);
		const expected = urls([
			[0, 0],
			[1, 0],
			[0, 1],
			[1, 1]
		]);
		expect(outcome.status).toBe('complete');
		expect(sorted(tiles.urls())).toEqual(sorted(expected));
		expect(tiles.calls.every((c) => c.mode === 'cors')).toBe(true);
		expect(tiles.maxInFlight).toBeGreaterThan(1);
		expect(tiles.maxInFlight).toBeLessThanOrEqual(6);
		expect(sorted(storage.prepared().entries.keys())).toEqual(sorted(expected));
		// The row was written before the first tile, incomplete.
		expect(rowAtStart).toMatchObject({ complete: false, communes: ['61309'] });
		expect(progress).toHaveLength(12);
		expect(progress.at(-1)).toEqual([12, 12, 12 * 137]);
		const [row] = await listAreaRows(db);
		expect(row).toMatchObject({
			sourceId: 'plan',
			communes: ['61309'],
			names: ['Commune 61309'],
			minZoom: 8,
			maxZoom: 10,
			bbox: square,
			tiles: 12,
			bytes: 12 * 137,
			failed: 0,
			complete: true,
			createdAt: '2026-11-28T09:00:00.000Z'
		});
	});

	it('skips tiles already stored: a second commune asks only for its own tiles', async () => {
		await prepareArea(db, plan, [commune('1', west)], opts());
		expect(tiles.calls).toHaveLength(6);
		tiles.calls = [];
		const second = await prepareArea(db, plan, [commune('2', north)], opts());
		// north's 6 tiles, 3 of which (west column, north row) are already there.
		expect(sorted(tiles.urls())).toEqual(sorted(urls([[1, 0]])));
		expect(second.row).toMatchObject({ tiles: 6, bytes: 6 * 137, complete: true });
		expect(await listAreas(db)).toHaveLength(2);
	});

	it('cancel stops promptly and leaves the area incomplete; resuming asks only for the missing tiles', async () => {
		const controller = new AbortController();
		const first = await prepareArea(
			db,
			plan,
			[commune('1', square)],
			opts({
				signal: controller.signal,
				onProgress: (done) => done === 5 && controller.abort()
			})
		);
		expect(first.status).toBe('cancelled');
		expect(tiles.calls.length).toBeLessThan(12);
		const stored = new Set(storage.prepared().entries.keys());
		expect(stored.size).toBeGreaterThanOrEqual(5);
		expect(stored.size).toBeLessThan(12);
		let [row] = await listAreaRows(db);
		expect(row).toMatchObject({ complete: false, tiles: stored.size, bytes: stored.size * 137 });

		tiles.calls = [];
		const resumed = await prepareArea(db, plan, [commune('1', square)], opts({ id: row?.id }));
		expect(resumed.status).toBe('complete');
		const all = urls([
			[0, 0],
			[1, 0],
			[0, 1],
			[1, 1]
		]);
		expect(sorted(tiles.urls())).toEqual(sorted(all.filter((u) => !stored.has(u))));
		[row] = await listAreaRows(db);
		expect(await db.mapAreas.count()).toBe(1);
		expect(row).toMatchObject({ id: resumed.row.id, complete: true, tiles: 12, bytes: 12 * 137, failed: 0 });
	});

	it('stores plain copies of the boxes it is given (a page passes reactive proxies, which IndexedDB refuses)', async () => {
		const proxied = new Proxy({ ...square }, {});
		const outcome = await prepareArea(db, plan, [{ code: '1', nom: 'Commune 1', bbox: proxied }], opts());
		expect(outcome.status).toBe('complete');
		expect((await listAreaRows(db))[0]?.boxes).toEqual([square]);
	});

	it('preparing the same communes again refreshes the same area (no duplicate in the list)', async () => {
		await prepareArea(db, plan, [commune('1', west), commune('2', north)], opts());
		tiles.calls = [];
		await prepareArea(db, plan, [commune('2', north), commune('1', west)], opts());
		expect(tiles.calls).toHaveLength(0);
		expect(await db.mapAreas.count()).toBe(1);
	});

	it('counts failures: a 404 is not asked again, an error is retried once, the area still completes', async () => {
		tiles.answers.set(url(8, 127, 127), [404]);
		tiles.answers.set(url(9, 255, 255), [500, 200]);
		tiles.answers.set(url(10, 512, 512), ['network', 'network']);
		tiles.answers.set(url(10, 511, 512), [503, 503]);
		const outcome = await prepareArea(db, plan, [commune('1', square)], opts());
		expect(outcome.status).toBe('complete');
		const count = (u: string) => tiles.urls().filter((x) => x === u).length;
		expect(count(url(8, 127, 127))).toBe(1);
		expect(count(url(9, 255, 255))).toBe(2);
		expect(count(url(10, 512, 512))).toBe(2);
		expect(count(url(10, 511, 512))).toBe(2);
		expect(tiles.calls).toHaveLength(12 + 3);
		expect(outcome.row).toMatchObject({ tiles: 9, failed: 3, bytes: 9 * 137, complete: true });
		expect(storage.prepared().entries.has(url(9, 255, 255))).toBe(true);
		expect(storage.prepared().entries.has(url(8, 127, 127))).toBe(false);
	});

	it('a lost network stops the download (resumable), rather than marking every tile failed', async () => {
		for (const u of urls([
			[0, 0],
			[1, 0],
			[0, 1],
			[1, 1]
		]))
			tiles.answers.set(u, ['network', 'network']);
		const outcome = await prepareArea(db, plan, [commune('1', { west: -0.3, south: -0.3, east: 0.3, north: 0.3 })], opts({ maxZoom: 12 }));
		expect(outcome.status).toBe('offline');
		expect(outcome.row.complete).toBe(false);
		expect((await listAreaRows(db))[0]?.complete).toBe(false);
	});

	it('a full disk stops with the storage error and keeps what was stored', async () => {
		storage.stores.set(PREPARED_TILES, Object.assign(new MemoryCache(), { quotaAfter: 4 }));
		const error = await prepareArea(db, plan, [commune('1', square)], opts({ concurrency: 1 })).catch((e: unknown) => e);
		expect(error).toMatchObject({ name: 'QuotaExceededError' });
		expect(storage.prepared().entries.size).toBe(4);
		expect(tiles.calls.length).toBeLessThanOrEqual(5);
		const [row] = await listAreaRows(db);
		expect(row).toMatchObject({ complete: false, tiles: 4, bytes: 4 * 137 });
	});
});

describe('removing an area', () => {
	it('keeps the tiles another area covers, and empties the cache with the last area', async () => {
		const a = await prepareArea(db, plan, [commune('1', west)], opts());
		const b = await prepareArea(db, plan, [commune('2', north)], opts());
		expect(storage.prepared().entries.size).toBe(9);

		const removed = await removeArea(db, a.row.id, { caches: storage });
		expect(removed).toEqual({ deleted: 3, kept: 3 });
		expect(sorted(storage.prepared().entries.keys())).toEqual(
			sorted(
				urls([
					[0, 0],
					[1, 0]
				])
			)
		);
		expect((await listAreas(db)).map((r) => r.id)).toEqual([b.row.id]);

		await removeArea(db, b.row.id, { caches: storage });
		expect(storage.prepared().entries.size).toBe(0);
		expect(await listAreas(db)).toEqual([]);
	});

	it('an interrupted area protects its tiles too, and another source never shares tiles', async () => {
		const other: TileSource = { ...plan, id: 'ortho', url: 'https://tiles.test/ortho/{z}/{x}/{y}.png' };
		const controller = new AbortController();
		const a = await prepareArea(db, plan, [commune('1', square)], opts());
		await prepareArea(db, other, [commune('1', square)], opts());
		const c = await prepareArea(db, plan, [commune('2', west)], opts({ signal: controller.signal, onStart: () => controller.abort() }));
		expect(c.status).toBe('cancelled');
		const removed = await removeArea(db, a.row.id, { caches: storage });
		// west's 6 tiles stay for the interrupted area; the ortho tiles are not touched.
		expect(removed).toEqual({ deleted: 6, kept: 6 });
		const left = sorted(storage.prepared().entries.keys());
		expect(left.filter((u) => u.includes('/plan/'))).toEqual(
			sorted(
				urls([
					[0, 0],
					[0, 1]
				])
			)
		);
		expect(left.filter((u) => u.includes('/ortho/'))).toHaveLength(12);
	});
});

describe('OpenStreetMap is never bulk-downloaded', () => {
	it('refuses to prepare an OpenStreetMap source even if a configuration says it may', async () => {
		expect(isOpenStreetMap('https://tile.openstreetmap.org/{z}/{x}/{y}.png')).toBe(true);
		expect(isOpenStreetMap('https://a.tile.openstreetmap.fr/osmfr/{z}/{x}/{y}.png')).toBe(true);
		expect(isOpenStreetMap('https://data.geopf.fr/wmts?TILEMATRIX={z}')).toBe(false);
		const osm = {
			id: 'osm',
			name: 'OSM',
			url: 'https://tile.openstreetmap.org/{z}/{x}/{y}.png',
			attribution: 'OSM',
			attributionUrl: 'https://osm.org',
			maxZoom: 19,
			minZoom: 0,
			prefetch: true,
			tileBytes: 1
		};
		const asked: string[] = [];
		await expect(
			prepareArea({} as never, osm, [{ code: '61309', nom: 'Perche en Nocé', bbox: { west: 0.7, south: 48.4, east: 0.72, north: 48.42 } }], {
				fetch: async (u) => {
					asked.push(String(u));
					return new Response('');
				}
			})
		).rejects.toMatchObject({ reason: 'no_prefetch' });
		expect(asked).toEqual([]);
	});
});
