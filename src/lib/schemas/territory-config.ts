/**
 * The answers of the territory configuration API (GET/PUT/DELETE /api/territory/config, GET
 * /api/territory/search, POST/DELETE /api/territory/outlines) as the coordinator's screen checks them (lib/api/territory.ts).
 */
import * as v from 'valibot';

const code = v.pipe(v.string(), v.nonEmpty());

export const CdcChoiceSchema = v.object({ siren: code, name: v.string(), communes: v.array(code) });

export const CommuneChoiceSchema = v.object({
	insee: code,
	name: v.string(),
	department: v.string(),
	cdc: v.nullable(v.object({ siren: code, name: v.string() }))
});

export const ConfigViewSchema = v.object({
	config: v.object({ id: v.string(), name: v.string(), cdc: v.array(code), communes: v.array(code) }),
	isDefault: v.boolean(),
	problem: v.nullable(v.string()),
	cdcs: v.array(CdcChoiceSchema),
	communes: v.array(CommuneChoiceSchema)
});

export const SearchResultSchema = v.object({
	cdcs: v.array(CdcChoiceSchema),
	communes: v.array(CommuneChoiceSchema),
	moreCdcs: v.boolean(),
	moreCommunes: v.boolean()
});

export type CdcChoice = v.InferOutput<typeof CdcChoiceSchema>;
export type CommuneChoice = v.InferOutput<typeof CommuneChoiceSchema>;
export type ConfigView = v.InferOutput<typeof ConfigViewSchema>;
export type SearchResult = v.InferOutput<typeof SearchResultSchema>;

export interface ConfigRequest {
	name: string;
	cdc: string[];
	communes: string[];
}

/** What the coordinator is told after choosing the outlines: where from, how many, which lack one. */
export const OutlinesSummarySchema = v.object({
	source: v.picklist(['file', 'api-geo']),
	outlined: v.pipe(v.number(), v.integer(), v.minValue(0)),
	missing: v.array(v.object({ code: v.string(), nom: v.string() }))
});
export type OutlinesSummary = v.InferOutput<typeof OutlinesSummarySchema>;
