/**
 * Where photo bytes live (server/photo-bytes): the same contract for the files of a SQLite server
 * and the rows of a PostgreSQL one — an upload grows only at exactly its received length, is hashed
 * in order, then kept (readable) or thrown away. Then what PostgreSQL is for: several instances on
 * one database, without a shared disk — two appending the same chunk at once (one is accepted), and
 * one photo uploaded in chunks alternating between two instances.
 *
 * PostgreSQL: a database of its own on the server of ATLAS_TEST_DATABASE_URL (`npm test` starts one),
 * dropped at the end. Without that variable the PostgreSQL part is skipped on a developer's machine
 * and fails in CI (it must never silently not run there).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import { FilePhotoBytes, photoBytesFor, type PhotoBytes } from '$lib/server/photo-bytes';
import { PgPhotoBytes } from '$lib/server/postgres/photo-bytes';
import { PgStore } from '$lib/server/postgres/store';
import { SqliteStore } from '$lib/server/sqlite/store';
import { appendChunk, createUpload, PhotoError, readPhoto, type PhotoContext } from '$lib/server/photos';
import type { Store, StoredPhoto, User } from '$lib/server/store/types';

const T0 = '2026-11-28T10:00:00.000Z';
const marie: User = {
	id: 'marie',
	name: 'Marie',
	role: 'benevole',
	communes: [],
	login: null,
	passwordHash: null,
	createdAt: T0,
	lastSeenAt: null,
	revokedAt: null
};

/** Bytes that start like a JPEG (the signature is checked), then random. */
function jpeg(size: number): Buffer {
	const bytes = randomBytes(size);
	bytes.set([0xff, 0xd8, 0xff, 0xe0], 0);
	return bytes;
}
const shaOf = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

/** A photo announced in the store (its row), as createUpload makes it. */
async function announced(store: Store, bytes: Uint8Array): Promise<StoredPhoto> {
	const photo: StoredPhoto = { sha: shaOf(bytes), size: bytes.byteLength, mime: 'image/jpeg', uploadedBy: marie.id, createdAt: T0, completedAt: null };
	expect(await store.insertPhoto(photo)).toBe(true);
	return photo;
}

/** The PostgreSQL server of the tests, or null (skipped; failing in CI). */
const SERVER = process.env.ATLAS_TEST_DATABASE_URL ?? null;
const NO_SERVER = 'ATLAS_TEST_DATABASE_URL (postgres://…/postgres) is needed for the PostgreSQL photo bytes: `npm test` starts a server';

/** What each implementation is tested on: its bytes, and the store holding the photos' rows. */
interface Subject {
	store: Store;
	bytes: PhotoBytes;
	/** A second handle on the same data (another instance), with its own bytes. */
	other: { store: Store; bytes: PhotoBytes };
}

