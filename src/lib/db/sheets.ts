/**
 * Sheet repository. Every write changes the sheet AND its outbox row in one Dexie transaction, so
 * an edit is either fully recorded for sync or not at all (a crash in between cannot leave a sheet
 * edit that will never be sent). Reads validate each row: a damaged or older row is reported,
 * never allowed to break the list.
 *
 * A new sheet is a local draft until someone enters something in it: creating it writes the sheet
 * alone, no outbox row, no HLC. Invariant: a sheet with no field clock was never queued (every
 * queued write stamps the fields it sends). Its first write holding more than what creation put
 * there (isUntouched) stamps EVERY field and queues them in one row, numbered then: the outbox
 * stays gapless, and a category tapped by mistake can never reach the server, the census or the
 * exports, whatever sync runs while the form is open.
 */
import { blankFields, changedFields, FIELD_NAMES, isUntouched, type FieldName, type Sheet, type SheetFields } from '$lib/domain/sheet';
import type { Category } from '$lib/domain/categories';
import { isoDay } from '$lib/domain/dates';
import { newId } from '$lib/domain/ids';
import { isValidField, parseSheet, type SheetIssue } from '$lib/schemas/sheet';
import { isValidComment } from '$lib/schemas/sync';
import { COMMENTS_PER_MUTATION } from '$lib/domain/review';
import type { AtlasDb, CommentDraft, FieldChange, OutboxRow, SheetRow } from './database';
import { frozenUpTo, WriteMeta } from './meta';

export class SheetNotFoundError extends Error {
	constructor(readonly id: string) {
		super(`sheet ${id} not found`);
		this.name = 'SheetNotFoundError';
	}
}

export class InvalidSheetError extends Error {
	constructor(readonly issues: SheetIssue[]) {
		super(`invalid sheet: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`);
		this.name = 'InvalidSheetError';
	}
}

export interface DamagedRow {
	id: string;
	issues: SheetIssue[];
}

export interface SheetList {
	sheets: Sheet[];
	damaged: DamagedRow[];
}

/**
 * Create a sheet of a category (chosen first): a local draft, stored but not queued for the server
 * (module comment). Nothing is sent until something is entered in it.
 */
export async function createSheet(db: AtlasDb, category: Category, now: Date = new Date()): Promise<Sheet> {
	return db.transaction('rw', db.sheets, db.meta, async () => {
		const meta = await WriteMeta.read(db);
		const fields = blankFields(category, isoDay(now), meta.surveyor);
		const iso = now.toISOString();
		const sheet: Sheet = { id: newId(), fields, clocks: {}, createdAt: iso, updatedAt: iso };
		assertValid(sheet);
		await db.sheets.put(plain(sheet) as unknown as SheetRow);
		return sheet;
	});
}

/** A sheet never queued for the server: no field was ever stamped (module comment). */
export function neverQueued(sheet: Sheet): boolean {
	return Object.keys(sheet.clocks).length === 0;
}

/**
 * Apply a patch of fields to a sheet. Only fields whose value really changes get a new HLC and go
 * to the outbox. An invalid result throws InvalidSheetError and changes nothing.
 */
export async function updateSheet(db: AtlasDb, id: string, patch: Partial<SheetFields>, now: Date = new Date()): Promise<Sheet> {
	return db.transaction('rw', db.sheets, db.outbox, db.meta, async () => {
		const { before, context } = await readForWrite(db, id);
		assertValidPatch(patch);
		const fields: SheetFields = { ...before.fields, ...patch };
		const changed = changedFields(before.fields, fields);
		if (changed.length === 0) return before;
		const next: Sheet = { ...before, fields, clocks: { ...before.clocks }, updatedAt: now.toISOString() };
		assertValid(next);
		if (neverQueued(before)) {
			// A draft with still nothing entered (its category changed) stays local; the first real
			// entry queues the whole sheet.
			if (isUntouched(fields)) await db.sheets.put(plain(next) as unknown as SheetRow);
			else await writeChanges(db, context, next, FIELD_NAMES, now);
			return next;
		}
		await writeChanges(db, context, next, changed, now);
		return next;
	});
}

/** Delete = a tombstone (the `deleted` field), carried by sync like any other edit. */
export function deleteSheet(db: AtlasDb, id: string, now: Date = new Date()): Promise<Sheet> {
	return updateSheet(db, id, { deleted: true }, now);
}

