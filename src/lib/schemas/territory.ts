/**
 * Valibot schemas of the territory: the resolved territory as it travels (GET /api/territory) and as
 * it is read back from IndexedDB, and the territory configuration the coordinator chooses (the
 * server's setting `territory`; older versions' file `territory.json`).
 */
import * as v from 'valibot';
import type { Territory } from '$lib/domain/territory';
import { INSEE_RE } from './sheet';
import { noNul } from './nul';

export const SIREN_RE = /^\d{9}$/;
export const POSTAL_CODE_RE = /^\d{5}$/;
/** "28", "61", "2A", "971". */
export const DEPARTMENT_RE = /^(\d{2,3}|2[AB])$/;
export const TERRITORY_ID_RE = /^[a-z0-9][a-z0-9_-]{0,63}$/;

const name = v.pipe(v.string(), v.trim(), v.nonEmpty(), v.maxLength(200));
const siren = v.pipe(v.string(), v.regex(SIREN_RE));
const insee = v.pipe(v.string(), v.regex(INSEE_RE));

export const CdcSchema = v.object({ siren, name });

export const CommuneSchema = v.object({
	insee,
	name,
	department: v.pipe(v.string(), v.regex(DEPARTMENT_RE)),
	cdc: v.nullable(CdcSchema),
	population: v.nullable(v.pipe(v.number(), v.integer(), v.minValue(0))),
	postalCodes: v.array(v.pipe(v.string(), v.regex(POSTAL_CODE_RE)))
});

export const TerritorySchema = v.pipe(
	v.object({
		id: v.pipe(v.string(), v.regex(TERRITORY_ID_RE)),
		name,
		version: v.pipe(v.string(), v.nonEmpty(), v.maxLength(64)),
		cdcs: v.array(CdcSchema),
		communes: v.pipe(v.array(CommuneSchema), v.nonEmpty())
	}),
	v.check((t) => new Set(t.communes.map((c) => c.insee)).size === t.communes.length, 'duplicate_commune'),
	v.check((t) => {
		const sirens = new Set(t.cdcs.map((c) => c.siren));
		return t.communes.every((c) => c.cdc === null || sirens.has(c.cdc.siren));
	}, 'unknown_cdc')
);

// The schema and the domain type must describe the same shape.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const sameShape: Same<v.InferOutput<typeof TerritorySchema>, Territory> = true;
void sameShape;

export type TerritoryParse = { ok: true; territory: Territory } | { ok: false };

/** A territory from the wire or from storage, or `{ ok: false }` when it is not one. */
export function parseTerritory(input: unknown): TerritoryParse {
	const result = v.safeParse(TerritorySchema, input);
	return result.success ? { ok: true, territory: result.output } : { ok: false };
}

/**
 * The territory's configuration (setting `territory`, formerly the file `territory.json`): which CDC (by SIREN) and which extra communes (by INSEE)
 * make the territory. Unknown keys are refused so that a misspelt key is not silently ignored.
 * Messages are French: they reach the coordinator who edits the file.
 */
export const TerritoryConfigSchema = v.pipe(
	v.strictObject(
		{
			id: v.pipe(v.string('texte attendu'), v.regex(TERRITORY_ID_RE, 'identifiant attendu : minuscules, chiffres, « - » ou « _ »')),
			name: v.pipe(v.string('texte attendu'), v.trim(), v.nonEmpty('nom vide'), v.maxLength(200, '200 caractères au plus'), noNul),
			cdc: v.optional(v.array(v.pipe(v.string('texte attendu'), v.regex(SIREN_RE, 'SIREN attendu : 9 chiffres')), 'liste de SIREN attendue'), []),
			communes: v.optional(
				v.array(v.pipe(v.string('texte attendu'), v.regex(INSEE_RE, 'code INSEE attendu : 5 caractères')), 'liste de codes INSEE attendue'),
				[]
			)
		},
		(issue) =>
			issue.expected === 'never' ? `clé inconnue ${issue.received}` : issue.expected === 'Object' ? 'objet JSON attendu' : 'clé obligatoire manquante'
	),
	v.check((c) => c.cdc.length + c.communes.length > 0, 'au moins une CDC (« cdc ») ou une commune (« communes ») attendue')
);

export type TerritoryConfig = v.InferOutput<typeof TerritoryConfigSchema>;
