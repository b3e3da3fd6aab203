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
import { actorOf, canOnSheet, reviewOnlyStatuses, visibleFields, type Actor } from '$lib/domain/access';
import { clampHlc, mergeField, type IncomingWrite } from '$lib/domain/merge';
import { tick, type HlcState } from '$lib/domain/hlc';
import { CLOCK_ALLOWANCE_MS, MIN_PROTOCOL, MIN_SCHEMA_VERSION, PROTOCOL, PULL_PAGE, SCHEMA_VERSION } from '$lib/domain/protocol';
import { FIELD_NAMES, type FieldName, type SheetFields } from '$lib/domain/sheet';
import { isValidField } from '$lib/schemas/sheet';
import type { Mutation, PullRequest, PushRequest } from '$lib/schemas/sync';
import type { Store, StoredRecord, User } from '../store/types';

export type RejectCode = 'invalid' | 'forbidden';

export interface PushResult {
	lastSeq: number;
	rejected: { seq: number; code: RejectCode }[];
	serverTime: string;
}

export interface PullChange {
	id: string;
	version: number;
	deleted: boolean;
	fields: Record<string, { v: unknown; hlc: string }>;
}

export interface PullResult {
	cursor: number;
	lastSeq: number;
	changes: PullChange[];
	more: boolean;
	reset: boolean;
	serverTime: string;
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
	const fresh = { clientId, userId: user.id, lastSeq: 0, createdAt: at, lastPushAt: null };
	await store.insertClient(fresh);
	return fresh;
}

const scopeOf = (r: { createdBy: string; commune: string | null }) => ({ createdBy: r.createdBy, commune: r.commune });

/**
 * Stamps from the future (a phone's clock running fast) are replaced by ticks of one increasing
 * server clock: they can no longer win forever, and a phone's edits, handled in seq order, keep
 * their order (two clamped stamps never collapse into one).
 */
const serverClock: HlcState = { millis: 0, counter: 0, node: 'server' };
function clampFuture(stamp: string, maxMillis: number): string | null {
	const clamped = clampHlc(stamp, maxMillis);
	if (clamped === null || clamped === stamp) return clamped;
	return tick(serverClock, maxMillis);
}

/** Checks a mutation without writing: its fields, and the person's right to write them. */
function judge(actor: Actor, m: Mutation, record: StoredRecord | null, maxMillis: number): RejectCode | Map<FieldName, IncomingWrite> {
	const changes = new Map<FieldName, IncomingWrite>();
	for (const [name, change] of Object.entries(m.fields)) {
		if (!(FIELD_NAMES as readonly string[]).includes(name)) return 'invalid';
		if (!isValidField(name as FieldName, change.v)) return 'invalid';
		const hlc = clampFuture(change.hlc, maxMillis);
		if (!hlc) return 'invalid';
		changes.set(name as FieldName, change.base ? { v: change.v, hlc, base: change.base } : { v: change.v, hlc });
	}
	if (changes.size === 0) return changes; // a no-op (an emptied outbox row)
	const newCommune = changes.has('commune') ? (changes.get('commune')?.v as string | null) : undefined;
	if (!record) {
		if (!canOnSheet(actor, 'create', { createdBy: actor.userId, commune: newCommune ?? null })) return 'forbidden';
	} else {
		if (!canOnSheet(actor, 'edit', scopeOf(record))) return 'forbidden';
		// Moving a sheet must not take it out of the editor's own reach (a mairie: its communes).
		if (newCommune !== undefined && !canOnSheet(actor, 'edit', { createdBy: record.createdBy, commune: newCommune })) return 'forbidden';
	}
	const status = changes.get('status')?.v as SheetFields['status'] | undefined;
	const scope = record ? scopeOf(record) : { createdBy: actor.userId, commune: newCommune ?? null };
	if (status && reviewOnlyStatuses().includes(status) && !canOnSheet(actor, 'review', scope)) return 'forbidden';
	return changes;
}

/**
 * Writes one mutation's changes with the merge rule, and appends each applied write to the history.
 * Also used for edits made on the server (coordinator, mairie) with the server as the HLC node, so
 * every write follows one rule.
 */
