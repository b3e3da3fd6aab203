/**
 * Commune outlines and centres for the map: one GeoJSON FeatureCollection (RFC 7946,
 * [lon, lat]) with a feature `{ code, nom, centre }` per commune of the territory.
 *
 * Where they come from:
 * - the API Géo (ATLAS_GEO_API): one request per configured CDC (`/epcis/{siren}/communes`), then
 *   one per commune still without an outline (extra communes, or a CDC the API does not know);
 * - or a GeoJSON file the coordinator uploaded, which then wins until it is forgotten.
 *
 * Invariants:
 * - The store's setting `outlines` holds the last good outlines (shared by every app instance), with
 *   the key of the territory they were made for (a hash of its sorted INSEE codes), and the setting
 *   `outlines_version` a random token changed with every write (both in one transaction). A failed
 *   or invalid fetch never replaces them.
 * - Each request reads the token (small); the outlines themselves (megabytes) are read and checked
 *   again only when it changed: an upload through one instance is served by all at their next request.
 * - Upload beats fetch: a fetch stores its result only if the token is still the one seen when it
 *   started (compare-and-set inside a write transaction); else what was written meanwhile stays.
 * - The API Géo is asked when there are no outlines, or when they came from it for another
 *   territory; never on an ordinary request. Concurrent requests of one instance share one fetch;
 *   after a failure, its requests answer at once (from the old outlines, or "unavailable") for
 *   `retryAfterMs` before trying again.
 * - Only communes of the current territory are served: outlines made for an older territory are
 *   filtered, never shown whole.
 * - Older versions kept them in `${dataDir}/outlines.json`: while the token was never set, a valid
 *   file there is imported once into the settings, then left as it is and no longer read.
 */
import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import * as v from 'valibot';
import type { AreaGeometry, Ring } from '$lib/domain/polygons';
import type { Territory } from '$lib/domain/territory';
import {
	ApiGeoAnswerSchema,
	StoredOutlinesSchema,
	UploadedOutlinesSchema,
	type ApiGeoFeature,
	type LonLat,
	type OutlineFeature,
	type Outlines,
	type StoredOutlines
} from '$lib/schemas/map';
import { INSEE_RE } from '$lib/schemas/sheet';
import { dataDir, publicOrigin } from '../config';
import type { Store } from '../store/types';
import { DEFAULT_TERRITORY_CONFIG, parseTerritoryConfig, readTerritorySource } from '../territory';
import { centreOf } from './centre';
import { etagOf } from './etag';
import { geoApiBase } from './sources';

/** The file older versions kept the outlines in (imported once into the settings). */
export const OUTLINES_FILE = 'outlines.json';
/** The store's settings: the outlines (StoredOutlines as JSON), and the token of their last write. */
export const OUTLINES_SETTING = 'outlines';
export const OUTLINES_VERSION_SETTING = 'outlines_version';

/** What the outlines need of the store. */
export type OutlinesStore = Pick<Store, 'getSetting' | 'putSetting' | 'transaction'>;
/** Per request to the API Géo. */
export const GEO_API_TIMEOUT_MS = 10_000;
/** After a failed fetch, how long requests are served without asking the API Géo again. */
export const RETRY_AFTER_FAILURE_MS = 5 * 60_000;
/** The largest file a coordinator may upload. */
export const MAX_UPLOAD_BYTES = 15 * 1024 * 1024;
/** An API Géo answer larger than this is refused (a CDC's contours are a few MB). */
const MAX_ANSWER_CHARS = 50 * 1024 * 1024;
/** Requests to the API Géo at the same time (its limit is per second and per address). */
const CONCURRENCY = 4;
const FIELDS = 'format=geojson&geometry=contour&fields=nom,code,centre';

export type OutlinesErrorCode = 'outlines_unavailable' | 'outlines_invalid' | 'outlines_no_match';

