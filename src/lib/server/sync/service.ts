/**
 * The server side of sync (sync-protocol.md): the server is the authority.
 *
 * PUSH, in ONE transaction: the install must belong to the signed-in person; mutations already
 * applied (seq <= lastSeq) are skipped, the first gap stops the batch; each mutation is checked
 * (shape, then the one policy in domain/access.ts), its stamps clamped to server time, and merged
 * field by field — a field is written only if its HLC beats the stored one, the losing value is kept
 * as a conflict; each record changed gets the next global version; lastSeq is stored with the
 * effects; a retry is told again which of its mutations were refused. A refused mutation (bad value, no right) still advances lastSeq and is reported, so one
 * bad mutation never blocks the queue. Anything unexpected rolls everything back (the client
 * retries; retries are harmless).
 *
 * PULL: records whose version is above the cursor, in version order, a page at a time, each with
 * only the fields this person may see (private contact removed server-side); the cursor is a
 * server counter, never a clock. lastSeq comes from the same snapshot.
 */
import { actorOf, canOnSheet, visibleFields, type Actor } from '$lib/domain/access';
import { canComment, COMMENTS_PER_MUTATION, needsComment, reopensValidated, statusTransition, type ThreadEntry } from '$lib/domain/review';
import { clampHlc, mergeField, type IncomingWrite } from '$lib/domain/merge';
import { tick, type HlcState } from '$lib/domain/hlc';
import { CLOCK_ALLOWANCE_MS, MIN_PROTOCOL, MIN_SCHEMA_VERSION, PROTOCOL, PULL_PAGE, SCHEMA_VERSION } from '$lib/domain/protocol';
import { FIELD_NAMES, type FieldName, type SheetFields } from '$lib/domain/sheet';
import { isValidField } from '$lib/schemas/sheet';
import * as v from 'valibot';
import { isValidComment, MutationSchema, type CommentDraft, type Mutation, type PullRequest, type PushRequest } from '$lib/schemas/sync';
import type { FieldWrite, HistoryEntry, Store, StoredComment, StoredRecord, User } from '../store/types';
import { serverStamp } from './stamps';
import { reverifyMonths } from '../settings';
import { serverIdentity, type ServerIdentity } from './identity';

export type RejectCode = 'invalid' | 'forbidden';

export interface PushResult {
	lastSeq: number;
	rejected: { seq: number; code: RejectCode }[];
	serverTime: string;
	/** Which database answered: a phone seeing another one (a restore) sends again what it may have lost. */
	server: ServerIdentity;
}

export interface PullChange {
	id: string;
	version: number;
	deleted: boolean;
	/** The author's user id: whose sheet it is (the app shows "my sheets" and the author's actions). */
	createdBy: string;
	/** Set when the coordinator merged this sheet into another (a duplicate): the one that carries on. */
	mergedInto?: string;
	fields: Record<string, { v: unknown; hlc: string }>;
	/** The sheet's comment thread, whole (it is short), oldest first. */
	thread: ThreadEntry[];
}

export interface PullResult {
	cursor: number;
	lastSeq: number;
	/** Which database answered (as in PushResult). */
	server: ServerIdentity;
	changes: PullChange[];
	more: boolean;
	reset: boolean;
	serverTime: string;
	/** Settings the app needs offline. */
	settings: { reverifyMonths: number };
	/**
	 * The role and communes the server holds for this person now: a phone learns a change made by
	 * the coordinator at its next exchange (it then asks who it is and pulls again, within its new scope).
	 */
	scope: { role: User['role']; communes: string[] };
}

export class SyncError extends Error {
	constructor(
		readonly code: 'upgrade_required' | 'protocol_unknown' | 'client_not_yours',
		readonly detail: Record<string, unknown> = {}
	) {
		super(code);
		this.name = 'SyncError';
	}
}

export interface SyncContext {
	store: Store;
	now?: Date;
	/** The signed-in device the request came from ("Chrome sur Android"), kept in the history. */
	device?: string;
}

