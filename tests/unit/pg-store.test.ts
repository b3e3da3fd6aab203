/**
 * What the PostgreSQL store guarantees beyond the store contract run on both stores: several
 * instances (PgStore objects with their own pools, as app instances are) on one database. Versions
 * visible in commit order without gaps, the writer lock, atomic conditional updates, idempotent
 * inserts, append-only tables, read transactions retried, migrations applied once.
 *
 * Needs ATLAS_TEST_DATABASE_URL (a server where it may create databases; each test group makes its
 * own and drops it). Without it the file is skipped — except in CI, where that is a failure.
 */
import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { MIGRATIONS } from '../../src/lib/server/postgres/migrations';
import { PgStore } from '../../src/lib/server/postgres/store';
import type { User } from '../../src/lib/server/store/types';
import { push } from '../../src/lib/server/sync/service';

const SERVER = process.env.ATLAS_TEST_DATABASE_URL;
// The `sqlite` vitest project includes every file: this one runs in the `postgres` project only.
const RUN = !!SERVER && process.env.ATLAS_TEST_STORE !== 'sqlite';
const PREFIX = `${process.env.ATLAS_TEST_DB_PREFIX ?? 'atlas_test_'}pgstore_${randomBytes(3).toString('hex')}_`;

if (!SERVER && process.env.CI) {
	it('has a PostgreSQL server to test on (CI must not skip the PostgreSQL store)', () => {
		expect(SERVER, 'ATLAS_TEST_DATABASE_URL is not set').toBeDefined();
	});
} else if (!SERVER) {
	console.warn('pg-store.test.ts skipped: set ATLAS_TEST_DATABASE_URL=postgres://…/postgres to test the PostgreSQL store.');
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

// Skipped without a PostgreSQL server (outside CI only: CI fails above), and in the `sqlite` project, which
// runs with ATLAS_TEST_STORE=sqlite: the `postgres` project runs this file once, there.
describe.skipIf(!RUN)('PgStore (PostgreSQL, several instances on one database)', () => {
	let admin: postgres.Sql;
	let made = 0;
	const stores: PgStore[] = [];

	/** A new empty database, its URL. */
	async function database(): Promise<string> {
		const name = `${PREFIX}${made++}`;
		await admin.unsafe(`CREATE DATABASE "${name}"`);
		const url = new URL(SERVER as string);
		url.pathname = `/${name}`;
		return url.toString();
	}

	/** A store (an app instance) on `url`, closed after the file. */
	function instance(url: string, max = 5): PgStore {
		const store = new PgStore(url, { max });
		stores.push(store);
		return store;
	}

	const user = (id: string, name = id, extra: Partial<User> = {}): User => ({
		id,
		name,
		role: 'benevole',
		communes: [],
		login: null,
		passwordHash: null,
		createdAt: '2026-01-01T00:00:00.000Z',
		lastSeenAt: null,
		revokedAt: null,
		...extra
	});
	const record = (id: string) => ({ id, createdBy: 'u1', commune: null, createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z' });

	beforeAll(() => {
		admin = postgres(SERVER as string, { max: 1, onnotice: () => {} });
	});

	afterAll(async () => {
		await Promise.all(stores.map((s) => s.close()));
		const rows = await admin<{ datname: string }[]>`SELECT datname FROM pg_database WHERE starts_with(datname, ${PREFIX})`;
		for (const { datname } of rows) await admin.unsafe(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
		await admin.end();
	});

	it('applies the migrations once when two instances start together', async () => {
		const url = await database();
		const [a, b] = [instance(url), instance(url)];
		await Promise.all([a.open(), b.open(), a.countUsers(), b.countUsers()]);
		const applied = await a.sql<{ version: number }[]>`SELECT version FROM schema_migrations ORDER BY version`;
		expect(applied.map((r) => r.version)).toEqual(MIGRATIONS.map((_, i) => i + 1));
		expect(await b.currentVersion()).toBe(0);
		// A third instance later finds nothing to do.
		await instance(url).open();
		expect(await a.sql`SELECT version FROM schema_migrations`).toHaveLength(MIGRATIONS.length);
	});

	describe('on one shared database', () => {
		let url: string;
		let a: PgStore;
		let b: PgStore;

		beforeAll(async () => {
			url = await database();
			a = instance(url);
			b = instance(url);
			await a.insertUser(user('u1'));
		});

		it('makes a version visible only after the smaller ones (a late commit is never skipped by a pull)', async () => {
			const start = await a.currentVersion();
			let taken!: () => void;
			let release!: () => void;
			const versionTaken = new Promise<void>((resolve) => (taken = resolve));
			const released = new Promise<void>((resolve) => (release = resolve));
			const slow = a.transaction(async () => {
				await a.insertRecord(record('late-1'));
				taken();
				await released; // still open: its version is taken, not committed
			});
			await versionTaken;
			let bDone = false;
			// Outside any transaction: the counter row is locked by the open transaction, so this waits.
			const fast = b.insertRecord(record('late-2')).then(() => (bDone = true));
			try {
				await sleep(100);
				expect(bDone).toBe(false);
				// A pull meanwhile sees neither (not the later one before the earlier one).
				expect((await b.listChanges(start, 100)).map((r) => r.id)).toEqual([]);
			} finally {
				release();
			}
			await Promise.all([slow, fast]);
			const seen = await b.listChanges(start, 100);
			expect(seen.map((r) => [r.id, r.version])).toEqual([
				['late-1', start + 1],
				['late-2', start + 2]
			]);
		});

		it('hands out versions without gaps, in commit order, to two instances writing at once', async () => {
			const start = await a.currentVersion();
			const ids = Array.from({ length: 24 }, (_, i) => `rec-${i}`);
			/** Versions each transaction was given, in the order the transactions finished. */
			const given: number[][] = [];
			let cursor = start;
			const pulled = new Map<string, number>();
			let writing = true;
			// A pull-like reader: from its cursor, in version order, never missing a record's last version.
			const reader = (async () => {
				for (;;) {
					const done = !writing;
					const page = await b.listChanges(cursor, 5);
					for (const r of page) {
						expect(r.version).toBeGreaterThan(cursor);
						pulled.set(r.id, r.version);
						cursor = r.version;
					}
					if (done && page.length === 0) return;
					await sleep(2);
				}
			})();
			await Promise.all(
				ids.map(async (id, i) => {
					const store = i % 2 === 0 ? a : b;
					const mine: number[] = [];
					await store.transaction(async () => {
						await store.insertRecord(record(id));
						await store.putFields(id, [{ field: 'nom', value: id, hlc: `h${i}`, by: 'u1' }]);
						await sleep(Math.random() * 6);
						mine.push(await store.bumpVersion(id, null, '2026-01-02T00:00:00.000Z'));
						// A second sheet's bump in the same transaction (an earlier one, written again).
						if (i > 0) mine.push(await store.bumpVersion(ids[i - 1] as string, null, '2026-01-02T00:00:00.000Z'));
					});
					given.push(mine);
				})
			);
			writing = false;
			await reader;
			// Gap-free: the counter moved once per version handed out (one insert + bumps per transaction).
			const bumps = given.flat().length;
			expect(await a.currentVersion()).toBe(start + ids.length + bumps);
			// Commit order: each transaction's versions are all above the previous one's (the writer lock).
			const sorted = [...given].sort((x, y) => (x[0] as number) - (y[0] as number));
			for (let i = 1; i < sorted.length; i++) expect(Math.min(...(sorted[i] as number[]))).toBeGreaterThan(Math.max(...(sorted[i - 1] as number[])));
			// The reader ends with every record at its last version.
			const final = await a.listChanges(start, 1000);
			expect(final.filter((r) => ids.includes(r.id)).map((r) => [r.id, r.version])).toEqual(
				[...pulled.entries()].filter(([id]) => ids.includes(id)).sort((x, y) => x[1] - y[1])
			);
			expect(new Set(final.map((r) => r.version)).size).toBe(final.length);
		});

		it("serialises two instances' read-then-write transactions (the writer lock)", async () => {
			await a.putSetting('counter', '0');
			await Promise.all(
				Array.from({ length: 12 }, (_, i) =>
					(i % 2 ? a : b).transaction(async () => {
						const store = i % 2 ? a : b;
						const n = Number(await store.getSetting('counter'));
						await sleep(3);
						await store.putSetting('counter', String(n + 1));
					})
				)
			);
			expect(await a.getSetting('counter')).toBe('12');
		});

		it('commits a transaction all or nothing, nests as savepoints, and hides it from others until commit', async () => {
			await a.putSetting('tx', 'before');
			await expect(
				a.transaction(async () => {
					await a.putSetting('tx', 'inside');
					expect(await a.getSetting('tx')).toBe('inside');
					expect(await b.getSetting('tx')).toBe('before'); // another instance: not yet
					// A nested transaction that fails is undone alone; the outer one goes on.
					await a
						.transaction(async () => {
							await a.putSetting('nested', 'undone');
							throw new Error('inner');
						})
						.catch(() => undefined);
					expect(await a.getSetting('nested')).toBeNull();
					throw new Error('outer');
				})
			).rejects.toThrow('outer');
			expect(await b.getSetting('tx')).toBe('before');
		});

		it('keeps history and comments append-only (UPDATE, DELETE and TRUNCATE refused)', async () => {
			await a.insertRecord(record('ao'));
			await a.insertHistory({ recordId: 'ao', field: 'nom', old: undefined, new: 'x', hlc: 'h', by: 'u1', via: 'sync', at: '2026-01-01T00:00:00.000Z' });
			await a.insertComment({
				id: 'c-ao',
				recordId: 'ao',
				by: 'u1',
				role: 'benevole',
				text: 'x',
				status: null,
				clientId: null,
				at: '2026-01-01T00:00:00.000Z'
			});
			for (const table of ['history', 'comments']) {
				await expect(a.rawExec(`UPDATE ${table} SET record_id = record_id`)).rejects.toThrow(/append-only/);
				await expect(a.rawExec(`DELETE FROM ${table}`)).rejects.toThrow(/append-only/);
				await expect(a.rawExec(`TRUNCATE ${table}`)).rejects.toThrow(/append-only/);
			}
			expect(await a.listHistory('ao')).toHaveLength(1);
			expect(await a.listComments(['ao'])).toHaveLength(1);
		});

		it('inserts comments, photos and refusals once, whichever instance gets the retry', async () => {
			await a.insertRecord(record('idem'));
			const comment = {
				id: 'c-idem',
				recordId: 'idem',
				by: 'u1',
				role: 'benevole',
				text: 'bonjour',
				status: null,
				clientId: 'k',
				at: '2026-01-01T00:00:00.000Z'
			};
			const added = await Promise.all([a.insertComment(comment), b.insertComment(comment), a.insertComment({ ...comment, text: 'autre' })]);
			expect(added.filter(Boolean)).toHaveLength(1);
			expect(await b.listComments(['idem'])).toHaveLength(1);

			const photo = { sha: 'ab'.repeat(32), size: 3, mime: 'image/jpeg', uploadedBy: 'u1', createdAt: '2026-01-01T00:00:00.000Z', completedAt: null };
			const announced = await Promise.all([a.insertPhoto(photo), b.insertPhoto(photo)]);
			expect(announced.filter(Boolean)).toHaveLength(1);

			const refusal = { clientId: 'k', seq: 7, recordId: 'idem', code: 'forbidden', at: '2026-01-01T00:00:00.000Z' };
			await Promise.all([a.insertRejected(refusal), b.insertRejected({ ...refusal, code: 'invalid' })]);
			expect(await a.listRejected('k', [6, 7, 8])).toHaveLength(1);
		});

		it('counts one use of an invitation and one use of a setup link atomically', async () => {
			const at = '2026-01-01T00:00:00.000Z';
			await a.insertInvitation({
				id: 'inv',
				tokenHash: 'inv-hash',
				role: 'benevole',
				communes: [],
				label: '',
				maxUses: 3,
				uses: 0,
				expiresAt: null,
				createdBy: 'u1',
				createdAt: at,
				revokedAt: null,
				forUserId: null
			});
			const uses = await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? a : b).useInvitation('inv', at)));
			expect(uses.filter(Boolean)).toHaveLength(3);
			expect((await a.getInvitation('inv'))?.uses).toBe(3);

			await a.insertSetupToken({ tokenHash: 'setup', createdAt: at, expiresAt: '2026-01-02T00:00:00.000Z', usedAt: null });
			const used = await Promise.all(Array.from({ length: 6 }, (_, i) => (i % 2 ? a : b).markSetupTokenUsed('setup', at)));
			expect(used.filter(Boolean)).toHaveLength(1);
		});

		it('runs a read transaction again after a serialization failure', async () => {
			await a.putSetting('read-retry', 'first');
			let attempts = 0;
			const result = await a.transaction(
				async () => {
					attempts++;
					const seen = await a.getSetting('read-retry'); // the snapshot is taken here
					if (attempts === 1) await b.putSetting('read-retry', 'concurrent'); // committed after it
					await a.putSetting('read-retry', 'mine'); // updates a row changed since: 40001
					return seen;
				},
				{ read: true }
			);
			expect(attempts).toBe(2);
			expect(result).toBe('concurrent');
			expect(await b.getSetting('read-retry')).toBe('mine');
		});

		it('runs a read transaction again when its insert collides with a concurrent one (clientFor in pull)', async () => {
			let attempts = 0;
			const client = { clientId: 'pull-client', userId: 'u1', lastSeq: 0, createdAt: '2026-01-01T00:00:00.000Z', lastPushAt: null };
			await a.transaction(
				async () => {
					attempts++;
					const found = await a.getClient(client.clientId);
					if (attempts === 1) await b.insertClient(client);
					if (!found) await a.insertClient(client);
				},
				{ read: true }
			);
			expect(attempts).toBe(2);
			expect(await a.getClient(client.clientId)).toMatchObject({ userId: 'u1' });
		});

		it('a first push waits for a pull inserting the same install on another instance, then goes on (no duplicate key)', async () => {
			await a.insertUser(user('racer'));
			const clientId = 'race-client-0001';
			let inserted!: () => void;
			let release!: () => void;
			const insertedNow = new Promise<void>((resolve) => (inserted = resolve));
			const released = new Promise<void>((resolve) => (release = resolve));
			// Instance B's pull: inserts the install and stays open (no writer lock, uncommitted).
			const pulling = b.transaction(
				async () => {
					await b.insertClient({ clientId, userId: 'racer', lastSeq: 0, createdAt: '2026-01-01T00:00:00.000Z', lastPushAt: null });
					inserted();
					await released;
				},
				{ read: true }
			);
			await insertedNow;
			const pushing = push({ store: a, now: new Date('2026-01-01T00:00:01.000Z') }, user('racer'), {
				protocol: 1,
				schemaVersion: 1,
				clientId,
				mutations: [{ seq: 1, recordId: 'RaceSheet000001', fields: { category: { v: 'pressoir', hlc: '2026-01-01T00:00:00.500Z-0000-phone1' } } }]
			});
			await sleep(100);
			release();
			await pulling;
			expect(await pushing).toMatchObject({ lastSeq: 1, rejected: [] });
			expect(await a.getClient(clientId)).toMatchObject({ userId: 'racer', lastSeq: 1 });
		});

		it('queues a burst of write transactions in memory: the pool keeps connections for reads meanwhile', async () => {
			const small = instance(await database(), 2);
			await small.putSetting('seen', 'oui');
			let release!: () => void;
			const held = new Promise<void>((resolve) => (release = resolve));
			let started = 0;
			// Five writers at once; the first holds the writer lock until released.
			const writers = Array.from({ length: 5 }, (_, i) =>
				small.transaction(async () => {
					started++;
					if (i === 0) await held;
					await small.putSetting(`w${i}`, 'x');
				})
			);
			await sleep(100);
			// Two connections in the pool: with every writer waiting on a connection of its own, this read would wait too.
			const read = await Promise.race([small.getSetting('seen'), sleep(2_000).then(() => 'blocked')]);
			expect(read).toBe('oui');
			expect(started).toBe(1);
			release();
			await Promise.all(writers);
			expect(started).toBe(5);
			expect(await small.getSetting('w4')).toBe('x');
		});

		it('counts rate-limit attempts atomically across instances, and opens a new window once one ends', async () => {
			const now = 1_000_000;
			const counts = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).hitRateLimit('ip:1', 60_000, now)));
			expect(counts.map((w) => w.count).sort((x, y) => x - y)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
			expect(new Set(counts.map((w) => w.resetAt))).toEqual(new Set([now + 60_000]));
			expect(await a.hitRateLimit('ip:1', 60_000, now + 60_000)).toEqual({ count: 1, resetAt: now + 120_000 });
			// Expired windows are swept now and then (always, with this random draw).
			await a.hitRateLimit('ip:old', 1_000, now);
			const random = vi.spyOn(Math, 'random').mockReturnValue(0);
			try {
				await b.hitRateLimit('ip:2', 60_000, now + 10_000);
			} finally {
				random.mockRestore();
			}
			expect(await a.sql`SELECT key FROM rate_limits WHERE key = 'ip:old'`).toHaveLength(0);
		});

		it('keeps the snapshot columns in field order and answers photoReferences on invalid JSON', async () => {
			await a.insertRecord(record('snap'));
			await a.putFields('snap', [
				{ field: 'b', value: 1, hlc: 'h1', by: 'u1' },
				{ field: 'a', value: 'x', hlc: 'h1', by: null }
			]);
			await b.putFields('snap', [
				{ field: 'c', value: [1], hlc: 'h2', by: 'u1' },
				{ field: 'b', value: 2, hlc: 'h2', by: 'u1' },
				{ field: 'c', value: [2], hlc: 'h3', by: null }
			]);
			const [row] = await a.sql<{ field_values: string; field_stamps: string }[]>`SELECT field_values, field_stamps FROM records WHERE id = 'snap'`;
			expect(row?.field_values).toBe('{"b":2,"a":"x","c":[2]}');
			expect(row?.field_stamps).toBe('{"b":["h2","u1"],"a":["h1",null],"c":["h3",null]}');
			expect((await a.getRecord('snap'))?.fields.c).toEqual({ v: [2], hlc: 'h3', by: null });
			await expect(a.putFields('snap', [{ field: 'a.b', value: 1, hlc: 'h', by: null }])).rejects.toThrow(/invalid field name/);

			const sha = 'cd'.repeat(32);
			await a.insertRecord(record('with-photo'));
			await a.putField('with-photo', 'photos', [{ sha, w: 1 }], 'h', 'u1');
			await a.insertRecord(record('broken'));
			await a.rawExec(`INSERT INTO record_fields (record_id, field, value, hlc) VALUES ('broken', 'photos', '[{"sha":"${sha}"', 'h')`);
			expect(await b.photoReferences(sha)).toEqual([{ recordId: 'with-photo', createdBy: 'u1', commune: null }]);
			expect(await b.photoReferences('ef'.repeat(32))).toEqual([]);
		});

		it('sorts text byte-wise (SQLite BINARY) and pages scanValues by version', async () => {
			for (const name of ['zed', 'Zoé', 'Émile', 'Adèle']) await a.insertUser(user(`name-${name}`, name));
			const names = (await a.listUsers()).map((u) => u.name).filter((n) => ['zed', 'Zoé', 'Émile', 'Adèle'].includes(n));
			expect(names).toEqual(['Adèle', 'Zoé', 'zed', 'Émile']);

			const seen: number[] = [];
			for await (const r of a.scanValues(3)) seen.push(r.version); // pages of 3
			expect(seen).toEqual([...seen].sort((x, y) => x - y));
			expect(seen.length).toBe((await a.listChanges(0, 10_000)).length);
		});

		it('says so when a text holds a NUL character (PostgreSQL refuses it)', async () => {
			await expect(a.insertUser(user('nul', 'a\u0000b'))).rejects.toThrow(/NUL/);
		});
	});
});
