/**
 * Which photo bytes go with a store: files in the data folder for SQLite (one process, one disk,
 * the layout backups hold), the database itself for PostgreSQL (instances share no disk).
 */
import { PgPhotoBytes } from '../postgres/photo-bytes';
import { PgStore } from '../postgres/store';
import type { Store } from '../store/types';
import { FilePhotoBytes } from './files';
import type { PhotoBytes } from './types';

export { FilePhotoBytes, fsyncDir } from './files';
export type { AppendOutcome, BytesDigest, BytesProgress, PhotoBytes } from './types';

/** One PgPhotoBytes per PostgreSQL store (it only holds the store's pool). */
const forPostgres = new WeakMap<Store, PhotoBytes>();

/**
 * The photo bytes of `store`. `dir` is the photos folder (`photosDir()` on the server), used by
 * SQLite only.
 */
export function photoBytesFor(store: Store, dir: string): PhotoBytes {
	if (store.kind !== 'postgres') return new FilePhotoBytes(dir);
	if (!(store instanceof PgStore)) throw new Error('A PostgreSQL store that is not a PgStore: where are its photo bytes?');
	let bytes = forPostgres.get(store);
	if (!bytes) {
		const pg = store;
		bytes = new PgPhotoBytes(pg.sql, () => pg.open());
		forPostgres.set(store, bytes);
	}
	return bytes;
}
