/**
 * The store a server test runs against: SQLite (the default) or PostgreSQL when the vitest project
 * `postgres` sets `ATLAS_TEST_STORE=postgres` (vite.config.ts). So every server test file runs,
 * unchanged, on both stores.
 *
 * PostgreSQL: one fresh database per store, cloned from a template database the project's global
 * setup migrated once for the run (tests/unit/pg-global-setup.ts), on the server of
 * `ATLAS_TEST_DATABASE_URL` (scripts/pg-cluster.js starts a throw-away one for `npm test`). A store's
 * database is dropped when its last handle closes; whatever a failed test left is dropped by the
 * global teardown (every name starts with the run's prefix).
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { inject } from 'vitest';
import postgres from 'postgres';
import { SqliteStore } from '$lib/server/sqlite/store';
import type { Store } from '$lib/server/store/types';

/** A store with the one escape hatch tests need: raw SQL, to prove the database itself refuses it. */
export type TestStore = Store & {
	rawExec(sql: string): Promise<void>;
	/** Both stores read a page of `pageSize` records at a time (the tests make it small). */
	scanValues(pageSize?: number): ReturnType<Store['scanValues']>;
};

export type TestStoreKind = 'sqlite' | 'postgres';

/** Which store this test file runs against. */
export const testStoreKind: TestStoreKind = process.env.ATLAS_TEST_STORE === 'postgres' ? 'postgres' : 'sqlite';
export const onPostgres = testStoreKind === 'postgres';

declare module 'vitest' {
	export interface ProvidedContext {
		/** The migrated template database every test database is cloned from (pg-global-setup.ts). */
		pgTemplate: string;
		/** Every database of this run starts with it (the teardown drops them all). */
		pgPrefix: string;
	}
}

interface PgDatabase {
	name: string;
	url: string;
	/** Open handles on it: dropped when the last closes. */
	handles: number;
}

/** Databases by `dir` + name: a second open on the same folder is a second connection to the same data. */
const databases = new Map<string, PgDatabase>();

let admin: postgres.Sql | null = null;
/** One connection to the server's `postgres` database, for CREATE/DROP DATABASE; closes itself when idle. */
function adminSql(): postgres.Sql {
	admin ??= postgres(serverUrl(), { max: 1, idle_timeout: 2, onnotice: () => {} });
	return admin;
}

function serverUrl(): string {
	const url = process.env.ATLAS_TEST_DATABASE_URL;
	if (!url) throw new Error('ATLAS_TEST_STORE=postgres needs ATLAS_TEST_DATABASE_URL (postgres://…/postgres): run `npm test`, which starts a server');
	return url;
}

/** The URL of database `name` on the test server. */
function databaseUrl(name: string): string {
	const url = new URL(serverUrl());
	url.pathname = `/${name}`;
	return url.toString();
}

async function createDatabase(): Promise<PgDatabase> {
	const name = `${inject('pgPrefix')}${randomBytes(6).toString('hex')}`;
	await adminSql().unsafe(`CREATE DATABASE "${name}" TEMPLATE "${inject('pgTemplate')}"`);
	return { name, url: databaseUrl(name), handles: 0 };
}

async function dropDatabase(name: string): Promise<void> {
	await adminSql().unsafe(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
}

/** The database of each PostgreSQL test store (for queryRows). */
const urls = new WeakMap<Store, string>();

/** A PgStore on `db`, counted as a handle; closing the last handle drops the database. */
async function pgHandle(key: string | null, db: PgDatabase): Promise<TestStore> {
	const { PgStore } = await import('$lib/server/postgres/store');
	const store = new PgStore(db.url) as unknown as TestStore;
	urls.set(store, db.url);
	db.handles++;
	const close = store.close.bind(store);
	let closed = false;
	store.close = async () => {
		if (closed) return;
		closed = true;
		await close();
		if (--db.handles === 0) {
			if (key !== null) databases.delete(key);
			await dropDatabase(db.name);
		}
	};
	return store;
}

/**
 * The store of the data folder `dir`: SQLite file `dir/<name>.sqlite`, or a PostgreSQL database
 * (fresh, from the migrated template). Opening the same `dir` and `name` again while a handle is open
 * gives a second connection to the same data (what a second process would see).
 */
export async function openTestStore(dir: string, name = 'atlas'): Promise<TestStore> {
	if (!onPostgres) return new SqliteStore(join(dir, `${name}.sqlite`));
	const key = `${dir}\0${name}`;
	let db = databases.get(key);
	if (!db) {
		db = await createDatabase();
		databases.set(key, db);
	}
	return pgHandle(key, db);
}

/**
 * The server restarting (or killed and started again): `store` is closed and a new store is opened on
 * the same data. The new one is opened first, so the PostgreSQL database survives the close.
 */
export async function reopenTestStore(store: TestStore, dir: string, name = 'atlas'): Promise<TestStore> {
	if (!onPostgres) {
		await store.close();
		return new SqliteStore(join(dir, `${name}.sqlite`));
	}
	const next = await openTestStore(dir, name);
	await store.close();
	return next;
}

/**
 * Rows of a read-only query, straight from the database under `store` (to compare what the store
 * answers with what its tables hold). The SQL must read the same on both databases.
 */
export async function queryRows(store: TestStore, sql: string): Promise<Record<string, unknown>[]> {
	if (store instanceof SqliteStore) return store.db.prepare(sql).all() as Record<string, unknown>[];
	const url = urls.get(store);
	if (!url) throw new Error('queryRows: not a store from openTestStore');
	const sql_ = postgres(url, { max: 1, onnotice: () => {} });
	try {
		return [...(await sql_.unsafe(sql))] as Record<string, unknown>[];
	} finally {
		await sql_.end();
	}
}

/**
 * For tests that go through the server's own `getStore()` (src/lib/server/context.ts) or the command
 * line: points `DATABASE_URL` at a fresh database (PostgreSQL), or removes it (SQLite: the file
 * `dataDir/atlas.sqlite`). Call before the first `getStore()`. Returns an opener of more connections
 * to that same data, synchronous and lazy like the stores (nothing is created before a first query).
 * These databases are dropped by the global teardown.
 */
export async function useServerDatabase(dataDir?: string): Promise<() => TestStore> {
	if (!onPostgres) {
		delete process.env.DATABASE_URL;
		return () => {
			if (!dataDir) throw new Error('useServerDatabase: give the data folder to open its SQLite file');
			return new SqliteStore(join(dataDir, 'atlas.sqlite'));
		};
	}
	const { PgStore } = await import('$lib/server/postgres/store');
	const { url } = await createDatabase();
	process.env.DATABASE_URL = url;
	return () => {
		const store = new PgStore(url);
		urls.set(store, url);
		return store;
	};
}
