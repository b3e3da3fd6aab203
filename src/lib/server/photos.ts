/**
 * Photos on the server (sync-protocol.md, "Photos"): content-addressed by the SHA-256 of their
 * bytes and uploaded in resumable chunks, in the shape of the tus protocol.
 *
 *   create  — announce `{size, mime}` for a sha: the server answers where to resume (`offset`), or
 *             `done` when it already holds that photo (whoever sent it: never stored twice);
 *   append  — a chunk at an offset: written only if the offset is exactly the server's, made durable
 *             (fsync, or a committed transaction) before the answer, so an acknowledged byte
 *             survives a killed server;
 *   finish  — when the last byte arrives: the SHA-256 of the whole photo (and its image signature)
 *             is checked, then the bytes are kept (the photo is complete) or thrown away.
 *
 * The bytes live behind `PhotoBytes` (photo-bytes/): files of the data folder with SQLite
 * (`<dir>/.partial/<sha>`, then `<dir>/<first 2 hex>/<sha>`), rows of the database with PostgreSQL,
 * so that several instances share one upload. Either way an append is accepted only at exactly the
 * received length, atomically (two requests or two instances at the same offset: one wins, the
 * other is told where the server is). The `photos` table says what was announced, by whom, and when
 * the photo was completed; the bytes are only ever kept after verification, so a crash between
 * keeping them and updating the table is repaired at the next call.
 *
 * Reading: the uploader, or anyone the one policy (domain/access.ts) lets read a sheet whose
 * `photos` field refers to this sha. Anyone else gets "not found" (existence is not revealed).
 */
import { join } from 'node:path';
import { actorOf, canOnSheet } from '$lib/domain/access';
import { dataDir } from './config';
import { photoBytesFor, type PhotoBytes } from './photo-bytes';
import type { Store, StoredPhoto, User } from './store/types';

export { fsyncDir } from './photo-bytes/files';
export { photoBytesFor, type PhotoBytes } from './photo-bytes';

export const PHOTO_MIMES = ['image/jpeg', 'image/png', 'image/webp'] as const;
export type PhotoMime = (typeof PHOTO_MIMES)[number];
/** Largest photo accepted, in bytes (the app resizes photos well below this). */
export const PHOTO_MAX_BYTES = 10_000_000;
/** Largest chunk accepted by one PATCH, in bytes. */
export const PHOTO_CHUNK_MAX = 1024 * 1024;

const SHA_RE = /^[0-9a-f]{64}$/;

export type PhotoErrorCode =
	'invalid_input' | 'not_found' | 'photo_type' | 'photo_too_large' | 'too_large' | 'photo_mismatch' | 'photo_hash_mismatch' | 'offset_mismatch';

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
	/** The photos folder of a SQLite store (`photosDir()` when absent; a temporary folder in tests). */
	dir?: string;
	/** Where the bytes are: `photoBytesFor(store, dir)` when absent (files for SQLite, the database for PostgreSQL). */
	bytes?: PhotoBytes;
	now?: Date;
}

/** The server's photos folder, under the data folder (the photo bytes of a SQLite store). */
export function photosDir(): string {
	return join(dataDir(), 'photos');
}

/** The photo bytes of a context: given, or those that go with its store. */
const bytesOf = (ctx: PhotoContext): PhotoBytes => ctx.bytes ?? photoBytesFor(ctx.store, ctx.dir ?? photosDir());

