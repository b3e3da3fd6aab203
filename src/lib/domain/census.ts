/**
 * The census: one sheet as the coordinator's table, exports and analyses see it — its
 * fields with the record's facts (id, author, dates) — and the filters of the census screen, which
 * exports reuse ("filtered exports: the current filters of the census screen"). Pure.
 */
import { categoryDef, type Category } from './categories';
import { needsReverification } from './review';
import type { SheetFields } from './sheet';
import { searchKey } from './text';
import type { Condition, ReviewStatus, Tristate } from './vocab';

/** A sheet of the census: the server's record flattened (private fields absent when not allowed). */
export interface CensusRow {
	id: string;
	createdBy: string;
	/** Name of the author (a person of the team). */
	createdByName: string;
	createdAt: string;
	updatedAt: string;
	fields: Partial<SheetFields>;
}

export interface CensusFilter {
	query: string;
	communes: string[];
	/** SIREN of CDC: a sheet matches when its commune belongs to one of them. */
	cdcs: string[];
	categories: Category[];
	conditions: (Condition | 'none')[];
	statuses: ReviewStatus[];
	worksWithoutMains: Tristate[];
	/** Only sheets due for a new visit. */
	reverify: boolean;
	/** Deleted sheets are left out unless asked. */
	includeDeleted: boolean;
}

export const EMPTY_CENSUS_FILTER: CensusFilter = {
	query: '',
	communes: [],
	cdcs: [],
	categories: [],
	conditions: [],
	statuses: [],
	worksWithoutMains: [],
	reverify: false,
	includeDeleted: false
};

/** What matching needs to know beyond the row: the commune → CDC table and its names, today, the age. */
export interface CensusContext {
	cdcOf: (insee: string) => string | null;
	communeName: (insee: string) => string;
	today: string;
	reverifyMonths: number;
}

export function matchesCensus(row: CensusRow, f: CensusFilter, ctx: CensusContext): boolean {
	const s = row.fields;
	if (!f.includeDeleted && s.deleted === true) return false;
	const commune = s.commune ?? null;
	if (f.communes.length && (!commune || !f.communes.includes(commune))) return false;
	if (f.cdcs.length) {
		const cdc = commune ? ctx.cdcOf(commune) : null;
		if (!cdc || !f.cdcs.includes(cdc)) return false;
	}
	if (f.categories.length && (!s.category || !f.categories.includes(s.category))) return false;
	if (f.conditions.length && !f.conditions.includes(s.condition ?? 'none')) return false;
	if (f.statuses.length && (!s.status || !f.statuses.includes(s.status))) return false;
	if (f.worksWithoutMains.length && !f.worksWithoutMains.includes(s.worksWithoutMains ?? 'inconnu')) return false;
	if (f.reverify) {
		if (s.status === 'archive' || s.status === 'brouillon' || s.deleted) return false;
		if (!needsReverification(s.verifiedOn ?? null, ctx.today, ctx.reverifyMonths)) return false;
	}
	const words = searchKey(f.query).split(' ').filter(Boolean);
	if (words.length === 0) return true;
	const hay = searchKey(
		[s.name, s.categoryOther, s.address, s.orgName, s.notes, s.description, commune ? ctx.communeName(commune) : '', row.createdByName]
			.filter((x): x is string => typeof x === 'string')
			.join(' ')
	);
	return words.every((w) => hay.includes(w));
}

export const CENSUS_SORTS = ['name', 'commune', 'category', 'status', 'updated', 'verified'] as const;
export type CensusSort = (typeof CENSUS_SORTS)[number];

/** A comparator for the census table (French collation; ties by id so pages are stable). */
export function compareCensus(sort: CensusSort, descending: boolean, ctx: Pick<CensusContext, 'communeName'>) {
	const key = (r: CensusRow): string => {
		const s = r.fields;
		switch (sort) {
			case 'name':
				return s.name ?? '';
			case 'commune':
				return s.commune ? ctx.communeName(s.commune) : '';
			case 'category':
				return s.category ? `${categoryDef(s.category).family} ${s.category}` : '';
			case 'status':
				return s.status ?? '';
			case 'updated':
				return r.updatedAt;
			case 'verified':
				return s.verifiedOn ?? '';
		}
	};
	const collator = new Intl.Collator('fr', { sensitivity: 'base', numeric: true });
	return (a: CensusRow, b: CensusRow): number => {
		const c = collator.compare(key(a), key(b)) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
		return descending ? -c : c;
	};
}
