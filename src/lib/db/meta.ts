/**
 * Per-install facts kept in the `meta` table: the client id (random per install), the next
 * mutation number, the HLC state and the server clock offset. Read and written inside the
 * callers' transactions so a sequence number is never handed out twice, even with two tabs.
 */
import type { Transaction } from 'dexie';
import { newNodeId, tick, type HlcState } from '$lib/domain/hlc';
import type { AtlasDb } from './database';

export const META = {
	clientId: 'clientId',
	nextSeq: 'nextSeq',
	hlc: 'hlc',
	clockOffset: 'clockOffset',
	/** Outbox rows with seq <= this value are in a push: they must not be changed any more. */
	pushingUpTo: 'pushingUpTo',
	/**
	 * Outbox rows with seq <= this value went into a backup file, which the coordinator may import:
	 * frozen like rows in a push, until a push answer shows the server has applied them.
	 */
	exportedUpTo: 'exportedUpTo',
	persistAsked: 'persistAsked',
	surveyor: 'surveyor',
	/** The last server version pulled (the pull cursor), written last in each applied page. */
	cursor: 'cursor',
	/** ISO instant of the last sync that reached the server. */
	lastSyncAt: 'lastSyncAt',
	/** After how many months a sheet asks to be verified again (the coordinator's setting, from sync). */
	reverifyMonths: 'reverifyMonths',
	/** The server's id and restore generation, as its last answer said (sync/rewind.ts). */
	serverId: 'serverId',
	serverGeneration: 'serverGeneration',
	/** The highest mutation number the server ever acknowledged for this install. */
	ackedSeq: 'ackedSeq',
	/** ISO instant of the last time this phone healed a server restore (the sync line says so). */
	restoreHealedAt: 'restoreHealedAt',
	/** How many rows and photos that healing sent again (0: the sync line says nothing was lost here). */
	restoreResent: 'restoreResent'
} as const;

export async function getMeta<T>(db: AtlasDb, key: string, fallback: T): Promise<T> {
	const row = await db.meta.get(key);
	return row === undefined ? fallback : (row.value as T);
}

export async function setMeta(db: AtlasDb, key: string, value: unknown): Promise<void> {
	await db.meta.put({ key, value });
}

/** The install's client id, created on first use (inside a transaction over `meta`). */
export async function clientId(db: AtlasDb): Promise<string> {
	const existing = await db.meta.get(META.clientId);
	if (existing && typeof existing.value === 'string') return existing.value;
	const id = newNodeId(randomUnit);
	await db.meta.put({ key: META.clientId, value: id });
	return id;
}

/** Next mutation number; call inside a rw transaction over `meta`. */
export async function takeSeq(db: AtlasDb): Promise<number> {
	const meta = await WriteMeta.read(db);
	const seq = meta.takeSeq();
	await meta.save(db);
	return seq;
}

/** A fresh HLC stamp; call inside a rw transaction over `meta`. */
export async function nextStamp(db: AtlasDb, nowMs: number): Promise<string> {
	const meta = await WriteMeta.read(db);
	const stamp = meta.stamp(nowMs);
	await meta.save(db);
	return stamp;
}

const WRITE_KEYS = [META.clientId, META.hlc, META.clockOffset, META.pushingUpTo, META.exportedUpTo, META.nextSeq, META.surveyor] as const;

/**
 * The meta rows a local write uses (client id, HLC state, clock offset, frozen marks, next
 * mutation number, surveyor), read in ONE request and written back in one. Each IndexedDB request
 * awaited in turn is a round trip to the browser's database process: a save stamping its fields
 * one by one used to make 4 of them per changed field (about 140 for a new sheet).
 *
 * Stamps and numbers are handed out in memory, exactly as the one-at-a-time functions would, and
 * reach the database with `save()`. Use inside ONE rw transaction over `meta` (read, use, save), so
 * no other writer can hand out the same number or stamp in between.
 */
export class WriteMeta {
	#state: HlcState;
	#offset: number;
	#nextSeq: number;
	#dirty = new Set<string>();

	private constructor(
		private readonly values: Map<string, unknown>,
		node: string,
		newNode: boolean
	) {
		const hlc = values.get(META.hlc);
		const offset = values.get(META.clockOffset);
		const seq = values.get(META.nextSeq);
		this.#state = isHlcState(hlc) ? { ...hlc, node } : { millis: 0, counter: 0, node };
		this.#offset = typeof offset === 'number' ? offset : 0;
		this.#nextSeq = typeof seq === 'number' ? seq : 1;
		if (newNode) this.#dirty.add(META.clientId);
	}

	static async read(db: AtlasDb): Promise<WriteMeta> {
		const rows = await db.meta.bulkGet([...WRITE_KEYS]);
		const values = new Map<string, unknown>();
		for (const row of rows) if (row) values.set(row.key, row.value);
		const stored = values.get(META.clientId);
		const node = typeof stored === 'string' ? stored : newNodeId(randomUnit);
		values.set(META.clientId, node);
		return new WriteMeta(values, node, typeof stored !== 'string');
	}

	/** Rows with seq <= this value must not change: they are in a push or in an exported backup. */
	get frozenUpTo(): number {
		const a = this.values.get(META.pushingUpTo);
		const b = this.values.get(META.exportedUpTo);
		return Math.max(typeof a === 'number' ? a : 0, typeof b === 'number' ? b : 0);
	}

	/** The surveyor name set on this device ('' when none). */
	get surveyor(): string {
		const s = this.values.get(META.surveyor);
		return typeof s === 'string' ? s : '';
	}

	/** A fresh HLC stamp, later than every one handed out before. */
	stamp(nowMs: number): string {
		this.#dirty.add(META.hlc);
		return tick(this.#state, nowMs + this.#offset);
	}

	/** The next mutation number. */
	takeSeq(): number {
		this.#dirty.add(META.nextSeq);
		return this.#nextSeq++;
	}

	/** Write what changed (nothing when nothing was handed out). */
	async save(db: AtlasDb): Promise<void> {
		if (this.#dirty.size === 0) return;
		const rows: { key: string; value: unknown }[] = [];
		if (this.#dirty.has(META.clientId)) rows.push({ key: META.clientId, value: this.#state.node });
		if (this.#dirty.has(META.hlc)) rows.push({ key: META.hlc, value: { ...this.#state } });
		if (this.#dirty.has(META.nextSeq)) rows.push({ key: META.nextSeq, value: this.#nextSeq });
		this.#dirty.clear();
		await db.meta.bulkPut(rows);
	}
}

function isHlcState(value: unknown): value is HlcState {
	if (!value || typeof value !== 'object') return false;
	const v = value as Record<string, unknown>;
	return typeof v.millis === 'number' && typeof v.counter === 'number' && typeof v.node === 'string';
}

function randomUnit(): number {
	const a = new Uint32Array(1);
	crypto.getRandomValues(a);
	return (a[0] as number) / 2 ** 32;
}

export type { Transaction };

/** Rows with seq <= this value must not change: they are in a push or in an exported backup. */
export async function frozenUpTo(db: AtlasDb): Promise<number> {
	return (await WriteMeta.read(db)).frozenUpTo;
}
