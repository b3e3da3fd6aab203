/**
 * Photos on the server (sync-protocol.md, "Photos"): content-addressed, resumable upload against a
 * real SQLite file and a real folder — chunks, resuming after a killed server, wrong offsets, the
 * hash check, limits, and who may read a photo back. Then the route itself, with fake requests.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createHash, randomBytes } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openTestStore, reopenTestStore, useServerDatabase, type TestStore } from './stores';
import { appendChunk, createUpload, PHOTO_CHUNK_MAX, PhotoError, readPhoto, type PhotoContext } from '$lib/server/photos';
import { FilePhotoBytes } from '$lib/server/photo-bytes';
import { writeFields } from '$lib/server/sync/service';
import { formatHlc } from '$lib/domain/hlc';
import type { FieldName } from '$lib/domain/sheet';
import type { IncomingWrite } from '$lib/domain/merge';
import type { Session, User } from '$lib/server/store/types';

const T0 = Date.parse('2026-11-28T10:00:00.000Z');
const now = () => new Date(T0);

function user(id: string, role: User['role'], communes: string[] = []): User {
	return { id, name: id, role, communes, login: null, passwordHash: null, createdAt: now().toISOString(), lastSeenAt: null, revokedAt: null };
}
const marie = user('marie', 'benevole');
const paul = user('paul', 'benevole');
const mairie = user('mairie', 'mairie', ['61309']);

/** Bytes that start like a JPEG (the server checks the signature), then random. */
function jpeg(size: number): Buffer {
	const bytes = randomBytes(size);
	bytes.set([0xff, 0xd8, 0xff, 0xe0], 0);
	return bytes;
}
const shaOf = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

/** Every file under a folder (to prove nothing is stored twice). */
function filesUnder(dir: string): string[] {
	if (!existsSync(dir)) return [];
	return readdirSync(dir).flatMap((name) => {
		const path = join(dir, name);
		return statSync(path).isDirectory() ? filesUnder(path) : [path];
	});
}

let root: string;
let photos: string;
let store: TestStore;
const ctx = (): PhotoContext => ({ store, bytes: new FilePhotoBytes(photos), now: now() });
const partialOf = (sha: string) => join(photos, '.partial', sha);
const finalOf = (sha: string) => join(photos, sha.slice(0, 2), sha);

async function rejection(p: Promise<unknown>): Promise<PhotoError> {
	try {
		await p;
	} catch (e) {
		if (e instanceof PhotoError) return e;
		throw e;
	}
	throw new Error('expected a PhotoError');
}

/** A sheet by `author` whose photos field refers to `shas`. */
async function sheetWithPhotos(author: User, recordId: string, shas: string[], commune: string | null = '61309') {
	const hlc = formatHlc(T0, 0, author.id);
	const changes = new Map<FieldName, IncomingWrite>([
		['category', { v: 'pressoir', hlc }],
		['commune', { v: commune, hlc }],
		['photos', { v: shas.map((sha) => ({ sha, mime: 'image/jpeg', bytes: 10, width: 4, height: 3, takenAt: now().toISOString() })), hlc }]
	]);
	await store.transaction(() => writeFields(store, author, recordId, changes, now().toISOString()));
}

beforeEach(async () => {
	root = mkdtempSync(join(tmpdir(), 'atlas-photos-'));
	photos = join(root, 'photos');
	store = await openTestStore(root);
	for (const u of [marie, paul, mairie]) await store.insertUser(u);
});
afterEach(async () => {
	await store.close();
	rmSync(root, { recursive: true, force: true });
});

