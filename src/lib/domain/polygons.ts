/**
 * Commune outlines (GeoJSON, RFC 7946: [lon, lat]): their box, and which commune a point is in —
 * offline, on the phone, to propose the commune of a tool placed on the map (issue 6).
 */
import type { Bbox } from './tiles';

export type Position = [number, number] | number[];
export type Ring = Position[];
export interface PolygonGeometry {
	type: 'Polygon';
	coordinates: Ring[];
}
export interface MultiPolygonGeometry {
	type: 'MultiPolygon';
	coordinates: Ring[][];
}
export type AreaGeometry = PolygonGeometry | MultiPolygonGeometry;

/** A commune's outline as the app keeps it. */
export interface CommuneOutline {
	type: 'Feature';
	properties: { code: string; nom: string; centre?: [number, number] | null };
	geometry: AreaGeometry;
}

export interface OutlineCollection {
	type: 'FeatureCollection';
	features: CommuneOutline[];
}

function polygonsOf(g: AreaGeometry): Ring[][] {
	return g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
}

/** Ray casting: is (lon, lat) inside the ring? (A point exactly on an edge may fall either way.) */
export function pointInRing(lon: number, lat: number, ring: Ring): boolean {
	let inside = false;
	for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
		const [xi, yi] = ring[i] as [number, number];
		const [xj, yj] = ring[j] as [number, number];
		if (yi > lat !== yj > lat && lon < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) inside = !inside;
	}
	return inside;
}

/** Inside the outer ring of one of the polygons, and in none of that polygon's holes. */
export function pointInGeometry(lon: number, lat: number, g: AreaGeometry): boolean {
	return polygonsOf(g).some((rings) => {
		const [outer, ...holes] = rings;
		return !!outer && pointInRing(lon, lat, outer) && !holes.some((h) => pointInRing(lon, lat, h));
	});
}

export function bboxOf(g: AreaGeometry): Bbox {
	let west = Infinity;
	let south = Infinity;
	let east = -Infinity;
	let north = -Infinity;
	for (const rings of polygonsOf(g))
		for (const ring of rings)
			for (const p of ring) {
				const lon = p[0] as number;
				const lat = p[1] as number;
				if (lon < west) west = lon;
				if (lon > east) east = lon;
				if (lat < south) south = lat;
				if (lat > north) north = lat;
			}
	return { west, south, east, north };
}

/**
 * The commune whose outline contains the point, or null (outside the territory, or no outline
 * known). Boxes are checked first: a phone does this for 128 communes in well under a millisecond.
 */
export function communeAt(lon: number, lat: number, outlines: readonly CommuneOutline[]): CommuneOutline | null {
	for (const f of outlines) {
		const b = bboxOf(f.geometry);
		if (lon < b.west || lon > b.east || lat < b.south || lat > b.north) continue;
		if (pointInGeometry(lon, lat, f.geometry)) return f;
	}
	return null;
}