export function isPhotoSha(sha: string): boolean {
	return SHA_RE.test(sha);
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

const at = (ctx: PhotoContext) => (ctx.now ?? new Date()).toISOString();

/**
 * Where the bytes say this photo stands, finishing it if all its bytes are there (the last chunk
 * arrived but the server stopped, or another request is finishing it, before the check).
 */
async function settle(ctx: PhotoContext, photo: StoredPhoto): Promise<Outcome> {
	const progress = await bytesOf(ctx).progress(photo);
	if (progress.complete) return { offset: photo.size, done: true };
	if (progress.received < photo.size) return { offset: progress.received, done: false };
	return finish(ctx, photo);
}

/**
 * All the bytes are there: check them (SHA-256 and image signature), then keep them (the photo is
 * complete) or throw them away. Finishing twice (two requests at once) gives the same verdict.
 */
async function finish(ctx: PhotoContext, photo: StoredPhoto): Promise<Outcome> {
	const digest = await bytesOf(ctx).digest(photo.sha);
	if (!digest) {
		// Kept or thrown away by another request meanwhile: say where that left it.
		const progress = await bytesOf(ctx).progress(photo);
		return { offset: progress.complete ? photo.size : progress.received, done: progress.complete };
	}
	if (digest.sha !== photo.sha || !looksLike(photo.mime, digest.head)) {
		await bytesOf(ctx).discard(photo.sha);
		return { failed: digest.sha !== photo.sha ? 'photo_hash_mismatch' : 'photo_type' };
	}
	await bytesOf(ctx).keep(photo, at(ctx));
	return { offset: photo.size, done: true };
}

/** Records the outcome in the table: completion, or forgetting a photo whose bytes were wrong. */
async function conclude(ctx: PhotoContext, photo: StoredPhoto, outcome: Outcome): Promise<UploadState> {
	if ('failed' in outcome) {
		await ctx.store.deleteIncompletePhoto(photo.sha);
		throw new PhotoError(outcome.failed);
	}
	if (outcome.done && !photo.completedAt) await ctx.store.completePhoto(photo.sha, at(ctx));
	return outcome;
}

function checkSha(sha: string): void {
	if (!isPhotoSha(sha)) throw new PhotoError('invalid_input');
}

/**
 * Announces a photo (or asks where its upload stands): `{offset, done}`. A photo the server
 * already holds is `done` at once, whoever sent it.
 */
export async function createUpload(ctx: PhotoContext, user: User, sha: string, announced: { size: number; mime: string }): Promise<UploadState> {
	checkSha(sha);
	const { size, mime } = announced;
	if (!Number.isSafeInteger(size) || size < 1) throw new PhotoError('invalid_input');
	if (!(PHOTO_MIMES as readonly string[]).includes(mime)) throw new PhotoError('photo_type');
	if (size > PHOTO_MAX_BYTES) throw new PhotoError('photo_too_large');

	let photo = await ctx.store.getPhoto(sha);
	if (!photo) {
		const fresh: StoredPhoto = { sha, size, mime, uploadedBy: user.id, createdAt: at(ctx), completedAt: null };
		// Two first announcements at once: one row wins, the other reads it.
		photo = (await ctx.store.insertPhoto(fresh)) ? fresh : await ctx.store.getPhoto(sha);
		if (!photo) throw new PhotoError('photo_mismatch'); // removed meanwhile (bad bytes): the client asks again
	}
	if (photo.size !== size) throw new PhotoError('photo_mismatch');

	const outcome = await settle(ctx, photo);
	if (!('failed' in outcome) && !outcome.done && outcome.offset === 0) await bytesOf(ctx).create(sha);
	return conclude(ctx, photo, outcome);
}

/**
 * Appends a chunk at `offset`, which must be the server's offset (else 409 with the server's
 * offset, nothing written). The bytes are durable (fsync, or a committed transaction) before this
 * returns.
 */
export async function appendChunk(ctx: PhotoContext, _user: User, sha: string, offset: number, chunk: Uint8Array): Promise<UploadState> {
	checkSha(sha);
	if (!Number.isSafeInteger(offset) || offset < 0) throw new PhotoError('invalid_input');
	if (chunk.byteLength > PHOTO_CHUNK_MAX) throw new PhotoError('too_large');
	const photo = await ctx.store.getPhoto(sha);
	if (!photo) throw new PhotoError('not_found'); // announce it first (POST)

	const before = await settle(ctx, photo);
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

	// The bytes check the offset again, atomically with the write: another request (or instance)
	// may have appended since `before` was read.
	const appended = await bytesOf(ctx).append(sha, offset, chunk);
	if (!appended.accepted) throw new PhotoError('offset_mismatch', await conclude(ctx, photo, await settle(ctx, photo)));
	if (appended.received < photo.size) return { offset: appended.received, done: false };
	return conclude(ctx, photo, await finish(ctx, photo));
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
	if (!(await bytesOf(ctx).progress(photo)).complete) return null;
	if (photo.uploadedBy !== user.id) {
		const actor = actorOf(user);
		const references = await ctx.store.photoReferences(sha);
		if (!references.some((r) => canOnSheet(actor, 'read', { createdBy: r.createdBy, commune: r.commune }))) return null;
	}
	if (!photo.completedAt) await ctx.store.completePhoto(sha, at(ctx));
	const bytes = await bytesOf(ctx).read(sha);
	if (!bytes) return null;
	return { sha, mime: photo.mime, size: bytes.byteLength, bytes };
}