describe('upload', () => {
	it('creates an upload, then takes it in three chunks; the verified file is moved to its final place', async () => {
		const bytes = jpeg(2_500_000);
		const sha = shaOf(bytes);
		expect(await createUpload(ctx(), marie, sha, { size: bytes.length, mime: 'image/jpeg' })).toEqual({ offset: 0, done: false });
		expect(existsSync(partialOf(sha))).toBe(true);
		expect(await appendChunk(ctx(), marie, sha, 0, bytes.subarray(0, 1_000_000))).toEqual({ offset: 1_000_000, done: false });
		expect(await appendChunk(ctx(), marie, sha, 1_000_000, bytes.subarray(1_000_000, 2_000_000))).toEqual({ offset: 2_000_000, done: false });
		expect(statSync(partialOf(sha)).size).toBe(2_000_000);
		expect((await store.getPhoto(sha))?.completedAt).toBeNull();
		expect(await appendChunk(ctx(), marie, sha, 2_000_000, bytes.subarray(2_000_000))).toEqual({ offset: 2_500_000, done: true });

		expect(existsSync(partialOf(sha))).toBe(false);
		expect(readFileSync(finalOf(sha)).equals(bytes)).toBe(true);
		expect(await store.getPhoto(sha)).toMatchObject({ sha, size: 2_500_000, mime: 'image/jpeg', uploadedBy: 'marie', completedAt: now().toISOString() });
		// Asking again is harmless: done.
		expect(await createUpload(ctx(), marie, sha, { size: bytes.length, mime: 'image/jpeg' })).toEqual({ offset: 2_500_000, done: true });
	});

	it('resumes after the server was killed: a new instance on the same folder continues at the acknowledged offset', async () => {
		const bytes = jpeg(1_500_000);
		const sha = shaOf(bytes);
		await createUpload(ctx(), marie, sha, { size: bytes.length, mime: 'image/jpeg' });
		const acked = await appendChunk(ctx(), marie, sha, 0, bytes.subarray(0, 600_000));
		expect(acked).toEqual({ offset: 600_000, done: false });
		// "kill -9": nothing more is said to this instance
		store = await reopenTestStore(store, root);
		expect(await createUpload(ctx(), marie, sha, { size: bytes.length, mime: 'image/jpeg' })).toEqual({ offset: 600_000, done: false });
		expect(await appendChunk(ctx(), marie, sha, 600_000, bytes.subarray(600_000))).toEqual({ offset: 1_500_000, done: true });
		expect(readFileSync(finalOf(sha)).equals(bytes)).toBe(true);
	});

	it('after a kill between writing and answering, the server says where it really is (the bytes it kept)', async () => {
		const bytes = jpeg(900_000);
		const sha = shaOf(bytes);
		await createUpload(ctx(), marie, sha, { size: bytes.length, mime: 'image/jpeg' });
		await appendChunk(ctx(), marie, sha, 0, bytes.subarray(0, 300_000));
		appendFileSync(partialOf(sha), bytes.subarray(300_000, 500_000)); // written, never acknowledged
		store = await reopenTestStore(store, root);
		// The phone retries its unacknowledged chunk: told the server's offset, then goes on from there.
		const e = await rejection(appendChunk(ctx(), marie, sha, 300_000, bytes.subarray(300_000, 600_000)));
		expect(e).toMatchObject({ code: 'offset_mismatch', state: { offset: 500_000, done: false } });
		expect(await appendChunk(ctx(), marie, sha, 500_000, bytes.subarray(500_000))).toEqual({ offset: 900_000, done: true });
	});

	it('finishes an upload whose last chunk was written but not yet checked when the server stopped', async () => {
		const bytes = jpeg(1000);
		const sha = shaOf(bytes);
		await createUpload(ctx(), marie, sha, { size: bytes.length, mime: 'image/jpeg' });
		writeFileSync(partialOf(sha), bytes);
		expect(await createUpload(ctx(), marie, sha, { size: bytes.length, mime: 'image/jpeg' })).toEqual({ offset: 1000, done: true });
		expect(existsSync(finalOf(sha))).toBe(true);
		expect((await store.getPhoto(sha))?.completedAt).not.toBeNull();
	});

	it('refuses a wrong offset with 409 and the server offset, writing nothing', async () => {
		const bytes = jpeg(3000);
		const sha = shaOf(bytes);
		await createUpload(ctx(), marie, sha, { size: bytes.length, mime: 'image/jpeg' });
		await appendChunk(ctx(), marie, sha, 0, bytes.subarray(0, 1000));
		// The same chunk again (its answer was lost), and a chunk from too far ahead.
		for (const offset of [0, 2000]) {
			const e = await rejection(appendChunk(ctx(), marie, sha, offset, bytes.subarray(offset, offset + 1000)));
			expect(e).toMatchObject({ code: 'offset_mismatch', state: { offset: 1000, done: false } });
			expect(statSync(partialOf(sha)).size).toBe(1000);
		}
		await appendChunk(ctx(), marie, sha, 1000, bytes.subarray(1000));
		// A retry of the last chunk after a lost answer: 409, but the state says it is done.
		const late = await rejection(appendChunk(ctx(), marie, sha, 1000, bytes.subarray(1000)));
		expect(late).toMatchObject({ code: 'offset_mismatch', state: { offset: 3000, done: true } });
		expect(await appendChunk(ctx(), marie, sha, 3000, new Uint8Array(0))).toEqual({ offset: 3000, done: true });
	});

	it('says done at once for a photo the server already holds, whoever sent it, and never stores it twice', async () => {
		const bytes = jpeg(5000);
		const sha = shaOf(bytes);
		await createUpload(ctx(), marie, sha, { size: bytes.length, mime: 'image/jpeg' });
		await appendChunk(ctx(), marie, sha, 0, bytes);
		const before = filesUnder(photos);
		expect(await createUpload(ctx(), paul, sha, { size: bytes.length, mime: 'image/jpeg' })).toEqual({ offset: 5000, done: true });
		expect(await createUpload(ctx(), marie, sha, { size: bytes.length, mime: 'image/jpeg' })).toEqual({ offset: 5000, done: true });
		expect(filesUnder(photos)).toEqual(before);
		expect(before).toEqual([finalOf(sha)]);
		expect((await store.getPhoto(sha))?.uploadedBy).toBe('marie');
	});

	it('resumes someone else’s partial upload of the same photo rather than starting a second one', async () => {
		const bytes = jpeg(2000);
		const sha = shaOf(bytes);
		await createUpload(ctx(), marie, sha, { size: 2000, mime: 'image/jpeg' });
		await appendChunk(ctx(), marie, sha, 0, bytes.subarray(0, 800));
		expect(await createUpload(ctx(), paul, sha, { size: 2000, mime: 'image/jpeg' })).toEqual({ offset: 800, done: false });
	});

	it('refuses a size that disagrees with the upload already announced (409)', async () => {
		const sha = shaOf(jpeg(100));
		await createUpload(ctx(), marie, sha, { size: 100, mime: 'image/jpeg' });
		expect((await rejection(createUpload(ctx(), paul, sha, { size: 101, mime: 'image/jpeg' }))).code).toBe('photo_mismatch');
	});

	it('throws away bytes whose SHA-256 is not the announced one (400); the upload can start over', async () => {
		const bytes = jpeg(2000);
		const sha = shaOf(bytes);
		const wrong = Buffer.from(bytes);
		wrong[1500] = (wrong[1500] ?? 0) ^ 0xff;
		await createUpload(ctx(), marie, sha, { size: 2000, mime: 'image/jpeg' });
		await appendChunk(ctx(), marie, sha, 0, wrong.subarray(0, 1000));
		const e = await rejection(appendChunk(ctx(), marie, sha, 1000, wrong.subarray(1000)));
		expect(e.code).toBe('photo_hash_mismatch');
		expect(existsSync(partialOf(sha))).toBe(false);
		expect(existsSync(finalOf(sha))).toBe(false);
		expect(await store.getPhoto(sha)).toBeNull();
		expect(await createUpload(ctx(), marie, sha, { size: 2000, mime: 'image/jpeg' })).toEqual({ offset: 0, done: false });
		expect(await appendChunk(ctx(), marie, sha, 0, bytes)).toEqual({ offset: 2000, done: true });
	});

	it('throws away a file that is not the announced kind of image (415)', async () => {
		const bytes = Buffer.from('<html><script>alert(1)</script></html>');
		const sha = shaOf(bytes);
		await createUpload(ctx(), marie, sha, { size: bytes.length, mime: 'image/png' });
		expect((await rejection(appendChunk(ctx(), marie, sha, 0, bytes))).code).toBe('photo_type');
		expect(filesUnder(photos)).toEqual([]);
		expect(await store.getPhoto(sha)).toBeNull();
	});

	it('enforces the limits: type (415), size (413), chunk size and bytes beyond the size (413), a bad sha (400)', async () => {
		const sha = shaOf(jpeg(10));
		expect((await rejection(createUpload(ctx(), marie, sha, { size: 1000, mime: 'image/gif' }))).code).toBe('photo_type');
		expect((await rejection(createUpload(ctx(), marie, sha, { size: 1000, mime: 'image/heic' }))).code).toBe('photo_type');
		expect((await rejection(createUpload(ctx(), marie, sha, { size: 10_000_001, mime: 'image/jpeg' }))).code).toBe('photo_too_large');
		expect(await createUpload(ctx(), marie, shaOf(jpeg(11)), { size: 10_000_000, mime: 'image/webp' })).toEqual({ offset: 0, done: false });
		for (const size of [0, -1, 1.5, Number.NaN])
			expect((await rejection(createUpload(ctx(), marie, sha, { size, mime: 'image/jpeg' }))).code).toBe('invalid_input');
		for (const bad of ['', 'abc', sha.toUpperCase(), `${sha}0`, '../'.repeat(16) + 'etc/passwd'.padEnd(16, 'x')])
			expect((await rejection(createUpload(ctx(), marie, bad, { size: 10, mime: 'image/jpeg' }))).code).toBe('invalid_input');
		expect(await store.getPhoto(sha)).toBeNull();

		await createUpload(ctx(), marie, sha, { size: 10, mime: 'image/jpeg' });
		expect((await rejection(appendChunk(ctx(), marie, sha, 0, new Uint8Array(11)))).code).toBe('too_large');
		expect(statSync(partialOf(sha)).size).toBe(0);
		const big = shaOf(jpeg(12));
		await createUpload(ctx(), marie, big, { size: 5_000_000, mime: 'image/jpeg' });
		expect((await rejection(appendChunk(ctx(), marie, big, 0, new Uint8Array(PHOTO_CHUNK_MAX + 1)))).code).toBe('too_large');
		expect(statSync(partialOf(big)).size).toBe(0);
		// Appending before announcing: unknown.
		expect((await rejection(appendChunk(ctx(), marie, shaOf(jpeg(13)), 0, new Uint8Array(1)))).code).toBe('not_found');
	});
});