export function restoreSheet(db: AtlasDb, id: string, now: Date = new Date()): Promise<Sheet> {
	return updateSheet(db, id, { deleted: false }, now);
}

export async function getSheet(db: AtlasDb, id: string): Promise<Sheet | null> {
	const row = await db.sheets.get(id);
	if (!row) return null;
	const parsed = parseSheet(row);
	if (!parsed.ok) throw new InvalidSheetError(parsed.issues);
	return parsed.sheet;
}

/** All sheets (tombstones included: callers filter), newest edit first; damaged rows apart. */
export async function listSheets(db: AtlasDb): Promise<SheetList> {
	const rows = await db.sheets.orderBy('updatedAt').reverse().toArray();
	return splitRows(rows);
}

export function splitRows(rows: SheetRow[]): SheetList {
	const sheets: Sheet[] = [];
	const damaged: DamagedRow[] = [];
	for (const row of rows) {
		const parsed = parseSheet(row);
		if (parsed.ok) sheets.push(parsed.sheet);
		else damaged.push({ id: typeof row?.id === 'string' ? row.id : '?', issues: parsed.issues });
	}
	return { sheets, damaged };
}

/**
 * What a write reads besides the sheet: the meta rows, the newest outbox row (to fold into) and
 * this sheet's outbox rows (whose superseded values are dropped). Read before anything is written,
 * inside the write's transaction.
 */
interface WriteContext {
	meta: WriteMeta;
	last: OutboxRow | undefined;
	earlier: OutboxRow[];
}

/**
 * The stored sheet about to be changed, and the write's context, read in ONE round trip: the
 * requests are sent together, not one after the other (each awaited IndexedDB request costs a trip
 * to the browser's database process, and a save runs at every pause in typing). Every request is
 * by key or on this sheet's own outbox rows: none grows with the number of sheets stored.
 * Missing or unreadable rows are refused, never overwritten.
 */
async function readForWrite(db: AtlasDb, id: string): Promise<{ before: Sheet; context: WriteContext }> {
	const [row, meta, last, earlier] = await Promise.all([
		db.sheets.get(id),
		WriteMeta.read(db),
		db.outbox.orderBy('seq').last(),
		db.outbox.where('recordId').equals(id).toArray()
	]);
	if (!row) throw new SheetNotFoundError(id);
	const parsed = parseSheet(row);
	if (!parsed.ok) throw new InvalidSheetError(parsed.issues);
	return { before: parsed.sheet, context: { meta, last, earlier } };
}

/** Every patched value is checked on its own first (NaN would otherwise pass as "no change"). */
function assertValidPatch(patch: Partial<SheetFields>): void {
	const issues: SheetIssue[] = [];
	for (const [name, value] of Object.entries(patch)) {
		if (!(FIELD_NAMES as readonly string[]).includes(name)) issues.push({ path: name, message: 'unknown field' });
		else if (!isValidField(name as FieldName, value)) issues.push({ path: `fields.${name}`, message: 'invalid value' });
	}
	if (issues.length > 0) throw new InvalidSheetError(issues);
}

function assertValid(sheet: Sheet): void {
	const parsed = parseSheet(sheet);
	if (!parsed.ok) throw new InvalidSheetError(parsed.issues);
}

/**
 * A plain copy of validated sheet data (JSON values only). Unlike structuredClone it also copies
 * the reactive proxies a form may hand over, which IndexedDB cannot store.
 */
function plain<T>(value: T): T {
	return value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T);
}

/**
 * Stamp the changed fields, write the sheet, and fold the change into the outbox. Must run inside
 * the rw transaction over sheets, outbox and meta that read `context`. The writes are sent
 * together (one round trip); any one failing aborts the transaction, so all or none land.
 */
async function writeChanges(
	db: AtlasDb,
	context: WriteContext,
	sheet: Sheet,
	changed: readonly FieldName[],
	now: Date,
	comments: CommentDraft[] = []
): Promise<void> {
	const change: Partial<Record<FieldName, FieldChange>> = {};
	for (const name of changed) {
		const hlc = context.meta.stamp(now.getTime());
		const base = sheet.clocks[name];
		sheet.clocks[name] = hlc;
		change[name] = base ? { v: plain(sheet.fields[name]), hlc, base } : { v: plain(sheet.fields[name]), hlc };
	}
	await writeAll(db, context, plain(sheet) as unknown as SheetRow, outboxPlan(context, sheet.id, change, now, comments));
}

