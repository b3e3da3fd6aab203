/**
 * The coverage analysis on the server: the request's parameters, checked; the census read
 * a page at a time (only the selected categories; the one rule of what counts is
 * domain/coverage.ts `countingTool`); the communes' centres from their outlines. Shared by the
 * JSON answer and the exported files, so that both say the same thing.
 */
import * as v from 'valibot';
import { EMPTY_CENSUS_FILTER } from '$lib/domain/census';
import { CATEGORIES, FAMILIES, type Category, type Family } from '$lib/domain/categories';
import {
	COVERAGE_VIEWS,
	DEFAULT_THRESHOLD_KM,
	MAX_THRESHOLD_KM,
	MIN_THRESHOLD_KM,
	compareCoverage,
	countingTool,
	coverage,
	selectedCategories,
	selectionIsValid,
	type CommuneCoverage,
	type CoverageCommune,
	type CoverageTool,
	type CoverageView,
	type LonLat
} from '$lib/domain/coverage';
import type { Territory } from '$lib/domain/territory';
import { censusContext, censusRows } from '$lib/server/census/rows';
import { getOutlines, type OutlinesOptions } from '$lib/server/map/outlines';
import type { Store, User } from '$lib/server/store/types';

export interface CoverageQuery {
	view: CoverageView;
	family: Family;
	category: Category | null;
	thresholdKm: number;
}

const Threshold = v.pipe(v.string(), v.regex(/^\d{1,3}(?:\.\d{1,3})?$/), v.transform(Number), v.minValue(MIN_THRESHOLD_KM), v.maxValue(MAX_THRESHOLD_KM));
const QuerySchema = v.object({
	view: v.optional(v.picklist(COVERAGE_VIEWS), 'service'),
	family: v.optional(v.picklist(FAMILIES), 'grains'),
	category: v.optional(v.picklist(CATEGORIES)),
	threshold: v.optional(Threshold)
});

/** The parameters of `?view=&family=&category=&threshold=`, or null when any is not valid. */
export function queryFromParams(params: URLSearchParams): CoverageQuery | null {
	const raw: Record<string, string> = {};
	for (const key of ['view', 'family', 'category', 'threshold']) {
		const all = params.getAll(key);
		if (all.length > 1) return null;
		if (all[0] !== undefined && all[0] !== '') raw[key] = all[0];
	}
	const parsed = v.safeParse(QuerySchema, raw);
	if (!parsed.success) return null;
	const { view, family, category = null, threshold } = parsed.output;
	if (!selectionIsValid({ family, category })) return null;
	return { view, family, category, thresholdKm: threshold ?? DEFAULT_THRESHOLD_KM[family] };
}

/** A tool that counts and has a location, for the map. */
export interface LocatedTool {
	id: string;
	name: string;
	category: Category;
	commune: string | null;
	at: LonLat;
}

export interface CoverageAnswer {
	view: CoverageView;
	family: Family;
	category: Category | null;
	threshold: number;
	/** Tools that count, and among them those without a location (they serve their own commune only). */
	counted: number;
	unlocated: number;
	/** Communes with a centre, those beyond the threshold first (no tool at all at the very top). */
	communes: CommuneCoverage[];
	/** Communes of the territory without an outline (hence no centre): not analysed. */
	withoutOutline: { insee: string; name: string }[];
	/** The located tools that count, for the map. */
	tools: LocatedTool[];
	computedAt: string;
}

// The parsed centres of the last outlines served, by their ETag: the collection is megabytes of
// JSON text, and it changes only when the coordinator loads or resets the outlines.
let centresCache: { etag: string; centres: Map<string, LonLat> } | null = null;

async function communeCentres(options: OutlinesOptions): Promise<Map<string, LonLat>> {
	const served = await getOutlines(options);
	if (centresCache?.etag === served.etag) return centresCache.centres;
	// Checked when stored (lib/server/map/outlines.ts): every feature has a code and a [lon, lat] centre.
	const collection = JSON.parse(served.body) as { features: { properties: { code: string; centre: LonLat } }[] };
	const centres = new Map(collection.features.map((f) => [f.properties.code, f.properties.centre] as const));
	centresCache = { etag: served.etag, centres };
	return centres;
}

/**
 * The analysis for `user` (what it may read of the census: no private field is used anyway).
 * Throws OutlinesError 'outlines_unavailable' when no outline can be had (no centre at all).
 */
export async function analyse(store: Store, user: User, territory: Territory, q: CoverageQuery, outlines: Omit<OutlinesOptions, 'territory' | 'store'> = {}, now = new Date()): Promise<CoverageAnswer> {
	const centres = await communeCentres({ ...outlines, territory, store });
	const selection = { family: q.family, category: q.category };
	const tools: CoverageTool[] = [];
	const ctx = await censusContext(store, territory, now);
	for await (const row of censusRows(store, user, { ...EMPTY_CENSUS_FILTER, categories: selectedCategories(selection) }, ctx)) {
		const tool = countingTool(row.id, row.fields, q.view, selection);
		if (tool) tools.push(tool);
	}
	const analysed: CoverageCommune[] = [];
	const withoutOutline: { insee: string; name: string }[] = [];
	for (const c of territory.communes) {
		const centre = centres.get(c.insee);
		if (centre) analysed.push({ insee: c.insee, name: c.name, cdc: c.cdc?.name ?? null, centre });
		else withoutOutline.push({ insee: c.insee, name: c.name });
	}
	const located = tools.filter((t): t is CoverageTool & { at: LonLat } => t.at !== null);
	return {
		view: q.view,
		family: q.family,
		category: q.category,
		threshold: q.thresholdKm,
		counted: tools.length,
		unlocated: tools.length - located.length,
		communes: coverage(analysed, tools, q.thresholdKm).sort(compareCoverage('distance', true)),
		withoutOutline,
		tools: located.map((t) => ({ id: t.id, name: t.name, category: t.category, commune: t.commune, at: t.at })),
		computedAt: now.toISOString()
	};
}
