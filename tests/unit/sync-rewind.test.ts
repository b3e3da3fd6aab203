/**
 * A server restored from a backup (sync-protocol.md, « Restore and rewind »), with phones (Dexie on
 * fake-indexeddb) syncing with the real server service on a real store. The backup is a second
 * store that received every request the live one did until the backup was taken; restoring makes
 * it the live one, with a new generation (what `npm run admin -- restore` and `copy-to-postgres`
 * do). So the test runs unchanged on SQLite and PostgreSQL.
 *
 * After the restore, the phones sync: the server ends with every value, decision and comment they
 * had sent since the backup, once each; a newer edit made by another phone after the restore is not
 * overwritten by the older value sent again; photos are uploaded again; the person is told.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as v from 'valibot';
import { AtlasDb } from '$lib/db/database';
import { createSheet, getSheet, reviewSheet, updateSheet } from '$lib/db/sheets';
import { getMeta, META } from '$lib/db/meta';
import { SyncEngine, type Transport } from '$lib/sync/engine';
import { pull, push, SyncError } from '$lib/server/sync/service';
import { serverIdentity } from '$lib/server/sync/identity';
import { PullBody, PushBody } from '$lib/schemas/sync';
import type { User } from '$lib/server/store/types';
import { openTestStore, type TestStore } from './stores';

let dir: string;
let n = 0;

function user(id: string, role: User['role'], communes: string[] = []): User {
	return { id, name: id, role, communes, login: null, passwordHash: null, createdAt: '2026-11-28T10:00:00.000Z', lastSeenAt: null, revokedAt: null };
}
const marie = user('marie', 'benevole');
const paul = user('paul', 'benevole');
const mairie = user('mairie', 'mairie', ['61309']);
const claire = user('claire', 'coordinateur');

/**
 * The server's database and its backup: until `backup()`, every request is served by both (the
 * backup's answers are dropped), so at `restore()` the backup is exactly the live database as it
 * was when the backup was taken.
 */
class Cluster {
	#backupTaken = false;
	private constructor(
		public live: TestStore,
		public backup: TestStore,
		readonly retired: TestStore[] = []
	) {}

	static async open(folder: string, name = 'atlas'): Promise<Cluster> {
		const live = await openTestStore(folder, `${name}-live`);
		const backup = await openTestStore(folder, `${name}-backup`);
		for (const s of [live, backup]) for (const u of [marie, paul, mairie, claire]) await s.insertUser(u);
		const me = await serverIdentity(live);
		await backup.putSetting('server_id', me.id);
		await backup.putSetting('server_generation', me.generation);
		return new Cluster(live, backup);
	}

	/** `npm run admin -- backup`: the backup stops following the live database. */
	takeBackup(): void {
		this.#backupTaken = true;
	}

