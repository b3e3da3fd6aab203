/**
 * Photos on the server (sync-protocol.md, "Photos"): content-addressed by the SHA-256 of their
 * bytes and uploaded in resumable chunks, in the shape of the tus protocol.
 *
 *   create  — announce `{size, mime}` for a sha: the server answers where to resume (`offset`), or
 *             `done` when it already holds that photo (whoever sent it: never stored twice);
 *   append  — a chunk at an offset: written only if the offset is exactly the server's, made durable
 *             (fsync) before the answer, so an acknowledged byte survives a killed server;
 *   finish  — when the last byte arrives: the SHA-256 of the whole file (and its image signature)
 *             is checked, then the file is renamed atomically to its final place.
 *
 * Files: `<dir>/.partial/<sha>` while uploading (its length IS the server's offset), then
 * `<dir>/<first 2 hex>/<sha>`. The `photos` table says what was announced, by whom, and when the
 * photo was completed; a photo is complete when its final file exists (the file is only ever put
 * there after verification, so a crash between the rename and the table update is repaired at the
 * next call).
 *
 * Each check-then-write on the files runs without any `await` in between: the server is one
 * process, so two requests for the same photo never interleave inside it.
 *
 * Reading: the uploader, or anyone the one policy (domain/access.ts) lets read a sheet whose
 * `photos` field refers to this sha. Anyone else gets "not found" (existence is not revealed).
 */
import { createHash } from 'node:crypto';
import {
	closeSync,
	existsSync,
	fsyncSync,
	ftruncateSync,
	mkdirSync,
	openSync,
	readSync,
	renameSync,
	statSync,
	unlinkSync,
	writeSync
} from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { actorOf, canOnSheet } from '$lib/domain/access';
import { dataDir } from './config';
import type { Store, StoredPhoto, User } from './store/types';

export const PHOTO_MIMES = ['image/jpeg', 'image/png', 'image/webp'] as const;
export type PhotoMime = (typeof PHOTO_MIMES)[number];
/** Largest photo accepted, in bytes (the app resizes photos well below this). */
export const PHOTO_MAX_BYTES = 10_000_000;
/** Largest chunk accepted by one PATCH, in bytes. */
export const PHOTO_CHUNK_MAX = 1024 * 1024;

const SHA_RE = /^[0-9a-f]{64}$/;

export type PhotoErrorCode =
	| 'invalid_input'
	| 'not_found'
	| 'photo_type'
	| 'photo_too_large'
	| 'too_large'
	| 'photo_mismatch'
	| 'photo_hash_mismatch'
	| 'offset_mismatch';

/** Where an upload stands: the next byte expected, and whether the photo is complete. */
export interface UploadState {
	offset: number;
	done: boolean;
}

export class PhotoError extends Error {
	constructor(
		readonly code: PhotoErrorCode,
		/** For `offset_mismatch`: where the server is (the client resumes from there). */
		readonly state?: UploadState
	) {
		super(code);
		this.name = 'PhotoError';
	}
}

export interface PhotoContext {
	store: Store;
	/** The photos folder (`photosDir()` on the server; a temporary folder in tests). */
	dir: string;
	now?: Date;
}

/** The server's photos folder, under the data folder. */
export function photosDir(): string {
	return join(dataDir(), 'photos');
}

export function isPhotoSha(sha: string): boolean {
	return SHA_RE.test(sha);
}

const partialPath = (dir: string, sha: string) => join(dir, '.partial', sha);
const finalPath = (dir: string, sha: string) => join(dir, sha.slice(0, 2), sha);

/**
 * Makes a file, or a created, renamed or removed directory entry, durable (not possible everywhere:
 * skipped). Also used by the backup and restore commands.
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

/** SHA-256 of a file, read 1 MB at a time, and its first bytes (for the image signature). */
function digestFile(path: string): { sha: string; head: Buffer } {
	const hash = createHash('sha256');
	const buf = Buffer.allocUnsafe(1024 * 1024);
	let head = Buffer.alloc(0);
	const fd = openSync(path, 'r');
	try {
		let position = 0;
		for (;;) {
			const n = readSync(fd, buf, 0, buf.length, position);
			if (n === 0) break;
			if (position === 0) head = Buffer.from(buf.subarray(0, Math.min(n, 16)));
			hash.update(buf.subarray(0, n));
			position += n;
		}
	} finally {
		closeSync(fd);
	}
	return { sha: hash.digest('hex'), head };
}

