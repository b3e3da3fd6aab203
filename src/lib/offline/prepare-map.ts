/**
 * Preparing the map for offline use (docs/domain.md): download the tiles of one or more communes (the box
 * of each commune's outline, zooms 8–16) into the Cache Storage cache the service worker reads
 * first (PREPARED_TILES), keyed by the exact URL Leaflet will ask for — `tileUrl(source, z, x, y)`.
 *
 * Rules and reasons:
 * - Only sources with `prefetch: true` (IGN) may be prepared: OpenStreetMap's tile policy forbids
 *   bulk downloading, so it is refused here, not only hidden in the page.
 * - A few requests at a time (CONCURRENCY): fast enough on a phone, polite to the tile server.
 * - A tile already in the cache is not asked again: resuming an interrupted download, or preparing
 *   a commune next to one already prepared, costs nothing for the shared tiles.
 * - A tile the server does not give (404 at sea, an error twice) is counted as failed: the area
 *   works without it. A lost network is not a pile of failures: after a run of network errors the
 *   download stops and stays resumable.
 * - Cancelling leaves the row incomplete (shown "interrompu", resumable or removable); a full disk
 *   stops the download, keeps what was stored, and the error goes to the caller (the page's error
 *   funnel says it in French).
 * - Removing an area keeps the tiles another remaining area covers.
 *
 * No Svelte and no Leaflet here; the database, the Cache Storage and fetch are parameters, so the
 * logic runs in unit tests with stand-ins.
 */
import type { AtlasDb } from '$lib/db/database';
import { deleteAreaRow, getAreaRow, listAreaRows, putAreaRow, updateAreaRow, type PreparedAreaRow } from '$lib/db/map-areas';
import { newId } from '$lib/domain/ids';
import { isOpenStreetMap, tileUrl, type TileSource } from '$lib/domain/tile-sources';
import { estimate, PREPARE_MAX_ZOOM, PREPARE_MIN_ZOOM, tileRanges, tilesOf, unionBbox, type Bbox, type TileRange } from '$lib/domain/tiles';
import { PREPARED_TILES } from '$lib/map/caches';

/** Requests in flight at once. */
export const CONCURRENCY = 4;
/**
 * The most tiles one preparation may download (about 360 MB of IGN plan): a few communes at a
 * time, never the whole territory by mistake (domain.md: the Perche at zooms 8–16 is ~34,000).
 */
export const MAX_AREA_TILES = 20_000;
/** Network errors in a row (each after its retry) that mean the connection is gone. */
const NETWORK_ERRORS_TO_STOP = 8;
/** The row's counts are saved every so many tiles (a closed tab still shows its progress). */
const SAVE_EVERY = 50;

export interface CommuneBox {
	code: string;
	nom: string;
	bbox: Bbox;
}

export interface AreaPlan {
	/** Ranges of every commune box at every zoom, lower zooms first (a partial download shows the overview). */
	ranges: TileRange[];
	/** Distinct tiles (a tile shared by two communes counts once). */
	tiles: number;
	/** Estimated bytes (tiles × the source's typical tile size). */
	bytes: number;
	minZoom: number;
	maxZoom: number;
}

/** The zooms actually prepared: 8–16, within what the source serves. */
function zoomsFor(source: Pick<TileSource, 'minZoom' | 'maxZoom'>, minZoom: number, maxZoom: number) {
	return { minZoom: Math.max(minZoom, source.minZoom), maxZoom: Math.min(maxZoom, source.maxZoom) };
}

function rangesOf(boxes: readonly Bbox[], minZoom: number, maxZoom: number): TileRange[] {
	// Stable sort by zoom: every commune at zoom 8, then every commune at zoom 9…
	return boxes.flatMap((b) => tileRanges(b, minZoom, maxZoom)).sort((a, b) => a.z - b.z);
}

/** What preparing these communes downloads, before starting (the page shows it). */
export function planArea(
	source: Pick<TileSource, 'minZoom' | 'maxZoom' | 'tileBytes'>,
	communes: readonly Pick<CommuneBox, 'bbox'>[],
	minZoom = PREPARE_MIN_ZOOM,
	maxZoom = PREPARE_MAX_ZOOM
): AreaPlan {
	const zooms = zoomsFor(source, minZoom, maxZoom);
	const ranges = rangesOf(
		communes.map((c) => c.bbox),
		zooms.minZoom,
		zooms.maxZoom
	);
	return { ranges, ...estimate(ranges, source), ...zooms };
}

