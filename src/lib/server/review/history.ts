/**
 * A sheet's history as one readable timeline: every field write the server kept
 * (store.listHistory: who, when, old → new, from which device or screen, and why when the server
 * made it itself) and every comment of its thread, merged oldest first.
 *
 * - The field writes of one write (same person, same moment, same origin) are ONE entry with
 *   several changes: creating a sheet (dozens of fields in one push) reads as one "Fiche créée",
 *   listing only the fields filled in.
 * - Comments are placed by their time; a comment sent with a status (a send back) is placed right
 *   after the status change it came with, so the timeline reads "renvoyée pour correction", then why.
 * - The values of a named person's private fields are never sent to someone who may not read them:
 *   the change keeps its field name with `hidden: true`, without old nor new value.
 *
 * Pure apart from reading the store: no write, no clock.
 */
import { actorOf, canOnSheet, type Role } from '$lib/domain/access';
import { PRIVATE_FIELDS } from '$lib/domain/sheet';
import { deviceName } from '$lib/i18n/device-name';
import type { HistoryEntry, Store, StoredComment, User } from '../store/types';

/** One field's change within a write. `hidden`: a private value the reader may not see (no old, no new). */
export interface FieldChange {
	field: string;
	old?: unknown;
	new?: unknown;
	hidden?: true;
}

/** One write: the fields changed together by one person at one moment. */
export interface ChangeEntry {
	kind: 'field';
	/** Stable key ("h" + the first history row's id). */
	id: string;
	/** The author's name (null when the account is unknown). */
	by: string | null;
	/** The author's current role (the history does not keep the role at the time). */
	role: Role | null;
	at: string;
	/** 'sync' (pushed by a device), 'server' (a screen of the server), 'import'. */
	via: string;
	/** The device it was pushed from, in words ("Chrome sur Android"), null when unknown. */
	device: string | null;
	/** Why the server made this write itself ('edited_after_validation'), null for a person's write. */
	reason: string | null;
	/** The write that created the sheet. */
	created: boolean;
	changes: FieldChange[];
}

export interface CommentEntry {
	kind: 'comment';
	/** Stable key ("c" + the comment's id). */
	id: string;
	text: string;
	/** The status set together with the comment (a send back), or null. */
	status: string | null;
	by: string | null;
	/** The author's role when writing. */
	role: string;
	at: string;
}

export type TimelineEntry = ChangeEntry | CommentEntry;

export interface Timeline {
	entries: TimelineEntry[];
}

const PRIVATE = new Set<string>(PRIVATE_FIELDS);

/** The history of a sheet as `actor` may read it; null when the sheet does not exist. */
export async function buildTimeline(store: Store, actor: User, recordId: string): Promise<Timeline | null> {
	const record = await store.getRecord(recordId);
	if (!record) return null;
	const [rows, comments, users] = await Promise.all([store.listHistory(recordId), store.listComments([recordId]), store.listUsers()]);
	const people = new Map(users.map((u) => [u.id, u]));
	const mayReadPrivate = canOnSheet(actorOf(actor), 'read_private', { createdBy: record.createdBy, commune: record.commune });

	const writes = groupWrites(rows);
	const entries: TimelineEntry[] = [];
	const slots = placeComments(writes, comments);
	writes.forEach((w, i) => {
		for (const c of slots.get(i) ?? []) entries.push(commentEntry(c, people));
		entries.push(changeEntry(w, i === 0, people, mayReadPrivate));
	});
	for (const c of slots.get(writes.length) ?? []) entries.push(commentEntry(c, people));
	return { entries };
}

/** Consecutive rows of one write: same person, moment, origin, install, device and reason. */
function groupWrites(rows: readonly HistoryEntry[]): HistoryEntry[][] {
	const groups: HistoryEntry[][] = [];
	const key = (r: HistoryEntry) => JSON.stringify([r.by, r.at, r.via, r.clientId ?? null, r.device ?? null, r.reason ?? null]);
	let last: string | null = null;
	for (const r of rows) {
		const k = key(r);
		const current = groups[groups.length - 1];
		if (current && k === last) current.push(r);
		else groups.push([r]);
		last = k;
	}
	return groups;
}

/**
 * Where each comment goes: slot i = just before write i (slot writes.length = after the last).
 * A comment goes after every write made at or before its time; a comment that came with a status
 * goes right after the write of that status by the same person from the same install.
 */
function placeComments(writes: readonly HistoryEntry[][], comments: readonly StoredComment[]): Map<number, StoredComment[]> {
	const slots = new Map<number, StoredComment[]>();
	for (const c of comments) {
		let slot = writes.findIndex((w) => (w[0] as HistoryEntry).at > c.at);
		if (slot === -1) slot = writes.length;
		if (c.status) {
			const from = writes.findIndex((w) => (w[0] as HistoryEntry).at >= c.at);
			if (from !== -1) {
				const match = writes.findIndex(
					(w, i) =>
						i >= from &&
						w.some(
							(r) => r.field === 'status' && r.new === c.status && r.by === c.by && !r.reason && (c.clientId === null || (r.clientId ?? null) === c.clientId)
						)
				);
				if (match !== -1) slot = match + 1;
			}
		}
		const list = slots.get(slot) ?? [];
		list.push(c);
		slots.set(slot, list);
	}
	for (const list of slots.values()) list.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
	return slots;
}

function changeEntry(rows: readonly HistoryEntry[], first: boolean, people: Map<string, User>, mayReadPrivate: boolean): ChangeEntry {
	const head = rows[0] as HistoryEntry;
	const person = head.by ? people.get(head.by) : undefined;
	const created = first && head.old === undefined;
	// A field written twice in one write (several edits pushed together) shows once: first old → last new.
	const byField = new Map<string, { old: unknown; new: unknown }>();
	for (const r of rows) {
		const seen = byField.get(r.field);
		if (seen) seen.new = r.new;
		else byField.set(r.field, { old: r.old ?? null, new: r.new ?? null });
	}
	const changes: FieldChange[] = [];
	for (const [field, c] of byField) {
		if (created ? field !== 'status' && isEmpty(c.new) : JSON.stringify(c.old) === JSON.stringify(c.new)) continue;
		changes.push(PRIVATE.has(field) && !mayReadPrivate ? { field, hidden: true } : { field, old: c.old, new: c.new });
	}
	return {
		kind: 'field',
		id: `h${head.id}`,
		by: person?.name ?? null,
		role: person?.role ?? null,
		at: head.at,
		via: head.via,
		device: head.device ? deviceName(head.device) : null,
		reason: head.reason ?? null,
		created,
		changes
	};
}

/** A value left blank at creation (not worth a line in "Fiche créée"). */
const isEmpty = (v: unknown) => v === null || v === undefined || v === '' || v === false || (Array.isArray(v) && v.length === 0);

function commentEntry(c: StoredComment, people: Map<string, User>): CommentEntry {
	return {
		kind: 'comment',
		id: `c${c.id}`,
		text: c.text,
		status: c.status,
		by: (c.by ? people.get(c.by)?.name : undefined) ?? null,
		role: c.role,
		at: c.at
	};
}
