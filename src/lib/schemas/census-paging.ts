/**
 * The paging part of the census API's query (the filter part is filterFromParams, shared with the
 * exports): `sort` (one of CENSUS_SORTS), `desc=1`, `page` (1-based), `size` (1 to 200). The census
 * screen reads its own address with the same function, so the screen and the API never disagree.
 * No server import here: the browser uses it too.
 */
import * as v from 'valibot';
import { CENSUS_SORTS } from '$lib/domain/census';
import { DEFAULT_PAGING, MAX_PAGE_SIZE, type CensusPaging } from '$lib/domain/census-page';

const int = (min: number, max: number) => v.pipe(v.string(), v.regex(/^\d{1,7}$/), v.transform(Number), v.integer(), v.minValue(min), v.maxValue(max));

const PagingSchema = v.object({
	sort: v.optional(v.picklist(CENSUS_SORTS)),
	desc: v.optional(v.picklist(['0', '1'])),
	page: v.optional(int(1, 1_000_000)),
	size: v.optional(int(1, MAX_PAGE_SIZE))
});

/** null when a value is not one the census knows (the API answers 400, the screen falls back). */
export function pagingFromParams(params: URLSearchParams): CensusPaging | null {
	const raw: Record<string, string> = {};
	for (const key of ['sort', 'desc', 'page', 'size']) {
		const value = params.get(key);
		if (value !== null) raw[key] = value;
	}
	const parsed = v.safeParse(PagingSchema, raw);
	if (!parsed.success) return null;
	const p = parsed.output;
	return {
		sort: p.sort ?? DEFAULT_PAGING.sort,
		desc: p.desc === '1',
		page: p.page ?? DEFAULT_PAGING.page,
		size: p.size ?? DEFAULT_PAGING.size
	};
}

/** The paging as search parameters (defaults left out, so addresses stay short). */
export function pagingToParams(p: CensusPaging, into = new URLSearchParams()): URLSearchParams {
	if (p.sort !== DEFAULT_PAGING.sort) into.set('sort', p.sort);
	if (p.desc) into.set('desc', '1');
	if (p.page !== 1) into.set('page', String(p.page));
	if (p.size !== DEFAULT_PAGING.size) into.set('size', String(p.size));
	return into;
}
