/**
 * Tools at one place on the map (a farm with its mill, its press and its oven: common), spread
 * around that place when their group is opened, so each can be tapped — pure geometry, no map.
 */
import { distanceM } from './duplicates';

/** Points closer than this are at « the same place »: no zoom of the map would part their markers. */
export const SAME_PLACE_M = 10;

/** Room per marker on a ring (px): a 48 px tap target and a little gap. */
const STEP_PX = 54;
/** Smallest ring radius (px): markers clear of the group's own mark in the middle. */
const MIN_RADIUS_PX = 52;
/** Up to this many markers go on one ring; more follow a spiral. */
const RING_MAX = 9;

interface LatLon {
	lat: number;
	lon: number;
}

/** Whether every point is within `metres` of the first one. */
export function atOnePlace(points: readonly LatLon[], metres = SAME_PLACE_M): boolean {
	const [first, ...rest] = points;
	return !!first && rest.every((p) => distanceM(first, p) <= metres);
}

/**
 * Points grouped by place, in their order: each joins the first group whose first point is within
 * `metres` of it. Groups of one are single tools.
 */
export function groupByPlace<T extends LatLon>(points: readonly T[], metres = SAME_PLACE_M): T[][] {
	const groups: T[][] = [];
	for (const p of points) {
		const home = groups.find((g) => distanceM(g[0] as T, p) <= metres);
		if (home) home.push(p);
		else groups.push([p]);
	}
	return groups;
}

/**
 * Screen offsets (px, y down) of `count` markers spread around their place: one ring, first
 * marker straight up then clockwise, while they fit; beyond, a spiral whose turns stay `STEP_PX`
 * apart. No two offsets are closer than a marker's width.
 */
export function spreadOffsets(count: number): { x: number; y: number }[] {
	if (count <= 0) return [];
	if (count <= RING_MAX) {
		const radius = Math.max(MIN_RADIUS_PX, (count * STEP_PX) / (2 * Math.PI));
		return Array.from({ length: count }, (_, i) => {
			const angle = -Math.PI / 2 + (2 * Math.PI * i) / count;
			return { x: round(radius * Math.cos(angle)), y: round(radius * Math.sin(angle)) };
		});
	}
	// Archimedean spiral r = a·θ with a = STEP_PX / 2π (one turn further out per turn), markers
	// STEP_PX apart along it.
	const a = STEP_PX / (2 * Math.PI);
	const out: { x: number; y: number }[] = [];
	let angle = MIN_RADIUS_PX / a;
	for (let i = 0; i < count; i++) {
		const r = a * angle;
		out.push({ x: round(r * Math.cos(angle - Math.PI / 2)), y: round(r * Math.sin(angle - Math.PI / 2)) });
		angle += STEP_PX / r;
	}
	return out;
}

const round = (n: number) => Math.round(n * 10) / 10;
