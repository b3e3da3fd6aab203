/**
 * "Mes fiches": what state each sheet is in for the volunteer, and the search and filters of the
 * list. Pure functions over domain values.
 */
import type { Category } from './categories';
import type { Sheet } from './sheet';
import { searchKey } from './text';
import { parseHlc } from './hlc';
import { needsReverification } from './review';
import type { ReviewStatus } from './vocab';

/**
 * brouillon: still being written; a_envoyer: handed in (or edited since) and not yet confirmed by
 * the server; envoyee: the server confirmed every edit; refusee: the server refused an edit for
 * good (its value was rolled back). A draft with pending edits is still a draft for the volunteer:
 * it is saved on the device either way.
 */
export type SendState = 'brouillon' | 'a_envoyer' | 'envoyee' | 'refusee';

/** `refused`: sheets with an edit the server refused for good (shown until the person dismisses it). */
export function sendState(sheet: Sheet, pending: ReadonlySet<string>, refused: ReadonlySet<string> = new Set()): SendState {
	if (pending.has(sheet.id)) return sheet.fields.status === 'brouillon' ? 'brouillon' : 'a_envoyer';
	if (refused.has(sheet.id)) return 'refusee';
	return sheet.fields.status === 'brouillon' ? 'brouillon' : 'envoyee';
}

/** The review side of a list: a status, or the sheets due for a new visit. */
export type ReviewFilter = ReviewStatus | 'a_reverifier' | '';

export interface SheetFilter {
	query: string;
	category: Category | '';
	commune: string | '';
	state: SendState | '';
	review?: ReviewFilter;
}

export const EMPTY_FILTER: SheetFilter = { query: '', category: '', commune: '', state: '', review: '' };

/** What the review filter needs to know of "today" and of the re-verification age. */
export interface ReviewContext {
	today: string;
	reverifyMonths: number;
}

/** Is this live sheet due for a new visit? (Archived sheets and drafts are not.) */
export function dueForReverification(sheet: Sheet, ctx: ReviewContext): boolean {
	const f = sheet.fields;
	if (f.deleted || f.status === 'archive' || f.status === 'brouillon') return false;
	return needsReverification(f.verifiedOn, ctx.today, ctx.reverifyMonths);
}

/**
 * The order of a review list: what awaits a decision first (handed in), then what went back to its
 * author, then what is settled (validated, then archived). Drafts are not reviewed; they come last.
 */
const REVIEW_ORDER: readonly ReviewStatus[] = ['soumis', 'a_corriger', 'valide', 'archive', 'brouillon'];
export function reviewRank(status: ReviewStatus): number {
	return REVIEW_ORDER.indexOf(status);
}

/** When the sheet last changed anywhere (the newest stamp of its fields), as epoch milliseconds. */
export function lastChange(sheet: Sheet): number {
	let newest = Date.parse(sheet.createdAt) || 0;
	for (const stamp of Object.values(sheet.clocks)) {
		const p = stamp ? parseHlc(stamp) : null;
		if (p && p.millis > newest) newest = p.millis;
	}
	return newest;
}

/**
 * Live sheets matching the filter. The query matches name, free category label, address,
 * organisation, notes and the commune's name, ignoring accents, case and hyphens.
 */
export function filterSheets(
	sheets: readonly Sheet[],
	filter: SheetFilter,
	pending: ReadonlySet<string>,
	communeName: (insee: string | null) => string,
	refused: ReadonlySet<string> = new Set(),
	review: ReviewContext | null = null
): Sheet[] {
	const words = searchKey(filter.query).split(' ').filter(Boolean);
	return sheets.filter((s) => {
		const f = s.fields;
		if (f.deleted || s.mergedInto) return false;
		if (filter.category && f.category !== filter.category) return false;
		if (filter.commune && f.commune !== filter.commune) return false;
		if (filter.state && sendState(s, pending, refused) !== filter.state) return false;
		if (filter.review === 'a_reverifier') {
			if (!review || !dueForReverification(s, review)) return false;
		} else if (filter.review && f.status !== filter.review) return false;
		if (words.length === 0) return true;
		const hay = searchKey([f.name, f.categoryOther, f.address, f.orgName, f.notes, f.description, communeName(f.commune)].join(' '));
		return words.every((w) => hay.includes(w));
	});
}
