/**
 * Photo upload (sync-protocol.md, "Photos"): content-addressed and resumable. For each photo the
 * server does not hold yet: ask where to start (POST, which also says "already there" — no
 * duplicate, whoever sent it), then send chunks with their offset (PATCH); when the server's offset
 * disagrees (an acknowledged chunk, then a lost answer; a server restart) it says where it is and
 * the upload goes on from there. The server checks the SHA-256 when the last byte arrives. A photo
 * is marked uploaded only on the server's "done". Photos go after the sheets (a sheet may refer to
 * a photo not uploaded yet: it shows as pending). Bytes stay on the phone (the sheet still shows
 * them offline).
 */
import * as v from 'valibot';
import type { AtlasDb, PhotoRow } from '$lib/db/database';

export interface PhotoTransport {
	create(sha: string, size: number, mime: string): Promise<{ status: number; body: unknown }>;
	append(sha: string, offset: number, chunk: Uint8Array): Promise<{ status: number; body: unknown }>;
}

export const CHUNK_BYTES = 256 * 1024;

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

	/** Photos still to send (not uploaded, not refused for good). */
	async waiting(): Promise<PhotoRow[]> {
		return this.db.photos.filter((p) => !p.uploaded && !p.uploadError).toArray();
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

	async #call(fn: () => Promise<{ status: number; body: unknown }>): Promise<{ status: number; body: unknown } | 'offline'> {
		try {
			return await fn();
		} catch {
			return 'offline';
		}
	}

	async #uploadOne(photo: PhotoRow, onProgress: (p: PhotoProgress) => void): Promise<'done' | 'refused' | 'offline' | 'server'> {
		const bytes = new Uint8Array(photo.data);
		const total = bytes.byteLength;
		const created = await this.#call(() => this.transport.create(photo.sha, total, photo.mime));
		if (created === 'offline') return 'offline';
		if (created.status >= 500) return 'server';
		if (created.status !== 200) return this.#refuse(photo, created.body);
		let answer = v.safeParse(Answer, created.body);
		if (!answer.success) return 'server';
		let offset = answer.output.offset;
		for (let guard = 0; !answer.output.done && guard < 10_000; guard++) {
			onProgress({ sha: photo.sha, sent: offset, total });
			const chunk = bytes.subarray(offset, Math.min(total, offset + this.chunkBytes));
			const res = await this.#call(() => this.transport.append(photo.sha, offset, chunk));
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
			if (res.status !== 200) return this.#refuse(photo, res.body);
			answer = v.safeParse(Answer, res.body);
			if (!answer.success) return 'server';
			offset = answer.output.offset;
		}
		if (!answer.output.done) return 'server';
		await this.db.photos.update(photo.sha, { uploaded: true });
		onProgress({ sha: photo.sha, sent: total, total });
		return 'done';
	}

	async #refuse(photo: PhotoRow, body: unknown): Promise<'refused'> {
		const code = (body as { code?: unknown } | null)?.code;
		await this.db.photos.update(photo.sha, { uploadError: typeof code === 'string' ? code : 'refused' });
		return 'refused';
	}
}
