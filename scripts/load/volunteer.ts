/**
 * One simulated phone. It does what the app does, without IndexedDB (500 of them run in one
 * process):
 *
 * - EDITS as src/lib/db/sheets.ts writes them: a new sheet stamps every field with the install's
 *   hybrid logical clock and opens a numbered outbox row; a later edit of the same sheet folds into
 *   the newest row if no push has taken it yet, otherwise opens a new row (its fields carry the
 *   stamp they replace as `base`); a newer value drops the older unsent one from earlier rows.
 * - PUSH as src/lib/sync/engine.ts (pushAll): the oldest rows, at most PUSH_MAX, are frozen and
 *   sent with the install's id; rows are removed ONLY when the answer's lastSeq covers them; a lost
 *   answer means the same rows, same numbers, are sent again; a 413 halves the batch.
 * - PULL as the engine (pullAll): pages after the cursor until `more` is false; `reset` starts the
 *   local copy again. The local copy keeps each sheet's version (enough to compare with the server:
 *   the server gives every change of a sheet a new version).
 * - PHOTO with the app's own upload code (uploadPhotoBytes of src/lib/sync/photos.ts: announce,
 *   chunks of CHUNK_BYTES, resume from the server's offset on 409), after the sheets.
 * - REWIND as src/lib/sync/rewind.ts: every push and pull answer says which database answered
 *   (`server`: id and generation) and the server's lastSeq for this install. The phone keeps, per
 *   sheet and field, the stamp and number of its last acknowledged write; when an answer comes from
 *   another id or generation, or its lastSeq is below the highest ever acknowledged, or the server
 *   waits for a number below the outbox's first (a restore), it re-sends, per sheet, the CURRENT
 *   value of each field acknowledged above that lastSeq with its ORIGINAL stamp (only where the
 *   sheet still holds that stamp), numbers these rows and then the outbox from lastSeq + 1, uploads
 *   its photo again, pulls from the start, and syncs once more.
 * - WHEN as src/lib/sync/scheduler.svelte.ts: a sync a few seconds after an edit; after a failure
 *   (network error, 5xx) the same sync again after an exponential backoff with jitter
 *   (5 s × 2^(failures−1) × 0.5–1.5, at most 10 min). Times are multiplied by `timeScale` so that
 *   a load of hours of fieldwork runs in minutes.
 */
import { newNodeId, tick, type HlcState } from '$lib/domain/hlc';
import { newId } from '$lib/domain/ids';
import { PROTOCOL, PUSH_MAX, SCHEMA_VERSION } from '$lib/domain/protocol';
import { FIELD_NAMES, type FieldName, type SheetFields } from '$lib/domain/sheet';
import { isoDay } from '$lib/domain/dates';
import { uploadPhotoBytes, type PhotoTransport } from '$lib/sync/photos';
import { NetworkError, type HttpClient } from './http';
import type { LoadPhoto } from './photo';
import { makeSheet, revisit, type Random } from './sheets';

/** The scheduler's timings (scheduler.svelte.ts), before `timeScale`. */
export const AFTER_EDIT_MS = 3000;
export const BACKOFF_BASE_MS = 5000;
export const BACKOFF_MAX_MS = 10 * 60_000;

export interface FieldChange {
	v: unknown;
	hlc: string;
	base?: string;
}

export interface OutboxRow {
	seq: number;
	recordId: string;
	fields: Record<string, FieldChange>;
}

/** A mutation the server acknowledged (its push answer's lastSeq covered it). */
export interface Ack {
	volunteer: number;
	seq: number;
	recordId: string;
	fields: Record<string, FieldChange>;
	/** Milliseconds since the load started. */
	at: number;
}

export type SyncFailure = 'offline' | 'server' | 'unauthenticated' | 'upgrade' | 'client_not_yours';

/** What all phones share: the clock of the run, the record of acknowledgements, the rules. */
export interface Shared {
	startedAt: number;
	acks: Ack[];
	/** Refusals: mutations (`push:<code>`) and photos (`photo:<code>`). */
	refusals: string[];
	/** Failed syncs by reason (each was retried). */
	syncFailures: Record<string, number>;
	timeScale: number;
	/** Longest pause between two sessions of fieldwork, in ms (already real time). */
	thinkMs: number;
	/** Wall-clock time after which every phone gives up (the run failed). */
	deadline: number;
	/**
	 * Every sheet id made by a phone, numbered: each phone keeps the versions it pulled in an array
	 * indexed by these numbers (500 maps of 10,000 string keys would weigh on the garbage collector
	 * more than the load it measures).
	 */
	slots: Map<string, number>;
	/** How many sheets the phones will make (the size of each phone's version array). */
	capacity: number;
}