function contract(name: string, open: () => Promise<Subject>) {
	describe(`the contract of PhotoBytes: ${name}`, () => {
		let s: Subject;
		beforeAll(async () => {
			s = await open();
			await s.store.insertUser(marie);
		});

		it('grows an upload only at its received length, then hashes it in order and keeps it readable', async () => {
			const bytes = jpeg(5000);
			const photo = await announced(s.store, bytes);
			expect(await s.bytes.progress(photo)).toEqual({ received: 0, complete: false });
			await s.bytes.create(photo.sha);
			await s.bytes.create(photo.sha); // harmless twice
			expect(await s.bytes.progress(photo)).toEqual({ received: 0, complete: false });
			expect(await s.bytes.read(photo.sha)).toBeNull();

			expect(await s.bytes.append(photo.sha, 0, bytes.subarray(0, 2))).toEqual({ accepted: true, received: 2 });
			expect(await s.bytes.append(photo.sha, 2, bytes.subarray(2, 3000))).toEqual({ accepted: true, received: 3000 });
			// A stale offset (a retried chunk) and one from too far ahead: refused, nothing written.
			for (const offset of [2, 0, 3001])
				expect(await s.bytes.append(photo.sha, offset, bytes.subarray(offset, offset + 10))).toEqual({
					accepted: false,
					progress: { received: 3000, complete: false }
				});
			expect(await s.bytes.progress(photo)).toEqual({ received: 3000, complete: false });
			expect(await s.bytes.read(photo.sha)).toBeNull(); // incomplete: not readable
			expect(await s.bytes.append(photo.sha, 3000, bytes.subarray(3000))).toEqual({ accepted: true, received: 5000 });

			// The head gathers the first 16 bytes across chunks (the first one was 2 bytes long).
			expect(await s.bytes.digest(photo.sha)).toEqual({ sha: photo.sha, head: new Uint8Array(bytes.subarray(0, 16)), length: 5000 });
			await s.bytes.keep(photo, T0);
			await s.bytes.keep(photo, T0); // a second finisher: nothing more to do
			expect(await s.bytes.progress(photo)).toEqual({ received: 5000, complete: true });
			expect(Buffer.from((await s.bytes.read(photo.sha))!).equals(bytes)).toBe(true);
			// Complete: every append is refused, saying so.
			expect(await s.bytes.append(photo.sha, 5000, new Uint8Array(1))).toEqual({ accepted: false, progress: { received: 5000, complete: true } });
			// Another instance sees the same.
			expect(await s.other.bytes.progress(photo)).toEqual({ received: 5000, complete: true });
			expect(Buffer.from((await s.other.bytes.read(photo.sha))!).equals(bytes)).toBe(true);
		});

		it('throws away the bytes of an upload that failed its check; it can start over', async () => {
			const bytes = jpeg(1200);
			const photo = await announced(s.store, bytes);
			const wrong = Buffer.from(bytes);
			wrong[600] = (wrong[600] ?? 0) ^ 0xff;
			await s.bytes.create(photo.sha);
			await s.bytes.append(photo.sha, 0, wrong.subarray(0, 600));
			await s.bytes.append(photo.sha, 600, wrong.subarray(600));
			expect((await s.bytes.digest(photo.sha))?.sha).toBe(shaOf(wrong));
			await s.bytes.discard(photo.sha);
			expect(await s.bytes.progress(photo)).toEqual({ received: 0, complete: false });
			expect(await s.bytes.digest(photo.sha)).toBeNull();
			expect(await s.bytes.read(photo.sha)).toBeNull();
			expect(await s.bytes.append(photo.sha, 0, bytes)).toEqual({ accepted: true, received: 1200 });
			expect((await s.bytes.digest(photo.sha))?.sha).toBe(photo.sha);
		});

		it('hashes many chunks in their order, whatever their sizes', async () => {
			const bytes = jpeg(300_000);
			const photo = await announced(s.store, bytes);
			let offset = 0;
			for (let i = 0; offset < bytes.length; i++) {
				const end = Math.min(bytes.length, offset + 1 + ((i * 7919) % 20_000));
				expect(await s.bytes.append(photo.sha, offset, bytes.subarray(offset, end))).toEqual({ accepted: true, received: end });
				offset = end;
			}
			expect(await s.bytes.digest(photo.sha)).toMatchObject({ sha: photo.sha, length: 300_000 });
			await s.bytes.keep(photo, T0);
			expect(Buffer.from((await s.bytes.read(photo.sha))!).equals(bytes)).toBe(true);
		});

		it('accepts exactly one of two appends of the same chunk at once (two requests, or two instances)', async () => {
			const bytes = jpeg(4000);
			const photo = await announced(s.store, bytes);
			await s.bytes.append(photo.sha, 0, bytes.subarray(0, 1000));
			for (const [a, b] of [
				[s.bytes, s.bytes],
				[s.bytes, s.other.bytes]
			] as const) {
				const at = (await s.bytes.progress(photo)).received;
				const chunk = bytes.subarray(at, at + 1000);
				const outcomes = await Promise.all([a.append(photo.sha, at, chunk), b.append(photo.sha, at, chunk)]);
				expect(outcomes.filter((o) => o.accepted)).toEqual([{ accepted: true, received: at + 1000 }]);
				expect(outcomes.filter((o) => !o.accepted)).toEqual([{ accepted: false, progress: { received: at + 1000, complete: false } }]);
			}
			await s.bytes.append(photo.sha, 3000, bytes.subarray(3000));
			expect((await s.bytes.digest(photo.sha))?.sha).toBe(photo.sha);
		});

		it('reads nothing for a photo it never had', async () => {
			expect(await s.bytes.read(shaOf(jpeg(10)))).toBeNull();
			expect(await s.bytes.digest(shaOf(jpeg(10)))).toBeNull();
		});

		afterAll(async () => {
			await s?.other.store.close();
			await s?.store.close();
		});
	});
}

// --- files (SQLite) -------------------------------------------------------------------------------

