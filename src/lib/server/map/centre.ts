/**
 * Where a commune's label or marker goes when its file gives no centre: the centroid of the outer
 * ring of its largest polygon (the main part of a commune split in pieces). For a strongly concave
 * commune the centroid can fall outside it; good enough to place a name, and the API Géo's own
 * centre is used when it gives one.
 *
 * Degrees are treated as plane coordinates: the error is negligible at a commune's scale.
 */
import type { AreaGeometry, Ring } from '$lib/domain/polygons';

/** Signed area (shoelace, in square degrees) and centroid of a closed ring. */
function ringCentroid(ring: Ring): { area: number; lon: number; lat: number } {
	let twiceArea = 0;
	let cx = 0;
	let cy = 0;
	// Relative to the first point, to keep the products small and precise.
	const [x0, y0] = ring[0] as [number, number];
	for (let i = 0; i < ring.length - 1; i++) {
		const a = ring[i] as [number, number];
		const b = ring[i + 1] as [number, number];
		const ax = a[0] - x0;
		const ay = a[1] - y0;
		const bx = b[0] - x0;
		const by = b[1] - y0;
		const cross = ax * by - bx * ay;
		twiceArea += cross;
		cx += (ax + bx) * cross;
		cy += (ay + by) * cross;
	}
	if (twiceArea === 0) {
		// Degenerate (all points on a line): the mean of the points.
		let sx = 0;
		let sy = 0;
		for (const p of ring) {
			sx += p[0] as number;
			sy += p[1] as number;
		}
		return { area: 0, lon: sx / ring.length, lat: sy / ring.length };
	}
	return { area: twiceArea / 2, lon: x0 + cx / (3 * twiceArea), lat: y0 + cy / (3 * twiceArea) };
}

/** [lon, lat] of the centroid of the largest outer ring, rounded to 6 decimals (~10 cm). */
export function centreOf(geometry: AreaGeometry): [number, number] {
	const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
	let best: { area: number; lon: number; lat: number } | null = null;
	for (const rings of polygons) {
		const outer = rings[0];
		if (!outer || outer.length === 0) continue;
		const c = ringCentroid(outer);
		if (!best || Math.abs(c.area) > Math.abs(best.area)) best = c;
	}
	if (!best) throw new Error('centreOf: a geometry without any ring');
	return [round6(best.lon), round6(best.lat)];
}

const round6 = (n: number) => Math.round(n * 1e6) / 1e6;
