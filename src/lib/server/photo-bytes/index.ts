/**
 * Which photo bytes go with a store: files in the data folder for SQLite (one process, one disk,
 * the layout backups hold), the database itself for PostgreSQL (instances share no disk). The
 * store says which (`Store.photoBytes`): nothing here knows the stores' classes.
 */
import type { Store } from '../store/types';
import type { PhotoBytes } from './types';

export { FilePhotoBytes, fsyncDir } from './files';
export type { AppendOutcome, BytesDigest, BytesProgress, PhotoBytes } from './types';

/**
 * The photo bytes of `store`. `dir` is the photos folder (`photosDir()` on the server), used by
 * SQLite only.
 */
export function photoBytesFor(store: Store, dir: string): PhotoBytes {
	return store.photoBytes(dir);
}
