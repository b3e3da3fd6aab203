import { json } from '@sveltejs/kit';
import * as v from 'valibot';
import { getStore } from '$lib/server/context';
import { ApiError, apiError, handleApi, readBody, requireUser } from '$lib/server/http';
import {
	appendChunk,
	createUpload,
	PHOTO_CHUNK_MAX,
	photoBytesFor,
	PhotoError,
	photosDir,
	readPhoto,
	type PhotoContext,
	type UploadState
} from '$lib/server/photos';
import type { RequestHandler } from './$types';

export { trailingSlash } from '$lib/server/http';

/**
 * One photo, by the SHA-256 of its bytes (sync-protocol.md, "Photos"; the shape of tus):
 * POST announces it, PATCH appends a chunk at the server's offset, GET serves it back.
 */

const NO_STORE = { 'Cache-Control': 'no-store' };

// Only the shape here: the limits have their own answers (413/415, French messages) in the service.
const Announce = v.object({ size: v.number(), mime: v.string() });

/** The bytes go with the store: files of the photos folder (SQLite) or the database itself (PostgreSQL). */
function context(): PhotoContext {
	const store = getStore();
	return { store, bytes: photoBytesFor(store, photosDir()) };
}

function stateAnswer(state: UploadState): Response {
	return json(state, { headers: { ...NO_STORE, 'Upload-Offset': String(state.offset) } });
}

/** Upload errors as `{code, message}`; a wrong offset also says where the server is. */
async function upload(fn: () => Promise<UploadState>): Promise<Response> {
	try {
		return stateAnswer(await fn());
	} catch (e) {
		if (!(e instanceof PhotoError)) throw e;
		const res = apiError(e.code, NO_STORE);
		if (e.code !== 'offset_mismatch' || !e.state) return res;
		return json(
			{ ...((await res.json()) as object), offset: e.state.offset, done: e.state.done },
			{ status: res.status, headers: { ...NO_STORE, 'Upload-Offset': String(e.state.offset) } }
		);
	}
}

/** `{size, mime}` → `{offset, done}`: starts or resumes the upload (done at once if already held). */
export const POST: RequestHandler = (event) =>
	handleApi(async () => {
		const { user } = requireUser(event);
		const body = await readBody(event, Announce, 1024);
		return upload(() => createUpload(context(), user, event.params.sha, body));
	});

/** `Upload-Offset: N` + a raw chunk (application/offset+octet-stream, at most 1 MiB) → `{offset, done}`. */
export const PATCH: RequestHandler = (event) =>
	handleApi(async () => {
		const { user } = requireUser(event);
		const type = (event.request.headers.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase();
		if (type !== 'application/offset+octet-stream') throw new ApiError('upload_content_type');
		const offsetHeader = event.request.headers.get('upload-offset') ?? '';
		if (!/^\d{1,15}$/.test(offsetHeader)) throw new ApiError('invalid_input');
		const length = event.request.headers.get('content-length');
		if (length !== null && !(Number(length) <= PHOTO_CHUNK_MAX)) throw new ApiError('too_large');
		let chunk: Uint8Array;
		try {
			chunk = new Uint8Array(await event.request.arrayBuffer());
		} catch (e) {
			// The server's own body limit (adapter-node BODY_SIZE_LIMIT) also answers 413.
			if ((e as { status?: unknown } | null)?.status === 413) throw new ApiError('too_large');
			throw e;
		}
		if (chunk.byteLength > PHOTO_CHUNK_MAX) throw new ApiError('too_large');
		return upload(() => appendChunk(context(), user, event.params.sha, Number(offsetHeader), chunk));
	});

/**
 * The image, to its uploader and to whoever may read a sheet that refers to it; 404 otherwise
 * (also while incomplete), without saying whether it exists. Immutable: its name is its content.
 */
export const GET: RequestHandler = (event) =>
	handleApi(async () => {
		const { user } = requireUser(event);
		const photo = await readPhoto(context(), user, event.params.sha);
		if (!photo) return apiError('not_found', NO_STORE);
		const etag = `"${photo.sha}"`;
		const headers = { 'Cache-Control': 'private, max-age=31536000, immutable', ETag: etag };
		const match = event.request.headers.get('if-none-match');
		if (match && match.split(',').some((m) => m.trim().replace(/^W\//, '') === etag)) return new Response(null, { status: 304, headers });
		return new Response(photo.bytes, {
			headers: { ...headers, 'Content-Type': photo.mime, 'Content-Length': String(photo.size) }
		});
	});
