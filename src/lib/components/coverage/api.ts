/**
 * The coverage screen's side of GET /api/coverage and its export: the answer checked against a
 * schema before the screen sees it (a server of another version, or a proxy's HTML page, gives a
 * clear failure, not a broken map), and the shared look of the distance classes (map and legend).
 */
import * as v from 'valibot';
import { CATEGORIES, FAMILIES, type Category, type Family } from '$lib/domain/categories';
import { COVERAGE_VIEWS, type CoverageView, type DistanceClass } from '$lib/domain/coverage';
import { formatNumber, t } from '$lib/i18n';

export class CoverageApiError extends Error {
	constructor(
		/** HTTP status; 0 when the server could not be reached. */
		readonly status: number,
		message: string
	) {
		super(message);
		this.name = 'CoverageApiError';
	}
}

const km = v.pipe(v.number(), v.finite(), v.minValue(0));
const lonLat = v.tuple([v.pipe(v.number(), v.finite()), v.pipe(v.number(), v.finite())]);
const RowSchema = v.object({
	insee: v.string(),
	name: v.string(),
	cdc: v.nullable(v.string()),
	distanceKm: v.nullable(km),
	nearest: v.nullable(v.object({ id: v.string(), name: v.string(), commune: v.nullable(v.string()) })),
	beyond: v.boolean()
});
const AnswerSchema = v.object({
	view: v.picklist(COVERAGE_VIEWS),
	family: v.picklist(FAMILIES),
	category: v.nullable(v.picklist(CATEGORIES)),
	threshold: km,
	counted: v.pipe(v.number(), v.integer(), v.minValue(0)),
	unlocated: v.pipe(v.number(), v.integer(), v.minValue(0)),
	communes: v.array(RowSchema),
	withoutOutline: v.array(v.object({ insee: v.string(), name: v.string() })),
	tools: v.array(v.object({ id: v.string(), name: v.string(), category: v.picklist(CATEGORIES), commune: v.nullable(v.string()), at: lonLat })),
	computedAt: v.string()
});
export type CoverageAnswer = v.InferOutput<typeof AnswerSchema>;
export type CoverageTool = CoverageAnswer['tools'][number];

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

export async function fetchCoverage(r: CoverageRequest, thresholdKm: number, signal?: AbortSignal): Promise<CoverageAnswer> {
	let res: Response;
	try {
		res = await fetch(`/api/coverage?${coverageParams(r, thresholdKm)}`, { headers: { Accept: 'application/json' }, signal });
	} catch (e) {
		if ((e as Error).name === 'AbortError') throw e;
		throw new CoverageApiError(0, t('coverage.offline'));
	}
	const body: unknown = await res.json().catch(() => null);
	if (!res.ok) {
		const message = (body as { message?: unknown } | null)?.message;
		throw new CoverageApiError(res.status, typeof message === 'string' ? message : t('coverage.load_failed'));
	}
	const parsed = v.safeParse(AnswerSchema, body);
	if (!parsed.success) throw new CoverageApiError(res.status, t('coverage.load_failed'));
	return parsed.output;
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
