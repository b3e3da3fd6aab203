/**
 * The client side of sync (sync-protocol.md). No UI here.
 *
 * PUSH: the outbox rows, oldest first, are marked as taken (meta.pushingUpTo, so later edits open
 * new rows instead of changing rows in flight) and sent with this install's id. Rows are deleted
 * ONLY once the server's answer says it applied them (lastSeq): a row is never "sent" on hope —
 * the failure that lost days of work in other field tools. A lost answer just means the same rows
 * are sent again; the server applies each number once.
 *
 * PULL: pages of changes after the cursor, each applied in ONE Dexie transaction: field by field,
 * a server value replaces the local one only if its HLC is higher AND no pending local edit of that
 * field is newer; fields the server did not send (private contact it keeps from this person) are
 * left as they are; the cursor is written LAST, so a tab closed mid-page re-applies the page,
 * harmlessly. Outbox rows are removed only by push answers, which also carry refusals.
 */
import * as v from 'valibot';
import { blankFields, FIELD_NAMES, type FieldName, type Sheet, type SheetFields } from '$lib/domain/sheet';
import { isCategory } from '$lib/domain/categories';
import { isoDay } from '$lib/domain/dates';
import { receive, type HlcState } from '$lib/domain/hlc';
import { PROTOCOL, PUSH_MAX, SCHEMA_VERSION } from '$lib/domain/protocol';
import { isValidField, parseSheet, ThreadEntrySchema } from '$lib/schemas/sheet';
import type { ThreadEntry } from '$lib/domain/review';
import type { AtlasDb, SheetRow } from '$lib/db/database';
import { classifyError } from '$lib/errors';
import { ROLES, type Role } from '$lib/domain/access';
import { ID_RE } from '$lib/schemas/sheet';
import { clientId, getMeta, META, setMeta } from '$lib/db/meta';
import { noticeServer, recordAcknowledged } from './rewind';
import { BatchSize, recordRefusal, refusedWhole, setAside } from './set-aside';

/** How the engine reaches the server (fetch in the app, the service itself in tests). */
export interface Transport {
	post(path: string, body: unknown): Promise<{ status: number; body: unknown }>;
}

export type SyncFailure = 'offline' | 'server' | 'unauthenticated' | 'upgrade' | 'client_not_yours' | 'storage_full';

/** The role and communes the server holds for the person now (its answer to a pull). */
export type ServerScope = { role: Role; communes: string[] };

export type SyncOutcome =
	| { ok: true; pushed: number; rejected: number; pulled: number; scope?: ServerScope; healedAt?: string; restoreResent?: number }
	| { ok: false; reason: SyncFailure; pushed: number; pulled: number };

/** Which database answered (rewind.ts); optional: a server older than this app does not say it. */
const ServerMark = v.optional(v.object({ id: v.string(), generation: v.string() }));

const PushAnswer = v.object({
	lastSeq: v.number(),
	server: ServerMark,
	rejected: v.array(v.object({ seq: v.number(), code: v.string() })),
	serverTime: v.string()
});

const PullAnswer = v.object({
	cursor: v.number(),
	lastSeq: v.number(),
	server: ServerMark,
	changes: v.array(
		v.object({
			id: v.string(),
			version: v.number(),
			deleted: v.boolean(),
			createdBy: v.optional(v.string()),
			mergedInto: v.optional(v.string()),
			fields: v.record(v.string(), v.object({ v: v.unknown(), hlc: v.string() })),
			thread: v.optional(v.array(v.unknown()), [])
		})
	),
	more: v.boolean(),
	reset: v.boolean(),
	serverTime: v.string(),
	settings: v.optional(v.object({ reverifyMonths: v.number() })),
	// Optional: a server older than this app does not say it.
	scope: v.optional(v.object({ role: v.picklist(ROLES), communes: v.array(v.string()) }))
});
type PullPage = v.InferOutput<typeof PullAnswer>;

class Stop extends Error {
	constructor(
		readonly reason: SyncFailure,
		readonly status = 0
	) {
		super(reason);
	}
}

function failureOf(status: number, body: unknown): SyncFailure {
	if (status === 401) return 'unauthenticated';
	if (status === 426) return 'upgrade';
	if (status === 403 && (body as { code?: unknown } | null)?.code === 'client_not_yours') return 'client_not_yours';
	return 'server';
}

