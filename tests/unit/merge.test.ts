/**
 * Merging duplicates: "the merge keeps both histories and leaves a redirect from the
 * merged sheet's id (a phone still holding it syncs without error)". Real SQLite, real phones
 * (Dexie on fake-indexeddb) syncing through the service.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as v from 'valibot';
import { AtlasDb } from '$lib/db/database';
import { createSheet, getSheet, listSheets, updateSheet } from '$lib/db/sheets';
import { filterSheets, EMPTY_FILTER } from '$lib/domain/listing';
import { SyncEngine, type Transport } from '$lib/sync/engine';
import { openTestStore, type TestStore } from './stores';
import { pull, push } from '$lib/server/sync/service';
import { MergeError, mergeRecords } from '$lib/server/sync/merge-records';
import type { User } from '$lib/server/store/types';
import { PullBody, PushBody } from '$lib/schemas/sync';

let dir: string;
let store: TestStore;
let n = 0;

const person = (id: string, name: string, role: User['role'], communes: string[] = []): User => ({
	id,
	name,
	role,
	communes,
	login: null,
	passwordHash: null,
	createdAt: '2026-11-28T10:00:00.000Z',
	lastSeenAt: null,
	revokedAt: null
});
const marie = person('marie', 'Marie', 'benevole');
const paul = person('paul', 'Paul', 'benevole');
const claire = person('claire', 'Claire', 'coordinateur');

class Server implements Transport {
	constructor(readonly user: User) {}
	async post(path: string, body: unknown) {
		return path === '/api/sync/push'
			? { status: 200, body: await push({ store }, this.user, v.parse(PushBody, body)) }
			: { status: 200, body: await pull({ store }, this.user, v.parse(PullBody, body)) };
	}
}

async function phone(u: User) {
	const db = new AtlasDb(`merge-${++n}-${Math.random()}`);
	await db.open();
	return { db, engine: new SyncEngine(db, new Server(u)) };
}

beforeEach(async () => {
	dir = mkdtempSync(join(tmpdir(), 'atlas-merge-'));
	store = await openTestStore(dir);
	for (const u of [marie, paul, claire]) await store.insertUser(u);
});
afterEach(async () => {
	await store.close();
	rmSync(dir, { recursive: true, force: true });
});

/** Two volunteers surveyed the same press. */
async function twoPresses() {
	const a = await phone(marie);
	const b = await phone(paul);
	const sa = await createSheet(a.db, 'pressoir');
	await updateSheet(a.db, sa.id, { name: 'Pressoir de la Cour Croissant', commune: '61309', orgPhone: '02 33 00 00 01' });
	const sb = await createSheet(b.db, 'pressoir');
	await updateSheet(b.db, sb.id, { name: 'Pressoir Cour-Croissant', commune: '61309', notes: 'Ouvert en octobre.' });
	await a.engine.syncOnce();
	await b.engine.syncOnce();
	return { a, b, keep: sa.id, drop: sb.id };
}

describe('merging two sheets of the same tool', () => {
	it('takes the chosen fields, keeps both histories, and marks the other merged and deleted', async () => {
		const { keep, drop } = await twoPresses();
		const dropHistoryBefore = (await store.listHistory(drop)).length;
		await mergeRecords(store, claire, { keep, drop, take: ['notes'] });
		const kept = await store.getRecord(keep);
		expect(kept?.fields.name?.v).toBe('Pressoir de la Cour Croissant');
		expect(kept?.fields.notes?.v).toBe('Ouvert en octobre.');
		expect(kept?.fields.orgPhone?.v).toBe('02 33 00 00 01');
		const merged = await store.getRecord(drop);
		expect(merged?.mergedInto).toBe(keep);
		expect(merged?.fields.deleted?.v).toBe(true);
		// Both histories stay, each says what happened.
		const dropHistory = await store.listHistory(drop);
		expect(dropHistory.length).toBe(dropHistoryBefore + 1);
		expect(dropHistory.at(-1)).toMatchObject({ field: 'deleted', new: true, via: 'server', reason: `merged_into:${keep}` });
		expect((await store.listHistory(keep)).at(-1)).toMatchObject({ field: 'notes', new: 'Ouvert en octobre.', reason: `merged_from:${drop}` });
		// No conflict: the server saw what it replaced.
		expect(await store.listConflicts(true)).toEqual([]);
	});

	it('lets a phone still holding the merged sheet sync cleanly: its pending edit lands on the kept sheet', async () => {
		const { a, b, keep, drop } = await twoPresses();
		// Paul, offline, keeps editing his copy while the coordinator merges.
		await updateSheet(b.db, drop, { accessPrice: '5 € le pressage' });
		await mergeRecords(store, claire, { keep, drop, take: [] });
		const outcome = await b.engine.syncOnce();
		expect(outcome).toMatchObject({ ok: true, rejected: 0 });
		expect(await b.db.outbox.count()).toBe(0);
		expect((await store.getRecord(keep))?.fields.accessPrice?.v).toBe('5 € le pressage');
		// His copy now says where the tool went, and leaves his lists; the kept sheet arrives by pull.
		const copy = await getSheet(b.db, drop);
		expect(copy?.mergedInto).toBe(keep);
		expect((await getSheet(b.db, keep))?.fields.accessPrice).toBe('5 € le pressage');
		const listed = filterSheets((await listSheets(b.db)).sheets, EMPTY_FILTER, new Set(), () => '');
		expect(listed.map((s) => s.id)).toEqual([keep]);
		// Deleting his old copy later does not delete the tool.
		await updateSheet(b.db, drop, { deleted: true });
		expect(await b.engine.syncOnce()).toMatchObject({ ok: true, rejected: 0 });
		expect((await store.getRecord(keep))?.fields.deleted?.v).toBe(false);
		await a.engine.syncOnce();
		expect((await getSheet(a.db, keep))?.fields.accessPrice).toBe('5 € le pressage');
	});

	it('refuses merging a sheet with itself, an unknown or an already merged sheet, or taking its tombstone', async () => {
		const { keep, drop } = await twoPresses();
		await expect(mergeRecords(store, claire, { keep, drop: keep, take: [] })).rejects.toBeInstanceOf(MergeError);
		await expect(mergeRecords(store, claire, { keep, drop: 'Inconnue0000000001', take: [] })).rejects.toMatchObject({ code: 'not_found' });
		await expect(mergeRecords(store, claire, { keep, drop, take: ['deleted'] })).rejects.toMatchObject({ code: 'merge_invalid' });
		await mergeRecords(store, claire, { keep, drop, take: [] });
		await expect(mergeRecords(store, claire, { keep, drop, take: [] })).rejects.toMatchObject({ code: 'merge_invalid' });
		await expect(mergeRecords(store, claire, { keep: drop, drop: keep, take: [] })).rejects.toMatchObject({ code: 'merge_invalid' });
	});
});
