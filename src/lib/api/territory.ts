/**
 * The territory as the browser asks for it: the resolved territory and its commune outlines (kept on
 * the phone, refreshed with an ETag), and the coordinator's configuration (GET/PUT/DELETE
 * /api/territory/config, the geography search, an outlines file of its own).
 */
import * as v from 'valibot';
import {
	ConfigViewSchema,
	OutlinesSummarySchema,
	SearchResultSchema,
	type ConfigRequest,
	type ConfigView,
	type OutlinesSummary,
	type SearchResult
} from '$lib/schemas/territory-config';
import { request, requestFresh } from './client';

const URL_CONFIG = '/api/territory/config';
const URL_OUTLINES = '/api/territory/outlines';

export function fetchConfig(): Promise<ConfigView> {
	return request('GET', URL_CONFIG, { schema: ConfigViewSchema });
}

export function saveConfig(body: ConfigRequest): Promise<ConfigView> {
	return request('PUT', URL_CONFIG, { schema: ConfigViewSchema, body });
}

export function resetConfig(): Promise<ConfigView> {
	return request('DELETE', URL_CONFIG, { schema: ConfigViewSchema });
}

export function searchGeography(query: string, signal?: AbortSignal): Promise<SearchResult> {
	return request('GET', `/api/territory/search?q=${encodeURIComponent(query)}`, { schema: SearchResultSchema, signal });
}

/**
 * The resolved territory (GET /api/territory) unless `etag` is still current (null). The answer is
 * read by the caller's own parser, which also reads what IndexedDB holds.
 */
export function fetchTerritory(etag: string | null): Promise<{ value: unknown; etag: string | null } | null> {
	return requestFresh('/api/territory', etag, { schema: v.unknown() });
}

/** The commune outlines (GeoJSON) unless `etag` is still current (null); parsed by the caller. */
export function fetchOutlines(etag: string | null): Promise<{ value: unknown; etag: string | null } | null> {
	return requestFresh(URL_OUTLINES, etag, { schema: v.unknown() });
}

/** Sends a GeoJSON file of communes (its text, already known to be JSON). */
export function uploadOutlines(geojson: string): Promise<OutlinesSummary> {
	return request('POST', URL_OUTLINES, { schema: OutlinesSummarySchema, body: geojson });
}

/** Back to the outlines of the API Géo. */
export function resetOutlines(): Promise<OutlinesSummary> {
	return request('DELETE', URL_OUTLINES, { schema: OutlinesSummarySchema });
}