// ---------------------------------------------------------------------------------------------------
// Cache Storage, as much of it as this module uses (the browser's `caches`, or a test's stand-in).
// ---------------------------------------------------------------------------------------------------

export interface TileCache {
	match(url: string, options?: CacheQueryOptions): Promise<Response | undefined>;
	put(url: string, response: Response): Promise<void>;
	delete(url: string, options?: CacheQueryOptions): Promise<boolean>;
	keys(): Promise<readonly Request[]>;
}

export interface TileCacheStorage {
	open(name: string): Promise<TileCache>;
	delete(name: string): Promise<boolean>;
}

function browserCaches(): TileCacheStorage {
	if (typeof caches === 'undefined') throw new Error('Cache Storage is not available');
	return caches as unknown as TileCacheStorage;
}

// ---------------------------------------------------------------------------------------------------
// Preparing
// ---------------------------------------------------------------------------------------------------

export type RefusalReason = 'no_prefetch' | 'empty' | 'too_large';

/** A preparation that may not start (the page prevents each case; this is the last guard). */
export class PrepareRefused extends Error {
	constructor(readonly reason: RefusalReason) {
		super(`map preparation refused: ${reason}`);
		this.name = 'PrepareRefused';
	}
}

export interface PrepareOptions {
	/** After each tile: processed tiles (stored, already there, or failed), the total, real bytes so far. */
	onProgress?: (done: number, total: number, bytes: number) => void;
	/** Once the row is written, before the first tile (the page learns the area's id). */
	onStart?: (row: PreparedAreaRow) => void;
	signal?: AbortSignal;
	/** Continue this area (its row): "Reprendre". Otherwise an area of the same source and communes is reused. */
	id?: string;
	caches?: TileCacheStorage;
	fetch?: typeof fetch;
	concurrency?: number;
	/** Pause before the retry of a failed tile. */
	retryDelayMs?: number;
	minZoom?: number;
	maxZoom?: number;
	now?: () => Date;
}

export interface PrepareOutcome {
	/** complete: every tile processed; cancelled: the person stopped it; offline: the network went away. */
	status: 'complete' | 'cancelled' | 'offline';
	row: PreparedAreaRow;
}

const sameCommunes = (a: readonly string[], b: readonly string[]) => a.length === b.length && [...a].sort().join() === [...b].sort().join();

function isAbort(e: unknown): boolean {
	return typeof e === 'object' && e !== null && (e as { name?: unknown }).name === 'AbortError';
}

function isQuota(e: unknown): boolean {
	return typeof e === 'object' && e !== null && (e as { name?: unknown }).name === 'QuotaExceededError';
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
	return new Promise((resolve) => {
		if (ms <= 0 || signal.aborted) return resolve();
		const timer = setTimeout(done, ms);
		function done() {
			clearTimeout(timer);
			signal.removeEventListener('abort', done);
			resolve();
		}
		signal.addEventListener('abort', done, { once: true });
	});
}

/** Bytes of a stored tile, without reading it when the header says. */
async function storedSize(response: Response): Promise<number> {
	const length = Number(response.headers.get('Content-Length'));
	if (Number.isFinite(length) && length > 0) return length;
	return (await response.blob()).size;
}

/**
 * Downloads the tiles of the communes' boxes into PREPARED_TILES and records the area. Resolves
 * when every tile was processed, or when cancelled or the network was lost (the row then stays
 * incomplete); rejects with the storage error when the disk is full (the row keeps the counts).
 */
/**
 * Preparing and removing never overlap, in this tab or another: a removal decides which tiles other
 * areas still need, and a download skips tiles it finds cached — run together, a removal could delete
 * tiles a new area counted on, or drop the whole cache under it.
 */
function withAreasLock<T>(fn: () => Promise<T>): Promise<T> {
	const locks = (globalThis as { navigator?: { locks?: LockManager } }).navigator?.locks;
	return locks ? locks.request('atlas-map-areas', fn) : fn();
}

