/**
 * What changed in a sheet since the last review decision, for the reviewer about to decide again:
 * read from the sheet's history as the server keeps it (its timeline: writes oldest first, each
 * with its field changes, old → new), checked against the values this device shows.
 *
 * Invariants:
 * - The last decision is the newest write that moved the status to « validée », « à corriger » or
 *   « archivée » by a person (a write the server made itself, such as « modifiée après
 *   validation », is not a decision). No decision yet: nothing to compare with, nothing changed.
 * - Only a sheet awaiting a decision (« soumise ») has changes to show: once decided, the reviewer
 *   has seen them.
 * - A field counts as changed when its value after every write since the decision differs from its
 *   value just before the first of them (a value changed and changed back is unchanged); the status
 *   and the tombstone are the review itself, never « changed ».
 * - A change is shown only where the value this device shows is the one the history ends with: when
 *   they differ (this device has not pulled the latest edit yet, or holds an unsent one of its own),
 *   a highlight would point at the wrong value, so that field is left out.
 * - A private value the reader may not see (`hidden`) is never shown: that field is left out.
 */
import { FIELD_NAMES, type FieldName } from './sheet';
import type { ReviewStatus } from './vocab';

/** One field's change within a write, as the history gives it. */
export interface HistoryFieldChange {
	field: string;
	old?: unknown;
	new?: unknown;
	hidden?: true;
}

/** One entry of a sheet's history: a write (its changes) or a comment (not a change of a field). */
export type HistoryItem =
	{ kind: 'field'; at: string; by: string | null; role: string | null; reason: string | null; changes: readonly HistoryFieldChange[] } | { kind: 'comment' };

export type Decision = 'valide' | 'a_corriger' | 'archive';
const DECISIONS: readonly string[] = ['valide', 'a_corriger', 'archive'] satisfies readonly Decision[];

/** The review itself: never listed as a change of the sheet. */
const REVIEW_FIELDS = new Set<string>(['status', 'deleted']);

export interface LastDecision {
	status: Decision;
	/** ISO instant of the decision. */
	at: string;
	/** Who decided (null when the account is unknown), and their role. */
	by: string | null;
	role: string | null;
}

export interface ChangedField {
	field: FieldName;
	/** The value before the first change since the decision. */
	before: unknown;
}

export interface ChangesSinceDecision {
	decision: LastDecision | null;
	/** In the sheet's field order. */
	changed: ChangedField[];
}

const isEmpty = (x: unknown) => x === null || x === undefined || x === '' || (Array.isArray(x) && x.length === 0);

/** The same value, whatever the order of an object's keys; every empty value is the same. */
export function sameValue(a: unknown, b: unknown): boolean {
	if (isEmpty(a) || isEmpty(b)) return isEmpty(a) && isEmpty(b);
	return canonical(a) === canonical(b);
}

function canonical(x: unknown): string {
	if (Array.isArray(x)) return `[${x.map(canonical).join(',')}]`;
	if (x !== null && typeof x === 'object') {
		const entries = Object.entries(x as Record<string, unknown>)
			.filter(([, v]) => v !== undefined)
			.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
		return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
	}
	return JSON.stringify(x) ?? 'undefined';
}

/** The newest decision of the history and its index (-1: none). */
function lastDecision(entries: readonly HistoryItem[]): { index: number; decision: LastDecision | null } {
	for (let i = entries.length - 1; i >= 0; i--) {
		const e = entries[i] as HistoryItem;
		if (e.kind !== 'field' || e.reason) continue;
		const status = e.changes.find((c) => c.field === 'status' && !c.hidden);
		if (status && typeof status.new === 'string' && DECISIONS.includes(status.new)) {
			return { index: i, decision: { status: status.new as Decision, at: e.at, by: e.by, role: e.role } };
		}
	}
	return { index: -1, decision: null };
}

/**
 * The fields changed since the last decision (module comment), given the history's entries oldest
 * first and the values this device shows.
 */
export function changesSinceDecision(
	entries: readonly HistoryItem[],
	shown: { readonly [K in FieldName]?: unknown } & { status: ReviewStatus }
): ChangesSinceDecision {
	const { index, decision } = lastDecision(entries);
	if (!decision || shown.status !== 'soumis') return { decision, changed: [] };
	const seen = new Map<string, { before: unknown; after: unknown; hidden: boolean }>();
	for (const e of entries.slice(index + 1)) {
		if (e.kind !== 'field') continue;
		for (const c of e.changes) {
			if (REVIEW_FIELDS.has(c.field)) continue;
			const known = seen.get(c.field);
			if (known) {
				known.after = c.new;
				known.hidden ||= !!c.hidden;
			} else seen.set(c.field, { before: c.old, after: c.new, hidden: !!c.hidden });
		}
	}
	const changed: ChangedField[] = [];
	for (const field of FIELD_NAMES) {
		const c = seen.get(field);
		if (!c || c.hidden || sameValue(c.before, c.after) || !sameValue(c.after, shown[field])) continue;
		changed.push({ field, before: c.before ?? null });
	}
	return { decision, changed };
}
