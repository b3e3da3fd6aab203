/**
 * One page of the census screen: who may read the census and how far, the counts of the
 * dashboard, and a sorted page of the matching sheets. Pure: the server feeds it the matching rows
 * one at a time (never the census as a whole) and reads back the page's ids and the counts.
 *
 * Memory, on purpose O(n) in small tuples: for every matching row the tally keeps a SKELETON (its id
 * and the one value the chosen sort reads — about 150–250 bytes), so that any page, even the last of
 * 100,000 sheets, can be cut from one sort. The full rows are dropped as they stream by; the server
 * reads again only the page's ≤ 200 records. Counts are a few small maps whatever the census size.
 */
import type { Actor } from './access';
import { compareCensus, EMPTY_CENSUS_FILTER, matchesCensus, type CensusContext, type CensusFilter, type CensusRow, type CensusSort } from './census';
import type { Category } from './categories';
import type { SheetFields } from './sheet';
import type { Condition, ReviewStatus, Tristate } from './vocab';

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 200;

/** The table's order and window (`page` is 1-based). */
export interface CensusPaging {
	sort: CensusSort;
	desc: boolean;
	page: number;
	size: number;
}

export const DEFAULT_PAGING: CensusPaging = { sort: 'name', desc: false, page: 1, size: DEFAULT_PAGE_SIZE };

/** The key of counts for a sheet without a category, a commune, or a commune without CDC. */
export const NONE = 'none';

/** What the census table shows of one sheet (never a private field: the table has no contact column). */
export interface CensusTableRow {
	id: string;
	name: string;
	category: Category | null;
	categoryOther: string;
	commune: string | null;
	communeName: string;
	condition: Condition | null;
	status: ReviewStatus | null;
	/** Null while nobody answered (shown as not filled in, never as « je ne sais pas »). */
	worksWithoutMains: Tristate | null;
	verifiedOn: string | null;
	updatedAt: string;
	createdByName: string;
	deleted: boolean;
	/** Due for a new visit (the same rule as the "à revérifier" filter). */
	reverify: boolean;
}

export interface CensusCounts {
	byCategory: Record<string, number>;
	/** By SIREN of the commune's CDC (`none`: no commune, or a commune outside any CDC). */
	byCdc: Record<string, number>;
	/** By INSEE code (`none`: no commune yet). */
	byCommune: Record<string, number>;
	/** category → CDC → count. */
	byCategoryCdc: Record<string, Record<string, number>>;
	worksWithoutMains: Record<Tristate, number>;
	reverify: number;
}

export interface CensusPageAnswer {
	total: number;
	/** The page actually sent (a page past the end is answered with the last one). */
	page: number;
	size: number;
	rows: CensusTableRow[];
	counts: CensusCounts;
}

/**
 * The filter as `actor` may run it: a mairie's commune filter is forced within its communes,
 * whatever was asked (asked communes outside its scope are dropped; none asked means all of its
 * own). null: nothing to show (a volunteer, a mairie without commune, or only foreign communes asked).
 */
export function scopeFilter(filter: CensusFilter, actor: Actor): CensusFilter | null {
	if (actor.role === 'coordinateur') return filter;
	if (actor.role !== 'mairie' || actor.communes.length === 0) return null;
	const communes = filter.communes.length ? filter.communes.filter((c) => actor.communes.includes(c)) : [...actor.communes];
	return communes.length ? { ...filter, communes } : null;
}

const REVERIFY_ONLY: CensusFilter = { ...EMPTY_CENSUS_FILTER, reverify: true, includeDeleted: true };

/** Due for re-verification, by the very rule of the census filter (archived, drafts and deleted never are). */
export function dueForReverify(row: CensusRow, ctx: CensusContext): boolean {
	return matchesCensus(row, REVERIFY_ONLY, ctx);
}

export function toTableRow(row: CensusRow, ctx: CensusContext): CensusTableRow {
	const s = row.fields;
	return {
		id: row.id,
		name: s.name ?? '',
		category: s.category ?? null,
		categoryOther: s.categoryOther ?? '',
		commune: s.commune ?? null,
		communeName: s.commune ? ctx.communeName(s.commune) : '',
		condition: s.condition ?? null,
		status: s.status ?? null,
		worksWithoutMains: s.worksWithoutMains ?? null,
		verifiedOn: s.verifiedOn ?? null,
		updatedAt: row.updatedAt,
		createdByName: row.createdByName,
		deleted: s.deleted === true,
		reverify: dueForReverify(row, ctx)
	};
}

export function emptyCounts(): CensusCounts {
	return { byCategory: {}, byCdc: {}, byCommune: {}, byCategoryCdc: {}, worksWithoutMains: { oui: 0, non: 0, inconnu: 0 }, reverify: 0 };
}

/** The one field each sort reads (`null`: the record's own `updatedAt`); see compareCensus. */
const SORT_FIELD: Record<CensusSort, keyof SheetFields | null> = {
	name: 'name',
	commune: 'commune',
	category: 'category',
	status: 'status',
	updated: null,
	verified: 'verifiedOn'
};

/** A row reduced to what compareCensus reads for `sort`: sorting skeletons orders like the full rows. */
export function sortSkeleton(row: CensusRow, sort: CensusSort): CensusRow {
	const field = SORT_FIELD[sort];
	const fields: Partial<SheetFields> = {};
	if (field && row.fields[field] !== undefined) (fields as Record<string, unknown>)[field] = row.fields[field];
	return { id: row.id, createdBy: '', createdByName: '', createdAt: '', updatedAt: field ? '' : row.updatedAt, fields };
}

const bump = (map: Record<string, number>, key: string) => {
	map[key] = (map[key] ?? 0) + 1;
};

/**
 * Counts and sort keys of the matching rows, fed one row at a time (the rows must already match the
 * filter and be visible to the reader). `page()` sorts once and cuts the window.
 */
export class CensusTally {
	total = 0;
	readonly counts: CensusCounts = emptyCounts();
	#skeletons: CensusRow[] = [];

	constructor(
		readonly sort: CensusSort,
		readonly ctx: CensusContext
	) {}

	add(row: CensusRow): void {
		const s = row.fields;
		const c = this.counts;
		this.total++;
		const category = s.category ?? NONE;
		const cdc = (s.commune ? this.ctx.cdcOf(s.commune) : null) ?? NONE;
		bump(c.byCategory, category);
		bump(c.byCdc, cdc);
		bump(c.byCommune, s.commune ?? NONE);
		bump((c.byCategoryCdc[category] ??= {}), cdc);
		c.worksWithoutMains[s.worksWithoutMains ?? 'inconnu']++;
		if (dueForReverify(row, this.ctx)) c.reverify++;
		this.#skeletons.push(sortSkeleton(row, this.sort));
	}

	/** The ids of the asked page in order (ties broken by id: pages never overlap nor skip a row). */
	page(paging: Pick<CensusPaging, 'desc' | 'page' | 'size'>): { page: number; pages: number; ids: string[] } {
		const pages = pageCount(this.total, paging.size);
		const page = Math.min(Math.max(1, paging.page), Math.max(1, pages));
		this.#skeletons.sort(compareCensus(this.sort, paging.desc, this.ctx));
		const from = (page - 1) * paging.size;
		return { page, pages, ids: this.#skeletons.slice(from, from + paging.size).map((r) => r.id) };
	}
}

export function pageCount(total: number, size: number): number {
	return Math.ceil(total / size);
}