export function prepareArea(db: AtlasDb, source: TileSource, communes: readonly CommuneBox[], options: PrepareOptions = {}): Promise<PrepareOutcome> {
	if (!source.prefetch || isOpenStreetMap(source.url)) return Promise.reject(new PrepareRefused('no_prefetch'));
	return withAreasLock(() => prepareAreaLocked(db, source, communes, options));
}

async function prepareAreaLocked(db: AtlasDb, source: TileSource, communes: readonly CommuneBox[], options: PrepareOptions): Promise<PrepareOutcome> {
	if (communes.length === 0) throw new PrepareRefused('empty');
	const plan = planArea(source, communes, options.minZoom, options.maxZoom);
	if (plan.tiles > MAX_AREA_TILES) throw new PrepareRefused('too_large');

	const storage = options.caches ?? browserCaches();
	const fetchTile = options.fetch ?? globalThis.fetch.bind(globalThis);
	const now = options.now ?? (() => new Date());
	const concurrency = Math.max(1, options.concurrency ?? CONCURRENCY);
	const retryDelay = options.retryDelayMs ?? 400;

	// The row first (invariant of map-areas.ts). Same source and communes: the same area, refreshed.
	const codes = communes.map((c) => c.code);
	const existing = options.id
		? await getAreaRow(db, options.id)
		: ((await listAreaRows(db)).find((r) => r.sourceId === source.id && sameCommunes(r.communes, codes)) ?? null);
	// Plain copies: a caller's objects may be reactive proxies (Svelte state), which IndexedDB
	// cannot store (DataCloneError).
	const boxes: Bbox[] = communes.map(({ bbox: b }) => ({ west: b.west, south: b.south, east: b.east, north: b.north }));
	const row: PreparedAreaRow = {
		id: existing?.id ?? options.id ?? newId(),
		sourceId: source.id,
		communes: codes,
		names: communes.map((c) => c.nom),
		minZoom: plan.minZoom,
		maxZoom: plan.maxZoom,
		bbox: unionBbox(boxes) as Bbox,
		boxes,
		url: source.url,
		tiles: existing?.tiles ?? 0,
		bytes: existing?.bytes ?? 0,
		failed: existing?.failed ?? 0,
		createdAt: existing?.createdAt ?? now().toISOString(),
		complete: false
	};
	await putAreaRow(db, row);
	options.onStart?.(row);

	const cache = await storage.open(PREPARED_TILES);
	const tiles = [...tilesOf(plan.ranges)];
	const total = tiles.length;

	// One controller stops every worker: the person's cancel, a full disk, a lost network.
	const stop = new AbortController();
	const onAbort = () => stop.abort();
	options.signal?.addEventListener('abort', onAbort, { once: true });
	if (options.signal?.aborted) stop.abort();

	let next = 0;
	let done = 0;
	let stored = 0;
	let failed = 0;
	let bytes = 0;
	let networkErrors = 0;
	let fatal: unknown = null;
	let offline = false;
	let saving: Promise<void> = Promise.resolve();
	const save = (changes: Partial<PreparedAreaRow>) => {
		saving = saving.then(() => updateAreaRow(db, row.id, changes)).catch(() => undefined);
		return saving;
	};

	/** One request; null when the network failed (not an HTTP answer). */
	async function request(url: string): Promise<Response | null> {
		try {
			return await fetchTile(url, { mode: 'cors', signal: stop.signal });
		} catch (e) {
			if (isAbort(e) || stop.signal.aborted) throw e;
			return null;
		}
	}

	async function one(z: number, x: number, y: number): Promise<void> {
		const url = tileUrl(source, z, x, y);
		const cached = await cache.match(url, { ignoreVary: true });
		if (cached) {
			// Awaited first: `bytes += await …` would read `bytes` before the await and lose the
			// other workers' additions.
			const size = await storedSize(cached);
			stored++;
			bytes += size;
			return;
		}
		let response = await request(url);
		// A 404 is the server's answer (no tile there, e.g. at sea): asking again changes nothing.
		if (!response || (response.status !== 200 && response.status !== 404)) {
			// The error page is not read: release its connection for the next request.
			void response?.body?.cancel().catch(() => undefined);
			await sleep(retryDelay, stop.signal);
			if (stop.signal.aborted) throw new DOMException('stopped', 'AbortError');
			response = await request(url);
		}
		if (!response) {
			failed++;
			if (++networkErrors >= NETWORK_ERRORS_TO_STOP) {
				offline = true;
				stop.abort();
			}
			return;
		}
		networkErrors = 0;
		if (response.status !== 200) {
			void response.body?.cancel().catch(() => undefined);
			failed++;
			return;
		}
		const size = (await response.clone().blob()).size;
		await cache.put(url, response);
		stored++;
		bytes += size;
	}

	async function worker(): Promise<void> {
		while (!stop.signal.aborted && next < total) {
			const tile = tiles[next++] as { z: number; x: number; y: number };
			try {
				await one(tile.z, tile.x, tile.y);
			} catch (e) {
				if (isAbort(e) || stop.signal.aborted) return;
				if (isQuota(e)) {
					fatal ??= e;
					stop.abort();
					return;
				}
				// Anything else about one tile (a body cut short): counted, the area goes on.
				failed++;
			}
			done++;
			options.onProgress?.(done, total, bytes);
			if (done % SAVE_EVERY === 0) void save({ tiles: stored, bytes, failed });
		}
	}

	try {
		await Promise.all(Array.from({ length: Math.min(concurrency, Math.max(total, 1)) }, worker));
	} finally {
		options.signal?.removeEventListener('abort', onAbort);
	}

	const complete = !stop.signal.aborted && done === total;
	await save({ tiles: stored, bytes, failed, complete });
	const final: PreparedAreaRow = { ...row, tiles: stored, bytes, failed, complete };
	if (fatal) throw fatal;
	return { status: complete ? 'complete' : offline ? 'offline' : 'cancelled', row: final };
}