export class LoadAbort extends Error {}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

class Stop extends Error {
	constructor(readonly reason: SyncFailure) {
		super(reason);
	}
}

function failureOf(status: number, body: unknown): SyncFailure {
	if (status === 401) return 'unauthenticated';
	if (status === 426) return 'upgrade';
	if (status === 403 && (body as { code?: unknown } | null)?.code === 'client_not_yours') return 'client_not_yours';
	return 'server';
}

const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

/** Which database answered (the push and pull answers carry it; an older server does not). */
export interface ServerMark {
	id: string;
	generation: string;
}

function serverMark(value: unknown): ServerMark | undefined {
	const m = value as { id?: unknown; generation?: unknown } | null | undefined;
	return typeof m?.id === 'string' && typeof m.generation === 'string' ? { id: m.id, generation: m.generation } : undefined;
}

/** The last acknowledged write of one field of one sheet (db.acked of the app). */
interface AckedWrite {
	recordId: string;
	field: string;
	seq: number;
	hlc: string;
	base?: string;
}

export class Volunteer {
	readonly clientId: string;
	readonly #hlc: HlcState;
	#clockOffset = 0;
	#nextSeq = 1;
	#pushingUpTo = 0;
	readonly outbox: OutboxRow[] = [];
	/** This phone's sheets: current values and the stamp of each field (what the server must end up with). */
	readonly sheets = new Map<string, { fields: SheetFields; clocks: Partial<Record<FieldName, string>> }>();
	cursor = 0;
	/** The server's lastSeq for this install, as the last pull said. */
	serverLastSeq = 0;
	/** Local copy: the version of each sheet pulled, by its slot (0: not pulled). */
	seen: Int32Array;
	/** How many slots hold a version. */
	seenCount = 0;
	/** Pulled sheets no phone made (none expected: they are reported). */
	readonly foreign = new Set<string>();
	photoDone = false;
	pulledChanges = 0;
	/** The server this phone last talked to, as its answers said (null: not known yet). */
	server: ServerMark | null = null;
	/** The highest lastSeq the server ever acknowledged to this phone. */
	ackedSeq = 0;
	/** Per sheet and field (`id field`), the last write the server acknowledged. */
	readonly acked = new Map<string, AckedWrite>();
	/** Rewinds this phone healed, and the rows it re-sent for them. */
	heals = 0;
	resentRows = 0;
	/** The server refused the photo: the app never sends it again, even after a restore. */
	#photoRefused = false;
	/** Set by a heal during a sync: syncOnce pushes and pulls once more. */
	#healed = false;
	readonly #photoTransport: PhotoTransport;

