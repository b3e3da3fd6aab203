/**
 * The coverage analysis ("maillage"): for each commune of the territory, how far is the
 * nearest tool of a kind (a family, or one category) that the territory can count on — the
 * question an élu asks before investing ("which communes have no working mill within 15 km?").
 * Pure: the server feeds it the census and the communes' centres, the screen re-applies the
 * threshold without asking the server again.
 *
 * What counts as a tool (`countingTool`), decided here once:
 * - of the chosen family (or category), not deleted, not archived (an archived sheet describes a
 *   tool that is gone or no longer surveyed);
 * - its condition STATED 'en_service': a sheet without a condition does not count — "in service"
 *   is a fact someone saw, and an élu must not be told a commune is served by a tool nobody
 *   checked. Drafts and sheets waiting for review count: the tool exists whatever the paperwork;
 * - second view ('mains'): also `worksWithoutMains === 'oui'` ('inconnu' and unanswered do not count, same reason).
 *
 * Distances (`coverage`):
 * - great-circle distance (haversine, mean Earth radius 6,371 km) from the commune's centre to the
 *   tool's location — what an élu reads as "à 12 km", not a road distance;
 * - a tool whose sheet names the commune is at 0 km for that commune, located or not: the commune
 *   HAS the tool, and the distance from the town hall to a mill at the edge of the commune would
 *   wrongly suggest it lacks one. A tool without a location still serves its own commune, but
 *   cannot be measured from the others (the server reports how many such tools there are);
 * - distances are rounded to the metre (a GPS point is rarely better, and it makes equal what
 *   floating point would tell apart by a nanometre); ties then go to the smaller id, so the answer
 *   never depends on the order of the census;
 * - a commune is "beyond" the threshold when no tool counts or the nearest is farther than the
 *   threshold (strictly: a tool at exactly 15 km is within 15 km).
 */
import { CATEGORY_DEFS, categoryDef, isCategory, type Category, type Family } from './categories';
import type { SheetFields } from './sheet';

/** [longitude, latitude] in degrees (the GeoJSON order of the communes' centres). */
export type LonLat = readonly [number, number];

/** Mean Earth radius in km (the usual value for haversine distances). */
export const EARTH_RADIUS_KM = 6371;

const RAD = Math.PI / 180;

