/**
 * Commune outlines (GeoJSON, RFC 7946: [lon, lat]): their box, and which commune a point is in —
 * offline, on the phone, to propose the commune of a tool placed on the map.
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

/** Mean Earth radius (IUGG), metres. */
const EARTH_RADIUS_M = 6_371_008.8;
const M_PER_DEGREE = (Math.PI / 180) * EARTH_RADIUS_M;

/**
 * Metres from (lon, lat) to the nearest edge of any ring of the geometry (holes included), inside
 * or outside. The rings are flattened around the point (equirectangular, scaled by the point's
 * latitude): within a few tenths of a percent over the tens of kilometres of a territory.
 */
export function distanceToEdgeM(lon: number, lat: number, g: AreaGeometry): number {
	const kx = M_PER_DEGREE * Math.cos((lat * Math.PI) / 180);
	const ky = M_PER_DEGREE;
	let best = Infinity;
	for (const rings of polygonsOf(g))
		for (const ring of rings)
			for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
				const a = ring[j] as [number, number];
				const b = ring[i] as [number, number];
				const d = originToSegment((a[0] - lon) * kx, (a[1] - lat) * ky, (b[0] - lon) * kx, (b[1] - lat) * ky);
				if (d < best) best = d;
			}
	return best;
}

/** Distance from (0, 0) to the segment (ax, ay)–(bx, by), in the segment's plane units. */
function originToSegment(ax: number, ay: number, bx: number, by: number): number {
	const dx = bx - ax;
	const dy = by - ay;
	const len2 = dx * dx + dy * dy;
	// The nearest point of the segment, as a fraction of its length (0: a, 1: b).
	const s = len2 === 0 ? 0 : Math.max(0, Math.min(1, -(ax * dx + ay * dy) / len2));
	return Math.hypot(ax + s * dx, ay + s * dy);
}

/** How far outside the outline the point lies, in metres: 0 when it is inside. */
export function distanceOutsideM(lon: number, lat: number, g: AreaGeometry): number {
	return pointInGeometry(lon, lat, g) ? 0 : distanceToEdgeM(lon, lat, g);
}
