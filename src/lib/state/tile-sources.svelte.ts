/**
 * The tile sources this server offers (GET /api/map/sources), kept on the device so the map works
 * offline with the same sources; the defaults until the server was reached once.
 */
import * as v from 'valibot';
import { db } from '$lib/db/database';
import { getMeta, setMeta } from '$lib/db/meta';
import { DEFAULT_TILE_SOURCES, type TileSource } from '$lib/domain/tile-sources';
import { fetchTileSources } from '$lib/api/map';
import { SourcesSchema } from '$lib/schemas/tile-sources';

const KEY = 'tileSources';

class TileSourcesState {
	sources = $state<TileSource[]>([...DEFAULT_TILE_SOURCES]);
	#loading: Promise<void> | null = null;

	load(): Promise<void> {
		this.#loading ??= this.#load();
		return this.#loading;
	}

	byId(id: string | null | undefined): TileSource | undefined {
		return this.sources.find((s) => s.id === id);
	}

	async #load(): Promise<void> {
		const stored = v.safeParse(SourcesSchema, { sources: await getMeta<unknown>(db(), KEY, null) });
		if (stored.success) this.sources = stored.output.sources;
		try {
			const sources = await fetchTileSources();
			this.sources = sources;
			await setMeta(db(), KEY, sources);
		} catch {
			// Offline, or an answer of the wrong shape: the stored sources are used.
		}
	}
}

export const tileSourcesState = new TileSourcesState();
