/**
 * The snapshot of each record's current fields (migration 7: records.field_values and
 * records.field_stamps), which getRecord, listChanges and scanValues read instead of one row per
 * field: after every kind of write (a push creating and editing a sheet, concurrent stamps that
 * lose or win, a merge of duplicates, a conflict taken back, a delete, a comment, many or few fields
 * at once, a field written twice) it holds exactly what record_fields holds; a write is all or
 * none; a database from before migration 7 gets its snapshots filled from record_fields.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { SqliteStore } from '$lib/server/sqlite/store';
import { onPostgres, openTestStore, queryRows, type TestStore } from './stores';
import { MIGRATIONS } from '$lib/server/sqlite/migrations';
import { push, writeFields } from '$lib/server/sync/service';
import { mergeRecords } from '$lib/server/sync/merge-records';
import { resolveConflict } from '$lib/server/sync/conflicts';
import { formatHlc } from '$lib/domain/hlc';
import { FIELD_NAMES, type FieldName, type SheetFields } from '$lib/domain/sheet';
import type { Mutation } from '$lib/schemas/sync';
import type { StoredRecord, User } from '$lib/server/store/types';
import { ciderPress, farmMill } from '../fixtures/sheets';

let dir: string;
let store: TestStore;
const T0 = Date.parse('2026-11-28T10:00:00.000Z');
const at = (ms = 0) => new Date(T0 + ms);
const hlc = (ms: number, node: string, counter = 0) => formatHlc(T0 + ms, counter, node);
const V = { protocol: 1, schemaVersion: 1 };

function user(id: string, role: User['role'], communes: string[] = []): User {
	return { id, name: id, role, communes, login: null, passwordHash: null, createdAt: at().toISOString(), lastSeenAt: null, revokedAt: null };
}
const marie = user('marie', 'benevole');
const paul = user('paul', 'benevole');
const claire = user('claire', 'coordinateur');

beforeEach(async () => {
	dir = mkdtempSync(join(tmpdir(), 'atlas-snapshot-'));
	store = await openTestStore(dir);
	for (const u of [marie, paul, claire]) await store.insertUser(u);
});
afterEach(async () => {
	await store.close();
	rmSync(dir, { recursive: true, force: true });
});

/** Every record's fields as record_fields holds them (the per-field truth). */
async function fromRows(s: TestStore): Promise<Map<string, StoredRecord['fields']>> {
	const out = new Map<string, StoredRecord['fields']>();
	for (const { id } of (await queryRows(s, 'SELECT id FROM records')) as { id: string }[]) out.set(id, {});
	const rows = (await queryRows(s, 'SELECT record_id, field, value, hlc, written_by FROM record_fields')) as {
		record_id: string;
		field: string;
		value: string;
		hlc: string;
		written_by: string | null;
	}[];
	for (const r of rows) out.get(r.record_id)![r.field] = { v: JSON.parse(r.value) as unknown, hlc: r.hlc, by: r.written_by };
	return out;
}

/** getRecord, listChanges and scanValues all agree with record_fields, for every record. */
async function expectSnapshotsMatchRows(s: TestStore = store) {
	const truth = await fromRows(s);
	expect(truth.size).toBeGreaterThan(0);
	const changes = new Map((await s.listChanges(0, 10_000)).map((r) => [r.id, r]));
	const scanned = new Map<string, { values: Record<string, unknown>; version: number }>();
	for await (const r of s.scanValues()) scanned.set(r.id, r);
	expect([...changes.keys()].sort()).toEqual([...truth.keys()].sort());
	expect([...scanned.keys()].sort()).toEqual([...truth.keys()].sort());
	for (const [id, fields] of truth) {
		const record = await s.getRecord(id);
		expect(record?.fields, id).toStrictEqual(fields);
		expect(changes.get(id), id).toStrictEqual(record);
		expect(scanned.get(id)?.values, id).toStrictEqual(Object.fromEntries(Object.entries(fields).map(([k, f]) => [k, f.v])));
		expect(scanned.get(id)?.version, id).toBe(record?.version);
	}
}

const everyField = (fields: SheetFields, stamp: string) => Object.fromEntries(FIELD_NAMES.map((f) => [f, { v: fields[f], hlc: stamp }])) as Mutation['fields'];

