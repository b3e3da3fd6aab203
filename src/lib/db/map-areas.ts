/**
 * The rows of the areas of map prepared for offline use, table `mapAreas`. The tiles
 * themselves live in the service worker's Cache Storage (PREPARED_TILES); a row says what they
 * cover, so an area can be listed, resumed and removed.
 *
 * Invariants:
 * - A row is written (complete: false) BEFORE its first tile is stored: every prepared tile belongs
 *   to a row, so removing the other areas never deletes a tile an unfinished download still needs.
 * - Rows written by src/lib/offline/prepare-map.ts also keep the URL template of the source and the box
 *   of each commune at the time: removal recomputes exactly the tiles that were downloaded, even
 *   if the source's configuration or the outlines changed since. Older or foreign rows without
 *   them fall back to the source's current URL and the union box (a superset: safe to keep).
 * - Nothing read back is trusted: rows are checked on read (another version may have written them).
 */
import * as v from 'valibot';
import type { AtlasDb, MapAreaRow } from './database';
import type { Bbox } from '$lib/domain/tiles';

/** A prepared area as this module writes it: the table's row plus what removal needs. */
export interface PreparedAreaRow extends MapAreaRow {
	/** The box of each commune downloaded (same order as `communes`). */
	boxes?: Bbox[];
	/** The source's URL template when the tiles were downloaded (the cache keys are its URLs). */
	url?: string;
}

const num = v.pipe(v.number(), v.finite());
const count = v.pipe(v.number(), v.integer(), v.minValue(0));
const BoxSchema = v.object({ west: num, south: num, east: num, north: num });
const RowSchema = v.object({
	id: v.string(),
	sourceId: v.string(),
	communes: v.array(v.string()),
	names: v.array(v.string()),
	minZoom: count,
	maxZoom: count,
	bbox: BoxSchema,
	tiles: count,
	bytes: count,
	failed: count,
	createdAt: v.string(),
	complete: v.boolean(),
	boxes: v.optional(v.array(BoxSchema)),
	url: v.optional(v.string())
});

function parseRow(row: unknown): PreparedAreaRow | null {
	const parsed = v.safeParse(RowSchema, row);
	return parsed.success ? parsed.output : null;
}

/** Every valid area, newest first. */
export async function listAreaRows(db: AtlasDb): Promise<PreparedAreaRow[]> {
	const rows = await db.mapAreas.toArray();
	return rows
		.map(parseRow)
		.filter((r): r is PreparedAreaRow => r !== null)
		.sort((a, b) => b.createdAt.localeCompare(a.createdAt) || a.id.localeCompare(b.id));
}

export async function getAreaRow(db: AtlasDb, id: string): Promise<PreparedAreaRow | null> {
	return parseRow(await db.mapAreas.get(id));
}

export async function putAreaRow(db: AtlasDb, row: PreparedAreaRow): Promise<void> {
	await db.mapAreas.put(row);
}

/** Progress of a download (counts so far, or the final ones with `complete: true`). */
export async function updateAreaRow(
	db: AtlasDb,
	id: string,
	changes: Partial<Pick<PreparedAreaRow, 'tiles' | 'bytes' | 'failed' | 'complete'>>
): Promise<void> {
	await db.mapAreas.update(id, changes);
}

export async function deleteAreaRow(db: AtlasDb, id: string): Promise<void> {
	await db.mapAreas.delete(id);
}
