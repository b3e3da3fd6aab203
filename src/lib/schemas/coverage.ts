/**
 * The coverage screen's answer (GET /api/coverage): each commune's distance to the nearest tool of
 * the kind asked, as the browser checks it (lib/api/coverage.ts).
 */
import * as v from 'valibot';
import { CATEGORIES, FAMILIES } from '$lib/domain/categories';
import { COVERAGE_VIEWS } from '$lib/domain/coverage';

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
export const CoverageAnswerSchema = v.object({
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
export type CoverageAnswer = v.InferOutput<typeof CoverageAnswerSchema>;
export type CoverageTool = CoverageAnswer['tools'][number];
