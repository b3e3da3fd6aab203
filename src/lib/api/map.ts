/** The map's sources of tiles, as this server offers them (GET /api/map/sources). */
import { SourcesSchema } from '$lib/schemas/tile-sources';
import type { TileSource } from '$lib/domain/tile-sources';
import { request } from './client';

export async function fetchTileSources(): Promise<TileSource[]> {
	return (await request('GET', '/api/map/sources', { schema: SourcesSchema })).sources;
}
