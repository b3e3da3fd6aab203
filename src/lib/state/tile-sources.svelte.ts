/**
 * The tile sources this server offers (GET /api/map/sources), kept on the device so the map works
 * offline with the same sources; the defaults until the server was reached once.
 */
import * as v from 'valibot';
import { db } from '$lib/db/database';
import { getMeta, setMeta } from '$lib/db/meta';
import { DEFAULT_TILE_SOURCES, type TileSource } from '$lib/domain/tile-sources';

const KEY = 'tileSources';

const SourceSchema = v.object({
	id: v.string(),
	name: v.string(),
	url: v.string(),
	attribution: v.string(),
	attributionUrl: v.string(),
	maxZoom: v.number(),
	minZoom: v.number(),
	prefetch: v.boolean(),
	tileBytes: v.number()
});
const SourcesSchema = v.object({ sources: v.pipe(v.array(SourceSchema), v.minLength(1)) });

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
			const res = await fetch('/api/map/sources', { headers: { Accept: 'application/json' } });
			if (!res.ok) return;
			const parsed = v.safeParse(SourcesSchema, await res.json());
			if (!parsed.success) return;
			this.sources = parsed.output.sources;
			await setMeta(db(), KEY, parsed.output.sources);
		} catch {
			// Offline: the stored sources are used.
		}
	}
}

export const tileSourcesState = new TileSourcesState();
