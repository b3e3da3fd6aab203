/**
 * The coverage screen's addresses (its query, the export links) and the shared look of the distance
 * classes (map and legend). The request itself is lib/api/coverage.ts; its answer's shape
 * lib/schemas/coverage.ts.
 */
import type { Category, Family } from '$lib/domain/categories';
import type { CoverageView, DistanceClass } from '$lib/domain/coverage';
import { formatNumber } from '$lib/i18n';

export type { CoverageAnswer, CoverageTool } from '$lib/schemas/coverage';

/** What the screen asks for (the threshold is applied on the screen, see the page). */
export interface CoverageRequest {
	view: CoverageView;
	family: Family;
	category: Category | null;
}

export function coverageParams(r: CoverageRequest, thresholdKm: number): URLSearchParams {
	const p = new URLSearchParams({ view: r.view, family: r.family });
	if (r.category) p.set('category', r.category);
	p.set('threshold', String(thresholdKm));
	return p;
}

export function exportHref(format: 'csv' | 'xlsx', r: CoverageRequest, thresholdKm: number): string {
	const p = coverageParams(r, thresholdKm);
	p.set('format', format);
	return `/api/coverage/export?${p}`;
}

/**
 * The fill of each class on the map and in the legend: light to dark as the distance grows, with
 * the class number written on each commune and in the legend (the colour is never the only sign).
 */
export const CLASS_STYLE: Record<DistanceClass, { fill: string; text: string }> = {
	1: { fill: '#cde7c0', text: '#1d211c' },
	2: { fill: '#fbe08a', text: '#1d211c' },
	3: { fill: '#f5a35b', text: '#1d211c' },
	4: { fill: '#c23b2a', text: '#ffffff' },
	5: { fill: '#4a1426', text: '#ffffff' }
};

/** "7,8" / "7.8" (one decimal, in the person's language), as distances are shown. */
export function formatKm(value: number): string {
	return formatNumber(value, { maximumFractionDigits: 1 });
}
