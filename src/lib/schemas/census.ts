/**
 * The census filters as URL search parameters (the census screen's address, the exports' and the
 * API's queries all use the same form, so "export what I see" is the screen's own query string):
 * `q`, `commune` (repeatable INSEE), `cdc` (SIREN), `category`, `condition` (or `none`), `status`,
 * `mains` (oui|non|inconnu), `reverify=1`, `deleted=1`. Unknown values are refused, not ignored.
 */
import * as v from 'valibot';
import { CATEGORIES } from '$lib/domain/categories';
import { CONDITIONS, REVIEW_STATUSES, TRISTATE } from '$lib/domain/vocab';
import { EMPTY_CENSUS_FILTER, type CensusFilter } from '$lib/domain/census';
import { INSEE_RE } from './sheet';

const many = <T extends string>(list: readonly T[]) => v.pipe(v.array(v.picklist(list as unknown as [T, ...T[]])), v.maxLength(500));

export const CensusFilterSchema = v.object({
	query: v.pipe(v.string(), v.maxLength(200)),
	communes: v.pipe(v.array(v.pipe(v.string(), v.regex(INSEE_RE))), v.maxLength(1000)),
	cdcs: v.pipe(v.array(v.pipe(v.string(), v.regex(/^\d{9}$/))), v.maxLength(100)),
	categories: many(CATEGORIES),
	conditions: many([...CONDITIONS, 'none'] as const),
	statuses: many(REVIEW_STATUSES),
	worksWithoutMains: many(TRISTATE),
	reverify: v.boolean(),
	includeDeleted: v.boolean()
});

/** Reads the filter from search parameters; null when a value is not one the census knows. */
export function filterFromParams(params: URLSearchParams): CensusFilter | null {
	const raw = {
		query: params.get('q') ?? '',
		communes: params.getAll('commune'),
		cdcs: params.getAll('cdc'),
		categories: params.getAll('category'),
		conditions: params.getAll('condition'),
		statuses: params.getAll('status'),
		worksWithoutMains: params.getAll('mains'),
		reverify: params.get('reverify') === '1',
		includeDeleted: params.get('deleted') === '1'
	};
	const parsed = v.safeParse(CensusFilterSchema, raw);
	return parsed.success ? (parsed.output as CensusFilter) : null;
}

/** The search parameters of a filter (empty criteria are left out). */
export function filterToParams(f: CensusFilter): URLSearchParams {
	const p = new URLSearchParams();
	if (f.query.trim()) p.set('q', f.query.trim());
	for (const c of f.communes) p.append('commune', c);
	for (const c of f.cdcs) p.append('cdc', c);
	for (const c of f.categories) p.append('category', c);
	for (const c of f.conditions) p.append('condition', c);
	for (const s of f.statuses) p.append('status', s);
	for (const m of f.worksWithoutMains) p.append('mains', m);
	if (f.reverify) p.set('reverify', '1');
	if (f.includeDeleted) p.set('deleted', '1');
	return p;
}

export { EMPTY_CENSUS_FILTER };