describe('reading a photo back', () => {
	async function uploaded(by: User, size = 4000) {
		const bytes = jpeg(size);
		const sha = shaOf(bytes);
		await createUpload(ctx(), by, sha, { size, mime: 'image/jpeg' });
		await appendChunk(ctx(), by, sha, 0, bytes);
		return { sha, bytes };
	}

	it('is allowed to its uploader', async () => {
		const { sha, bytes } = await uploaded(marie);
		const photo = await readPhoto(ctx(), marie, sha);
		expect(photo).toMatchObject({ sha, mime: 'image/jpeg', size: 4000 });
		expect(Buffer.from(photo!.bytes).equals(bytes)).toBe(true);
	});

	it('is not found for someone else until a sheet they may read refers to it', async () => {
		const { sha } = await uploaded(marie);
		const other = await uploaded(marie, 500);
		expect(await readPhoto(ctx(), paul, sha)).toBeNull();
		expect(await readPhoto(ctx(), mairie, sha)).toBeNull();
		// A sheet that refers to another photo gives no access to this one.
		await sheetWithPhotos(marie, 'SheetWithOtherPhoto0', [other.sha]);
		expect(await readPhoto(ctx(), paul, sha)).toBeNull();
		expect(await store.photoReferences(sha)).toEqual([]);

		await sheetWithPhotos(marie, 'SheetPressoirPreaux0', [other.sha, sha]);
		expect(await store.photoReferences(sha)).toEqual([{ recordId: 'SheetPressoirPreaux0', createdBy: 'marie', commune: '61309' }]);
		expect(await readPhoto(ctx(), paul, sha)).toMatchObject({ sha, size: 4000 });
		expect(await readPhoto(ctx(), mairie, sha)).toMatchObject({ sha });
	});

	it('is not found while incomplete, even for its uploader, nor for an unknown or malformed sha', async () => {
		const bytes = jpeg(3000);
		const sha = shaOf(bytes);
		await createUpload(ctx(), marie, sha, { size: 3000, mime: 'image/jpeg' });
		await appendChunk(ctx(), marie, sha, 0, bytes.subarray(0, 1000));
		await sheetWithPhotos(marie, 'SheetPressoirPreaux0', [sha]);
		expect(await readPhoto(ctx(), marie, sha)).toBeNull();
		expect(await readPhoto(ctx(), paul, sha)).toBeNull();
		expect(await readPhoto(ctx(), marie, shaOf(jpeg(5)))).toBeNull();
		expect(await readPhoto(ctx(), marie, '../../atlas.sqlite')).toBeNull();
	});
});

