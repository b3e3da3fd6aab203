/**
 * The map screen's points and filters: which sheets become a marker, and which markers
 * the filters keep. Pure functions over domain values (no Leaflet, no database): the screen feeds
 * them the sheets this device holds.
 */
import { categoryDef, type Category, type Family } from './categories';
import type { Sheet } from './sheet';
import type { Condition, ReviewStatus, Tristate } from './vocab';

/** What a marker and its summary card need of a sheet. */
export interface MapPoint {
	id: string;
	name: string;
	category: Category;
	/** The free label of an "autre" tool, shown instead of the category's name when filled. */
	categoryOther: string;
	family: Family;
	commune: string | null;
	condition: Condition | null;
	worksWithoutMains: Tristate;
	status: ReviewStatus;
	lat: number;
	lon: number;
}

/** '' means "all" for every criterion. */
export interface MapFilter {
	category: Category | '';
	condition: Condition | '';
	worksWithoutMains: Tristate | '';
	status: ReviewStatus | '';
}

export const ALL_ON_MAP: MapFilter = { category: '', condition: '', worksWithoutMains: '', status: '' };

/**
 * One point per sheet that can be drawn: not deleted, with a location whose numbers are real
 * coordinates (a damaged point must not throw inside the map library and blank the whole screen).
 */
export function mapPoints(sheets: readonly Sheet[]): MapPoint[] {
	const points: MapPoint[] = [];
	for (const s of sheets) {
		const f = s.fields;
		const loc = f.location;
		if (f.deleted || !loc) continue;
		if (!Number.isFinite(loc.lat) || !Number.isFinite(loc.lon) || Math.abs(loc.lat) > 90 || Math.abs(loc.lon) > 180) continue;
		points.push({
			id: s.id,
			name: f.name,
			category: f.category,
			categoryOther: f.categoryOther,
			family: categoryDef(f.category).family,
			commune: f.commune,
			condition: f.condition,
			// Unanswered counts as unknown, as in the census.
			worksWithoutMains: f.worksWithoutMains ?? 'inconnu',
			status: f.status,
			lat: loc.lat,
			lon: loc.lon
		});
	}
	return points;
}

/** The points every chosen criterion keeps (a sheet with no condition only passes "all conditions"). */
export function filterPoints(points: readonly MapPoint[], filter: MapFilter): MapPoint[] {
	return points.filter(
		(p) =>
			(!filter.category || p.category === filter.category) &&
			(!filter.condition || p.condition === filter.condition) &&
			(!filter.worksWithoutMains || p.worksWithoutMains === filter.worksWithoutMains) &&
			(!filter.status || p.status === filter.status)
	);
}

/** How many criteria are set (shown on the filters button). */
export function activeCriteria(filter: MapFilter): number {
	return [filter.category, filter.condition, filter.worksWithoutMains, filter.status].filter(Boolean).length;
}
