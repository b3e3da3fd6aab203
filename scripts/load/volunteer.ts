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
			const answer = body as { lastSeq?: unknown; rejected?: unknown; serverTime?: unknown } | null;
			if (typeof answer?.lastSeq !== 'number' || !Array.isArray(answer.rejected)) throw new Stop('server');
			const lastSeq = answer.lastSeq;
			const at = Date.now() - this.shared.startedAt;
			const confirmed = sent.filter((m) => m.seq <= lastSeq);
			for (const m of confirmed) this.shared.acks.push({ volunteer: this.index, seq: m.seq, recordId: m.recordId, fields: m.fields, at });
			this.outbox.splice(0, this.outbox.filter((r) => r.seq <= lastSeq).length);
			this.#pushingUpTo = 0;
			for (const r of answer.rejected as { seq?: unknown; code?: unknown }[]) this.shared.refusals.push(`push:${String(r.code)} (${this.name}, seq ${String(r.seq)})`);
			this.#learnClock(answer.serverTime);
			if (confirmed.length < rows.length) return; // a gap the server waits for: do not loop
		}
	}

	async pullAll(): Promise<void> {
		for (let round = 0; round < 10_000; round++) {
			const body = (await this.#post('pull', '/api/sync/pull', { protocol: PROTOCOL, schemaVersion: SCHEMA_VERSION, clientId: this.clientId, cursor: this.cursor })) as {
				cursor?: unknown;
				lastSeq?: unknown;
				changes?: unknown;
				more?: unknown;
				reset?: unknown;
				serverTime?: unknown;
			} | null;
			if (!body || typeof body.cursor !== 'number' || typeof body.lastSeq !== 'number' || !Array.isArray(body.changes) || typeof body.more !== 'boolean') throw new Stop('server');
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
			await this.pushAll();
			await this.pullAll();
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
			} else return result;
		}
		return null;
	}

	/** Sync until one sync succeeds, backing off after each failure as the scheduler does. */
	async syncUntilOk(): Promise<void> {
		for (let failures = 0; ; ) {
			if (Date.now() > this.shared.deadline) throw new LoadAbort(`${this.name}: still not synced at the deadline`);
			const failure = await this.syncOnce();
			if (failure === null) return;
			this.shared.syncFailures[failure] = (this.shared.syncFailures[failure] ?? 0) + 1;
			// These would need a person (join again, update the app): for the load, the run failed.
			if (failure === 'unauthenticated' || failure === 'upgrade' || failure === 'client_not_yours') throw new LoadAbort(`${this.name}: sync failed: ${failure}`);
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
		for (let done = 0; done < sheets; ) {
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
