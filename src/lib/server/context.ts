/**
 * The server's one store, opened on first use: PostgreSQL when DATABASE_URL is a postgres:// (or
 * postgresql://) address — several app instances may then share it —, else the SQLite file of the
 * data folder. Migrations are applied then (SQLite: at once; PostgreSQL: before the first query).
 * Tests make their own store instead (tests/unit/stores.ts).
 */
import { databaseFile } from './config';
import { isPostgresUrl, maskUrl } from './postgres/connect';
import { PgStore } from './postgres/store';
import { SqliteStore } from './sqlite/store';
import type { Store } from './store/types';

let store: Store | null = null;

export function getStore(): Store {
	if (!store) {
		const url = process.env.DATABASE_URL;
		store = isPostgresUrl(url) ? new PgStore(url) : new SqliteStore(databaseFile());
	}
	return store;
}

/**
 * Closes the store when the server stops (adapter-node's `sveltekit:shutdown`, after the last
 * request): PostgreSQL's idle connections would otherwise keep the process alive after SIGTERM
 * until the service manager kills it, and SQLite checkpoints its journal on a clean close.
 */
export async function closeStore(): Promise<void> {
	const open = store;
	store = null;
	await open?.close();
}

/** Where the data is, for the operator's messages: the SQLite file, or the PostgreSQL address without its password. */
export function databaseLabel(): string {
	const url = process.env.DATABASE_URL;
	return isPostgresUrl(url) ? maskUrl(url) : databaseFile();
}