/** Great-circle distance in km between two [lon, lat] points (haversine formula). */
export function haversineKm(a: LonLat, b: LonLat): number {
	const phi1 = a[1] * RAD;
	const phi2 = b[1] * RAD;
	const dPhi = phi2 - phi1;
	const dLambda = (b[0] - a[0]) * RAD;
	const h = Math.sin(dPhi / 2) ** 2 + Math.cos(phi1) * Math.cos(phi2) * Math.sin(dLambda / 2) ** 2;
	// min(1, …): rounding can push h a hair above 1 for antipodal points.
	return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** 'service': in service; 'mains': in service AND works without mains power (the crisis view). */
export const COVERAGE_VIEWS = ['service', 'mains'] as const;
export type CoverageView = (typeof COVERAGE_VIEWS)[number];

/** Which tools are looked for: a whole family, or one category of it. */
export interface CoverageSelection {
	family: Family;
	category: Category | null;
}

/**
 * The threshold proposed for each family before the élu changes it on screen ("no mill within
 * 15 km"). One value for all today; kept per family so that a territory's practice can differ
 * (an abattoir is rarer than an oven) without changing the screens.
 */
export const DEFAULT_THRESHOLD_KM: Readonly<Record<Family, number>> = {
	grains: 15,
	fruits: 15,
	legumes: 15,
	viande: 15,
	lait: 15,
	cuisines: 15,
	froid: 15,
	autre: 15
};
/** Bounds of a threshold a person may type, in km. */
export const MIN_THRESHOLD_KM = 0.5;
export const MAX_THRESHOLD_KM = 500;

/** A category of the selection's family? (A category of another family is a mistaken request.) */
export function selectionIsValid(s: CoverageSelection): boolean {
	return s.category === null || (isCategory(s.category) && categoryDef(s.category).family === s.family);
}

/** The categories a selection looks for. */
export function selectedCategories(s: CoverageSelection): Category[] {
	return s.category ? [s.category] : CATEGORY_DEFS.filter((c) => c.family === s.family).map((c) => c.id);
}

/** A tool that counts, as the analysis needs it. */
export interface CoverageTool {
	id: string;
	name: string;
	category: Category;
	/** INSEE code of its commune, as its sheet says. */
	commune: string | null;
	/** null: it serves its own commune only (see the header). */
	at: LonLat | null;
}

/** The sheet's tool if it counts in this view for this selection, else null (rules in the header). */
export function countingTool(id: string, s: Partial<SheetFields>, view: CoverageView, selection: CoverageSelection): CoverageTool | null {
	if (s.deleted === true || s.status === 'archive') return null;
	if (!s.category || !isCategory(s.category)) return null;
	if (selection.category ? s.category !== selection.category : categoryDef(s.category).family !== selection.family) return null;
	if (s.condition !== 'en_service') return null;
	if (view === 'mains' && s.worksWithoutMains !== 'oui') return null;
	const loc = s.location;
	const located = !!loc && Number.isFinite(loc.lon) && Number.isFinite(loc.lat);
	return { id, name: s.name ?? '', category: s.category, commune: s.commune ?? null, at: located ? [loc.lon, loc.lat] : null };
}

/** A commune of the territory with a centre (communes without an outline are left out before). */
export interface CoverageCommune {
	insee: string;
	name: string;
	/** Name of its CDC, null for a commune outside any. */
	cdc: string | null;
	centre: LonLat;
}

export interface NearestTool {
	id: string;
	name: string;
	/** INSEE code of the tool's commune. */
	commune: string | null;
}

export interface CommuneCoverage {
	insee: string;
	name: string;
	cdc: string | null;
	/** km to the nearest tool that counts; null when there is none ("aucun"). */
	distanceKm: number | null;
	nearest: NearestTool | null;
	beyond: boolean;
}

/** Farther than the threshold, or no tool at all. */
export function isBeyond(distanceKm: number | null, thresholdKm: number): boolean {
	return distanceKm === null || distanceKm > thresholdKm;
}

const toMetre = (km: number) => Math.round(km * 1000) / 1000;

/** For each commune, the nearest tool that counts and its distance (rules in the header). */
export function coverage(communes: readonly CoverageCommune[], tools: readonly CoverageTool[], thresholdKm: number): CommuneCoverage[] {
	return communes.map((c) => {
		let best: CoverageTool | null = null;
		let bestKm = Infinity;
		for (const tool of tools) {
			const km = tool.commune === c.insee ? 0 : tool.at ? toMetre(haversineKm(c.centre, tool.at)) : Infinity;
			if (km < bestKm || (km === bestKm && best !== null && km !== Infinity && tool.id < best.id)) {
				best = tool;
				bestKm = km;
			}
		}
		const distanceKm = best ? bestKm : null;
		return {
			insee: c.insee,
			name: c.name,
			cdc: c.cdc,
			distanceKm,
			nearest: best ? { id: best.id, name: best.name, commune: best.commune } : null,
			beyond: isBeyond(distanceKm, thresholdKm)
		};
	});
}

/**
 * Classes of distance for the map, following the threshold so that the last class with a tool is
 * always "beyond the threshold": 1 up to a third of it, 2 up to two thirds, 3 up to the threshold,
 * 4 beyond, 5 no tool at all. With the default 15 km: 0–5, 5–10, 10–15, > 15 km, aucun.
 */
export const DISTANCE_CLASSES = [1, 2, 3, 4, 5] as const;
export type DistanceClass = (typeof DISTANCE_CLASSES)[number];

/** Upper bounds (km) of classes 1, 2 and 3. */
export function classBounds(thresholdKm: number): [number, number, number] {
	return [thresholdKm / 3, (2 * thresholdKm) / 3, thresholdKm];
}

export function distanceClass(distanceKm: number | null, thresholdKm: number): DistanceClass {
	if (distanceKm === null) return 5;
	const [a, b, c] = classBounds(thresholdKm);
	return distanceKm <= a ? 1 : distanceKm <= b ? 2 : distanceKm <= c ? 3 : 4;
}

/** The threshold applied again to results (the screen changes it without asking the server). */
export function withThreshold(rows: readonly CommuneCoverage[], thresholdKm: number): CommuneCoverage[] {
	return rows.map((r) => ({ ...r, beyond: isBeyond(r.distanceKm, thresholdKm) }));
}

export const COVERAGE_SORTS = ['distance', 'name', 'cdc'] as const;
export type CoverageSort = (typeof COVERAGE_SORTS)[number];

/**
 * Comparator for the table. "No tool" is the farthest of all; ties by commune name (French
 * collation) then INSEE code, so the order is stable. Descending distance (the default of the
 * screen) lists the communes beyond the threshold first, those with no tool at the very top.
 */
export function compareCoverage(sort: CoverageSort, descending: boolean) {
	const collator = new Intl.Collator('fr', { sensitivity: 'base', numeric: true });
	const byName = (a: CommuneCoverage, b: CommuneCoverage) => collator.compare(a.name, b.name) || (a.insee < b.insee ? -1 : a.insee > b.insee ? 1 : 0);
	return (a: CommuneCoverage, b: CommuneCoverage): number => {
		let c = 0;
		if (sort === 'distance') c = (a.distanceKm ?? Infinity) - (b.distanceKm ?? Infinity) || 0;
		else if (sort === 'cdc') c = collator.compare(a.cdc ?? '', b.cdc ?? '');
		if (Number.isNaN(c)) c = 0; // Infinity − Infinity: both without a tool
		if (c !== 0) return descending ? -c : c;
		return byName(a, b);
	};
}

/** Counts for the summary line and the legend. */
export interface CoverageSummary {
	communes: number;
	beyond: number;
	/** Communes with no tool at all (also counted in `beyond`). */
	none: number;
	byClass: Record<DistanceClass, number>;
}

export function summarise(rows: readonly CommuneCoverage[], thresholdKm: number): CoverageSummary {
	const byClass: Record<DistanceClass, number> = { 1: 0, 2: 0, 3: 0, 4: 0, 5: 0 };
	let beyond = 0;
	let none = 0;
	for (const r of rows) {
		byClass[distanceClass(r.distanceKm, thresholdKm)]++;
		if (isBeyond(r.distanceKm, thresholdKm)) beyond++;
		if (r.distanceKm === null) none++;
	}
	return { communes: rows.length, beyond, none, byClass };
}