describe('the snapshot of current fields', () => {
	it('follows pushes: a new sheet with every field, edits of a few, a lost concurrent edit, a delete, a comment', async () => {
		const sheet = 'SheetPressoirPreaux0';
		await push({ store, now: at() }, marie, {
			...V,
			clientId: 'marie-phone-0001',
			mutations: [{ seq: 1, recordId: sheet, fields: everyField(ciderPress({ personPhone: '06 12 34 56 78' }), hlc(0, 'marie')) }]
		});
		await expectSnapshotsMatchRows();
		// A few fields (json_set in SQL), then a stale stamp that loses (a conflict, nothing written).
		await push({ store, now: at(2000) }, marie, {
			...V,
			clientId: 'marie-phone-0001',
			mutations: [
				{
					seq: 2,
					recordId: sheet,
					fields: { notes: { v: 'Clé chez le voisin « Paul »\r\nligne 2', hlc: hlc(2000, 'marie') }, capacityValue: { v: 120.5, hlc: hlc(2000, 'marie') } }
				},
				{ seq: 3, recordId: sheet, fields: { notes: { v: 'ancienne note', hlc: hlc(1000, 'marie', 9) } } }
			]
		});
		expect((await store.getRecord(sheet))?.fields.notes?.v).toBe('Clé chez le voisin « Paul »\r\nligne 2');
		expect((await store.listConflicts(true)).some((c) => c.field === 'notes' && c.lost.v === 'ancienne note')).toBe(true);
		await expectSnapshotsMatchRows();
		// Concurrent stamps on one field from two people: the later one wins, whoever arrives last.
		await push({ store, now: at(4000) }, claire, {
			...V,
			clientId: 'claire-laptop-01',
			mutations: [{ seq: 1, recordId: sheet, fields: { name: { v: 'Pressoir de Préaux', hlc: hlc(3000, 'claire') } } }]
		});
		await push({ store, now: at(4000) }, marie, {
			...V,
			clientId: 'marie-phone-0001',
			mutations: [{ seq: 4, recordId: sheet, fields: { name: { v: 'Pressoir (ancien nom)', hlc: hlc(2500, 'marie') } } }]
		});
		expect((await store.getRecord(sheet))?.fields.name).toMatchObject({ v: 'Pressoir de Préaux', by: 'claire' });
		await expectSnapshotsMatchRows();
		// A comment changes the version, not the fields; a delete is a field like the others.
		await push({ store, now: at(5000) }, claire, {
			...V,
			clientId: 'claire-laptop-01',
			mutations: [
				{
					seq: 2,
					recordId: sheet,
					fields: { deleted: { v: true, hlc: hlc(5000, 'claire') } },
					comments: [{ id: 'CommentSnapshot0001', text: 'Fiche en double', at: at(5000).toISOString() }]
				}
			]
		});
		expect((await store.getRecord(sheet))?.fields.deleted?.v).toBe(true);
		await expectSnapshotsMatchRows();
	});

	it('follows a merge of duplicates, a conflict taken back, and edits made on the server', async () => {
		const keep = 'SheetKeep00000000001';
		const drop = 'SheetDrop00000000001';
		await push({ store, now: at() }, marie, {
			...V,
			clientId: 'marie-phone-0001',
			mutations: [{ seq: 1, recordId: keep, fields: everyField(ciderPress(), hlc(0, 'marie')) }]
		});
		await push({ store, now: at() }, paul, {
			...V,
			clientId: 'paul-phone-00001',
			mutations: [{ seq: 1, recordId: drop, fields: everyField(ciderPress({ accessPrice: '5 € le pressage', notes: 'doublon' }), hlc(0, 'paul')) }]
		});
		await mergeRecords(store, claire, { keep, drop, take: ['accessPrice', 'notes'] }, at(1000));
		expect((await store.getRecord(drop))?.mergedInto).toBe(keep);
		await expectSnapshotsMatchRows();
		// A real conflict, then the coordinator keeps the value that lost.
		await push({ store, now: at(2000) }, marie, {
			...V,
			clientId: 'marie-phone-0001',
			mutations: [{ seq: 2, recordId: keep, fields: { orgName: { v: 'Association A', hlc: hlc(2000, 'marie') } } }]
		});
		await push({ store, now: at(2000) }, claire, {
			...V,
			clientId: 'claire-laptop-01',
			mutations: [{ seq: 1, recordId: keep, fields: { orgName: { v: 'Association B', hlc: hlc(1500, 'claire') } } }]
		});
		const [conflict] = await store.listConflicts(true);
		await resolveConflict(store, claire, conflict!.id, 'lost', at(3000));
		expect((await store.getRecord(keep))?.fields.orgName?.v).toBe('Association B');
		await expectSnapshotsMatchRows();
		await store.transaction(() =>
			writeFields(
				store,
				claire,
				keep,
				new Map<FieldName, { v: unknown; hlc: string }>([['location', { v: null, hlc: hlc(4000, 'server') }]]),
				at(4000).toISOString(),
				'server'
			)
		);
		expect((await store.getRecord(keep))?.fields.location?.v).toBeNull();
		await expectSnapshotsMatchRows();
	});
});

