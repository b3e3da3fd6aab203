/**
 * Section `ingest`: `sheets` new sheets pushed into SQLite through the real sync service (push(),
 * batches of PUSH_MAX mutations as the phone sends them, every field with its stamp), against a raw
 * better-sqlite3 transaction per batch inserting the same rows into the same tables and columns
 * the store writes (the record, with the snapshot of its fields when the schema has one, its
 * fields, their history, the version counter, the install's last seq), with statements prepared
 * once and none of the service's checks, merging or reading back.
 * Each run starts from a fresh database; service and raw runs alternate; the journal and sync
 * settings of the raw connection are read from the store's own, so both write as durably.
 * Argument: { dir, sheets, runs }. Result: the time of each run, in ms.
 */
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { SqliteStore } from '$lib/server/sqlite/store';
import { push } from '$lib/server/sync/service';
import { FIELD_NAMES } from '$lib/domain/sheet';
import { PROTOCOL, PUSH_MAX, SCHEMA_VERSION } from '$lib/domain/protocol';
import type { Mutation, PushRequest } from '$lib/schemas/sync';
import { benchFields, benchId } from '../sheets';
import { args, done, MARIE } from './common';

const a = args<{ dir: string; sheets: number; runs: number }>();
const CLIENT = 'bench-phone-01';

/** Stamps a minute old: never clamped as "from the future", always newer than nothing. */
function mutations(n: number, offset: number): Mutation[] {
	const stampAt = new Date(Date.now() - 60_000).toISOString();
	return Array.from({ length: n }, (_, i) => {
		const fields = benchFields(offset + i);
		const hlc = `${stampAt}-${(i % 65536).toString(16).padStart(4, '0')}-benchnode01`;
		return {
			seq: i + 1,
			recordId: benchId(offset + i),
			fields: Object.fromEntries(FIELD_NAMES.map((f) => [f, { v: fields[f], hlc }]))
		};
	});
}

/** A push request whose mutations are known to be well formed (the raw run reads their fields). */
type Batch = PushRequest & { mutations: Mutation[] };

/** The batches as the route hands them to push(): parsed from JSON, PUSH_MAX at most. */
function batches(all: Mutation[]): Batch[] {
	const out: Batch[] = [];
	for (let i = 0; i < all.length; i += PUSH_MAX) {
		out.push(
			JSON.parse(JSON.stringify({ protocol: PROTOCOL, schemaVersion: SCHEMA_VERSION, clientId: CLIENT, mutations: all.slice(i, i + PUSH_MAX) })) as Batch
		);
	}
	return out;
}

async function serviceRun(file: string, requests: Batch[], expected: number): Promise<number> {
	const store = new SqliteStore(file);
	await store.insertUser(MARIE);
	const user = (await store.getUser(MARIE.id))!;
	const t0 = performance.now();
	let rejected = 0;
	for (const req of requests) rejected += (await push({ store, device: 'bench' }, user, req)).rejected.length;
	const ms = performance.now() - t0;
	const version = await store.currentVersion();
	await store.close();
	if (rejected > 0) throw new Error(`the service refused ${rejected} mutations`);
	if (version !== expected) throw new Error(`the service stored ${version} versions, not ${expected}`);
	return ms;
}

/**
 * The columns a push writes, as the raw run knows them. A column added by a migration that this
 * baseline does not write would make it lighter than the store unnoticed: it stops instead.
 * Returns whether the records carry the snapshot of their fields (migration 7).
 */
function writtenColumns(db: Database.Database): boolean {
	const known: Record<string, string[]> = {
		records: ['id', 'created_by', 'commune', 'version', 'created_at', 'updated_at', 'merged_into', 'field_values', 'field_stamps'],
		record_fields: ['record_id', 'field', 'value', 'hlc', 'written_by'],
		history: ['id', 'record_id', 'field', 'old_value', 'new_value', 'hlc', 'by_user', 'via', 'at', 'client_id', 'device', 'reason']
	};
	let snapshot = false;
	for (const [table, names] of Object.entries(known)) {
		const columns = (db.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[]).map((c) => c.name);
		const unknown = columns.filter((c) => !names.includes(c));
		if (unknown.length > 0) throw new Error(`the raw ingest baseline does not write ${table}.${unknown.join(', ')}: update tests/bench/node/ingest.ts`);
		if (table === 'records') snapshot = columns.includes('field_values') && columns.includes('field_stamps');
	}
	return snapshot;
}