const root = mkdtempSync(join(tmpdir(), 'atlas-photo-bytes-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

contract('files', async () => {
	const dir = join(root, 'photos');
	const store = new SqliteStore(join(root, 'atlas.sqlite'));
	return { store, bytes: photoBytesFor(store, dir), other: { store: new SqliteStore(join(root, 'atlas.sqlite')), bytes: new FilePhotoBytes(dir) } };
});

describe('the files of a SQLite server', () => {
	it('keep the layout data folders and backups hold: .partial/<sha>, then <2 hex>/<sha>', async () => {
		const dir = join(root, 'layout');
		const bytes = new FilePhotoBytes(dir);
		const data = jpeg(100);
		const photo: StoredPhoto = { sha: shaOf(data), size: 100, mime: 'image/jpeg', uploadedBy: null, createdAt: T0, completedAt: null };
		await bytes.create(photo.sha);
		expect(statSync(join(dir, '.partial', photo.sha)).size).toBe(0);
		await bytes.append(photo.sha, 0, data.subarray(0, 40));
		expect(statSync(join(dir, '.partial', photo.sha)).size).toBe(40);
		await bytes.append(photo.sha, 40, data.subarray(40));
		await bytes.keep(photo, T0);
		expect(existsSync(join(dir, '.partial', photo.sha))).toBe(false);
		expect(readFileSync(join(dir, photo.sha.slice(0, 2), photo.sha)).equals(data)).toBe(true);
	});
});

// --- PostgreSQL -----------------------------------------------------------------------------------

// Skipped only outside CI without a PostgreSQL server (ATLAS_TEST_DATABASE_URL); in CI it runs, and fails
// without one.
describe.skipIf(!SERVER && !process.env.CI)('PostgreSQL photo bytes', () => {
	let admin: postgres.Sql;
	let url: string;
	const database = `${process.env.ATLAS_TEST_DB_PREFIX ?? 'atlas_test_'}photo_bytes_${randomBytes(4).toString('hex')}`;

	beforeAll(async () => {
		if (!SERVER) throw new Error(NO_SERVER);
		admin = postgres(SERVER, { max: 1, onnotice: () => {} });
		await admin.unsafe(`CREATE DATABASE "${database}"`);
		const u = new URL(SERVER);
		u.pathname = `/${database}`;
		url = u.toString();
	});
	afterAll(async () => {
		if (!admin) return;
		await admin.unsafe(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
		await admin.end();
	});

	/** An app instance: its own pool on the one database. */
	async function instance(): Promise<PgStore> {
		const store = new PgStore(url, { max: 4 });
		await store.open();
		return store;
	}

	contract('PostgreSQL', async () => {
		const store = await instance();
		const other = await instance();
		return { store, bytes: photoBytesFor(store, '/nonexistent'), other: { store: other, bytes: photoBytesFor(other, '/nonexistent') } };
	});

	describe('two instances on one database', () => {
		let a: PgStore;
		let b: PgStore;
		const ctx = (store: Store): PhotoContext => ({ store, bytes: photoBytesFor(store, '/nonexistent'), now: new Date(T0) });

		beforeAll(async () => {
			a = await instance();
			b = await instance();
			await a.insertUser({ ...marie, id: 'paul', name: 'Paul' });
		});
		afterAll(async () => {
			await a?.close();
			await b?.close();
		});

		it('chooses the database for a PostgreSQL store, the same bytes for each call', () => {
			expect(photoBytesFor(a, '/nonexistent')).toBeInstanceOf(PgPhotoBytes);
			expect(photoBytesFor(a, '/x')).toBe(photoBytesFor(a, '/y'));
			expect(photoBytesFor(b, '/x')).not.toBe(photoBytesFor(a, '/x'));
		});

		it('take one photo in chunks alternating between them; both read it back identical', async () => {
			const paul = { ...marie, id: 'paul', name: 'Paul' };
			const bytes = jpeg(2_600_000);
			const sha = shaOf(bytes);
			expect(await createUpload(ctx(a), paul, sha, { size: bytes.length, mime: 'image/jpeg' })).toEqual({ offset: 0, done: false });
			const instances = [a, b];
			let offset = 0;
			for (let i = 0; offset < bytes.length; i++) {
				const end = Math.min(bytes.length, offset + 300_000);
				const state = await appendChunk(ctx(instances[i % 2]!), paul, sha, offset, bytes.subarray(offset, end));
				expect(state).toEqual({ offset: end, done: end === bytes.length });
				// The next instance knows where the upload stands (nothing held in either process).
				if (end < bytes.length)
					expect(await createUpload(ctx(instances[(i + 1) % 2]!), paul, sha, { size: bytes.length, mime: 'image/jpeg' })).toEqual({ offset: end, done: false });
				offset = end;
			}
			for (const store of instances) {
				const photo = await readPhoto(ctx(store), paul, sha);
				expect(photo).toMatchObject({ sha, mime: 'image/jpeg', size: bytes.length });
				expect(Buffer.from(photo!.bytes).equals(bytes)).toBe(true);
				expect((await store.getPhoto(sha))?.completedAt).toBe(T0);
			}
			expect(await createUpload(ctx(b), marie, sha, { size: bytes.length, mime: 'image/jpeg' })).toEqual({ offset: bytes.length, done: true });
		});

		it('answer one of two PATCHes of the same chunk, the other with 409 and where the server is', async () => {
			const paul = { ...marie, id: 'paul', name: 'Paul' };
			const bytes = jpeg(3000);
			const sha = shaOf(bytes);
			await createUpload(ctx(a), paul, sha, { size: 3000, mime: 'image/jpeg' });
			await appendChunk(ctx(b), paul, sha, 0, bytes.subarray(0, 1000));
			const settled = await Promise.allSettled([
				appendChunk(ctx(a), paul, sha, 1000, bytes.subarray(1000, 2000)),
				appendChunk(ctx(b), paul, sha, 1000, bytes.subarray(1000, 2000))
			]);
			expect(settled.filter((r) => r.status === 'fulfilled').map((r) => r.value)).toEqual([{ offset: 2000, done: false }]);
			const refused = settled.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []));
			expect(refused).toHaveLength(1);
			expect(refused[0]).toBeInstanceOf(PhotoError);
			expect(refused[0]).toMatchObject({ code: 'offset_mismatch', state: { offset: 2000, done: false } });
			// The last chunk, sent to both at once (a retry after a lost answer): complete once, 409 done for the other.
			const last = await Promise.allSettled([
				appendChunk(ctx(a), paul, sha, 2000, bytes.subarray(2000)),
				appendChunk(ctx(b), paul, sha, 2000, bytes.subarray(2000))
			]);
			expect(last.filter((r) => r.status === 'fulfilled').map((r) => r.value)).toEqual([{ offset: 3000, done: true }]);
			expect(last.find((r) => r.status === 'rejected')?.reason).toMatchObject({ code: 'offset_mismatch', state: { offset: 3000 } });
			expect(Buffer.from((await readPhoto(ctx(b), paul, sha))!.bytes).equals(bytes)).toBe(true);
			const rows = await a.sql<{ offset: string }[]>`SELECT "offset" FROM photo_chunks WHERE sha = ${sha} ORDER BY "offset"`;
			expect(rows.map((r) => Number(r.offset))).toEqual([0, 1000, 2000]);
		});

		it('forget an upload whose bytes do not match, on whichever instance the last chunk reached', async () => {
			const paul = { ...marie, id: 'paul', name: 'Paul' };
			const bytes = jpeg(2000);
			const sha = shaOf(bytes);
			const wrong = Buffer.from(bytes);
			wrong[1500] = (wrong[1500] ?? 0) ^ 0xff;
			await createUpload(ctx(a), paul, sha, { size: 2000, mime: 'image/jpeg' });
			await appendChunk(ctx(a), paul, sha, 0, wrong.subarray(0, 1000));
			await expect(appendChunk(ctx(b), paul, sha, 1000, wrong.subarray(1000))).rejects.toMatchObject({ code: 'photo_hash_mismatch' });
			expect(await a.getPhoto(sha)).toBeNull();
			expect(await a.sql`SELECT 1 FROM photo_chunks WHERE sha = ${sha}`).toHaveLength(0);
			expect(await createUpload(ctx(b), paul, sha, { size: 2000, mime: 'image/jpeg' })).toEqual({ offset: 0, done: false });
			expect(await appendChunk(ctx(a), paul, sha, 0, bytes)).toEqual({ offset: 2000, done: true });
		});

		it('finish an upload whose last chunk was kept but not checked when its instance stopped', async () => {
			const paul = { ...marie, id: 'paul', name: 'Paul' };
			const bytes = jpeg(1500);
			const sha = shaOf(bytes);
			await createUpload(ctx(a), paul, sha, { size: 1500, mime: 'image/jpeg' });
			// The chunk committed, then the instance died before hashing.
			expect(await photoBytesFor(a, '').append(sha, 0, bytes)).toEqual({ accepted: true, received: 1500 });
			expect(await readPhoto(ctx(b), paul, sha)).toBeNull();
			expect(await createUpload(ctx(b), paul, sha, { size: 1500, mime: 'image/jpeg' })).toEqual({ offset: 1500, done: true });
			expect(Buffer.from((await readPhoto(ctx(a), paul, sha))!.bytes).equals(bytes)).toBe(true);
		});

		it('take again a photo marked complete whose bytes are missing (copied from a folder that had lost the file)', async () => {
			const paul = { ...marie, id: 'paul', name: 'Paul' };
			const bytes = jpeg(1200);
			const sha = shaOf(bytes);
			await a.insertPhoto({ sha, size: 1200, mime: 'image/jpeg', uploadedBy: 'paul', createdAt: T0, completedAt: T0 });
			expect(await readPhoto(ctx(a), paul, sha)).toBeNull();
			expect(await createUpload(ctx(b), paul, sha, { size: 1200, mime: 'image/jpeg' })).toEqual({ offset: 0, done: false });
			expect(await appendChunk(ctx(a), paul, sha, 0, bytes)).toEqual({ offset: 1200, done: true });
			expect(Buffer.from((await readPhoto(ctx(b), paul, sha))!.bytes).equals(bytes)).toBe(true);
			expect((await b.getPhoto(sha))?.completedAt).toBe(T0);
		});
	});
});