describe('putFields', () => {
	const id = 'SheetPutFields00001';
	const created = at().toISOString();
	beforeEach(async () => {
		await store.insertRecord({ id, createdBy: 'marie', commune: '61309', createdAt: created, updatedAt: created });
	});

	it('writes many fields or a few the same way, the last write of a field winning', async () => {
		const mill = farmMill({ notes: 'a "quoted" \\ back\u2028slash', equipment: [{ id: 'e1', label: 'Meule', category: null, quantity: 2 }] });
		await store.putFields(
			id,
			Object.entries(mill).map(([field, value]) => ({ field, value, hlc: hlc(0, 'marie'), by: 'marie' }))
		);
		await store.putFields(id, [
			{ field: 'name', value: 'premier', hlc: hlc(1, 'marie'), by: 'marie' },
			{ field: 'name', value: 'second', hlc: hlc(2, 'paul'), by: 'paul' },
			{ field: 'capacityValue', value: 1e21, hlc: hlc(2, 'paul'), by: null }
		]);
		await store.putField(id, 'months', [1, 2], hlc(3, 'marie'), 'marie');
		const fields = (await store.getRecord(id))!.fields;
		expect(fields.name).toEqual({ v: 'second', hlc: hlc(2, 'paul'), by: 'paul' });
		expect(fields.capacityValue).toEqual({ v: 1e21, hlc: hlc(2, 'paul'), by: null });
		expect(fields.notes?.v).toBe(mill.notes);
		expect(fields.months?.v).toEqual([1, 2]);
		await expectSnapshotsMatchRows();
	});

	it('writes all or none, inside a transaction too', async () => {
		await store.putFields(id, [{ field: 'name', value: 'Pressoir', hlc: hlc(0, 'marie'), by: 'marie' }]);
		const before = await store.getRecord(id);
		const bad = [
			{ field: 'notes', value: 'écrit ?', hlc: hlc(1, 'marie'), by: 'marie' },
			{ field: 'na"me', value: 'x', hlc: hlc(1, 'marie'), by: 'marie' }
		];
		await expect(store.putFields(id, bad)).rejects.toThrow(/invalid field name/);
		const many = FIELD_NAMES.map((field) => ({ field, value: 'x', hlc: hlc(1, 'marie'), by: 'marie' }));
		await expect(store.putFields(id, [...many, { field: '__proto__', value: {}, hlc: hlc(1, 'marie'), by: 'marie' }])).rejects.toThrow(/invalid field name/);
		// A caller that catches the error inside its transaction keeps none of the refused write.
		await store.transaction(async () => {
			await expect(store.putFields(id, bad)).rejects.toThrow(/invalid field name/);
			await store.putFields(id, [{ field: 'orgName', value: 'Les Pommes', hlc: hlc(2, 'marie'), by: 'marie' }]);
		});
		const after = await store.getRecord(id);
		expect(after?.fields).toEqual({ ...before!.fields, orgName: { v: 'Les Pommes', hlc: hlc(2, 'marie'), by: 'marie' } });
		await expectSnapshotsMatchRows();
	});
});

describe('scanValues', () => {
	it('gives every record once in version order, a page at a time, and a record changed meanwhile at its new version', async () => {
		for (let i = 0; i < 5; i++) {
			const id = `SheetScan${String(i).padStart(11, '0')}`;
			await push({ store, now: at(i) }, marie, {
				...V,
				clientId: 'marie-phone-0001',
				mutations: [
					{ seq: i + 1, recordId: id, fields: { name: { v: `Outil ${i}`, hlc: hlc(i, 'marie') }, category: { v: 'pressoir', hlc: hlc(i, 'marie') } } }
				]
			});
		}
		const seen: { id: string; version: number; name: unknown }[] = [];
		let edited = false;
		for await (const r of store.scanValues(2)) {
			seen.push({ id: r.id, version: r.version, name: r.values.name });
			if (!edited) {
				// The first record is edited while the scan runs: it comes again at the end, as it is now.
				edited = true;
				await push({ store, now: at(100) }, marie, {
					...V,
					clientId: 'marie-phone-0001',
					mutations: [{ seq: 6, recordId: r.id, fields: { name: { v: 'Outil 0 renommé', hlc: hlc(100, 'marie') } } }]
				});
			}
		}
		expect(seen.map((s) => s.version)).toEqual([...seen.map((s) => s.version)].sort((a, b) => a - b));
		expect(seen.map((s) => s.name)).toEqual(['Outil 0', 'Outil 1', 'Outil 2', 'Outil 3', 'Outil 4', 'Outil 0 renommé']);
		expect(new Set(seen.map((s) => s.id)).size).toBe(5);
	});
});