/** Do the first bytes look like the announced image format? (Stops other files posing as photos.) */
export function looksLike(mime: string, head: Uint8Array): boolean {
	const starts = (bytes: number[], at = 0) => bytes.every((b, i) => head[at + i] === b);
	switch (mime) {
		case 'image/jpeg':
			return starts([0xff, 0xd8, 0xff]);
		case 'image/png':
			return starts([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
		case 'image/webp':
			return starts([0x52, 0x49, 0x46, 0x46]) && starts([0x57, 0x45, 0x42, 0x50], 8); // RIFF....WEBP
		default:
			return false;
	}
}

type Outcome = UploadState | { failed: 'photo_hash_mismatch' | 'photo_type' };

/**
 * Where the files say this photo stands, finishing it if the partial file is full (the last chunk
 * arrived but the server stopped before the check). Synchronous: no other request runs meanwhile.
 */
function settle(dir: string, photo: StoredPhoto): Outcome {
	if (existsSync(finalPath(dir, photo.sha))) return { offset: photo.size, done: true };
	const partial = partialPath(dir, photo.sha);
	const length = sizeOf(partial);
	if (length === null) return { offset: 0, done: false };
	if (length < photo.size) return { offset: length, done: false };
	if (length > photo.size) {
		// Cannot happen through append (it refuses to go past the size); start again cleanly.
		removeIfThere(partial);
		return { offset: 0, done: false };
	}
	return finish(dir, photo);
}

/** The whole file is there: check it, then move it to its final place (atomic rename). */
function finish(dir: string, photo: StoredPhoto): Outcome {
	const partial = partialPath(dir, photo.sha);
	const { sha, head } = digestFile(partial);
	if (sha !== photo.sha || !looksLike(photo.mime, head)) {
		removeIfThere(partial);
		fsyncDir(join(dir, '.partial'));
		return { failed: sha !== photo.sha ? 'photo_hash_mismatch' : 'photo_type' };
	}
	const target = finalPath(dir, photo.sha);
	mkdirSync(join(dir, photo.sha.slice(0, 2)), { recursive: true });
	renameSync(partial, target);
	fsyncDir(join(dir, photo.sha.slice(0, 2)));
	fsyncDir(join(dir, '.partial'));
	return { offset: photo.size, done: true };
}

/** Records the outcome in the table: completion, or forgetting a photo whose bytes were wrong. */
async function conclude(ctx: PhotoContext, photo: StoredPhoto, outcome: Outcome): Promise<UploadState> {
	if ('failed' in outcome) {
		await ctx.store.deleteIncompletePhoto(photo.sha);
		throw new PhotoError(outcome.failed);
	}
	if (outcome.done && !photo.completedAt) await ctx.store.completePhoto(photo.sha, (ctx.now ?? new Date()).toISOString());
	return outcome;
}

function checkSha(sha: string): void {
	if (!isPhotoSha(sha)) throw new PhotoError('invalid_input');
}

/**
 * Announces a photo (or asks where its upload stands): `{offset, done}`. A photo the server
 * already holds is `done` at once, whoever sent it.
 */
export async function createUpload(
	ctx: PhotoContext,
	user: User,
	sha: string,
	announced: { size: number; mime: string }
): Promise<UploadState> {
	checkSha(sha);
	const { size, mime } = announced;
	if (!Number.isSafeInteger(size) || size < 1) throw new PhotoError('invalid_input');
	if (!(PHOTO_MIMES as readonly string[]).includes(mime)) throw new PhotoError('photo_type');
	if (size > PHOTO_MAX_BYTES) throw new PhotoError('photo_too_large');

	let photo = await ctx.store.getPhoto(sha);
	if (!photo) {
		const fresh: StoredPhoto = { sha, size, mime, uploadedBy: user.id, createdAt: (ctx.now ?? new Date()).toISOString(), completedAt: null };
		// Two first announcements at once: one row wins, the other reads it.
		photo = (await ctx.store.insertPhoto(fresh)) ? fresh : await ctx.store.getPhoto(sha);
		if (!photo) throw new PhotoError('photo_mismatch'); // removed meanwhile (bad bytes): the client asks again
	}
	if (photo.size !== size) throw new PhotoError('photo_mismatch');

	const outcome = settle(ctx.dir, photo);
	if (!('failed' in outcome) && !outcome.done && outcome.offset === 0) {
		// An empty partial file from the start, durable, so the upload exists on disk as announced.
		const folder = join(ctx.dir, '.partial');
		mkdirSync(folder, { recursive: true });
		const partial = partialPath(ctx.dir, sha);
		if (!existsSync(partial)) {
			closeSync(openSync(partial, 'a'));
			fsyncDir(folder);
		}
	}
	return conclude(ctx, photo, outcome);
}

/**
 * Appends a chunk at `offset`, which must be the server's offset (else 409 with the server's
 * offset, nothing written). The bytes are on disk (fsync) before this returns.
 */
export async function appendChunk(ctx: PhotoContext, _user: User, sha: string, offset: number, chunk: Uint8Array): Promise<UploadState> {
	checkSha(sha);
	if (!Number.isSafeInteger(offset) || offset < 0) throw new PhotoError('invalid_input');
	if (chunk.byteLength > PHOTO_CHUNK_MAX) throw new PhotoError('too_large');
	const photo = await ctx.store.getPhoto(sha);
	if (!photo) throw new PhotoError('not_found'); // announce it first (POST)

	// From here to the end of the write: no await, so no other request touches these files.
	const before = settle(ctx.dir, photo);
	if ('failed' in before || before.done) {
		// Complete already (or its bytes just failed the check, which throws here).
		const state = await conclude(ctx, photo, before);
		if (offset !== state.offset) throw new PhotoError('offset_mismatch', state);
		if (chunk.byteLength > 0) throw new PhotoError('too_large');
		return state;
	}
	if (offset !== before.offset) throw new PhotoError('offset_mismatch', before);
	if (offset + chunk.byteLength > photo.size) throw new PhotoError('too_large');
	if (chunk.byteLength === 0) return before;

	const folder = join(ctx.dir, '.partial');
	mkdirSync(folder, { recursive: true });
	const partial = partialPath(ctx.dir, sha);
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

	const after = offset + chunk.byteLength;
	if (after < photo.size) return { offset: after, done: false };
	return conclude(ctx, photo, finish(ctx.dir, photo));
}

/**
 * The photo's bytes for `user`, or null when it is incomplete, unknown or not theirs to see (the
 * route answers 404 in every case).
 */
export async function readPhoto(
	ctx: PhotoContext,
	user: User,
	sha: string
): Promise<{ sha: string; mime: string; size: number; bytes: Uint8Array<ArrayBuffer> } | null> {
	if (!isPhotoSha(sha)) return null;
	const photo = await ctx.store.getPhoto(sha);
	if (!photo) return null;
	const path = finalPath(ctx.dir, sha);
	if (!existsSync(path)) return null;
	if (photo.uploadedBy !== user.id) {
		const actor = actorOf(user);
		const references = await ctx.store.photoReferences(sha);
		if (!references.some((r) => canOnSheet(actor, 'read', { createdBy: r.createdBy, commune: r.commune }))) return null;
	}
	if (!photo.completedAt) await ctx.store.completePhoto(sha, (ctx.now ?? new Date()).toISOString());
	try {
		const file = await readFile(path);
		// A view of the same memory (no copy); readFile's buffer is never a SharedArrayBuffer.
		const bytes = new Uint8Array(file.buffer as ArrayBuffer, file.byteOffset, file.byteLength);
		return { sha, mime: photo.mime, size: bytes.byteLength, bytes };
	} catch (e) {
		if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
		throw e;
	}
}