describe('the route /api/photos/[sha]', () => {
	type Handler = (event: never) => Promise<Response>;
	let route: { POST: Handler; PATCH: Handler; GET: Handler };
	let routeRoot: string;
	let routeStore: import('$lib/server/store/types').Store;

	beforeAll(async () => {
		routeRoot = mkdtempSync(join(tmpdir(), 'atlas-photos-route-'));
		mkdirSync(routeRoot, { recursive: true });
		process.env.ATLAS_DATA_DIR = routeRoot;
		await useServerDatabase();
		route = (await import('../../src/routes/api/photos/[sha]/+server')) as unknown as typeof route;
		routeStore = (await import('$lib/server/context')).getStore();
		for (const u of [marie, paul]) await routeStore.insertUser(u);
	});
	afterAll(async () => {
		await routeStore.close();
		delete process.env.ATLAS_DATA_DIR;
		rmSync(routeRoot, { recursive: true, force: true });
	});

	const session = (u: User): Session => ({
		id: `s-${u.id}`,
		tokenHash: `h-${u.id}`,
		userId: u.id,
		device: '',
		createdAt: now().toISOString(),
		lastSeenAt: now().toISOString(),
		expiresAt: '2099-01-01T00:00:00.000Z',
		revokedAt: null
	});
	function call(method: 'POST' | 'PATCH' | 'GET', sha: string, as: User | null, init: { body?: BodyInit; headers?: Record<string, string> } = {}) {
		const request = new Request(`http://localhost/api/photos/${sha}`, { method, ...init });
		const event = { request, params: { sha }, locals: { auth: as ? { user: as, session: session(as) } : null }, url: new URL(request.url) };
		return route[method](event as never);
	}
	const post = (sha: string, as: User | null, body: unknown) =>
		call('POST', sha, as, { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
	const patch = (sha: string, as: User | null, offset: number, chunk: Uint8Array, headers: Record<string, string> = {}) =>
		call('PATCH', sha, as, {
			body: new Uint8Array(chunk),
			headers: { 'content-type': 'application/offset+octet-stream', 'upload-offset': String(offset), ...headers }
		});

	it('needs a signed-in person for every method', async () => {
		const sha = shaOf(jpeg(10));
		for (const res of [await post(sha, null, { size: 10, mime: 'image/jpeg' }), await patch(sha, null, 0, new Uint8Array(1)), await call('GET', sha, null)])
			expect(res.status).toBe(401);
	});

	it('speaks the upload contract: POST → {offset, done}, PATCH with Upload-Offset, 409 with the server offset, GET', async () => {
		const bytes = jpeg(1500);
		const sha = shaOf(bytes);
		let res = await post(sha, marie, { size: 1500, mime: 'image/jpeg' });
		expect(res.status).toBe(200);
		expect(await res.json()).toEqual({ offset: 0, done: false });

		res = await patch(sha, marie, 0, bytes.subarray(0, 1000));
		expect(res.status).toBe(200);
		expect(res.headers.get('upload-offset')).toBe('1000');
		expect(await res.json()).toEqual({ offset: 1000, done: false });

		res = await patch(sha, marie, 0, bytes.subarray(0, 1000));
		expect(res.status).toBe(409);
		expect(await res.json()).toMatchObject({ code: 'offset_mismatch', offset: 1000, done: false, message: expect.stringMatching(/reprend/) });

		res = await call('GET', sha, marie);
		expect(res.status).toBe(404);

		res = await patch(sha, marie, 1000, bytes.subarray(1000));
		expect(await res.json()).toEqual({ offset: 1500, done: true });

		res = await call('GET', sha, marie);
		expect(res.status).toBe(200);
		expect(res.headers.get('content-type')).toBe('image/jpeg');
		expect(res.headers.get('cache-control')).toBe('private, max-age=31536000, immutable');
		expect(res.headers.get('etag')).toBe(`"${sha}"`);
		expect(Buffer.from(await res.arrayBuffer()).equals(bytes)).toBe(true);

		res = await call('GET', sha, marie, { headers: { 'if-none-match': `"${sha}"` } });
		expect(res.status).toBe(304);

		res = await call('GET', sha, paul);
		expect(res.status).toBe(404);
		expect(await res.json()).toMatchObject({ code: 'not_found' });

		res = await post(sha, paul, { size: 1500, mime: 'image/jpeg' });
		expect(await res.json()).toEqual({ offset: 1500, done: true });
	});

	it('answers the limits with their status and a French message', async () => {
		const sha = shaOf(jpeg(20));
		let res = await post(sha, marie, { size: 20, mime: 'image/gif' });
		expect(res.status).toBe(415);
		expect((await res.json()).message).toMatch(/JPEG, PNG ou WebP/);

		res = await post(sha, marie, { size: 10_000_001, mime: 'image/jpeg' });
		expect(res.status).toBe(413);
		expect((await res.json()).message).toMatch(/10 Mo/);

		res = await post('NOT-A-SHA', marie, { size: 20, mime: 'image/jpeg' });
		expect(res.status).toBe(400);
		res = await post(sha, marie, { size: '20' });
		expect(res.status).toBe(400);

		await post(sha, marie, { size: 20, mime: 'image/jpeg' });
		res = await post(sha, marie, { size: 21, mime: 'image/jpeg' });
		expect(res.status).toBe(409);
		expect((await res.json()).code).toBe('photo_mismatch');

		res = await patch(sha, marie, 0, new Uint8Array(10), { 'content-type': 'application/octet-stream' });
		expect(res.status).toBe(415);
		res = await patch(sha, marie, 0, new Uint8Array(10), { 'content-length': String(PHOTO_CHUNK_MAX + 1) });
		expect(res.status).toBe(413);
		res = await patch(sha, marie, 0, new Uint8Array(PHOTO_CHUNK_MAX + 1));
		expect(res.status).toBe(413);
		res = await patch(sha, marie, 0, new Uint8Array(21));
		expect(res.status).toBe(413);
		res = await call('PATCH', sha, marie, { body: new Uint8Array(1), headers: { 'content-type': 'application/offset+octet-stream' } });
		expect(res.status).toBe(400);

		const wrong = jpeg(20);
		res = await patch(sha, marie, 0, wrong);
		expect(res.status).toBe(400);
		expect(await res.json()).toMatchObject({ code: 'photo_hash_mismatch', message: expect.stringMatching(/abîmée/) });
	});
});
