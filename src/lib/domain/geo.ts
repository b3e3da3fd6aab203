/** Coordinates typed by a person (French decimal commas accepted) and their display. */

export type CoordParse = { ok: true; lat: number; lon: number } | { ok: false };

function num(raw: string): number | null {
	const s = raw.trim().replace(/\s/g, '').replace(',', '.');
	if (!/^[-+]?\d+(\.\d+)?$/.test(s)) return null;
	return Number(s);
}

/**
 * Latitude and longitude in decimal degrees. If the latitude box holds a pasted pair
 * ("48.4521, 0.8127" or "48,4521 0,8127" or "48.4521;0.8127"), the pair is used.
 */
export function parseCoordinates(latRaw: string, lonRaw: string): CoordParse {
	let a = latRaw.trim();
	let b = lonRaw.trim();
	if (!b) {
		const pair = /^([-+]?\d+(?:[.,]\d+)?)\s*[;,\s]\s*([-+]?\d+(?:[.,]\d+)?)$/.exec(a);
		// "48,45" alone is one number with a decimal comma, not a pair: a pair needs two decimals.
		if (pair && /[.,]\d/.test(pair[1] as string) && /[.,]\d/.test(pair[2] as string)) {
			a = pair[1] as string;
			b = pair[2] as string;
		} else {
			const spaced = /^([-+]?\d+(?:[.,]\d+)?)\s*;\s*([-+]?\d+(?:[.,]\d+)?)$/.exec(a);
			if (spaced) {
				a = spaced[1] as string;
				b = spaced[2] as string;
			}
		}
	}
	const lat = num(a);
	const lon = num(b);
	if (lat === null || lon === null) return { ok: false };
	if (lat < -90 || lat > 90 || lon < -180 || lon > 180) return { ok: false };
	return { ok: true, lat, lon };
}

/** 48.452134 → "48,45213" (5 decimals ≈ 1 m), French decimal comma. */
export function formatCoordinate(value: number): string {
	return value.toFixed(5).replace('.', ',');
}

/** The words of a point as a language writes it: its decimal mark and the letters of the four directions. */
export interface PointWords {
	decimal: string;
	north: string;
	south: string;
	east: string;
	west: string;
}

/** Decimals shown for a point: 4 is about 10 m, plenty to find a tool on the ground. */
const POINT_DECIMALS = 4;

/** One coordinate without sign, its direction letter after a non-breaking space: "48,4500 N". */
function hemisphereValue(value: number, positive: string, negative: string, decimal: string): string {
	const scale = 10 ** POINT_DECIMALS;
	// Rounded first, so a value that rounds to zero is never written with a "south"/"west" letter.
	const rounded = Math.round(Math.abs(value) * scale) / scale;
	const letter = rounded === 0 || value >= 0 ? positive : negative;
	return `${rounded.toFixed(POINT_DECIMALS).replace('.', decimal)}\u00a0${letter}`;
}

/**
 * A point written so it cannot be misread: "48,4500 N · 0,8100 E" (latitude first, no sign: a
 * direction letter instead, so a longitude west of Greenwich never loses its minus). The number
 * and its letter never part at a line break; the middle dot may.
 */
export function formatPoint(lat: number, lon: number, words: PointWords): string {
	return `${hemisphereValue(lat, words.north, words.south, words.decimal)} · ${hemisphereValue(lon, words.east, words.west, words.decimal)}`;
}

/** Accuracy in whole metres, at least 1. */
export function roundAccuracy(metres: number): number {
	return Math.max(1, Math.round(metres));
}