export class SyncEngine {
	constructor(
		private readonly db: AtlasDb,
		private readonly transport: Transport,
		private readonly now: () => Date = () => new Date()
	) {}

	/** Set when an answer showed the server behind this phone, which healed it (rewind.ts). */
	#healed = false;
	/** Set when that server was seen restored: the person is told. */
	#healedAt: string | null = null;
	/** How many rows and photos the healing sent again. */
	#resent = 0;

	/** Push everything waiting, then pull everything new. */
	async syncOnce(): Promise<SyncOutcome> {
		let pushed = 0;
		let rejected = 0;
		let pulled = 0;
		this.#healed = false;
		this.#healedAt = null;
		this.#resent = 0;
		try {
			let scope: ServerScope | undefined;
			// A restored server seen during the first pass: the rows sent again go in a second one.
			for (let pass = 0; pass < 2; pass++) {
				this.#healed = false;
				const p = await this.pushAll();
				pushed += p.pushed;
				rejected += p.rejected;
				const pull = await this.#pullAll();
				pulled += pull.pulled;
				scope = pull.scope ?? scope;
				if (!this.#healed) break;
			}
			await setMeta(this.db, META.lastSyncAt, this.now().toISOString());
			return {
				ok: true,
				pushed,
				rejected,
				pulled,
				...(scope ? { scope } : {}),
				...(this.#healedAt ? { healedAt: this.#healedAt, restoreResent: this.#resent } : {})
			};
		} catch (e) {
			if (e instanceof Stop) return { ok: false, reason: e.reason, pushed, pulled };
			// A full disk while writing a pulled page: the page's transaction was rolled back whole
			// (the cursor with it), so nothing is half-applied; the pull resumes once there is room.
			if (classifyError(e) === 'quota') return { ok: false, reason: 'storage_full', pushed, pulled };
			throw e;
		}
	}

	async #post(path: string, body: unknown): Promise<unknown> {
		let res: { status: number; body: unknown };
		try {
			res = await this.transport.post(path, body);
		} catch {
			throw new Stop('offline');
		}
		if (res.status !== 200) throw new Stop(failureOf(res.status, res.body), res.status);
		return res.body;
	}

	/** Heals a server that went back in time (rewind.ts); true when it did. */
	async #noticeServer(answer: { server?: { id: string; generation: string } | undefined; lastSeq: number }): Promise<boolean> {
		const healed = await noticeServer(this.db, answer.server, answer.lastSeq, this.now());
		if (!healed) return false;
		this.#healed = true;
		if (healed.told) {
			this.#healedAt = healed.at;
			this.#resent += healed.resent;
		}
		return true;
	}

