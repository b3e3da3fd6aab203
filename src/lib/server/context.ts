/**
 * The server's one store, opened on first use from the data folder (migrations applied then).
 * Tests make their own SqliteStore on a temporary file instead.
 */
import { databaseFile } from './config';
import { SqliteStore } from './sqlite/store';
import type { Store } from './store/types';

let store: Store | null = null;

export function getStore(): Store {
	store ??= new SqliteStore(databaseFile());
	return store;
}