/** The sheet, the outbox rows and the meta rows of one write, sent together. */
async function writeAll(db: AtlasDb, context: WriteContext, row: SheetRow, plan: OutboxPlan): Promise<void> {
	await Promise.all([db.sheets.put(row), ...plan.put.map((r) => db.outbox.put(r)), ...(plan.add ? [db.outbox.add(plan.add)] : []), context.meta.save(db)]);
}

/** Does an outbox row still carry something for the server (an emptied row is a no-op)? */
export function holdsEdit(row: OutboxRow): boolean {
	return Object.keys(row.fields).length > 0 || (row.comments?.length ?? 0) > 0;
}

/** When an unsent edit replaces another unsent edit, it takes over that edit's base (or lack of one). */
function inheritBase(change: Partial<Record<FieldName, FieldChange>>, name: FieldName, older: FieldChange | undefined): void {
	const current = change[name];
	if (!current || !older) return;
	if (older.base) current.base = older.base;
	else delete current.base;
}

/** Outbox rows a write changes (`put`) and the row it opens, if any (`add`, a new number). */
interface OutboxPlan {
	put: OutboxRow[];
	add: OutboxRow | null;
}

/** How an edit folds into the outbox, worked out from the rows read beforehand (no request). */
function outboxPlan(
	context: WriteContext,
	recordId: string,
	change: Partial<Record<FieldName, FieldChange>>,
	now: Date,
	comments: CommentDraft[] = []
): OutboxPlan {
	const iso = now.toISOString();
	const { last, earlier, meta } = context;
	const pushingUpTo = meta.frozenUpTo;
	const put: OutboxRow[] = [];
	// A row holds a bounded number of comments (the server's limit): past it, a new row opens.
	const coalesce = !!last && last.recordId === recordId && last.seq > pushingUpTo && (last.comments?.length ?? 0) + comments.length <= COMMENTS_PER_MUTATION;

	// A newer value of a field supersedes the older unsent ones: drop them from earlier rows not yet
	// taken by a push (the server would discard them anyway, and a withdrawn private contact must
	// not stay in the outbox, the backup file or a later push).
	let firstEditAt = iso;
	for (const row of earlier) {
		if (row.seq <= pushingUpTo || (coalesce && row.seq === last?.seq)) continue;
		const remaining = { ...row.fields };
		let superseded = false;
		for (const name of Object.keys(change) as FieldName[]) {
			if (name in remaining) {
				// The server never saw the superseded value: the new edit's base is the older one's.
				inheritBase(change, name, remaining[name]);
				delete remaining[name];
				superseded = true;
			}
		}
		if (!superseded) continue;
		// A row left empty stays, as a no-op: the server applies mutations in an unbroken sequence
		// of numbers, so a hole would stop it. Its age moves to the row that now carries the edit.
		const emptied = !holdsEdit({ ...row, fields: remaining });
		if (emptied && row.createdAt < firstEditAt) firstEditAt = row.createdAt;
		put.push({ ...row, fields: remaining, createdAt: emptied ? row.updatedAt : row.createdAt });
	}

	// Coalesce into the newest row when it is for the same sheet and not yet taken by a push: the
	// server sees the same final values, and typing a paragraph does not make hundreds of rows.
	if (coalesce && last) {
		for (const name of Object.keys(change) as FieldName[]) inheritBase(change, name, last.fields[name]);
		const createdAt = firstEditAt < last.createdAt ? firstEditAt : last.createdAt;
		const all = [...(last.comments ?? []), ...comments];
		put.push({ ...last, fields: { ...last.fields, ...change }, ...(all.length ? { comments: all } : {}), createdAt, updatedAt: iso });
		return { put, add: null };
	}
	const seq = meta.takeSeq();
	return { put, add: { seq, recordId, fields: change, ...(comments.length ? { comments } : {}), createdAt: firstEditAt, updatedAt: iso } };
}

