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
	reverifyMonths: 'reverifyMonths'
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
	const row = await db.meta.get(META.nextSeq);
	const seq = typeof row?.value === 'number' ? row.value : 1;
	await db.meta.put({ key: META.nextSeq, value: seq + 1 });
	return seq;
}

/** A fresh HLC stamp; call inside a rw transaction over `meta`. */
export async function nextStamp(db: AtlasDb, nowMs: number): Promise<string> {
	const node = await clientId(db);
	const row = await db.meta.get(META.hlc);
	const offsetRow = await db.meta.get(META.clockOffset);
	const offset = typeof offsetRow?.value === 'number' ? offsetRow.value : 0;
	const state = isHlcState(row?.value) ? { ...row.value, node } : { millis: 0, counter: 0, node };
	const stamp = tick(state, nowMs + offset);
	await db.meta.put({ key: META.hlc, value: state });
	return stamp;
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
	const a = await getMeta<unknown>(db, META.pushingUpTo, 0);
	const b = await getMeta<unknown>(db, META.exportedUpTo, 0);
	return Math.max(typeof a === 'number' ? a : 0, typeof b === 'number' ? b : 0);
}