/** What the route turns into an answer; `message` is English detail for the server log. */
export class OutlinesError extends Error {
	constructor(
		readonly code: OutlinesErrorCode,
		message: string,
		/** For an upload: the position (from 1) of the feature without a commune code. */
		readonly feature?: number,
		options?: ErrorOptions
	) {
		super(message, options);
	}
}

export interface OutlinesOptions {
	/** The resolved territory (the route resolves it, to answer its own error). */
	territory: Territory;
	/** Where the outlines are kept (shared by every app instance). */
	store: OutlinesStore;
	/** The data folder, where legacy files may be; default ATLAS_DATA_DIR. */
	dir?: string;
	/** The API Géo base URL; default ATLAS_GEO_API. */
	base?: string;
	fetch?: typeof fetch;
	timeoutMs?: number;
	retryAfterMs?: number;
	now?: () => Date;
}

interface Context {
	territory: Territory;
	key: string;
	store: OutlinesStore;
	dir: string;
	/** The legacy file. */
	file: string;
	base: string;
	fetch: typeof fetch;
	timeoutMs: number;
	retryAfterMs: number;
	now: () => Date;
}

/** What the routes answer with: the collection's text and its ETag, and a summary. */
export interface ServedOutlines {
	/** The FeatureCollection as JSON text (the answer's body). */
	body: string;
	/** Strong ETag, a hash of `body`. */
	etag: string;
	source: StoredOutlines['source'];
	fetchedAt: string;
	outlined: number;
	/** Communes of the territory without an outline. */
	missing: { code: string; nom: string }[];
}

export interface UploadResult extends ServedOutlines {
	/** Features of the file left out because their commune is not in the territory. */
	dropped: number;
}

/** Hash of the sorted INSEE codes: a territory with other communes gets other outlines. */
export function territoryKey(codes: readonly string[]): string {
	return createHash('sha256')
		.update([...codes].sort().join(','))
		.digest('hex')
		.slice(0, 16);
}

function contextOf(o: OutlinesOptions): Context {
	const dir = o.dir ?? dataDir();
	return {
		territory: o.territory,
		key: territoryKey(o.territory.communes.map((c) => c.insee)),
		store: o.store,
		dir,
		file: path.resolve(dir, OUTLINES_FILE),
		base: (o.base ?? geoApiBase()).replace(/\/+$/, ''),
		fetch: o.fetch ?? fetch,
		timeoutMs: o.timeoutMs ?? GEO_API_TIMEOUT_MS,
		retryAfterMs: o.retryAfterMs ?? RETRY_AFTER_FAILURE_MS,
		now: o.now ?? (() => new Date())
	};
}

// ---------- the service ----------

/**
 * The outlines to serve: from the file, fetched from the API Géo first when there is none or the
 * territory changed. Throws OutlinesError 'outlines_unavailable' when there is nothing to serve.
 */
export async function getOutlines(options: OutlinesOptions): Promise<ServedOutlines> {
	const ctx = contextOf(options);
	const current = await readStored(ctx);
	let stored = current.stored;
	if (!stored || (stored.source === 'api-geo' && stored.territoryKey !== ctx.key)) {
		try {
			stored = await refresh(ctx, current.version, false);
		} catch (e) {
			if (!stored) throw e;
			// The previous outlines stay (filtered to the territory) until the API Géo answers again.
		}
	}
	return serve(ctx, stored);
}

/**
 * Replaces the outlines with the coordinator's GeoJSON file. Each feature needs an INSEE code
 * (`code`, `insee` or `INSEE_COM`, any case); features of communes outside the territory are
 * dropped, pieces of one commune are joined into a MultiPolygon, a missing centre is computed.
 */
export async function uploadOutlines(input: unknown, options: OutlinesOptions): Promise<UploadResult> {
	const ctx = contextOf(options);
	const { collection, dropped } = outlinesFromUpload(input, ctx.territory);
	const stored: StoredOutlines = { source: 'file', fetchedAt: ctx.now().toISOString(), territoryKey: ctx.key, collection };
	await ctx.store.transaction(() => writeStored(ctx, stored));
	return { ...serve(ctx, stored), dropped };
}

