/**
 * The census screen's address: the filter (the very query string of the exports and of the API),
 * then the table's order and page, then the view. One place builds it, so a shared link, a reload,
 * the API request and the export links always say the same thing.
 */
import type { CensusFilter } from '$lib/domain/census';
import { DEFAULT_PAGING, type CensusPaging } from '$lib/domain/census-page';
import { filterFromParams, filterToParams } from '$lib/schemas/census';
import { EMPTY_CENSUS_FILTER } from '$lib/domain/census';
import { pagingFromParams, pagingToParams } from '$lib/schemas/census-paging';

export const VIEWS = ['liste', 'synthese'] as const;
export type CensusView = (typeof VIEWS)[number];

export interface CensusAddress {
	filter: CensusFilter;
	paging: CensusPaging;
	view: CensusView;
}

/** Reads the address; a value the census does not know falls back to the default (never a broken screen). */
export function readAddress(params: URLSearchParams): CensusAddress {
	const view = params.get('vue');
	return {
		filter: filterFromParams(params) ?? { ...EMPTY_CENSUS_FILTER },
		paging: pagingFromParams(params) ?? { ...DEFAULT_PAGING },
		view: view === 'synthese' ? 'synthese' : 'liste'
	};
}

export function writeAddress(a: CensusAddress): string {
	const p = pagingToParams(a.paging, filterToParams(a.filter));
	if (a.view !== 'liste') p.set('vue', a.view);
	return p.toString();
}

/** What the API is asked: the filter and the paging (not the view). */
export function apiQuery(a: CensusAddress): string {
	return pagingToParams(a.paging, filterToParams(a.filter)).toString();
}

/** The exports' query: the filter alone (order and page are the table's business). */
export function exportQuery(filter: CensusFilter, withPrivate: boolean): string {
	const p = filterToParams(filter);
	if (withPrivate) p.set('private', '1');
	return p.toString();
}

/** How many kinds of criteria are set (shown on the filters' heading). */
export function countActive(f: CensusFilter): number {
	return (
		(f.query.trim() ? 1 : 0) +
		(f.communes.length ? 1 : 0) +
		(f.cdcs.length ? 1 : 0) +
		(f.categories.length ? 1 : 0) +
		(f.conditions.length ? 1 : 0) +
		(f.statuses.length ? 1 : 0) +
		(f.worksWithoutMains.length ? 1 : 0) +
		(f.reverify ? 1 : 0) +
		(f.includeDeleted ? 1 : 0)
	);
}
