/**
 * Photo bytes in PostgreSQL (docs/postgresql-design.md §2, "Photo upload offset"): several server
 * instances share the database, not a disk, so an upload lives in the database:
 *
 * - `photo_chunks(sha, "offset", bytes)`: one row per accepted chunk (at most 1 MiB, PHOTO_CHUNK_MAX);
 * - `photos.received`: the received length, i.e. the server's offset;
 * - `photos.completed_at`: set once the chunks, hashed in order, matched the sha — then the photo is
 *   complete and readable. Complete means that AND all its bytes there (`received = size`): a row
 *   marked complete without its bytes (copied from a data folder that had lost the file) takes an
 *   upload again, as the file store does when the final file is missing.
 *
 * An append is one transaction that locks the photo's row (`SELECT … FOR UPDATE`) before comparing
 * the offset with `received`: of two instances appending at the same offset, the second waits, then
 * sees the new length and is refused. Its commit is the durability the file store gets from fsync.
 * The primary key (sha, "offset") would refuse a duplicate chunk even without the lock.
 *
 * Deliberately not under the store's global writer lock, and on the pool rather than an open store
 * transaction: uploads of different photos never wait for each other nor for a sync push.
 */
import { createHash } from 'node:crypto';
import type { Sql } from 'postgres';
import type { StoredPhoto } from '../store/types';
import { inTransaction } from './begin';
import type { AppendOutcome, BytesDigest, BytesProgress, PhotoBytes } from '../photo-bytes/types';

interface UploadRow {
	received: string | number;
	size: string | number;
	completed_at: string | null;
}

const isComplete = (row: UploadRow) => row.completed_at !== null && Number(row.received) === Number(row.size);

/** Bytes a Buffer can wrap without copying (postgres.js sends any Uint8Array as bytea). */
const asBuffer = (b: Uint8Array) => Buffer.from(b.buffer, b.byteOffset, b.byteLength);

export class PgPhotoBytes implements PhotoBytes {
	/**
	 * @param sql the store's pool (PgStore's `sql`)
	 * @param ready resolves once the schema is migrated (PgStore's `open()`)
	 */
	constructor(
		readonly sql: Sql,
		readonly ready: () => Promise<void> = async () => {}
	) {}

	async progress(photo: StoredPhoto): Promise<BytesProgress> {
		await this.ready();
		const [row] = await this.sql<UploadRow[]>`SELECT received, size, completed_at FROM photos WHERE sha = ${photo.sha}`;
		if (!row) return { received: 0, complete: false };
		if (isComplete(row)) return { received: photo.size, complete: true };
		const received = Number(row.received);
		if (received > photo.size) {
			// Cannot happen through append (the caller never goes past the size); start again cleanly.
			await this.discard(photo.sha);
			return { received: 0, complete: false };
		}
		return { received, complete: false };
	}

	/** Nothing to do: the announced `photos` row (received = 0) is the empty upload. */
	async create(): Promise<void> {}

	async append(sha: string, offset: number, chunk: Uint8Array): Promise<AppendOutcome> {
		await this.ready();
		return inTransaction(this.sql, async (tx): Promise<AppendOutcome> => {
			const [row] = await tx<UploadRow[]>`SELECT received, size, completed_at FROM photos WHERE sha = ${sha} FOR UPDATE`;
			// The row is gone: its bytes were thrown away meanwhile (the caller finds it unknown next time).
			if (!row) return { accepted: false, progress: { received: 0, complete: false } };
			const received = Number(row.received);
			if (isComplete(row)) return { accepted: false, progress: { received, complete: true } };
			if (offset !== received) return { accepted: false, progress: { received, complete: false } };
			if (chunk.byteLength === 0) return { accepted: true, received };
			const after = received + chunk.byteLength;
			await tx`INSERT INTO photo_chunks (sha, "offset", bytes) VALUES (${sha}, ${offset}, ${asBuffer(chunk)})`;
			await tx`UPDATE photos SET received = ${after} WHERE sha = ${sha}`;
			return { accepted: true, received: after };
		});
	}

	async digest(sha: string): Promise<BytesDigest | null> {
		await this.ready();
		const hash = createHash('sha256');
		const head: number[] = [];
		let length = 0;
		let any = false;
		// One chunk row at a time (a cursor), in order: memory holds one chunk, not the photo.
		// One statement, so one snapshot: a concurrent discard is either all seen or not at all.
		const rows = this.sql<{ bytes: Buffer }[]>`SELECT bytes FROM photo_chunks WHERE sha = ${sha} ORDER BY "offset"`.cursor(1);
		for await (const batch of rows) {
			for (const { bytes } of batch) {
				any = true;
				for (let i = 0; head.length < 16 && i < bytes.length; i++) head.push(bytes[i]!);
				hash.update(bytes);
				length += bytes.length;
			}
		}
		return any ? { sha: hash.digest('hex'), head: Uint8Array.from(head), length } : null;
	}

	async keep(photo: StoredPhoto, at: string): Promise<void> {
		await this.ready();
		// Only the full, verified upload: the first completion time is kept (as store.completePhoto).
		await this.sql`UPDATE photos SET completed_at = COALESCE(completed_at, ${at})
			WHERE sha = ${photo.sha} AND received = ${photo.size}`;
	}

	async discard(sha: string): Promise<void> {
		await this.ready();
		await inTransaction(this.sql, async (tx) => {
			const [row] = await tx<UploadRow[]>`SELECT received, size, completed_at FROM photos WHERE sha = ${sha} FOR UPDATE`;
			if (!row || isComplete(row)) return; // a complete photo is never thrown away
			await tx`DELETE FROM photo_chunks WHERE sha = ${sha}`;
			await tx`UPDATE photos SET received = 0 WHERE sha = ${sha}`;
		});
	}

	async read(sha: string): Promise<Uint8Array<ArrayBuffer> | null> {
		await this.ready();
		const rows = await this.sql<{ bytes: Buffer }[]>`
			SELECT c.bytes FROM photo_chunks c JOIN photos p ON p.sha = c.sha
			WHERE c.sha = ${sha} AND p.completed_at IS NOT NULL AND p.received = p.size
			ORDER BY c."offset"`;
		if (rows.length === 0) return null;
		const whole = Buffer.concat(rows.map((r) => r.bytes));
		return new Uint8Array(whole.buffer as ArrayBuffer, whole.byteOffset, whole.byteLength);
	}
}