/**
 * Forgets an uploaded file and fetches the outlines from the API Géo again (also a way to refresh
 * them). If the API Géo cannot be reached, nothing changes: throws 'outlines_unavailable', and the
 * map keeps the outlines it has.
 */
export async function resetOutlines(options: OutlinesOptions): Promise<ServedOutlines> {
	const ctx = contextOf(options);
	const { version } = await readStored(ctx);
	return serve(ctx, await refresh(ctx, version, true));
}

/**
 * The outlines of a coordinator's file, for the territory. Throws OutlinesError 'outlines_invalid'
 * (not a FeatureCollection of polygons in lon/lat, or a feature without a commune code) or
 * 'outlines_no_match' (no commune of the territory in it).
 */
export function outlinesFromUpload(input: unknown, territory: Territory): { collection: Outlines; dropped: number } {
	const parsed = v.safeParse(UploadedOutlinesSchema, input);
	if (!parsed.success) {
		const issue = parsed.issues[0];
		throw new OutlinesError('outlines_invalid', `not a GeoJSON FeatureCollection of lon/lat polygons (${v.getDotPath(issue) ?? 'root'}: ${issue.message})`);
	}
	const names = new Map(territory.communes.map((c) => [c.insee, c.name]));
	const pieces = new Map<string, Ring[][]>();
	const centres = new Map<string, LonLat>();
	let dropped = 0;
	parsed.output.features.forEach((feature, i) => {
		const props = feature.properties ?? {};
		const code = communeCode(props);
		if (!code) throw new OutlinesError('outlines_invalid', `feature ${i + 1} has no INSEE code`, i + 1);
		if (!names.has(code)) {
			dropped++;
			return;
		}
		const list = pieces.get(code) ?? [];
		list.push(...(feature.geometry.type === 'Polygon' ? [feature.geometry.coordinates] : feature.geometry.coordinates));
		pieces.set(code, list);
		const centre = centreIn(props);
		if (centre && !centres.has(code)) centres.set(code, centre);
	});
	if (pieces.size === 0) throw new OutlinesError('outlines_no_match', 'no commune of the territory in the file');
	const features = [...pieces].map(([code, polygons]) => {
		const geometry: AreaGeometry =
			polygons.length === 1 ? { type: 'Polygon', coordinates: polygons[0] as Ring[] } : { type: 'MultiPolygon', coordinates: polygons };
		return outline(code, names.get(code) as string, geometry, centres.get(code));
	});
	return { collection: collectionOf(features), dropped };
}

// Keys that hold the INSEE code in common files: data.gouv / API Géo (`code`), OSM-derived
// (`insee`), IGN ADMIN EXPRESS (`INSEE_COM`); compared without case.
const CODE_KEYS = ['code', 'insee', 'insee_com', 'code_insee'];

function communeCode(props: Record<string, unknown>): string | null {
	for (const wanted of CODE_KEYS) {
		const key = Object.keys(props).find((k) => k.toLowerCase() === wanted);
		if (key === undefined) continue;
		const raw = props[key];
		const code =
			typeof raw === 'number' && Number.isInteger(raw) && raw > 0
				? String(raw).padStart(5, '0') // a spreadsheet ate the leading zero of 01004
				: typeof raw === 'string'
					? raw.trim().toUpperCase()
					: '';
		if (INSEE_RE.test(code)) return code;
	}
	return null;
}