export function checkVersions(req: { protocol: number; schemaVersion: number }): void {
	if (req.protocol < MIN_PROTOCOL || req.schemaVersion < MIN_SCHEMA_VERSION)
		throw new SyncError('upgrade_required', { minProtocol: MIN_PROTOCOL, minSchemaVersion: MIN_SCHEMA_VERSION });
	if (req.protocol > PROTOCOL || req.schemaVersion > SCHEMA_VERSION) throw new SyncError('protocol_unknown');
}

/** The install, bound to the person at its first push or pull; another person may not use it. */
async function clientFor(store: Store, clientId: string, user: User, at: string) {
	const client = await store.getClient(clientId);
	if (client && client.userId !== user.id) throw new SyncError('client_not_yours');
	if (client) return client;
	// Another request of the same install (a pull, which takes no writer lock) may insert it at the
	// same moment: the insert then does nothing, and the row read back is the one that counts.
	await store.insertClient({ clientId, userId: user.id, lastSeq: 0, createdAt: at, lastPushAt: null });
	const stored = await store.getClient(clientId);
	if (!stored || stored.userId !== user.id) throw new SyncError('client_not_yours');
	return stored;
}

const scopeOf = (r: { createdBy: string; commune: string | null }) => ({ createdBy: r.createdBy, commune: r.commune });

/**
 * Stamps from the future (a phone's clock running fast) are replaced by ticks of one increasing
 * server clock: they can no longer win forever, and a phone's edits, handled in seq order, keep
 * their order (two clamped stamps never collapse into one). The clock lives in the setting
 * `server_clock` ({millis, counter}), read and written inside the push transaction (write
 * transactions are serialised across app instances), so no two instances hand out the same or a
 * lower stamp. It is read only by a push that has a future stamp, and written once at its end.
 */
const SERVER_CLOCK_SETTING = 'server_clock';

class ServerClock {
	#state: HlcState | null = null;
	#changed = false;

	constructor(private readonly store: Store) {}

	/** Whether this mutation carries a stamp ahead of `maxMillis` (the clock is needed to judge it). */
	static needed(m: Mutation, maxMillis: number): boolean {
		return Object.values(m.fields).some((f) => {
			const clamped = clampHlc(f.hlc, maxMillis);
			return clamped !== null && clamped !== f.hlc;
		});
	}