// ---------------------------------------------------------------------------------------------------
// Listing and removing
// ---------------------------------------------------------------------------------------------------

export function listAreas(db: AtlasDb): Promise<PreparedAreaRow[]> {
	return listAreaRows(db);
}

/** The tile URLs an area covers (its URL template, or the source's current one for older rows). */
function* areaUrls(row: PreparedAreaRow, sources: readonly Pick<TileSource, 'id' | 'url'>[]): Generator<string> {
	const template = row.url ?? sources.find((s) => s.id === row.sourceId)?.url;
	if (!template) return;
	const boxes = row.boxes && row.boxes.length > 0 ? row.boxes : [row.bbox];
	for (const t of tilesOf(rangesOf(boxes, row.minZoom, row.maxZoom))) yield tileUrl({ url: template }, t.z, t.x, t.y);
}

export interface RemoveOptions {
	caches?: TileCacheStorage;
	/** The configured sources: the URLs of rows written without their template. */
	sources?: readonly Pick<TileSource, 'id' | 'url'>[];
}

/**
 * Removes an area: its tiles leave the cache, except those another remaining area covers (two
 * neighbouring communes share the tiles along their border and every low-zoom tile).
 * Order: the row is marked incomplete, the tiles deleted, the row deleted last — interrupted
 * half-way, the area is still listed ("interrompu") and can be removed again.
 */
export function removeArea(db: AtlasDb, id: string, options: RemoveOptions = {}): Promise<{ deleted: number; kept: number }> {
	return withAreasLock(() => removeAreaLocked(db, id, options));
}

async function removeAreaLocked(db: AtlasDb, id: string, options: RemoveOptions): Promise<{ deleted: number; kept: number }> {
	const storage = options.caches ?? browserCaches();
	const sources = options.sources ?? [];
	const row = await getAreaRow(db, id);
	if (!row) {
		await deleteAreaRow(db, id);
		return { deleted: 0, kept: 0 };
	}
	const others = (await listAreaRows(db)).filter((r) => r.id !== id);
	const keep = new Set<string>();
	for (const other of others) for (const url of areaUrls(other, sources)) keep.add(url);

	await updateAreaRow(db, id, { complete: false });
	const cache = await storage.open(PREPARED_TILES);
	let deleted = 0;
	let kept = 0;
	for (const url of areaUrls(row, sources)) {
		if (keep.has(url)) kept++;
		else if (await cache.delete(url, { ignoreVary: true })) deleted++;
	}
	await deleteAreaRow(db, id);
	// The last area gone: nothing may remain (a tile left by an earlier crash would be kept forever).
	if (others.length === 0) await storage.delete(PREPARED_TILES);
	return { deleted, kept };
}