export async function writeFields(
	store: Store,
	user: User,
	recordId: string,
	changes: Map<FieldName, IncomingWrite>,
	at: string,
	via: 'sync' | 'server' | 'import' = 'sync'
): Promise<boolean> {
	let record = await store.getRecord(recordId);
	const isNew = !record;
	if (!record) {
		const commune = (changes.get('commune')?.v as string | null | undefined) ?? null;
		await store.insertRecord({ id: recordId, createdBy: user.id, commune, createdAt: at, updatedAt: at });
		record = { id: recordId, createdBy: user.id, commune, version: 0, createdAt: at, updatedAt: at, fields: {} };
	}
	let changed = false;
	for (const [field, incoming] of changes) {
		const stored = record.fields[field];
		const merged = mergeField(stored, incoming);
		if (merged.outcome === 'same') continue;
		if (merged.outcome === 'applied') {
			await store.putField(recordId, field, incoming.v, incoming.hlc, user.id);
			// Every applied write is kept in the history, in the same transaction.
			await store.insertHistory({ recordId, field, old: stored?.v, new: incoming.v, hlc: incoming.hlc, by: user.id, via, at });
			record.fields[field] = { v: incoming.v, hlc: incoming.hlc, by: user.id };
			changed = true;
			if (merged.loser && stored)
				await store.insertConflict({ recordId, field, kept: { v: incoming.v, hlc: incoming.hlc, by: user.id }, lost: stored, at });
		} else {
			await store.insertConflict({ recordId, field, kept: stored!, lost: { v: incoming.v, hlc: incoming.hlc, by: user.id }, at });
		}
	}
	// A new record got its version when inserted (with its commune); a changed one takes the next.
	if (changed && !isNew) {
		const commune = (record.fields.commune?.v as string | null | undefined) ?? null;
		await store.bumpVersion(recordId, commune, at);
	}
	return changed;
}

export async function push(ctx: SyncContext, user: User, req: PushRequest): Promise<PushResult> {
	checkVersions(req);
	const now = ctx.now ?? new Date();
	const at = now.toISOString();
	const actor = actorOf(user);
	return ctx.store.transaction(async () => {
		const client = await clientFor(ctx.store, req.clientId, user, at);
		let lastSeq = client.lastSeq;
		const rejected: PushResult['rejected'] = [];
		// A retry of mutations already handled: say again which were refused (the first answer may
		// have been lost, and the phone must still learn that its values were not taken).
		const replayed = req.mutations.filter((m) => m.seq <= lastSeq).map((m) => m.seq);
		for (const r of await ctx.store.listRejected(req.clientId, replayed)) rejected.push({ seq: r.seq, code: r.code as RejectCode });
		for (const m of [...req.mutations].sort((a, b) => a.seq - b.seq)) {
			if (m.seq <= lastSeq) continue; // already applied: a retry or a duplicate
			if (m.seq !== lastSeq + 1) break; // a gap: wait for the missing one
			const record = await ctx.store.getRecord(m.recordId);
			const verdict = judge(actor, m, record, now.getTime() + CLOCK_ALLOWANCE_MS);
			if (typeof verdict === 'string') {
				rejected.push({ seq: m.seq, code: verdict });
				await ctx.store.insertRejected({ clientId: req.clientId, seq: m.seq, recordId: m.recordId, code: verdict, at });
			} else if (verdict.size > 0) {
				await writeFields(ctx.store, user, m.recordId, verdict, at);
			}
			lastSeq = m.seq;
		}
		if (lastSeq !== client.lastSeq) await ctx.store.setLastSeq(req.clientId, lastSeq, at);
		return { lastSeq, rejected, serverTime: at };
	});
}

export async function pull(ctx: SyncContext, user: User, req: PullRequest, limit = PULL_PAGE): Promise<PullResult> {
	checkVersions(req);
	const now = ctx.now ?? new Date();
	const at = now.toISOString();
	const actor = actorOf(user);
	return ctx.store.transaction(async () => {
		const client = await clientFor(ctx.store, req.clientId, user, at);
		const current = await ctx.store.currentVersion();
		// A cursor the server never gave (ahead of it: the database was restored) starts over.
		const reset = req.cursor > current;
		const from = reset ? 0 : req.cursor;
		const rows = await ctx.store.listChanges(from, limit + 1);
		const page = rows.slice(0, limit);
		const changes = page.map((r) => {
			const fields = Object.fromEntries(Object.entries(r.fields).map(([k, f]) => [k, { v: f.v, hlc: f.hlc }]));
			return {
				id: r.id,
				version: r.version,
				deleted: r.fields.deleted?.v === true,
				fields: visibleFields(actor, scopeOf(r), fields as Partial<Record<FieldName, { v: unknown; hlc: string }>>) as Record<
					string,
					{ v: unknown; hlc: string }
				>
			};
		});
		return {
			cursor: page.length > 0 ? (page[page.length - 1] as StoredRecord).version : from,
			lastSeq: client.lastSeq,
			changes,
			more: rows.length > limit,
			reset,
			serverTime: at
		};
	});
}
