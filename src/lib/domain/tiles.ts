/**
 * The Web Mercator tile grid (the "slippy map" scheme used by OpenStreetMap, and the "PM" matrix
 * set of IGN's WMTS): which tiles cover an area at each zoom, how many, and about how heavy a
 * download is. Pure maths, used to estimate and prepare an offline area.
 */
import type { TileSource } from './tile-sources';

/** A geographic box, in degrees. */
export interface Bbox {
	west: number;
	south: number;
	east: number;
	north: number;
}

/** The tiles x ∈ [minX, maxX], y ∈ [minY, maxY] at zoom z (inclusive). */
export interface TileRange {
	z: number;
	minX: number;
	maxX: number;
	minY: number;
	maxY: number;
}

/** Web Mercator's limit: beyond ±85.0511° there is no tile. */
export const MAX_LAT = 85.05112878;

/** Zooms a commune is prepared for offline use (domain.md: 8–16, not 17+). */
export const PREPARE_MIN_ZOOM = 8;
export const PREPARE_MAX_ZOOM = 16;

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));

/** The tile containing (lon, lat) at zoom z. */
export function tileOf(lon: number, lat: number, z: number): { x: number; y: number } {
	const n = 2 ** z;
	const latRad = (clamp(lat, -MAX_LAT, MAX_LAT) * Math.PI) / 180;
	const x = Math.floor(((clamp(lon, -180, 180) + 180) / 360) * n);
	const y = Math.floor(((1 - Math.log(Math.tan(latRad) + 1 / Math.cos(latRad)) / Math.PI) / 2) * n);
	// The east edge (lon 180) and the south limit belong to the last tile.
	return { x: clamp(x, 0, n - 1), y: clamp(y, 0, n - 1) };
}

/** The north-west corner of tile (x, y) at zoom z, in degrees. */
export function tileCorner(x: number, y: number, z: number): { lon: number; lat: number } {
	const n = 2 ** z;
	const lon = (x / n) * 360 - 180;
	const lat = (Math.atan(Math.sinh(Math.PI * (1 - (2 * y) / n))) * 180) / Math.PI;
	return { lon, lat };
}

/** The tiles covering a box at one zoom (north is the smaller y). */
export function tileRange(box: Bbox, z: number): TileRange {
	const nw = tileOf(box.west, box.north, z);
	const se = tileOf(box.east, box.south, z);
	return { z, minX: nw.x, maxX: se.x, minY: nw.y, maxY: se.y };
}

export function rangeCount(r: TileRange): number {
	return (r.maxX - r.minX + 1) * (r.maxY - r.minY + 1);
}

/** The ranges of every zoom from `minZoom` to `maxZoom` (inclusive). */
export function tileRanges(box: Bbox, minZoom: number, maxZoom: number): TileRange[] {
	const out: TileRange[] = [];
	for (let z = minZoom; z <= maxZoom; z++) out.push(tileRange(box, z));
	return out;
}

/** Each tile of the ranges, once (ranges of several boxes may overlap), in zoom order. */
export function* tilesOf(ranges: readonly TileRange[]): Generator<{ z: number; x: number; y: number }> {
	const seen = new Set<string>();
	for (const r of ranges)
		for (let x = r.minX; x <= r.maxX; x++)
			for (let y = r.minY; y <= r.maxY; y++) {
				const key = `${r.z}/${x}/${y}`;
				if (seen.has(key)) continue;
				seen.add(key);
				yield { z: r.z, x, y };
			}
}

/** How many distinct tiles, and about how many bytes, preparing these ranges downloads. */
export function estimate(ranges: readonly TileRange[], source: Pick<TileSource, 'tileBytes'>): { tiles: number; bytes: number } {
	let tiles = 0;
	for (const _ of tilesOf(ranges)) tiles++;
	return { tiles, bytes: tiles * source.tileBytes };
}

/** The box of several boxes. */
export function unionBbox(boxes: readonly Bbox[]): Bbox | null {
	if (boxes.length === 0) return null;
	return boxes.reduce((a, b) => ({
		west: Math.min(a.west, b.west),
		south: Math.min(a.south, b.south),
		east: Math.max(a.east, b.east),
		north: Math.max(a.north, b.north)
	}));
}