/** A centre given by the file or the API: a [lon, lat] pair or a GeoJSON Point. */
function centreIn(props: Record<string, unknown>): LonLat | undefined {
	const c = props.centre;
	const pair = c && typeof c === 'object' && !Array.isArray(c) ? (c as { type?: unknown; coordinates?: unknown }) : null;
	const candidate = pair?.type === 'Point' ? pair.coordinates : c;
	if (!Array.isArray(candidate) || candidate.length !== 2) return undefined;
	const [lon, lat] = candidate as unknown[];
	if (typeof lon !== 'number' || typeof lat !== 'number' || !Number.isFinite(lon) || !Number.isFinite(lat)) return undefined;
	if (lon < -180 || lon > 180 || lat < -90 || lat > 90) return undefined;
	return [lon, lat];
}

function outline(code: string, nom: string, geometry: AreaGeometry, centre: LonLat | undefined): OutlineFeature {
	return {
		type: 'Feature',
		properties: { code, nom, centre: centre ?? centreOf(geometry) },
		// Only type and coordinates: a producer's bbox or extra members are not carried along.
		geometry: geometry.type === 'Polygon' ? { type: 'Polygon', coordinates: geometry.coordinates } : { type: 'MultiPolygon', coordinates: geometry.coordinates }
	};
}

/** Sorted by code, so that the same outlines always give the same text and ETag. */
function collectionOf(features: OutlineFeature[]): Outlines {
	return { type: 'FeatureCollection', features: [...features].sort((a, b) => a.properties.code.localeCompare(b.properties.code)) };
}

// ---------- fetching from the API Géo ----------

// Per instance and per store (at most one fetch at a time for one database, in one process).
const inflights = new WeakMap<OutlinesStore, Map<string, Promise<StoredOutlines>>>();
const failures = new WeakMap<OutlinesStore, Map<string, number>>();

function perStore<T>(maps: WeakMap<OutlinesStore, Map<string, T>>, store: OutlinesStore): Map<string, T> {
	let map = maps.get(store);
	if (!map) maps.set(store, (map = new Map()));
	return map;
}

/**
 * Fetches the territory's outlines and stores them, unless they changed meanwhile (the token is no
 * longer `seen`: an upload during the fetch wins, it is newer). Shared by concurrent callers of this
 * instance. `force` (a coordinator's reset) ignores the pause after a failure.
 */
function refresh(ctx: Context, seen: string | null, force: boolean): Promise<StoredOutlines> {
	const inflight = perStore(inflights, ctx.store);
	const lastFailure = perStore(failures, ctx.store);
	const flight = `${ctx.file}|${ctx.key}|${ctx.base}`;
	const running = inflight.get(flight);
	if (running) return running;
	const failedAt = lastFailure.get(flight);
	if (!force && failedAt !== undefined && ctx.now().getTime() - failedAt < ctx.retryAfterMs) {
		return Promise.reject(new OutlinesError('outlines_unavailable', 'the API Géo failed a moment ago; not asked again yet'));
	}
	const promise = (async () => {
		let collection: Outlines;
		try {
			collection = await fetchFromApiGeo(ctx, await configuredCdcs(ctx));
		} catch (e) {
			lastFailure.set(flight, ctx.now().getTime());
			console.error(`[outlines] API Géo (${ctx.base}) failed, outlines kept as they were:`, (e as Error).message);
			throw new OutlinesError('outlines_unavailable', `API Géo: ${(e as Error).message}`, undefined, { cause: e });
		}
		lastFailure.delete(flight);
		const stored: StoredOutlines = { source: 'api-geo', fetchedAt: ctx.now().toISOString(), territoryKey: ctx.key, collection };
		// Compare-and-set: write transactions are serialised (across instances too), so the token
		// read here is the one the write replaces.
		return ctx.store.transaction(async () => {
			if ((await ctx.store.getSetting(OUTLINES_VERSION_SETTING)) !== seen) {
				const current = await readStored(ctx);
				if (current.stored) return current.stored;
			}
			await writeStored(ctx, stored);
			return stored;
		});
	})().finally(() => inflight.delete(flight));
	inflight.set(flight, promise);
	return promise;
}

