/**
 * What to do with the commune of a sheet when its point changes (GPS, typed coordinates, or placed
 * on the small map), knowing which commune outline holds the new point (found offline on the phone,
 * domain/polygons `communeAt`).
 *
 * Invariant: a commune the person already chose is NEVER replaced silently. Only an empty commune is
 * filled in automatically ('set'); a different one is offered and waits for a tap ('propose').
 */

import { distanceOutsideM, type CommuneOutline } from './polygons';

export type CommuneProposal =
	/** The sheet has no commune yet: fill it in with the found one (and say so). */
	| 'set'
	/** The sheet names another commune: offer the found one, change nothing until asked. */
	| 'propose'
	/** The point is in the sheet's own commune: nothing to say. */
	| 'same'
	/** Outlines are known but none holds the point: outside the territory known on this device. */
	| 'outside'
	/** No outline on this device (never fetched): nothing can be said about the point. */
	| 'unknown';

/**
 * @param current INSEE code of the sheet's commune, or null.
 * @param found INSEE code of the outline holding the point, or null when none does.
 * @param outlinesKnown whether this device holds any commune outline at all.
 */
export function communeProposal(current: string | null, found: string | null, outlinesKnown: boolean): CommuneProposal {
	if (!outlinesKnown) return 'unknown';
	if (found === null) return 'outside';
	if (current === null || current === '') return 'set';
	return current === found ? 'same' : 'propose';
}

/**
 * How far (metres) the point lies outside the sheet's own commune, when the person should be warned;
 * null otherwise. No outline of that commune on the device: null (nothing can be said, and a warning
 * must never be a false one). A GPS point closer to the border than its accuracy may well be inside:
 * null too.
 */
export function outsideCommuneM(lon: number, lat: number, accuracy: number | null, outline: CommuneOutline | null | undefined): number | null {
	if (!outline) return null;
	const d = distanceOutsideM(lon, lat, outline.geometry);
	if (d === 0 || !Number.isFinite(d)) return null;
	if (accuracy !== null && d <= accuracy) return null;
	return d;
}
