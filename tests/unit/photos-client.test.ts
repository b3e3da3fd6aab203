/**
 * The phone's photo uploader against the real photo service (real SQLite and files in a temp
 * folder), through a transport that can lose answers: resumable, no duplicates, the record syncs
 * before its photo (scenario 15), a server restart mid-upload resumes (the in-process half of 14).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AtlasDb } from '$lib/db/database';
import { createSheet } from '$lib/db/sheets';
import { addPhotoToSheet } from '$lib/db/photos';
import { PhotoUploader, type PhotoTransport } from '$lib/sync/photos';
import { SyncEngine, type Transport } from '$lib/sync/engine';
import { openTestStore, reopenTestStore, type TestStore } from './stores';
import { appendChunk, createUpload, PhotoError, photoBytesFor, readPhoto } from '$lib/server/photos';
import { pull, push } from '$lib/server/sync/service';
import type { User } from '$lib/server/store/types';
import * as v from 'valibot';
import { PullBody, PushBody } from '$lib/schemas/sync';

let dir: string;
let store: TestStore;
const marie: User = {
	id: 'marie',
	name: 'Marie',
	role: 'benevole',
	communes: [],
	login: null,
	passwordHash: null,
	createdAt: '2026-11-28T10:00:00.000Z',
	lastSeenAt: null,
	revokedAt: null
};
const paul: User = { ...marie, id: 'paul', name: 'Paul' };

/** A JPEG-looking payload (the server checks the signature) of `size` bytes. */
function jpeg(size: number, seed = 1): { data: ArrayBuffer; sha: string } {
	const bytes = new Uint8Array(size);
	for (let i = 0; i < size; i++) bytes[i] = (i * 31 + seed * 7) & 0xff;
	bytes.set([0xff, 0xd8, 0xff, 0xe0], 0);
	return { data: bytes.buffer, sha: createHash('sha256').update(bytes).digest('hex') };
}

class PhotoServer implements PhotoTransport {
	dropAnswers = 0;
	appends = 0;
	constructor(public user: User) {}
	async #call(fn: () => Promise<unknown>) {
		try {
			const body = await fn();
			if (this.dropAnswers > 0) {
				this.dropAnswers--;
				throw new TypeError('network');
			}
			return { status: 200, body };
		} catch (e) {
			if (e instanceof PhotoError) return { status: e.code === 'offset_mismatch' ? 409 : 400, body: { code: e.code, ...e.state } };
			throw e;
		}
	}
	create(sha: string, size: number, mime: string) {
		return this.#call(() => createUpload({ store, dir: join(dir, 'photos') }, this.user, sha, { size, mime }));
	}
	append(sha: string, offset: number, chunk: Uint8Array) {
		this.appends++;
		return this.#call(() => appendChunk({ store, dir: join(dir, 'photos') }, this.user, sha, offset, chunk));
	}
}

/** The SHA-256 of the complete photo the server holds (files or database), or null. */
async function heldBytes(sha: string): Promise<string | null> {
	const bytes = await photoBytesFor(store, join(dir, 'photos')).read(sha);
	return bytes ? createHash('sha256').update(bytes).digest('hex') : null;
}

const syncTransport = (u: User): Transport => ({
	async post(path, body) {
		if (path === '/api/sync/push') return { status: 200, body: await push({ store }, u, v.parse(PushBody, body)) };
		return { status: 200, body: await pull({ store }, u, v.parse(PullBody, body)) };
	}
});

async function phoneWithPhoto(size = 700_000) {
	const db = new AtlasDb(`photos-${Math.random()}`);
	await db.open();
	const sheet = await createSheet(db, 'pressoir');
	const photo = jpeg(size);
	await addPhotoToSheet(db, sheet.id, { ...photo, mime: 'image/jpeg', width: 2000, height: 1500 });
	return { db, sheet, photo };
}

beforeEach(async () => {
	dir = mkdtempSync(join(tmpdir(), 'atlas-photos-'));
	store = await openTestStore(dir);
	await store.insertUser(marie);
	await store.insertUser(paul);
});
afterEach(async () => {
	await store.close();
	rmSync(dir, { recursive: true, force: true });
});