// An older SQLite file's upgrade (PostgreSQL starts at the final schema).
describe.skipIf(onPostgres)('migration 7', () => {
	it('fills the snapshot of every record of an older database from its rows', async () => {
		const file = join(dir, 'old.sqlite');
		const db = new Database(file);
		db.pragma('foreign_keys = ON');
		for (let i = 0; i < 6; i++) db.exec(MIGRATIONS[i] as string);
		db.pragma('user_version = 6');
		db.prepare("INSERT INTO users (id, name, role, created_at) VALUES ('marie', 'Marie', 'benevole', '2026-11-28T10:00:00.000Z')").run();
		const insert = db.prepare(
			"INSERT INTO records (id, created_by, commune, version, created_at, updated_at) VALUES (?, 'marie', '61309', ?, '2026-11-28T10:00:00.000Z', '2026-11-28T10:00:00.000Z')"
		);
		insert.run('SheetOld000000000001', 1);
		insert.run('SheetOldEmpty0000001', 2); // a record without any field
		const field = db.prepare('INSERT INTO record_fields (record_id, field, value, hlc, written_by) VALUES (?, ?, ?, ?, ?)');
		const values: Record<string, unknown> = {
			name: 'Pressoir « Noë » \\ "guillemets"\n\u00e9\u{1F34E}',
			capacityValue: 1.5,
			location: { lat: 48.3521, lon: 0.7142, accuracy: null, source: 'gps', at: '2026-10-12T09:15:00.000Z' },
			months: [9, 10],
			condition: null,
			mobile: false
		};
		for (const [k, v] of Object.entries(values)) field.run('SheetOld000000000001', k, JSON.stringify(v), hlc(0, 'marie'), k === 'condition' ? null : 'marie');
		// A value as another writer might have spelled it: same JSON, other text.
		field.run('SheetOld000000000001', 'notes', '"\\u00e9t\\u00e9"', hlc(0, 'marie'), 'marie');
		db.close();

		const migrated = new SqliteStore(file) as SqliteStore & TestStore;
		try {
			expect(Number(migrated.db.pragma('user_version', { simple: true }))).toBe(MIGRATIONS.length);
			const old = await migrated.getRecord('SheetOld000000000001');
			expect(old?.fields.name).toEqual({ v: values.name, hlc: hlc(0, 'marie'), by: 'marie' });
			expect(old?.fields.condition).toEqual({ v: null, hlc: hlc(0, 'marie'), by: null });
			expect(old?.fields.notes?.v).toBe('été');
			expect((await migrated.getRecord('SheetOldEmpty0000001'))?.fields).toEqual({});
			await expectSnapshotsMatchRows(migrated);
			// And it goes on being kept up to date.
			await migrated.putFields('SheetOld000000000001', [{ field: 'name', value: 'Renommé', hlc: hlc(1, 'marie'), by: 'marie' }]);
			await expectSnapshotsMatchRows(migrated);
		} finally {
			await migrated.close();
		}
	});

	it('starts all the same when an old row is not JSON: the value is kept as its text', async () => {
		const file = join(dir, 'damaged.sqlite');
		const db = new Database(file);
		for (let i = 0; i < 6; i++) db.exec(MIGRATIONS[i] as string);
		db.pragma('user_version = 6');
		db.prepare("INSERT INTO users (id, name, role, created_at) VALUES ('marie', 'Marie', 'benevole', '2026-11-28T10:00:00.000Z')").run();
		db.prepare(
			"INSERT INTO records (id, created_by, commune, version, created_at, updated_at) VALUES ('SheetDamaged00000001', 'marie', NULL, 1, '2026-11-28T10:00:00.000Z', '2026-11-28T10:00:00.000Z')"
		).run();
		const field = db.prepare('INSERT INTO record_fields (record_id, field, value, hlc, written_by) VALUES (?, ?, ?, ?, ?)');
		field.run('SheetDamaged00000001', 'name', '"Moulin"', hlc(0, 'marie'), 'marie');
		field.run('SheetDamaged00000001', 'notes', 'pas du JSON {', hlc(0, 'marie'), 'marie');
		db.close();
		const migrated = new SqliteStore(file);
		try {
			const record = await migrated.getRecord('SheetDamaged00000001');
			expect(record?.fields.name?.v).toBe('Moulin');
			expect(record?.fields.notes?.v).toBe('pas du JSON {');
		} finally {
			await migrated.close();
		}
	});
});
