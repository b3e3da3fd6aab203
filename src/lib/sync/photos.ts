/**
 * Photo upload (sync-protocol.md, "Photos"): content-addressed and resumable. For each photo the
 * server does not hold yet: ask where to start (POST, which also says "already there" — no
 * duplicate, whoever sent it), then send chunks with their offset (PATCH); when the server's offset
 * disagrees (an acknowledged chunk, then a lost answer; a server restart) it says where it is and
 * the upload goes on from there. The server checks the SHA-256 when the last byte arrives. A photo
 * is marked uploaded only on the server's "done". Photos go after the sheets (a sheet may refer to
 * a photo not uploaded yet: it shows as pending). Bytes stay on the phone until storage runs short
 * (db/photo-freeing.ts frees confirmed ones only); a row without bytes is never sent.
 */
import * as v from 'valibot';
import type { AtlasDb, PhotoRow } from '$lib/db/database';

export interface PhotoTransport {
	create(sha: string, size: number, mime: string): Promise<{ status: number; body: unknown }>;
	append(sha: string, offset: number, chunk: Uint8Array): Promise<{ status: number; body: unknown }>;
}

export const CHUNK_BYTES = 256 * 1024;

/** A photo row that still holds its full-size bytes. */
type Sendable = PhotoRow & { data: ArrayBuffer };

const Answer = v.object({ offset: v.number(), done: v.optional(v.boolean(), false) });

export interface PhotoProgress {
	sha: string;
	sent: number;
	total: number;
}

export type PhotoOutcome = { uploaded: number; refused: number; stopped: 'offline' | 'server' | null };

export class PhotoUploader {
	constructor(
		private readonly db: AtlasDb,
		private readonly transport: PhotoTransport,
		private readonly chunkBytes = CHUNK_BYTES
	) {}

	/** Photos still to send (not uploaded, not refused for good, bytes held). */
	async waiting(): Promise<Sendable[]> {
		return this.db.photos.filter((p): p is Sendable => !p.uploaded && !p.uploadError && p.data !== undefined).toArray() as Promise<Sendable[]>;
	}

	async uploadPending(onProgress: (p: PhotoProgress | null) => void = () => {}): Promise<PhotoOutcome> {
		let uploaded = 0;
		let refused = 0;
		try {
			for (const photo of await this.waiting()) {
				const result = await this.#uploadOne(photo, onProgress);
				if (result === 'done') uploaded++;
				else if (result === 'refused') refused++;
				else return { uploaded, refused, stopped: result };
			}
			return { uploaded, refused, stopped: null };
		} finally {
			onProgress(null);
		}
	}

	async #uploadOne(photo: Sendable, onProgress: (p: PhotoProgress) => void): Promise<'done' | 'refused' | 'offline' | 'server'> {
		const result = await uploadPhotoBytes(this.transport, photo, onProgress, this.chunkBytes);
		if (typeof result === 'object') return this.#refuse(photo, result.refused);
		if (result === 'done') await this.db.photos.update(photo.sha, { uploaded: true });
		return result;
	}

	async #refuse(photo: PhotoRow, code: string): Promise<'refused'> {
		await this.db.photos.update(photo.sha, { uploadError: code });
		return 'refused';
	}
}

async function call(fn: () => Promise<{ status: number; body: unknown }>): Promise<{ status: number; body: unknown } | 'offline'> {
	try {
		return await fn();
	} catch {
		return 'offline';
	}
}

/** Refusals that no retry can change: the photo itself is wrong for the server. */
const FOR_GOOD = new Set(['photo_type', 'photo_too_large']);

const codeOf = (body: unknown) => {
	const code = (body as { code?: unknown } | null)?.code;
	return typeof code === 'string' ? code : 'refused';
};

/**
 * Sends one photo's bytes with the resumable protocol. Used by the phone (from IndexedDB) and by
 * the coordinator's backup import (from the file). Returns 'done' once the server has it all.
 */
export async function uploadPhotoBytes(
	transport: PhotoTransport,
	photo: { sha: string; mime: string; data: ArrayBuffer },
	onProgress: (p: PhotoProgress) => void = () => {},
	chunkBytes = CHUNK_BYTES
): Promise<'done' | 'offline' | 'server' | { refused: string }> {
	const bytes = new Uint8Array(photo.data);
	const total = bytes.byteLength;
	const created = await call(() => transport.create(photo.sha, total, photo.mime));
	if (created === 'offline') return 'offline';
	if (created.status >= 500) return 'server';
	if (created.status !== 200) return FOR_GOOD.has(codeOf(created.body)) ? { refused: codeOf(created.body) } : 'server';
	let answer = v.safeParse(Answer, created.body);
	if (!answer.success) return 'server';
	let offset = answer.output.offset;
	for (let guard = 0; !answer.output.done && guard < 10_000; guard++) {
		onProgress({ sha: photo.sha, sent: offset, total });
		const chunk = bytes.subarray(offset, Math.min(total, offset + chunkBytes));
		const res = await call(() => transport.append(photo.sha, offset, chunk));
		if (res === 'offline') return 'offline';
		if (res.status >= 500) return 'server';
		if (res.status === 409) {
			// The server is elsewhere (a chunk it kept whose answer was lost): go on from there.
			const there = v.safeParse(Answer, res.body);
			if (!there.success) return 'server';
			offset = there.output.offset;
			answer = there;
			continue;
		}
		// Anything else (session expired, upload record gone, a damaged partial on the server...) is
		// retried later from the start of what the server holds.
		if (res.status !== 200) return FOR_GOOD.has(codeOf(res.body)) ? { refused: codeOf(res.body) } : 'server';
		answer = v.safeParse(Answer, res.body);
		if (!answer.success) return 'server';
		offset = answer.output.offset;
	}
	if (!answer.output.done) return 'server';
	onProgress({ sha: photo.sha, sent: total, total });
	return 'done';
}
