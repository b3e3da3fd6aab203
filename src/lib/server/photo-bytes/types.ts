/**
 * Where the bytes of photos live, for the upload protocol of server/photos.ts: files in the data
 * folder with SQLite (files.ts), rows of the database with PostgreSQL (postgres/photo-bytes.ts), so
 * that several server instances share one upload without sharing a disk.
 *
 * An upload is the bytes received so far for an announced photo (a row of `photos`); its length is
 * the server's offset. It only ever grows by `append` at exactly that offset, then is either kept
 * (the photo is complete: readable) or discarded (its bytes did not match its sha). The policy —
 * which offsets, sizes and images are acceptable, what the table says — stays in photos.ts.
 */
import type { StoredPhoto } from '../store/types';

/** Where the bytes of one photo stand. */
export interface BytesProgress {
	/** Bytes received and durable: the next expected offset. */
	received: number;
	/** Verified and kept: readable, never appended to again. */
	complete: boolean;
}

/** An append: accepted (the new length), or refused because the offset was not the received length. */
export type AppendOutcome = { accepted: true; received: number } | { accepted: false; progress: BytesProgress };

/** The SHA-256 of the received bytes, and their first bytes (the image signature). */
export interface BytesDigest {
	sha: string;
	head: Uint8Array;
	/** How many bytes were hashed. */
	length: number;
}

export interface PhotoBytes {
	/**
	 * Where this announced photo's bytes stand. Bytes beyond the announced size (impossible through
	 * `append`) are dropped, so the upload starts again cleanly.
	 */
	progress(photo: StoredPhoto): Promise<BytesProgress>;
	/** Makes the empty upload of an announced photo exist, durably (nothing if it already does). */
	create(sha: string): Promise<void>;
	/**
	 * Appends `chunk` if `offset` is exactly the received length, atomically: of two appends at the
	 * same offset (two requests, two instances), one is accepted and the other refused. Durable
	 * before it resolves. A complete photo refuses every append. The caller keeps the total within
	 * the announced size.
	 */
	append(sha: string, offset: number, chunk: Uint8Array): Promise<AppendOutcome>;
	/** Hashes the received bytes in order, a piece at a time (memory holds one piece); null if none are left. */
	digest(sha: string): Promise<BytesDigest | null>;
	/** The received bytes were verified: the photo becomes complete and readable (`at`: completion time). */
	keep(photo: StoredPhoto, at: string): Promise<void>;
	/** Throws the received bytes of an incomplete photo away (they did not match its sha). */
	discard(sha: string): Promise<void>;
	/** A complete photo's bytes, or null when it is not complete (or not there). */
	read(sha: string): Promise<Uint8Array<ArrayBuffer> | null>;
}