/** The CDC named in the territory's configuration: their communes come in one request per CDC. */
async function configuredCdcs(ctx: Context): Promise<string[]> {
	let cdc = DEFAULT_TERRITORY_CONFIG.cdc;
	try {
		const { text, origin } = await readTerritorySource(ctx.store, ctx.dir);
		if (text !== null) cdc = parseTerritoryConfig(text, origin).cdc;
	} catch {
		// Unreadable: the territory itself would have failed to load; asking commune by commune is
		// still right.
		cdc = [];
	}
	const present = new Set(ctx.territory.cdcs.map((c) => c.siren));
	return cdc.filter((siren) => present.has(siren));
}

async function fetchFromApiGeo(ctx: Context, cdcs: readonly string[]): Promise<Outlines> {
	const names = new Map(ctx.territory.communes.map((c) => [c.insee, c.name]));
	const found = new Map<string, OutlineFeature>();
	const take = (features: ApiGeoFeature[]) => {
		for (const f of features) {
			const code = f.properties.code;
			// Outside the territory (the rest of an extra commune's CDC...), or no contour known.
			if (!names.has(code) || !f.geometry || found.has(code)) continue;
			found.set(code, outline(code, f.properties.nom ?? (names.get(code) as string), f.geometry, centreIn(f.properties)));
		}
	};
	const stop = new AbortController();
	const get = (query: string) => getApiGeo(ctx, query, stop.signal);
	try {
		await eachLimited(cdcs, (siren) => get(`/epcis/${siren}/communes?${FIELDS}`).then(take));
		const rest = [...names.keys()].filter((code) => !found.has(code));
		await eachLimited(rest, (code) => get(`/communes/${code}?${FIELDS}`).then(take));
	} catch (e) {
		stop.abort(); // the other requests under way are of no use any more
		throw e;
	}
	if (found.size === 0) throw new Error('no outline for any commune of the territory');
	return collectionOf([...found.values()]);
}

/** The features of one answer; none for a 404 (a code the API Géo does not know). */
async function getApiGeo(ctx: Context, query: string, stop: AbortSignal): Promise<ApiGeoFeature[]> {
	const url = `${ctx.base}${query}`;
	const res = await ctx.fetch(url, {
		headers: { Accept: 'application/json', 'User-Agent': `atlas-outils (${publicOrigin()})` },
		signal: AbortSignal.any([stop, AbortSignal.timeout(ctx.timeoutMs)])
	});
	if (res.status === 404) {
		await res.body?.cancel();
		return [];
	}
	if (!res.ok) {
		await res.body?.cancel();
		throw new Error(`${url}: HTTP ${res.status}`);
	}
	if (Number(res.headers.get('content-length') ?? '0') > MAX_ANSWER_CHARS) throw new Error(`${url}: answer too large`);
	const text = await res.text();
	if (text.length > MAX_ANSWER_CHARS) throw new Error(`${url}: answer too large`);
	let json: unknown;
	try {
		json = JSON.parse(text);
	} catch {
		throw new Error(`${url}: not JSON`);
	}
	const parsed = v.safeParse(ApiGeoAnswerSchema, json);
	if (!parsed.success) {
		const issue = parsed.issues[0];
		throw new Error(`${url}: not GeoJSON commune outlines (${v.getDotPath(issue) ?? 'root'}: ${issue.message})`);
	}
	return parsed.output.type === 'Feature' ? [parsed.output] : parsed.output.features;
}

/** Runs `fn` on each item, CONCURRENCY at a time; stops starting new ones after a failure. */
async function eachLimited<T>(items: readonly T[], fn: (item: T) => Promise<unknown>): Promise<void> {
	let next = 0;
	let failed = false;
	const worker = async () => {
		while (!failed && next < items.length) {
			const item = items[next++] as T;
			try {
				await fn(item);
			} catch (e) {
				failed = true;
				throw e;
			}
		}
	};
	await Promise.all(Array.from({ length: Math.min(CONCURRENCY, items.length) }, worker));
}