	/** Whether the server takes an empty push from this install (else it refuses every push). */
	async #takesEmptyPush(id: string): Promise<boolean> {
		try {
			await this.#post('/api/sync/push', { protocol: PROTOCOL, schemaVersion: SCHEMA_VERSION, clientId: id, mutations: [] });
			return true;
		} catch (e) {
			if (e instanceof Stop && refusedWhole(e.status)) return false;
			throw e;
		}
	}

	async #learnClock(serverTime: string): Promise<void> {
		const server = Date.parse(serverTime);
		if (!Number.isNaN(server)) await setMeta(this.db, META.clockOffset, server - this.now().getTime());
	}

	async pushAll(): Promise<{ pushed: number; rejected: number }> {
		const db = this.db;
		let pushed = 0;
		let rejectedCount = 0;
		// A batch refused whole (400, 413) is halved down to the row at fault, set aside (set-aside.ts).
		const size = new BatchSize(PUSH_MAX);
		for (let round = 0; round < 1000; round++) {
			const batch = await db.transaction('rw', db.outbox, db.meta, async () => {
				const rows = await db.outbox.orderBy('seq').limit(size.value).toArray();
				if (rows.length === 0) return null;
				await setMeta(db, META.pushingUpTo, rows[rows.length - 1]?.seq ?? 0);
				return { id: await clientId(db), rows };
			});
			if (!batch) break;
			// The rows stay frozen (pushingUpTo) until an answer says which the server applied: if the
			// answer is lost, the server may hold them already, and an edit folded into one of them now
			// would be skipped there as a duplicate — and lost.
			let body: unknown;
			try {
				body = await this.#post('/api/sync/push', {
					protocol: PROTOCOL,
					schemaVersion: SCHEMA_VERSION,
					clientId: batch.id,
					mutations: batch.rows.map((r) => ({
						seq: r.seq,
						recordId: r.recordId,
						fields: r.fields,
						...(r.comments?.length ? { comments: r.comments } : {})
					}))
				});
				size.accepted();
			} catch (e) {
				const code = e instanceof Stop ? refusedWhole(e.status) : null;
				if (!code) throw e;
				if (batch.rows.length > 1) {
					size.refused(batch.rows.length);
					continue;
				}
				// One row refused: it is at fault only if the server takes a push at all.
				const row = batch.rows[0];
				if (!row || !(await this.#takesEmptyPush(batch.id)) || !(await setAside(db, row.seq, code, this.now()))) throw new Stop('server');
				rejectedCount++;
				continue;
			}
			const parsed = v.safeParse(PushAnswer, body);
			if (!parsed.success) throw new Stop('server');
			const answer = parsed.output;
			const confirmed = batch.rows.filter((r) => r.seq <= answer.lastSeq);
			await db.transaction('rw', [db.outbox, db.meta, db.rejections, db.sheets, db.acked], async () => {
				await db.outbox.bulkDelete(confirmed.map((r) => r.seq));
				await recordAcknowledged(db, confirmed, new Set(answer.rejected.map((r) => r.seq)), answer.lastSeq);
				// Answer known: what the server did not apply may take edits again (it is resent as is).
				await setMeta(db, META.pushingUpTo, 0);
				// Rows once exported to a backup are free again once the server holds them.
				const exported = await getMeta<unknown>(db, META.exportedUpTo, 0);
				if (typeof exported === 'number' && exported <= answer.lastSeq) await setMeta(db, META.exportedUpTo, 0);
				const at = this.now().toISOString();
				for (const r of answer.rejected) {
					const row = batch.rows.find((x) => x.seq === r.seq);
					if (row) await recordRefusal(db, row, r.code, at);
				}
				await this.#learnClock(answer.serverTime);
			});
			pushed += confirmed.length;
			rejectedCount += answer.rejected.length;
			// A restored server: the outbox was numbered again after its lastSeq (syncOnce pushes again).
			if (await this.#noticeServer(answer)) break;
			// The server stopped early (a gap it waits for): do not loop on the same rows.
			if (confirmed.length < batch.rows.length) break;
		}
		return { pushed, rejected: rejectedCount };
	}

	async pullAll(): Promise<number> {
		return (await this.#pullAll()).pulled;
	}

	/** Every page after the cursor; the count of changes and the scope the server answered last. */
	async #pullAll(): Promise<{ pulled: number; scope: ServerScope | undefined }> {
		let pulled = 0;
		let scope: ServerScope | undefined;
		for (let round = 0; round < 10_000; round++) {
			const cursor = await getMeta<number>(this.db, META.cursor, 0);
			const body = await this.#post('/api/sync/pull', {
				protocol: PROTOCOL,
				schemaVersion: SCHEMA_VERSION,
				clientId: await clientId(this.db),
				cursor: typeof cursor === 'number' ? cursor : 0
			});
			const parsed = v.safeParse(PullAnswer, body);
			if (!parsed.success) throw new Stop('server');
			// A restored server: its page is not applied; the pull starts again from the beginning.
			if (await this.#noticeServer(parsed.output)) continue;
			await this.applyPage(parsed.output);
			pulled += parsed.output.changes.length;
			scope = parsed.output.scope ?? scope;
			if (!parsed.output.more) break;
		}
		return { pulled, scope };
	}

	/** Applies one page of changes in ONE transaction, the cursor written last. */
	async applyPage(page: PullPage): Promise<void> {
		const db = this.db;
		const nowIso = this.now().toISOString();
		await db.transaction('rw', [db.sheets, db.outbox, db.meta], async () => {
			// Newest pending local stamp of each field of each sheet, among rows not yet confirmed.
			const pending = new Map<string, Map<string, string>>();
			await db.outbox.each((row) => {
				if (row.seq <= page.lastSeq) return;
				let fields = pending.get(row.recordId);
				if (!fields) pending.set(row.recordId, (fields = new Map()));
				for (const [name, change] of Object.entries(row.fields)) {
					const known = fields.get(name);
					if (change && (!known || change.hlc > known)) fields.set(name, change.hlc);
				}
			});

			if (page.reset) {
				// The server's history restarted: rebuild from it, keeping every sheet with unsent edits.
				const keep = new Set(pending.keys());
				await db.sheets.filter((s) => !keep.has(s.id)).delete();
			}

			const hlcRow = await db.meta.get(META.hlc);
			// A fresh install has no clock yet: make one, so the pulled stamps move it forward.
			const hlcState: HlcState = (hlcRow?.value as HlcState | undefined) ?? { millis: 0, counter: 0, node: await clientId(db) };
			const physical = this.now().getTime() + ((await getMeta<number>(db, META.clockOffset, 0)) || 0);

			for (const change of page.changes) {
				const raw = await db.sheets.get(change.id);
				const local = raw ? parseSheet(raw) : null;
				// A row this version cannot read is left as it is (it may hold what an older app wrote).
				if (raw && local && !local.ok) continue;
				let sheet: Sheet;
				if (local?.ok) {
					sheet = { ...local.sheet, fields: { ...local.sheet.fields }, clocks: { ...local.sheet.clocks } };
				} else {
					const category = change.fields.category?.v;
					if (!isCategory(category)) continue; // nothing this app can show
					sheet = { id: change.id, fields: blankFields(category, isoDay(this.now())), clocks: {}, createdAt: nowIso, updatedAt: nowIso };
				}
				let changed = false;
				for (const [name, incoming] of Object.entries(change.fields)) {
					if (!(FIELD_NAMES as readonly string[]).includes(name)) continue;
					const field = name as FieldName;
					const mine = pending.get(change.id)?.get(name);
					if (mine && mine >= incoming.hlc) continue; // my unsent edit is newer: it stays
					// No unsent edit of this field: the server's value is the truth, whatever this
					// device's own stamp says (the server may have clamped a stamp from a fast clock).
					if (!mine && sheet.clocks[field] === incoming.hlc) continue;
					if (!isValidField(field, incoming.v)) continue;
					(sheet.fields as Record<FieldName, unknown>)[field] = incoming.v as SheetFields[typeof field];
					sheet.clocks[field] = incoming.hlc;
					receive(hlcState, incoming.hlc, physical);
					changed = true;
				}
				// The author and the comment thread are the server's to say (comments written here wait
				// in the outbox and are shown from there until the server has them).
				// Merged into another sheet by the coordinator: this copy says where the tool went (its
				// unsent edits still go out under this id; the server applies them to that sheet).
				if (change.mergedInto && sheet.mergedInto !== change.mergedInto && ID_RE.test(change.mergedInto)) {
					sheet.mergedInto = change.mergedInto;
					changed = true;
				}
				if (change.createdBy && sheet.createdBy !== change.createdBy) {
					sheet.createdBy = change.createdBy;
					changed = true;
				}
				const thread = change.thread.filter((e) => v.is(ThreadEntrySchema, e)) as ThreadEntry[];
				if (JSON.stringify(thread) !== JSON.stringify(sheet.thread ?? [])) {
					sheet.thread = thread;
					changed = true;
				}
				if (!changed && local?.ok) continue;
				if (changed) sheet.updatedAt = nowIso;
				await db.sheets.put(JSON.parse(JSON.stringify(sheet)) as SheetRow);
			}
			await db.meta.put({ key: META.hlc, value: hlcState });
			if (page.settings) await setMeta(db, META.reverifyMonths, page.settings.reverifyMonths);

			// Rows the server already applied (seq <= lastSeq) were left out of `pending` above, but are
			// not deleted here: only a push answer removes rows, because it also says which were
			// refused (a refused value must be rolled back on this phone).
			await this.#learnClock(page.serverTime);
			// LAST: the cursor. A crash before this line re-applies the page next time, harmlessly.
			await setMeta(db, META.cursor, page.cursor);
		});
	}
}
