/**
 * Photo bytes as files of the data folder (the SQLite server; one process, one disk):
 * `<dir>/.partial/<sha>` while uploading — its length IS the received length — then, once
 * verified, renamed atomically to `<dir>/<first 2 hex>/<sha>`. A photo is complete when its final
 * file exists (a file is only ever put there after verification). This layout is what data
 * folders, the backup and the restore commands already hold: it must not change.
 *
 * Each check-then-write runs without any `await` in between (the bodies below are synchronous):
 * the server is one process, so two requests for the same photo never interleave inside one
 * step, and an append at a stale offset is refused even when the caller's earlier look is old.
 */
import { createHash } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, ftruncateSync, mkdirSync, openSync, readSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { StoredPhoto } from '../store/types';
import type { AppendOutcome, BytesDigest, BytesProgress, PhotoBytes } from './types';

/**
 * Makes a file, or a created, renamed or removed directory entry, durable (not possible everywhere:
 * skipped). Also used by the backup and restore commands (through server/photos.ts).
 */
export function fsyncDir(path: string): void {
	let fd: number | null = null;
	try {
		fd = openSync(path, 'r');
		fsyncSync(fd);
	} catch {
		// Windows cannot open a directory for fsync; the file's own fsync is what matters most.
	} finally {
		if (fd !== null) closeSync(fd);
	}
}

function sizeOf(path: string): number | null {
	try {
		return statSync(path).size;
	} catch (e) {
		if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
		throw e;
	}
}

function removeIfThere(path: string): void {
	try {
		unlinkSync(path);
	} catch (e) {
		if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
	}
}

/** SHA-256 of a file, read 1 MB at a time, and its first bytes; null when the file is gone. */
function digestFile(path: string): BytesDigest | null {
	const hash = createHash('sha256');
	const buf = Buffer.allocUnsafe(1024 * 1024);
	let head = new Uint8Array(0);
	let fd: number;
	try {
		fd = openSync(path, 'r');
	} catch (e) {
		if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
		throw e;
	}
	let position = 0;
	try {
		for (;;) {
			const n = readSync(fd, buf, 0, buf.length, position);
			if (n === 0) break;
			if (position === 0) head = Uint8Array.from(buf.subarray(0, Math.min(n, 16)));
			hash.update(buf.subarray(0, n));
			position += n;
		}
	} finally {
		closeSync(fd);
	}
	return { sha: hash.digest('hex'), head, length: position };
}

export class FilePhotoBytes implements PhotoBytes {
	/** @param dir the photos folder (`photosDir()` on the server; a temporary folder in tests) */
	constructor(readonly dir: string) {}

	#partialDir(): string {
		return join(this.dir, '.partial');
	}
	#partial(sha: string): string {
		return join(this.dir, '.partial', sha);
	}
	#final(sha: string): string {
		return join(this.dir, sha.slice(0, 2), sha);
	}

	async progress(photo: StoredPhoto): Promise<BytesProgress> {
		if (existsSync(this.#final(photo.sha))) return { received: photo.size, complete: true };
		const partial = this.#partial(photo.sha);
		const length = sizeOf(partial);
		if (length === null) return { received: 0, complete: false };
		if (length > photo.size) {
			// Cannot happen through append (the caller never goes past the size); start again cleanly.
			removeIfThere(partial);
			return { received: 0, complete: false };
		}
		return { received: length, complete: false };
	}

	async create(sha: string): Promise<void> {
		// An empty partial file from the start, durable, so the upload exists on disk as announced.
		const folder = this.#partialDir();
		mkdirSync(folder, { recursive: true });
		const partial = this.#partial(sha);
		if (!existsSync(partial)) {
			closeSync(openSync(partial, 'a'));
			fsyncDir(folder);
		}
	}

	async append(sha: string, offset: number, chunk: Uint8Array): Promise<AppendOutcome> {
		// From the check to the end of the write: synchronous, so no other request touches the file.
		const final = sizeOf(this.#final(sha));
		if (final !== null) return { accepted: false, progress: { received: final, complete: true } };
		const folder = this.#partialDir();
		const partial = this.#partial(sha);
		const length = sizeOf(partial) ?? 0;
		if (offset !== length) return { accepted: false, progress: { received: length, complete: false } };
		if (chunk.byteLength === 0) return { accepted: true, received: length };

		mkdirSync(folder, { recursive: true });
		const created = !existsSync(partial);
		const fd = openSync(partial, 'a');
		try {
			let written = 0;
			while (written < chunk.byteLength) written += writeSync(fd, chunk, written, chunk.byteLength - written);
			fsyncSync(fd);
		} catch (e) {
			// A failed write (disk full…) leaves the file as acknowledged, not half a chunk longer.
			try {
				ftruncateSync(fd, offset);
			} catch {
				// the next call reads the offset from the file's length either way
			}
			throw e;
		} finally {
			closeSync(fd);
		}
		if (created) fsyncDir(folder);
		return { accepted: true, received: offset + chunk.byteLength };
	}

	async digest(sha: string): Promise<BytesDigest | null> {
		return digestFile(this.#partial(sha));
	}

	/** Completion is the final file itself (its time is the table's: `_at` is not needed here). */
	async keep(photo: StoredPhoto, _at?: string): Promise<void> {
		const target = this.#final(photo.sha);
		const folder = join(this.dir, photo.sha.slice(0, 2));
		mkdirSync(folder, { recursive: true });
		try {
			renameSync(this.#partial(photo.sha), target);
		} catch (e) {
			// Another request kept it first (same verified bytes): nothing left to do.
			if ((e as NodeJS.ErrnoException).code === 'ENOENT' && existsSync(target)) return;
			throw e;
		}
		fsyncDir(folder);
		fsyncDir(this.#partialDir());
	}

	async discard(sha: string): Promise<void> {
		removeIfThere(this.#partial(sha));
		fsyncDir(this.#partialDir());
	}

	async read(sha: string): Promise<Uint8Array<ArrayBuffer> | null> {
		try {
			const file = await readFile(this.#final(sha));
			// A view of the same memory (no copy); readFile's buffer is never a SharedArrayBuffer.
			return new Uint8Array(file.buffer as ArrayBuffer, file.byteOffset, file.byteLength);
		} catch (e) {
			if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
			throw e;
		}
	}
}
