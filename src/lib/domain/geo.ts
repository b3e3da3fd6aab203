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

/** Accuracy in whole metres, at least 1. */
export function roundAccuracy(metres: number): number {
	return Math.max(1, Math.round(metres));
}
