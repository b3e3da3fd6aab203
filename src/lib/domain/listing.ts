/**
 * "Mes fiches": what state each sheet is in for the volunteer, and the search and filters of the
 * list. Pure functions over domain values.
 */
import type { Category } from './categories';
import type { Sheet } from './sheet';
import { searchKey } from './text';

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

export interface SheetFilter {
	query: string;
	category: Category | '';
	commune: string | '';
	state: SendState | '';
}

export const EMPTY_FILTER: SheetFilter = { query: '', category: '', commune: '', state: '' };

/**
 * Live sheets matching the filter. The query matches name, free category label, address,
 * organisation, notes and the commune's name, ignoring accents, case and hyphens.
 */
export function filterSheets(
	sheets: readonly Sheet[],
	filter: SheetFilter,
	pending: ReadonlySet<string>,
	communeName: (insee: string | null) => string,
	refused: ReadonlySet<string> = new Set()
): Sheet[] {
	const words = searchKey(filter.query).split(' ').filter(Boolean);
	return sheets.filter((s) => {
		const f = s.fields;
		if (f.deleted) return false;
		if (filter.category && f.category !== filter.category) return false;
		if (filter.commune && f.commune !== filter.commune) return false;
		if (filter.state && sendState(s, pending, refused) !== filter.state) return false;
		if (words.length === 0) return true;
		const hay = searchKey(
			[f.name, f.categoryOther, f.address, f.orgName, f.notes, f.description, communeName(f.commune)].join(' ')
		);
		return words.every((w) => hay.includes(w));
	});
}