/**
 * Forget a sheet nobody wrote anything in (a category tapped by mistake): if it still holds only
 * what creation put there and nothing of it was handed to a push, the sheet is removed. A draft
 * of this version has no outbox row; one created by an older version (queued at creation) has its
 * rows emptied. Returns whether it was removed. Anything typed keeps the sheet.
 */
export async function discardIfUntouched(db: AtlasDb, id: string): Promise<boolean> {
	return db.transaction('rw', db.sheets, db.outbox, db.meta, async () => {
		const row = await db.sheets.get(id);
		if (!row) return false;
		const parsed = parseSheet(row);
		if (!parsed.ok) return false;
		const f = parsed.sheet.fields;
		// A sheet the server sent (an author, a thread) is not a mistaken tap of this device.
		if (parsed.sheet.createdBy || parsed.sheet.thread?.length) return false;
		if (!isUntouched(f)) return false;
		const pushingUpTo = await frozenUpTo(db);
		const rows = await db.outbox.where('recordId').equals(id).toArray();
		if (rows.some((r) => r.seq <= pushingUpTo || (r.comments?.length ?? 0) > 0)) return false;
		// The rows stay as empty no-ops (no hole in the sequence the server applies).
		await db.outbox.bulkPut(rows.map((r) => ({ ...r, fields: {} })));
		await db.sheets.delete(id);
		return true;
	});
}

/** Ids of sheets with edits not yet confirmed by the server. */
export async function pendingSheetIds(db: AtlasDb): Promise<Set<string>> {
	const ids = new Set<string>();
	await db.outbox.each((row) => {
		if (holdsEdit(row)) ids.add(row.recordId);
	});
	return ids;
}

/** The oldest unsent edit's date, or null when everything is sent. */
export async function oldestPending(db: AtlasDb): Promise<Date | null> {
	let oldest: string | null = null;
	await db.outbox.each((row) => {
		if (!holdsEdit(row)) return; // an emptied no-op row holds no edit
		if (oldest === null || row.createdAt < oldest) oldest = row.createdAt;
	});
	return oldest === null ? null : new Date(oldest);
}

/**
 * A review step written on this device: a status move and/or a comment, in ONE outbox
 * row so that a send back and its reason reach the server together. Works offline like any edit.
 * An empty comment is not a comment. The server checks the move again (domain/review.ts).
 */
export async function reviewSheet(
	db: AtlasDb,
	id: string,
	step: { status?: SheetFields['status']; comment?: string; patch?: Partial<SheetFields> },
	now: Date = new Date()
): Promise<Sheet> {
	return db.transaction('rw', db.sheets, db.outbox, db.meta, async () => {
		const { before, context } = await readForWrite(db, id);
		const patch: Partial<SheetFields> = { ...step.patch, ...(step.status ? { status: step.status } : {}) };
		assertValidPatch(patch);
		const text = step.comment?.trim() ?? '';
		// The comment explains the decision taken with it (a send back), if any.
		const comments: CommentDraft[] = text ? [{ id: newId(), text, at: now.toISOString(), status: step.status ?? null }] : [];
		// The server's rule, applied before writing: a comment it would refuse is never queued.
		if (comments.some((c) => !isValidComment(c))) throw new InvalidSheetError([{ path: 'comment', message: 'too long' }]);
		const fields: SheetFields = { ...before.fields, ...patch };
		const changed = changedFields(before.fields, fields);
		if (changed.length === 0 && comments.length === 0) return before;
		const next: Sheet = { ...before, fields, clocks: { ...before.clocks }, updatedAt: now.toISOString() };
		assertValid(next);
		if (neverQueued(before)) {
			// A draft's first write to the outbox carries the whole sheet (module comment).
			await writeChanges(db, context, next, FIELD_NAMES, now, comments);
		} else if (comments.length > 0 && changed.length === 0) {
			// A comment alone: a fresh row of its own (nothing to stamp).
			await writeAll(db, context, plain(next) as unknown as SheetRow, outboxPlan(context, id, {}, now, comments));
		} else {
			await writeChanges(db, context, next, changed, now, comments);
		}
		return next;
	});
}

/** Comments written on this device for a sheet, not yet confirmed by the server. */
export async function pendingComments(db: AtlasDb, id: string): Promise<CommentDraft[]> {
	const rows = await db.outbox.where('recordId').equals(id).sortBy('seq');
	return rows.flatMap((r) => r.comments ?? []);
}