	constructor(
		readonly index: number,
		readonly http: HttpClient,
		readonly userId: string,
		readonly name: string,
		readonly photo: LoadPhoto | null,
		private readonly shared: Shared,
		private readonly random: Random
	) {
		this.clientId = newNodeId(random);
		this.seen = new Int32Array(shared.capacity);
		this.#hlc = { millis: 0, counter: 0, node: this.clientId };
		const h = http;
		this.#photoTransport = {
			async create(sha, size, mime) {
				const res = await h.request('photo-create', 'POST', `/api/photos/${sha}`, { json: { size, mime } });
				return { status: res.status, body: res.body };
			},
			async append(sha, offset, chunk) {
				const res = await h.request('photo-append', 'PATCH', `/api/photos/${sha}`, {
					bytes: chunk,
					headers: { 'Upload-Offset': String(offset), 'Content-Type': 'application/offset+octet-stream' }
				});
				return { status: res.status, body: res.body };
			}
		};
	}

	/** The last sequence number this phone used. */
	get lastSeq(): number {
		return this.#nextSeq - 1;
	}

	#stamp(): string {
		return tick(this.#hlc, Date.now() + this.#clockOffset);
	}

	// ---- edits (src/lib/db/sheets.ts) ----

	createSheet(fields: SheetFields): string {
		const id = newId();
		if (this.shared.slots.size >= this.shared.capacity) throw new Error('more sheets than planned');
		this.shared.slots.set(id, this.shared.slots.size);
		const clocks: Partial<Record<FieldName, string>> = {};
		const change: Record<string, FieldChange> = {};
		for (const name of FIELD_NAMES) {
			const hlc = this.#stamp();
			clocks[name] = hlc;
			change[name] = { v: clone(fields[name]), hlc };
		}
		this.sheets.set(id, { fields: clone(fields), clocks });
		this.#append(id, change);
		return id;
	}

	editSheet(id: string, patch: Partial<SheetFields>): void {
		const sheet = this.sheets.get(id);
		if (!sheet) throw new Error(`no sheet ${id}`);
		const change: Record<string, FieldChange> = {};
		for (const [name, value] of Object.entries(patch) as [FieldName, unknown][]) {
			if (JSON.stringify(sheet.fields[name]) === JSON.stringify(value)) continue;
			const hlc = this.#stamp();
			const base = sheet.clocks[name];
			(sheet.fields as unknown as Record<string, unknown>)[name] = clone(value);
			sheet.clocks[name] = hlc;
			change[name] = base ? { v: clone(value), hlc, base } : { v: clone(value), hlc };
		}
		if (Object.keys(change).length > 0) this.#append(id, change);
	}

	/** appendToOutbox of src/lib/db/sheets.ts. */
	#append(recordId: string, change: Record<string, FieldChange>): void {
		const last = this.outbox.at(-1);
		const coalesce = !!last && last.recordId === recordId && last.seq > this.#pushingUpTo;
		const inherit = (name: string, older: FieldChange | undefined) => {
			const current = change[name];
			if (!current || !older) return;
			if (older.base) current.base = older.base;
			else delete current.base;
		};
		for (const row of this.outbox) {
			if (row.recordId !== recordId || row.seq <= this.#pushingUpTo || (coalesce && row === last)) continue;
			for (const name of Object.keys(change)) {
				if (name in row.fields) {
					inherit(name, row.fields[name]);
					delete row.fields[name]; // an emptied row stays, as a no-op: no hole in the numbers
				}
			}
		}
		if (coalesce && last) {
			for (const name of Object.keys(change)) inherit(name, last.fields[name]);
			Object.assign(last.fields, change);
			return;
		}
		this.outbox.push({ seq: this.#nextSeq++, recordId, fields: change });
	}

	// ---- sync (src/lib/sync/engine.ts) ----

	async #post(kind: 'push' | 'pull', path: string, body: unknown): Promise<unknown> {
		let res;
		try {
			res = await this.http.post(kind, path, body);
		} catch (e) {
			if (e instanceof NetworkError) throw new Stop('offline');
			throw e;
		}
		if (res.status !== 200) throw Object.assign(new Stop(failureOf(res.status, res.body)), { status: res.status });
		return res.body;
	}

	#learnClock(serverTime: unknown): void {
		const server = typeof serverTime === 'string' ? Date.parse(serverTime) : NaN;
		if (!Number.isNaN(server)) this.#clockOffset = server - Date.now();
	}

	async pushAll(): Promise<void> {
		let limit = PUSH_MAX;
		for (let round = 0; round < 1000; round++) {
			const rows = this.outbox.slice(0, limit);
			if (rows.length === 0) return;
			this.#pushingUpTo = rows.at(-1)?.seq ?? 0;
			const sent = rows.map((r) => ({ seq: r.seq, recordId: r.recordId, fields: clone(r.fields) }));
			let body: unknown;
			try {
				body = await this.#post('push', '/api/sync/push', { protocol: PROTOCOL, schemaVersion: SCHEMA_VERSION, clientId: this.clientId, mutations: sent });
			} catch (e) {
				if ((e as { status?: number }).status === 413 && limit > 1) {
					limit = Math.ceil(limit / 2);
					continue;
				}
				throw e;
			}
			const answer = body as { lastSeq?: unknown; rejected?: unknown; serverTime?: unknown; server?: unknown } | null;
			if (typeof answer?.lastSeq !== 'number' || !Array.isArray(answer.rejected)) throw new Stop('server');
			const lastSeq = answer.lastSeq;
			const at = Date.now() - this.shared.startedAt;
			const confirmed = sent.filter((m) => m.seq <= lastSeq);
			for (const m of confirmed) this.shared.acks.push({ volunteer: this.index, seq: m.seq, recordId: m.recordId, fields: m.fields, at });
			this.outbox.splice(0, this.outbox.filter((r) => r.seq <= lastSeq).length);
			this.#pushingUpTo = 0;
			const refused = new Set<number>();
			for (const r of answer.rejected as { seq?: unknown; code?: unknown }[]) {
				this.shared.refusals.push(`push:${String(r.code)} (${this.name}, seq ${String(r.seq)})`);
				if (typeof r.seq === 'number') refused.add(r.seq);
			}
			this.#recordAcknowledged(confirmed, refused, lastSeq);
			this.#learnClock(answer.serverTime);
			// A restored server: the outbox was numbered again after its lastSeq (syncOnce pushes again).
			if (this.noticeServer(serverMark(answer.server), lastSeq)) return;
			if (confirmed.length < rows.length) return; // a gap the server waits for: do not loop
		}
	}

	/** recordAcknowledged of src/lib/sync/rewind.ts: what the server confirmed, per field (refused rows left out). */
	#recordAcknowledged(confirmed: readonly OutboxRow[], refused: ReadonlySet<number>, lastSeq: number): void {
		for (const row of confirmed) {
			if (refused.has(row.seq)) continue;
			for (const [field, change] of Object.entries(row.fields)) {
				const write: AckedWrite = { recordId: row.recordId, field, seq: row.seq, hlc: change.hlc };
				if (change.base) write.base = change.base;
				this.acked.set(`${row.recordId} ${field}`, write);
			}
		}
		if (lastSeq > this.ackedSeq) this.ackedSeq = lastSeq;
	}

	/**
	 * noticeServer of src/lib/sync/rewind.ts: compares an answer with what this phone knows of the
	 * server and heals a rewind. True when it healed one.
	 */
	noticeServer(server: ServerMark | undefined, lastSeq: number): boolean {
		const first = this.outbox[0]?.seq;
		const otherServer = server !== undefined && this.server !== null && (this.server.id !== server.id || this.server.generation !== server.generation);
		const behind = lastSeq < this.ackedSeq;
		const waitsForLost = first !== undefined && first > lastSeq + 1;
		if (server) this.server = server;
		if (!otherServer && !behind && !waitsForLost) return false;
		this.#heal(lastSeq);
		this.heals++;
		this.#healed = true;
		return true;
	}

	/** heal of src/lib/sync/rewind.ts, without IndexedDB: the same rows, in the same order. */
	#heal(lastSeq: number): void {
		const lost = [...this.acked.values()].filter((a) => a.seq > lastSeq).sort((a, b) => a.seq - b.seq);
		const again = new Map<string, Record<string, FieldChange>>();
		const forgotten = new Map<string, { hlc: string; base: string | undefined }>();
		for (const a of lost) {
			const key = `${a.recordId} ${a.field}`;
			forgotten.set(key, { hlc: a.hlc, base: a.base });
			this.acked.delete(key); // written again when the rows sent now are acknowledged
			const sheet = this.sheets.get(a.recordId);
			// A newer value written since (in the outbox, or acknowledged later) is sent by its own row.
			if (!sheet || sheet.clocks[a.field as FieldName] !== a.hlc) continue;
			const fields = again.get(a.recordId) ?? {};
			const v = clone((sheet.fields as unknown as Record<string, unknown>)[a.field]);
			fields[a.field] = a.base ? { v, hlc: a.hlc, base: a.base } : { v, hlc: a.hlc };
			again.set(a.recordId, fields);
		}
		// A pending edit based on a forgotten stamp is based, for the restored server, on the one before.
		const rebased = this.outbox.map((row) => {
			const fields: Record<string, FieldChange> = {};
			for (const [name, change] of Object.entries(row.fields)) {
				const gone = forgotten.get(`${row.recordId} ${name}`);
				if (!change.base || !gone || change.base !== gone.hlc) fields[name] = change;
				else fields[name] = gone.base ? { v: change.v, hlc: change.hlc, base: gone.base } : { v: change.v, hlc: change.hlc };
			}
			return { recordId: row.recordId, fields };
		});
		const rows = [...[...again].map(([recordId, fields]) => ({ recordId, fields })), ...rebased].map((row, i) => ({ ...row, seq: lastSeq + 1 + i }));
		this.resentRows += again.size;
		this.outbox.splice(0, this.outbox.length, ...rows);
		this.#nextSeq = lastSeq + rows.length + 1;
		this.#pushingUpTo = 0;
		this.ackedSeq = lastSeq;
		// The photo's bytes are still here: uploaded again (the server answers « already there » if it kept it).
		if (this.photoDone && !this.#photoRefused) this.photoDone = false;
		this.cursor = 0;
	}

	async pullAll(): Promise<void> {
		for (let round = 0; round < 10_000; round++) {
			const body = (await this.#post('pull', '/api/sync/pull', {
				protocol: PROTOCOL,
				schemaVersion: SCHEMA_VERSION,
				clientId: this.clientId,
				cursor: this.cursor
			})) as {
				cursor?: unknown;
				lastSeq?: unknown;
				changes?: unknown;
				more?: unknown;
				reset?: unknown;
				serverTime?: unknown;
				server?: unknown;
			} | null;
			if (!body || typeof body.cursor !== 'number' || typeof body.lastSeq !== 'number' || !Array.isArray(body.changes) || typeof body.more !== 'boolean')
				throw new Stop('server');
			// A restored server: its page is not applied; the pull starts again from the beginning.
			if (this.noticeServer(serverMark(body.server), body.lastSeq)) continue;
			// One page, applied whole (the app does it in one IndexedDB transaction), the cursor last.
			if (body.reset === true) {
				this.seen.fill(0);
				this.seenCount = 0;
				this.foreign.clear();
			}
			for (const c of body.changes as { id: string; version: number }[]) {
				const slot = this.shared.slots.get(c.id);
				if (slot === undefined) {
					this.foreign.add(c.id);
					continue;
				}
				if (this.seen[slot] === 0) this.seenCount++;
				this.seen[slot] = c.version;
			}
			this.pulledChanges += body.changes.length;
			this.serverLastSeq = body.lastSeq;
			this.#learnClock(body.serverTime);
			this.cursor = body.cursor;
			if (!body.more) return;
		}
	}

	/** engine.syncOnce, then the scheduler's photo step. */
	async syncOnce(): Promise<SyncFailure | null> {
		try {
			// A restored server seen during the first pass: the rows sent again go in a second one.
			for (let pass = 0; pass < 2; pass++) {
				this.#healed = false;
				await this.pushAll();
				await this.pullAll();
				if (!this.#healed) break;
			}
		} catch (e) {
			if (e instanceof Stop) return e.reason;
			throw e;
		}
		if (this.photo && !this.photoDone) {
			const result = await uploadPhotoBytes(this.#photoTransport, this.photo);
			if (result === 'done') this.photoDone = true;
			else if (typeof result === 'object') {
				this.shared.refusals.push(`photo:${result.refused} (${this.name})`);
				this.photoDone = true; // the app marks it refused for good and stops trying
				this.#photoRefused = true;
			} else return result;
		}
		return null;
	}

	/** Sync until one sync succeeds, backing off after each failure as the scheduler does. */
	async syncUntilOk(): Promise<void> {
		for (let failures = 0; ;) {
			if (Date.now() > this.shared.deadline) throw new LoadAbort(`${this.name}: still not synced at the deadline`);
			const failure = await this.syncOnce();
			if (failure === null) return;
			this.shared.syncFailures[failure] = (this.shared.syncFailures[failure] ?? 0) + 1;
			// These would need a person (join again, update the app): for the load, the run failed.
			if (failure === 'unauthenticated' || failure === 'upgrade' || failure === 'client_not_yours')
				throw new LoadAbort(`${this.name}: sync failed: ${failure}`);
			failures++;
			const backoff = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** (failures - 1));
			await sleep(backoff * (0.5 + this.random()) * this.shared.timeScale);
		}
	}

	/** Syncs until nothing is left to send (a sync may stop early at a gap, as in the app). */
	async syncAll(): Promise<void> {
		await this.syncUntilOk();
		while (this.outbox.length > 0 || (this.photo && !this.photoDone)) {
			await sleep(BACKOFF_BASE_MS * this.shared.timeScale);
			await this.syncUntilOk();
		}
	}

	/**
	 * The fieldwork: `sheets` sheets in sessions of 1 to `sessionMax`, a sync after each session
	 * (the photo with the first sheet), sometimes a revisit of an earlier sheet.
	 */
	async work(sheets: number, sessionMax: number, revisitRate: number): Promise<void> {
		const made: string[] = [];
		const today = isoDay(new Date());
		for (let done = 0; done < sheets;) {
			const size = Math.min(sheets - done, 1 + Math.floor(this.random() * sessionMax));
			for (let k = 0; k < size; k++, done++) {
				const now = new Date().toISOString();
				const photo = done === 0 && this.photo ? this.photo.ref : undefined;
				made.push(this.createSheet(makeSheet(this.random, this.name, today, now, () => newId(), photo)));
			}
			if (made.length > size && this.random() < revisitRate) {
				this.editSheet(made[Math.floor(this.random() * (made.length - size))] as string, revisit(this.random, today));
			}
			await sleep(AFTER_EDIT_MS * this.shared.timeScale);
			await this.syncAll();
			if (done < sheets) await sleep(this.random() * this.shared.thinkMs);
		}
	}
}