	/** `npm run admin -- restore`: the backup becomes the database, in a new generation. */
	async restore(): Promise<void> {
		if (!this.#backupTaken) throw new Error('no backup taken');
		this.retired.push(this.live);
		this.live = this.backup;
		await this.live.putSetting('server_generation', `restored-${Math.random()}`);
	}

	async serve(u: User, path: string, body: unknown): Promise<{ status: number; body: unknown }> {
		const answer = await serveOn(this.live, u, path, body);
		if (!this.#backupTaken) await serveOn(this.backup, u, path, body);
		return answer;
	}

	async close(): Promise<void> {
		for (const s of new Set([this.live, this.backup, ...this.retired])) await s.close();
	}
}

async function serveOn(store: TestStore, u: User, path: string, body: unknown): Promise<{ status: number; body: unknown }> {
	try {
		if (path === '/api/sync/push') return { status: 200, body: await push({ store }, u, v.parse(PushBody, body)) };
		return { status: 200, body: await pull({ store }, u, v.parse(PullBody, body)) };
	} catch (e) {
		if (e instanceof SyncError) return { status: e.code === 'upgrade_required' ? 426 : 403, body: { code: e.code } };
		throw e;
	}
}

class Network implements Transport {
	faults: ('drop-request' | 'drop-answer' | 'duplicate')[] = [];
	constructor(
		readonly cluster: () => Cluster,
		readonly user: User
	) {}

	async post(path: string, body: unknown): Promise<{ status: number; body: unknown }> {
		const fault = this.faults.shift();
		if (fault === 'drop-request') throw new TypeError('network');
		const answer = await this.cluster().serve(this.user, path, body);
		if (fault === 'duplicate') await this.cluster().serve(this.user, path, body);
		if (fault === 'drop-answer') throw new TypeError('network');
		return answer;
	}
}

interface Phone {
	db: AtlasDb;
	net: Network;
	engine: SyncEngine;
}

let cluster: Cluster;

async function phone(u: User): Promise<Phone> {
	const db = new AtlasDb(`rewind-${++n}-${Math.random()}`);
	await db.open();
	const net = new Network(() => cluster, u);
	return { db, net, engine: new SyncEngine(db, net) };
}

async function newPress(p: Phone, name: string): Promise<string> {
	const s = await createSheet(p.db, 'pressoir');
	await updateSheet(p.db, s.id, { name, commune: '61309' });
	return s.id;
}

beforeEach(async () => {
	dir = mkdtempSync(join(tmpdir(), 'atlas-rewind-'));
	cluster = await Cluster.open(dir);
});
afterEach(async () => {
	await cluster.close();
	rmSync(dir, { recursive: true, force: true });
});

describe('a server restored from last night’s backup', () => {
	it('gets back every value, decision and comment the phones sent since, once each, and the phones say so', async () => {
		const a = await phone(marie);
		const office = await phone(mairie);
		const kept = await newPress(a, 'Pressoir de Préaux');
		await updateSheet(a.db, kept, { status: 'soumis' });
		expect(await a.engine.syncOnce()).toMatchObject({ ok: true });
		await office.engine.syncOnce();
		cluster.takeBackup();

		// After the backup: edits, a new sheet, a send back with its reason, a comment alone.
		await updateSheet(a.db, kept, { notes: 'Tourne encore en octobre', address: '2 rue du Moulin' });
		const fresh = await newPress(a, 'Moulin Astrié');
		expect(await a.engine.syncOnce()).toMatchObject({ ok: true });
		await office.engine.syncOnce();
		await reviewSheet(office.db, kept, { status: 'a_corriger', comment: 'Il manque le téléphone.' });
		await reviewSheet(office.db, fresh, { comment: 'Je passe le voir samedi.' });
		expect(await office.engine.syncOnce()).toMatchObject({ ok: true });
		// And one edit still waiting on the phone when the server goes down.
		await updateSheet(a.db, fresh, { orgPhone: '02 33 25 00 00' });

		await cluster.restore();
		expect(await cluster.live.getRecord(fresh)).toBeNull();

		const healedA = await a.engine.syncOnce();
		const healedOffice = await office.engine.syncOnce();
		await a.engine.syncOnce();
		await office.engine.syncOnce();

		const first = await cluster.live.getRecord(kept);
		expect(first?.fields.notes?.v).toBe('Tourne encore en octobre');
		expect(first?.fields.address?.v).toBe('2 rue du Moulin');
		expect(first?.fields.status?.v).toBe('a_corriger');
		const second = await cluster.live.getRecord(fresh);
		expect(second?.fields.name?.v).toBe('Moulin Astrié');
		expect(second?.fields.orgPhone?.v).toBe('02 33 25 00 00');
		// Each comment once; the send back's reason shown with its decision.
		const comments = await cluster.live.listComments([kept, fresh]);
		expect(comments.map((c) => [c.recordId, c.text, c.status]).sort()).toEqual(
			[
				[kept, 'Il manque le téléphone.', 'a_corriger'],
				[fresh, 'Je passe le voir samedi.', null]
			].sort()
		);
		// The values sent again are the acknowledged writes, not conflicts with the restored ones.
		expect(await cluster.live.listConflicts(true)).toEqual([]);
		for (const p of [a, office]) {
			expect(await p.db.outbox.count()).toBe(0);
			expect((await getSheet(p.db, kept))?.fields).toMatchObject({ notes: 'Tourne encore en octobre', status: 'a_corriger' });
			expect((await getSheet(p.db, fresh))?.fields).toMatchObject({ orgPhone: '02 33 25 00 00' });
			expect(await getMeta(p.db, META.restoreHealedAt, null)).toEqual(expect.any(String));
		}
		expect(healedA).toMatchObject({ ok: true, healedAt: expect.any(String) });
		expect(healedOffice).toMatchObject({ ok: true, healedAt: expect.any(String) });
		// Healed once: the next exchanges are ordinary ones.
		expect(await a.engine.syncOnce()).not.toHaveProperty('healedAt');
	});

	it('tells a phone that only read since the backup that it had nothing to send again, and one that sent how much', async () => {
		const a = await phone(marie);
		const reader = await phone(mairie);
		const kept = await newPress(a, 'Pressoir de Préaux');
		expect(await a.engine.syncOnce()).toMatchObject({ ok: true });
		expect(await reader.engine.syncOnce()).toMatchObject({ ok: true });
		cluster.takeBackup();
		await updateSheet(a.db, kept, { notes: 'Tourne encore en octobre' });
		expect(await a.engine.syncOnce()).toMatchObject({ ok: true });
		// The mairie only reads what came after the backup.
		expect(await reader.engine.syncOnce()).toMatchObject({ ok: true });
		await cluster.restore();

		expect(await reader.engine.syncOnce()).toMatchObject({ ok: true, healedAt: expect.any(String), restoreResent: 0 });
		expect(await getMeta(reader.db, META.restoreResent, null)).toBe(0);
		expect(await a.engine.syncOnce()).toMatchObject({ ok: true, healedAt: expect.any(String), restoreResent: 1 });
		expect(await getMeta(a.db, META.restoreResent, null)).toBe(1);
	});

	it('does not overwrite a newer edit made by another phone after the restore with the older value sent again', async () => {
		const a = await phone(marie);
		const coord = await phone(claire);
		const id = await newPress(a, 'Pressoir de Préaux');
		await a.engine.syncOnce();
		await coord.engine.syncOnce();
		cluster.takeBackup();

		await updateSheet(a.db, id, { name: 'Pressoir de Préaux (ancien)' });
		await a.engine.syncOnce();
		await coord.engine.syncOnce();
		await cluster.restore();
		// The coordinator corrects the name on the restored server before the phone comes back.
		await updateSheet(coord.db, id, { name: 'Pressoir de la ferme des Préaux' });
		await updateSheet(a.db, id, { notes: 'écrit pendant la panne' });
		expect(await coord.engine.syncOnce()).toMatchObject({ ok: true });
		await coord.engine.syncOnce();

		expect(await a.engine.syncOnce()).toMatchObject({ ok: true });
		await a.engine.syncOnce();
		await coord.engine.syncOnce();
		expect((await cluster.live.getRecord(id))?.fields.notes?.v).toBe('écrit pendant la panne');
		expect((await cluster.live.getRecord(id))?.fields.name?.v).toBe('Pressoir de la ferme des Préaux');
		for (const p of [a, coord]) expect((await getSheet(p.db, id))?.fields.name).toBe('Pressoir de la ferme des Préaux');
	});

	it('gives a sheet created since the backup back to its author, even when another phone’s edit reached the restored server first', async () => {
		const a = await phone(marie);
		const coord = await phone(claire);
		await a.engine.syncOnce();
		cluster.takeBackup();
		const id = await newPress(a, 'Moulin de la Forge');
		await a.engine.syncOnce();
		await coord.engine.syncOnce();
		await cluster.restore();
		// The coordinator's edit arrives first: the restored server never saw the sheet.
		await updateSheet(coord.db, id, { notes: 'Vu par la coordination' });
		await coord.engine.syncOnce();

		await a.engine.syncOnce();
		await a.engine.syncOnce();
		await coord.engine.syncOnce();
		const record = await cluster.live.getRecord(id);
		expect(record?.createdBy).toBe('marie');
		expect(record?.fields.category?.v).toBe('pressoir');
		expect(record?.fields.name?.v).toBe('Moulin de la Forge');
		expect(record?.fields.notes?.v).toBe('Vu par la coordination');
		expect(await a.db.rejections.count()).toBe(0);
		for (const p of [a, coord]) expect((await getSheet(p.db, id))?.fields).toMatchObject({ name: 'Moulin de la Forge', notes: 'Vu par la coordination' });
		// Still hers: she edits it again.
		await updateSheet(a.db, id, { address: 'La Forge' });
		await a.engine.syncOnce();
		expect((await cluster.live.getRecord(id))?.fields.address?.v).toBe('La Forge');
	});

	it('heals a phone whose answer was lost and that kept typing, with nothing doubled', async () => {
		const a = await phone(marie);
		const id = await newPress(a, 'Pressoir de Préaux');
		await a.engine.syncOnce();
		cluster.takeBackup();
		await updateSheet(a.db, id, { name: 'Pressoir des Préaux' });
		await a.engine.syncOnce();
		await updateSheet(a.db, id, { notes: 'première note' });
		a.net.faults = ['drop-answer'];
		expect(await a.engine.syncOnce()).toMatchObject({ ok: false, reason: 'offline' });
		await updateSheet(a.db, id, { notes: 'seconde note', address: 'La Forge' });
		await cluster.restore();

		expect(await a.engine.syncOnce()).toMatchObject({ ok: true });
		await a.engine.syncOnce();
		const record = await cluster.live.getRecord(id);
		expect(record?.fields.name?.v).toBe('Pressoir des Préaux');
		expect(record?.fields.notes?.v).toBe('seconde note');
		expect(record?.fields.address?.v).toBe('La Forge');
		expect(await a.db.outbox.count()).toBe(0);
		expect(await cluster.live.listConflicts(true)).toEqual([]);
	});

	it('uploads again the photos whose bytes are still on the phone, and leaves a freed one as it is', async () => {
		const a = await phone(marie);
		await newPress(a, 'Pressoir de Préaux');
		const photo = { mime: 'image/jpeg', bytes: 4, width: 2, height: 2, createdAt: '2026-11-28T10:00:00.000Z', uploaded: true };
		await a.db.photos.put({ sha: 'a'.repeat(64), data: new Uint8Array([1, 2, 3, 4]).buffer, ...photo });
		// A photo whose full bytes were freed has only a thumbnail (no data).
		await a.db.photos.put({ sha: 'b'.repeat(64), ...photo } as unknown as Parameters<typeof a.db.photos.put>[0]);
		await a.engine.syncOnce();
		cluster.takeBackup();
		await cluster.restore();
		expect(await a.engine.syncOnce()).toMatchObject({ ok: true, healedAt: expect.any(String) });
		expect((await a.db.photos.get('a'.repeat(64)))?.uploaded).toBe(false);
		expect((await a.db.photos.get('b'.repeat(64)))?.uploaded).toBe(true);
	});

	it('heals a phone that updated the app after the restore (no identity or acknowledgements stored yet)', async () => {
		const a = await phone(marie);
		const id = await newPress(a, 'Pressoir de Préaux');
		await a.engine.syncOnce();
		cluster.takeBackup();
		await updateSheet(a.db, id, { notes: 'après la sauvegarde' });
		await a.engine.syncOnce();
		await cluster.restore();
		// As an install of the previous version would be: nothing known of the server.
		await a.db.meta.bulkDelete([META.serverId, META.serverGeneration, META.ackedSeq]);
		await a.db.acked.clear();
		await updateSheet(a.db, id, { address: 'La Forge' });

		// Nothing tells this phone the server was restored: it only closes the gap, silently.
		expect(await a.engine.syncOnce()).toMatchObject({ ok: true });
		await a.engine.syncOnce();
		// The outbox is no longer stuck behind numbers the server waits for; what was acknowledged
		// before the update is the documented limit (only writes acknowledged since can be resent).
		expect((await cluster.live.getRecord(id))?.fields.address?.v).toBe('La Forge');
		expect(await a.db.outbox.count()).toBe(0);
	});
});
