/**
 * The map's external services, as configuration read from the environment:
 * - `ATLAS_TILE_SOURCES`: a JSON array of tile sources (see TileSource); unset or empty → the
 *   defaults (Plan IGN, IGN aerial photos, OpenStreetMap).
 * - `ATLAS_GEO_API`: the API Géo's base URL (commune outlines), default https://geo.api.gouv.fr.
 *
 * A wrong value is an operator's mistake: it throws an English Error naming the variable and what
 * is wrong, at start-up (hooks.server.ts `init`) rather than when a first page asks for the map.
 * Values are read at call time (tests set them per run) and parsed once per distinct text.
 */
import * as v from 'valibot';
import { DEFAULT_TILE_SOURCES, sourceOrigin, type TileSource } from '$lib/domain/tile-sources';
import { TileSourcesSchema } from '$lib/schemas/map';

export const DEFAULT_GEO_API = 'https://geo.api.gouv.fr';

let parsedSources: { text: string; sources: TileSource[] } | null = null;

/** The configured tile sources (a fresh copy: callers may not change the configuration). */
export function tileSources(): TileSource[] {
	const text = process.env.ATLAS_TILE_SOURCES?.trim() ?? '';
	if (!text) return DEFAULT_TILE_SOURCES.map((s) => ({ ...s }));
	if (parsedSources?.text !== text) parsedSources = { text, sources: parseTileSources(text) };
	return parsedSources.sources.map((s) => ({ ...s }));
}

/**
 * Parses the text of ATLAS_TILE_SOURCES. The Error says which source (by position and id) and which
 * key is wrong, e.g. `ATLAS_TILE_SOURCES is invalid: source 1 ("regional") url: must contain the
 * {z}, {x} and {y} placeholders`.
 */
export function parseTileSources(text: string): TileSource[] {
	let json: unknown;
	try {
		json = JSON.parse(text);
	} catch (e) {
		throw new Error(`ATLAS_TILE_SOURCES is not valid JSON (${(e as Error).message}); expected a JSON array of tile sources`, {
			cause: e
		});
	}
	const result = v.safeParse(TileSourcesSchema, json);
	if (result.success) return result.output;
	const details = result.issues.map((issue) => {
		const path = issue.path ?? [];
		const [first, ...rest] = path;
		if (!first || typeof first.key !== 'number') return issue.message;
		const id = Array.isArray(json) ? (json[first.key] as { id?: unknown } | undefined)?.id : undefined;
		const where = `source ${first.key}${typeof id === 'string' ? ` (${JSON.stringify(id)})` : ''}`;
		const key = rest.map((p) => String(p.key)).join('.');
		return `${where}${key ? ` ${key}` : ''}: ${issue.message}`;
	});
	throw new Error(`ATLAS_TILE_SOURCES is invalid: ${details.join('; ')}`);
}

let parsedGeoApi: { text: string; base: string } | null = null;

/** The API Géo's base URL, without a trailing slash. */
export function geoApiBase(): string {
	const text = process.env.ATLAS_GEO_API?.trim() || DEFAULT_GEO_API;
	if (parsedGeoApi?.text !== text) parsedGeoApi = { text, base: parseGeoApiBase(text) };
	return parsedGeoApi.base;
}

export function parseGeoApiBase(text: string): string {
	let url: URL;
	try {
		url = new URL(text);
	} catch {
		throw new Error(`ATLAS_GEO_API is not a URL: ${JSON.stringify(text)}; expected e.g. ${DEFAULT_GEO_API}`);
	}
	if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`ATLAS_GEO_API must start with http:// or https:// (got ${JSON.stringify(text)})`);
	if (url.username || url.password) throw new Error('ATLAS_GEO_API must not hold a user name or password');
	if (url.search || url.hash) throw new Error(`ATLAS_GEO_API must be a base URL without ?query or #fragment (got ${JSON.stringify(text)})`);
	return `${url.origin}${url.pathname}`.replace(/\/+$/, '');
}

/**
 * The origins the pages must be allowed to reach for the map: each tile source's, and the API
 * Géo's. Sorted and without duplicates, so that the security policy is the same on every answer.
 */
export function mapOrigins(): string[] {
	const origins = new Set<string>();
	for (const s of tileSources()) {
		const origin = sourceOrigin(s);
		if (origin) origins.add(origin);
	}
	origins.add(new URL(geoApiBase()).origin);
	return [...origins].sort();
}

/** Throws the operator's error now if the map configuration is wrong (called once at start-up). */
export function checkMapConfiguration(): void {
	tileSources();
	geoApiBase();
}