describe('photo upload from the phone', () => {
	it('sends the sheet first, then its photo in chunks, and marks it uploaded only when the server has it all', async () => {
		const { db, sheet, photo } = await phoneWithPhoto();
		await new SyncEngine(db, syncTransport(marie)).syncOnce();
		expect((await store.getRecord(sheet.id))?.fields.photos?.v).toEqual([expect.objectContaining({ sha: photo.sha })]);
		const server = new PhotoServer(marie);
		const progress: number[] = [];
		const outcome = await new PhotoUploader(db, server, 256 * 1024).uploadPending((p) => p && progress.push(p.sent));
		expect(outcome).toEqual({ uploaded: 1, refused: 0, stopped: null });
		expect(server.appends).toBe(3);
		expect(progress.at(-1)).toBe(700_000);
		expect((await db.photos.get(photo.sha))?.uploaded).toBe(true);
		const back = await readPhoto({ store, dir: join(dir, 'photos') }, paul, photo.sha);
		expect(back).toBeTruthy();
	});

	it('resumes after lost answers and a server restart, without sending a byte twice to the file', async () => {
		const { db, photo } = await phoneWithPhoto();
		const server = new PhotoServer(marie);
		server.dropAnswers = 2; // the answers to the POST and the first chunk are lost: both were applied
		expect((await new PhotoUploader(db, server, 256 * 1024).uploadPending()).stopped).toBe('offline');
		// The server restarts (a new store on the same files) while the phone retries.
		store = await reopenTestStore(store, dir);
		const again = await new PhotoUploader(db, new PhotoServer(marie), 256 * 1024).uploadPending();
		expect(again).toEqual({ uploaded: 1, refused: 0, stopped: null });
		if (store.kind === 'sqlite') {
			// One file (PostgreSQL keeps photo bytes in the database: checked below for both).
			const files = readdirSync(join(dir, 'photos'), { recursive: true })
				.map(String)
				.filter((f) => f.endsWith(photo.sha));
			expect(files).toHaveLength(1);
		}
		expect(await heldBytes(photo.sha)).toBe(photo.sha);
	});

	it('makes no duplicate when a photo the server already has is sent again', async () => {
		const { db, photo } = await phoneWithPhoto(300_000);
		await new PhotoUploader(db, new PhotoServer(marie)).uploadPending();
		const other = await phoneWithPhoto(300_000); // the same bytes from another phone
		expect(other.photo.sha).toBe(photo.sha);
		const server = new PhotoServer(paul);
		expect(await new PhotoUploader(other.db, server).uploadPending()).toEqual({ uploaded: 1, refused: 0, stopped: null });
		expect(server.appends).toBe(0);
		expect(await heldBytes(photo.sha)).toBe(photo.sha);
	});

	it('gives up for good on a photo the server refuses, and says why', async () => {
		const { db, photo } = await phoneWithPhoto(1000);
		await db.photos.update(photo.sha, { mime: 'image/gif' });
		const outcome = await new PhotoUploader(db, new PhotoServer(marie)).uploadPending();
		expect(outcome.refused).toBe(1);
		expect((await db.photos.get(photo.sha))?.uploadError).toBe('photo_type');
		expect(await new PhotoUploader(db, new PhotoServer(marie)).waiting()).toEqual([]);
	});
});

import { buildBackup } from '$lib/db/backup';
import { importBackup } from '$lib/sync/import';
import { parseBackup } from '$lib/backup/format';

describe('importing a backup file', () => {
	const claire: User = { ...marie, id: 'claire', name: 'Claire', role: 'coordinateur' };
	/** /api/backups/push in process: applied as the install's owner. */
	const importTransport: Transport = {
		async post(path, body) {
			const b = body as { clientId: string; userId: string | null };
			const client = await store.getClient(b.clientId);
			const owner = (client ? await store.getUser(client.userId) : null) ?? (b.userId ? await store.getUser(b.userId) : null) ?? claire;
			const { userId: _u, ...req } = body as Record<string, unknown>;
			const result = await push({ store }, owner, v.parse(PushBody, req));
			return { status: path === '/api/backups/push' ? 200 : 404, body: { ...result, owner: { name: owner.name } } };
		}
	};

	it('applies a volunteer’s file once, as theirs, photos included — twice, or after the phone synced, changes nothing', async () => {
		await store.insertUser(claire);
		const { db, sheet, photo } = await phoneWithPhoto(300_000);
		await db.meta.put({ key: 'identity', value: { id: 'marie', name: 'Marie', role: 'benevole', communes: [], login: null, hasPassword: false } });
		const parsed = parseBackup(JSON.parse(JSON.stringify(await buildBackup(db, 'test'))));
		expect(parsed.ok).toBe(true);
		if (!parsed.ok) return;
		const report = await importBackup(parsed.backup, importTransport, new PhotoServer(claire));
		expect(report).toMatchObject({ ok: true, ownerName: 'Marie', sheets: 1, refused: 0, photos: 1 });
		expect((await store.getRecord(sheet.id))?.createdBy).toBe('marie');
		const version = await store.currentVersion();
		await importBackup(parsed.backup, importTransport, new PhotoServer(claire));
		expect(await store.currentVersion()).toBe(version);
		// The phone comes back and syncs its own outbox: nothing is applied twice.
		const outcome = await new SyncEngine(db, syncTransport(marie)).syncOnce();
		expect(outcome.ok).toBe(true);
		expect(await store.currentVersion()).toBe(version);
		expect(await db.outbox.count()).toBe(0);
		expect(await heldBytes(photo.sha)).toBe(photo.sha);
	});
});