async function rawRun(file: string, requests: Batch[], expected: number): Promise<number> {
	// The schema from the store's migrations, then the store's connection settings, read back.
	const store = new SqliteStore(file);
	await store.insertUser(MARIE);
	const settings = {
		journal: store.db.pragma('journal_mode', { simple: true }),
		synchronous: store.db.pragma('synchronous', { simple: true }),
		foreignKeys: store.db.pragma('foreign_keys', { simple: true })
	};
	await store.close();
	const db = new Database(file);
	db.pragma(`journal_mode = ${String(settings.journal)}`);
	db.pragma(`synchronous = ${Number(settings.synchronous)}`);
	db.pragma(`foreign_keys = ${Number(settings.foreignKeys)}`);
	const at = new Date().toISOString();
	const snapshot = writtenColumns(db);
	db.prepare('INSERT INTO sync_clients (client_id, user_id, last_seq, created_at, last_push_at) VALUES (?, ?, 0, ?, NULL)').run(CLIENT, MARIE.id, at);
	const nextVersion = db.prepare("UPDATE counters SET value = value + 1 WHERE name = 'version' RETURNING value");
	const insertRecord = snapshot
		? db.prepare('INSERT INTO records (id, created_by, commune, version, created_at, updated_at, field_values, field_stamps) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
		: db.prepare('INSERT INTO records (id, created_by, commune, version, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)');
	const insertField = db.prepare('INSERT INTO record_fields (record_id, field, value, hlc, written_by) VALUES (?, ?, ?, ?, ?)');
	const insertHistory = db.prepare(
		'INSERT INTO history (record_id, field, old_value, new_value, hlc, by_user, via, at, client_id, device, reason) VALUES (?, ?, NULL, ?, ?, ?, ?, ?, ?, ?, NULL)'
	);
	const setLastSeq = db.prepare('UPDATE sync_clients SET last_seq = ?, last_push_at = ? WHERE client_id = ?');
	const writeBatch = db.transaction((req: Batch) => {
		const now = new Date().toISOString();
		for (const m of req.mutations) {
			const version = (nextVersion.get() as { value: number }).value;
			const commune = (m.fields.commune?.v as string | null | undefined) ?? null;
			if (snapshot) {
				const values = Object.fromEntries(Object.entries(m.fields).map(([f, w]) => [f, w.v]));
				const stamps = Object.fromEntries(Object.entries(m.fields).map(([f, w]) => [f, [w.hlc, MARIE.id]]));
				insertRecord.run(m.recordId, MARIE.id, commune, version, now, now, JSON.stringify(values), JSON.stringify(stamps));
			} else {
				insertRecord.run(m.recordId, MARIE.id, commune, version, now, now);
			}
			for (const [field, w] of Object.entries(m.fields)) {
				const value = JSON.stringify(w.v);
				insertField.run(m.recordId, field, value, w.hlc, MARIE.id);
				insertHistory.run(m.recordId, field, value, w.hlc, MARIE.id, 'sync', now, CLIENT, 'bench');
			}
		}
		setLastSeq.run(req.mutations[req.mutations.length - 1]?.seq ?? 0, now, CLIENT);
	});
	const t0 = performance.now();
	for (const req of requests) writeBatch.immediate(req);
	const ms = performance.now() - t0;
	const version = (db.prepare("SELECT value FROM counters WHERE name = 'version'").get() as { value: number }).value;
	db.close();
	if (version !== expected) throw new Error(`the raw run stored ${version} versions, not ${expected}`);
	return ms;
}

// One warm-up of each (the JIT, the file system), not counted.
const warm = batches(mutations(Math.min(200, a.sheets), 0));
await serviceRun(join(a.dir, 'warm-service.sqlite'), warm, warm.flatMap((b) => b.mutations).length);
await rawRun(join(a.dir, 'warm-raw.sqlite'), warm, warm.flatMap((b) => b.mutations).length);

const requests = batches(mutations(a.sheets, 0));
const service: number[] = [];
const raw: number[] = [];
for (let run = 0; run < a.runs; run++) {
	service.push(await serviceRun(join(a.dir, `service-${run}.sqlite`), requests, a.sheets));
	raw.push(await rawRun(join(a.dir, `raw-${run}.sqlite`), requests, a.sheets));
}
const bytesPerSheet = JSON.stringify(requests.flatMap((r) => r.mutations)).length / a.sheets;
done({ service, raw, fields: FIELD_NAMES.length, batch: PUSH_MAX, bytesPerSheet });