// ---------- where they are kept ----------

// The last outlines read, by their token: a request reads the token only, and the outlines
// (megabytes to parse and check) again only when it changed. A token is random, never reused: the
// same token is the same outlines, whichever store or instance wrote them.
let lastRead: { version: string; stored: StoredOutlines | null } | null = null;
// The last answer made: the same stored outlines for the same territory give the same body.
let lastAnswer: { stored: StoredOutlines; key: string; answer: ServedOutlines } | null = null;

/** The stored outlines and their token; null outlines when there are none or they are not valid (logged). */
async function readStored(ctx: Context): Promise<{ stored: StoredOutlines | null; version: string | null }> {
	const version = await ctx.store.getSetting(OUTLINES_VERSION_SETTING);
	if (version === null) return importLegacy(ctx);
	if (lastRead?.version === version) return lastRead;
	const stored = parseStored(await ctx.store.getSetting(OUTLINES_SETTING), `setting ${OUTLINES_SETTING}`);
	lastRead = { version, stored };
	return lastRead;
}

function parseStored(text: string | null, origin: string): StoredOutlines | null {
	if (text === null) return null;
	try {
		const parsed = v.safeParse(StoredOutlinesSchema, JSON.parse(text));
		if (parsed.success) return parsed.output;
		console.error(`[outlines] ${origin} is not valid, ignored: ${v.getDotPath(parsed.issues[0]) ?? 'root'}: ${parsed.issues[0].message}`);
	} catch (e) {
		console.error(`[outlines] ${origin} is unreadable, ignored:`, (e as Error).message);
	}
	return null;
}

/**
 * Nothing was ever stored in the database: a valid legacy file is imported (unless another
 * instance stored outlines meanwhile), and the file left as it is. No file, or an invalid one:
 * nothing (the API Géo will be asked).
 */
async function importLegacy(ctx: Context): Promise<{ stored: StoredOutlines | null; version: string | null }> {
	let text: string;
	try {
		text = fs.readFileSync(ctx.file, 'utf8');
	} catch (e) {
		if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { stored: null, version: null };
		console.error(`[outlines] ${ctx.file} is unreadable, ignored:`, (e as Error).message);
		return { stored: null, version: null };
	}
	const stored = parseStored(text, ctx.file);
	if (!stored) return { stored: null, version: null };
	return ctx.store.transaction(async () => {
		if ((await ctx.store.getSetting(OUTLINES_VERSION_SETTING)) !== null) return readStored(ctx);
		return { stored, version: await writeStored(ctx, stored) };
	});
}

/** Stores the outlines with a new token (call inside a transaction: both settings change together). */
async function writeStored(ctx: Context, stored: StoredOutlines): Promise<string> {
	const version = randomUUID();
	await ctx.store.putSetting(OUTLINES_SETTING, JSON.stringify(stored));
	await ctx.store.putSetting(OUTLINES_VERSION_SETTING, version);
	lastRead = { version, stored };
	return version;
}

function serve(ctx: Context, stored: StoredOutlines): ServedOutlines {
	const hit = lastAnswer;
	if (hit && hit.stored === stored && hit.key === ctx.key) return hit.answer;
	const codes = new Set(ctx.territory.communes.map((c) => c.insee));
	const features = stored.territoryKey === ctx.key ? stored.collection.features : stored.collection.features.filter((f) => codes.has(f.properties.code));
	const body = JSON.stringify({ type: 'FeatureCollection', features });
	const outlined = new Set(features.map((f) => f.properties.code));
	const answer: ServedOutlines = {
		body,
		etag: etagOf(body),
		source: stored.source,
		fetchedAt: stored.fetchedAt,
		outlined: outlined.size,
		missing: ctx.territory.communes.filter((c) => !outlined.has(c.insee)).map((c) => ({ code: c.insee, nom: c.name }))
	};
	lastAnswer = { stored, key: ctx.key, answer };
	return answer;
}