	async load(): Promise<void> {
		if (this.#state) return;
		const state: HlcState = { millis: 0, counter: 0, node: 'server' };
		try {
			const saved = JSON.parse((await this.store.getSetting(SERVER_CLOCK_SETTING)) ?? 'null') as { millis?: unknown; counter?: unknown } | null;
			if (Number.isSafeInteger(saved?.millis) && Number.isSafeInteger(saved?.counter)) {
				state.millis = saved!.millis as number;
				state.counter = saved!.counter as number;
			}
		} catch {
			// a damaged setting starts the clock again from server time (stamps stay ahead of it)
		}
		this.#state = state;
	}

	/** The stamp `stamp` becomes: itself, or a server tick when from the future; null when unreadable. */
	clamp(stamp: string, maxMillis: number): string | null {
		const clamped = clampHlc(stamp, maxMillis);
		if (clamped === null || clamped === stamp) return clamped;
		if (!this.#state) throw new Error('server clock not loaded');
		this.#changed = true;
		return tick(this.#state, maxMillis);
	}

	async save(): Promise<void> {
		if (this.#changed && this.#state)
			await this.store.putSetting(SERVER_CLOCK_SETTING, JSON.stringify({ millis: this.#state.millis, counter: this.#state.counter }));
	}
}

/** What a mutation will do, once checked. */
interface Verdict {
	changes: Map<FieldName, IncomingWrite>;
	comments: CommentDraft[];
	/** A status move allowed for this person but not from the sheet's current status (kept as a conflict). */
	setAside: IncomingWrite | null;
	/** This mutation creates a sheet the server held bare: its author becomes the sheet's. */
	adopt?: boolean;
}

/**
 * A record without a category was never created on this server: an edit of a sheet it lost (a
 * restore from a backup older than the sheet) reached it before the author's phone sent the
 * sheet again. Every creation carries the category, so the first mutation that does is the sheet's
 * creation: its author becomes the sheet's, and its rights are judged as for a creation.
 */
const bare = (record: StoredRecord) => record.fields.category === undefined;

/**
 * Checks a mutation without writing: its fields, the person's right to write them, the status
 * machine (domain/review.ts) against the stored status, and its comments.
 */
function judge(actor: Actor, m: Mutation, record: StoredRecord | null, maxMillis: number, clock: ServerClock): RejectCode | Verdict {
	const changes = new Map<FieldName, IncomingWrite>();
	for (const [name, change] of Object.entries(m.fields)) {
		if (!(FIELD_NAMES as readonly string[]).includes(name)) return 'invalid';
		if (!isValidField(name as FieldName, change.v)) return 'invalid';
		const hlc = clock.clamp(change.hlc, maxMillis);
		if (!hlc) return 'invalid';
		changes.set(name as FieldName, change.base ? { v: change.v, hlc, base: change.base } : { v: change.v, hlc });
	}
	const comments = m.comments ?? [];
	// Each comment must be a real message of reasonable length, dated; else the mutation alone is refused.
	if (comments.length > COMMENTS_PER_MUTATION || !comments.every(isValidComment)) return 'invalid';
	const verdict: Verdict = { changes, comments, setAside: null };
	if (changes.size === 0 && comments.length === 0) return verdict; // a no-op (an emptied outbox row)
	const newCommune = changes.has('commune') ? (changes.get('commune')?.v as string | null) : undefined;
	if (record && bare(record) && changes.has('category')) {
		// The sheet's creation, after an edit recreated it bare (see `bare`): judged as a creation.
		if (!canOnSheet(actor, 'create', { createdBy: actor.userId, commune: newCommune ?? record.commune })) return 'forbidden';
		verdict.adopt = true;
	} else if (!record) {
		// A comment needs its sheet: a sheet is created by its first fields.
		if (changes.size === 0) return 'invalid';
		if (!canOnSheet(actor, 'create', { createdBy: actor.userId, commune: newCommune ?? null })) return 'forbidden';
	} else if (changes.size > 0) {
		const onlyReview = [...changes.keys()].every((f) => f === 'status');
		const scope = scopeOf(record);
		// A reviewer may move the status of a sheet it may not otherwise edit (the status machine decides).
		if (!canOnSheet(actor, 'edit', scope) && !(onlyReview && canOnSheet(actor, 'review', scope))) return 'forbidden';
		// Moving a sheet must not take it out of the editor's own reach (a mairie: its communes).
		if (newCommune !== undefined && !canOnSheet(actor, 'edit', { createdBy: record.createdBy, commune: newCommune })) return 'forbidden';
	}
	const scope = record && !verdict.adopt ? scopeOf(record) : { createdBy: actor.userId, commune: newCommune ?? record?.commune ?? null };
	if (comments.length > 0 && !canComment(actor, scope)) return 'forbidden';
	const status = changes.get('status');
	if (status) {
		const to = status.v as SheetFields['status'];
		const from = (record?.fields.status?.v as SheetFields['status'] | undefined) ?? null;
		const move = statusTransition(actor, scope, from, to);
		if (move === 'forbidden') return 'forbidden';
		// Sending back must say what to correct, in the same write.
		if (needsComment(to) && from !== to && comments.length === 0) return 'invalid';
		if (move === 'not_now') {
			changes.delete('status');
			verdict.setAside = status;
		}
	}
	return verdict;
}

/** Where a write came from, for the history. */
export interface WriteOrigin {
	via?: 'sync' | 'server' | 'import';
	clientId?: string | null;
	device?: string | null;
	/** Why the server made this write itself (e.g. 'edited_after_validation'). */
	reason?: string | null;
}

/**
 * Writes one mutation's changes with the merge rule, and appends each applied write to the history.
 * Also used for edits made on the server (coordinator, mairie) with the server as the HLC node, so
 * every write follows one rule. Returns the fields actually written.
 */
export async function writeFields(
	store: Store,
	user: User,
	recordId: string,
	changes: Map<FieldName, IncomingWrite>,
	at: string,
	origin: WriteOrigin['via'] | WriteOrigin = 'sync'
): Promise<FieldName[]> {
	const o: WriteOrigin = typeof origin === 'string' ? { via: origin } : origin;
	let record = await store.getRecord(recordId);
	const isNew = !record;
	if (!record) {
		const commune = (changes.get('commune')?.v as string | null | undefined) ?? null;
		await store.insertRecord({ id: recordId, createdBy: user.id, commune, createdAt: at, updatedAt: at });
		record = { id: recordId, createdBy: user.id, commune, version: 0, createdAt: at, updatedAt: at, fields: {} };
	}
	const applied: FieldName[] = [];
	const writes: FieldWrite[] = [];
	const history: Omit<HistoryEntry, 'id'>[] = [];
	for (const [field, incoming] of changes) {
		const stored = record.fields[field];
		const merged = mergeField(stored, incoming);
		if (merged.outcome === 'same') continue;
		if (merged.outcome === 'applied') {
			// Written together below (one statement per table); a field appears once in `changes`.
			writes.push({ field, value: incoming.v, hlc: incoming.hlc, by: user.id });
			// Every applied write is kept in the history, in the same transaction (written below).
			history.push({
				recordId,
				field,
				old: stored?.v,
				new: incoming.v,
				hlc: incoming.hlc,
				by: user.id,
				via: o.via ?? 'sync',
				at,
				clientId: o.clientId ?? null,
				device: o.device ?? null,
				reason: o.reason ?? null
			});
			record.fields[field] = { v: incoming.v, hlc: incoming.hlc, by: user.id };
			applied.push(field);
			if (merged.loser && stored) await store.insertConflict({ recordId, field, kept: { v: incoming.v, hlc: incoming.hlc, by: user.id }, lost: stored, at });
		} else {
			await store.insertConflict({ recordId, field, kept: stored!, lost: { v: incoming.v, hlc: incoming.hlc, by: user.id }, at });
		}
	}
	await store.insertHistories(history);
	await store.putFields(recordId, writes);
	// A new record got its version when inserted (with its commune); a changed one takes the next.
	if (applied.length > 0 && !isNew) {
		const commune = (record.fields.commune?.v as string | null | undefined) ?? null;
		await store.bumpVersion(recordId, commune, at);
	}
	return applied;
}

/**
 * Applies one checked mutation: its fields, its comments, the status write set aside, and the rule
 * that an edit after validation brings the sheet back to "soumis" (the history says why).
 */
async function apply(ctx: SyncContext, user: User, m: Mutation, initial: StoredRecord | null, verdict: Verdict, clientId: string, now: Date): Promise<void> {
	const at = now.toISOString();
	const store = ctx.store;
	const record = initial;
	const origin: WriteOrigin = { via: 'sync', clientId, device: ctx.device ?? null };
	const statusBefore = (record?.fields.status?.v as SheetFields['status'] | undefined) ?? null;
	if (verdict.adopt && record) {
		await store.setAuthor(m.recordId, user.id);
	}
	const applied = verdict.changes.size > 0 ? await writeFields(store, user, m.recordId, verdict.changes, at, origin) : [];
	let bump = false;
	const current = await store.getRecord(m.recordId);
	if (!current) return;
	if (verdict.setAside) {
		// The status moved meanwhile: this device's move is kept as a conflict, and the sheet is sent
		// again to the device so that it shows the status the server holds.
		const stored = current.fields.status;
		if (stored) {
			await store.insertConflict({
				recordId: m.recordId,
				field: 'status',
				kept: stored,
				lost: { v: verdict.setAside.v, hlc: verdict.setAside.hlc, by: user.id },
				at
			});
		} else {
			// A sheet created by this very mutation must still get a status: handed in, to be reviewed.
			await writeFields(store, user, m.recordId, new Map([['status', { v: 'soumis', hlc: verdict.setAside.hlc }]]), at, origin);
			const written = (await store.getRecord(m.recordId))?.fields.status;
			if (written)
				await store.insertConflict({
					recordId: m.recordId,
					field: 'status',
					kept: written,
					lost: { v: verdict.setAside.v, hlc: verdict.setAside.hlc, by: user.id },
					at
				});
		}
		bump = true;
	}
	const actor = actorOf(user);
	// Also when the mutation's own status lost the merge (a resend crossing a validation): edited
	// content must not stay validated unseen.
	if (!applied.includes('status') && reopensValidated(actor, scopeOf(current), statusBefore, applied)) {
		const base = current.fields.status?.hlc;
		const hlc = serverStamp(base, now);
		// `base`: the server saw the validated status it replaces (not an unseen overwrite, no conflict).
		await writeFields(store, user, m.recordId, new Map([['status', base ? { v: 'soumis', hlc, base } : { v: 'soumis', hlc }]]), at, {
			...origin,
			reason: 'edited_after_validation'
		});
	}
	const appliedStatus = applied.includes('status') ? (verdict.changes.get('status')?.v as string) : null;
	for (const c of verdict.comments) {
		// A comment written "in the future" (a phone's clock running fast) is dated now. Compared as
		// instants and kept in one form (UTC, like `at`): the schema accepts any ISO form
		// ("…T09:30:00-05:00"), and threads are ordered by comparing these strings.
		const written = Date.parse(c.at);
		const writtenAt = Number.isFinite(written) && written < now.getTime() ? new Date(written).toISOString() : at;
		// The decision a comment explains is shown with it only if that decision was applied.
		const claimed = c.status === undefined ? appliedStatus : c.status;
		const status = claimed !== null && claimed === appliedStatus ? claimed : null;
		const added = await store.insertComment({
			id: c.id,
			recordId: m.recordId,
			by: user.id,
			role: user.role,
			text: c.text.trim(),
			status,
			clientId,
			at: writtenAt
		});
		if (added) bump = true;
	}
	if (bump) await store.bumpVersion(m.recordId, (current.fields.commune?.v as string | null | undefined) ?? current.commune, at);
}

/**
 * A mutation for a sheet the coordinator merged into another (a duplicate) is applied to the sheet
 * that carries on: a phone that still held the old one loses nothing. Its tombstone is not carried
 * over (deleting one's copy of a merged sheet must not delete the tool).
 */
async function redirected(store: Store, m: Mutation): Promise<{ mutation: Mutation; record: StoredRecord | null }> {
	const original = await store.getRecord(m.recordId);
	if (!original?.mergedInto) return { mutation: m, record: original };
	let record: StoredRecord | null = original;
	for (let hops = 0; record?.mergedInto && hops < 10; hops++) record = await store.getRecord(record.mergedInto);
	if (!record) return { mutation: m, record: original };
	const fields = Object.fromEntries(Object.entries(m.fields).filter(([name]) => name !== 'deleted'));
	// The rights are those the person had on the sheet they edited (its author keeps editing the
	// tool, now under the kept sheet); the status machine and the merge see the kept sheet.
	return { mutation: { ...m, recordId: record.id, fields }, record: { ...record, createdBy: original.createdBy } };
}

export async function push(ctx: SyncContext, user: User, req: PushRequest): Promise<PushResult> {
	checkVersions(req);
	const now = ctx.now ?? new Date();
	const at = now.toISOString();
	const actor = actorOf(user);
	const server = await serverIdentity(ctx.store);
	return ctx.store.transaction(async () => {
		const client = await clientFor(ctx.store, req.clientId, user, at);
		let lastSeq = client.lastSeq;
		const rejected: PushResult['rejected'] = [];
		const clock = new ServerClock(ctx.store);
		const maxMillis = now.getTime() + CLOCK_ALLOWANCE_MS;
		// A retry of mutations already handled: say again which were refused (the first answer may
		// have been lost, and the phone must still learn that its values were not taken).
		const replayed = req.mutations.filter((m) => m.seq <= lastSeq).map((m) => m.seq);
		for (const r of await ctx.store.listRejected(req.clientId, replayed)) rejected.push({ seq: r.seq, code: r.code as RejectCode });
		for (const m of [...req.mutations].sort((a, b) => a.seq - b.seq)) {
			if (m.seq <= lastSeq) continue; // already applied: a retry or a duplicate
			if (m.seq !== lastSeq + 1) break; // a gap: wait for the missing one
			const readable = v.safeParse(MutationSchema, m);
			const found = readable.success ? await redirected(ctx.store, readable.output) : null;
			const mutation = found?.mutation ?? null;
			const record = found?.record ?? null;
			if (mutation && ServerClock.needed(mutation, maxMillis)) await clock.load();
			const verdict = mutation ? judge(actor, mutation, record, maxMillis, clock) : 'invalid';
			if (typeof verdict === 'string') {
				rejected.push({ seq: m.seq, code: verdict });
				// The raw id of an unreadable mutation is kept as a hint only: without NUL, which
				// PostgreSQL cannot store (the refusal must never fail the push).
				const recordId = m.recordId.replaceAll('\u0000', '');
				await ctx.store.insertRejected({ clientId: req.clientId, seq: m.seq, recordId, code: verdict, at });
			} else if (mutation) {
				await apply(ctx, user, mutation, record, verdict, req.clientId, now);
			}
			lastSeq = m.seq;
		}
		if (lastSeq !== client.lastSeq) await ctx.store.setLastSeq(req.clientId, lastSeq, at);
		await clock.save();
		return { lastSeq, rejected, serverTime: at, server };
	});
}

export async function pull(ctx: SyncContext, user: User, req: PullRequest, limit = PULL_PAGE): Promise<PullResult> {
	checkVersions(req);
	const now = ctx.now ?? new Date();
	const at = now.toISOString();
	const actor = actorOf(user);
	const server = await serverIdentity(ctx.store);
	return ctx.store.transaction(
		async () => {
			const client = await clientFor(ctx.store, req.clientId, user, at);
			const current = await ctx.store.currentVersion();
			// A cursor the server never gave (ahead of it: the database was restored) starts over.
			const reset = req.cursor > current;
			const from = reset ? 0 : req.cursor;
			const rows = await ctx.store.listChanges(from, limit + 1);
			const page = rows.slice(0, limit);
			const threads = await threadsOf(
				ctx.store,
				page.map((r) => r.id)
			);
			const changes: PullChange[] = page.map((r) => {
				const fields = Object.fromEntries(Object.entries(r.fields).map(([k, f]) => [k, { v: f.v, hlc: f.hlc }]));
				return {
					id: r.id,
					version: r.version,
					deleted: r.fields.deleted?.v === true,
					createdBy: r.createdBy,
					...(r.mergedInto ? { mergedInto: r.mergedInto } : {}),
					fields: visibleFields(actor, scopeOf(r), fields as Partial<Record<FieldName, { v: unknown; hlc: string }>>) as Record<
						string,
						{ v: unknown; hlc: string }
					>,
					// The exchanges are for those who take part in the sheet's review (they may hold details
					// meant for the author and the mairie only).
					thread: canComment(actor, scopeOf(r)) ? (threads.get(r.id) ?? []) : []
				};
			});
			return {
				cursor: page.length > 0 ? (page[page.length - 1] as StoredRecord).version : from,
				lastSeq: client.lastSeq,
				server,
				changes,
				more: rows.length > limit,
				reset,
				serverTime: at,
				settings: { reverifyMonths: await reverifyMonths(ctx.store) },
				scope: { role: user.role, communes: [...user.communes] }
			};
			// One snapshot for the version, the page and lastSeq, read beside writers (no writer lock);
			// clientFor's insert is idempotent, so the callback may run again after a conflict.
		},
		{ read: true }
	);
}

/** The comment threads of these records, with each author's name. */
export async function threadsOf(store: Store, recordIds: readonly string[]): Promise<Map<string, ThreadEntry[]>> {
	const out = new Map<string, ThreadEntry[]>();
	if (recordIds.length === 0) return out;
	const comments = await store.listComments(recordIds);
	if (comments.length === 0) return out;
	const names = new Map((await store.listUsers()).map((u) => [u.id, u.name]));
	for (const c of comments) {
		const list = out.get(c.recordId) ?? [];
		list.push(toThreadEntry(c, names));
		out.set(c.recordId, list);
	}
	return out;
}

function toThreadEntry(c: StoredComment, names: Map<string, string>): ThreadEntry {
	return {
		id: c.id,
		by: (c.by ? names.get(c.by) : undefined) ?? '',
		role: c.role as ThreadEntry['role'],
		text: c.text,
		status: (c.status as ThreadEntry['status']) ?? null,
		at: c.at
	};
}
