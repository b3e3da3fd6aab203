/**
 * The review seen from devices (issue 5): phones and an office browser (Dexie on fake-indexeddb)
 * syncing with the real server service on a real SQLite file. Decisions and comments are written
 * on the device first (outbox), so they survive being offline and lost answers, and come back to
 * the volunteer's phone as the sheet's status and thread.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as v from 'valibot';
import { AtlasDb } from '$lib/db/database';
import { createSheet, getSheet, pendingComments, pendingSheetIds, reviewSheet, updateSheet } from '$lib/db/sheets';
import { getMeta, META } from '$lib/db/meta';
import { SyncEngine, type Transport } from '$lib/sync/engine';
import { SqliteStore } from '$lib/server/sqlite/store';
import { pull, push } from '$lib/server/sync/service';
import { setReverifyMonths } from '$lib/server/settings';
import { sendBackReason } from '$lib/domain/review';
import type { User } from '$lib/server/store/types';
import { PullBody, PushBody } from '$lib/schemas/sync';

let dir: string;
let store: SqliteStore;
let n = 0;

function user(id: string, name: string, role: User['role'], communes: string[] = []): User {
	return { id, name, role, communes, login: null, passwordHash: null, createdAt: '2026-11-28T10:00:00.000Z', lastSeenAt: null, revokedAt: null };
}

/** The server in process, with a network that can drop the next request or answer. */
class Server implements Transport {
	faults: ('drop-request' | 'drop-answer')[] = [];
	constructor(readonly user: User) {}
	async post(path: string, body: unknown): Promise<{ status: number; body: unknown }> {
		const fault = this.faults.shift();
		if (fault === 'drop-request') throw new TypeError('network');
		const answer =
			path === '/api/sync/push'
				? { status: 200, body: await push({ store, device: 'Firefox sur Windows' }, this.user, v.parse(PushBody, body)) }
				: { status: 200, body: await pull({ store }, this.user, v.parse(PullBody, body)) };
		if (fault === 'drop-answer') throw new TypeError('network');
		return answer;
	}
}

async function device(u: User) {
	const db = new AtlasDb(`review-${++n}-${Math.random()}`);
	await db.open();
	const server = new Server(u);
	return { db, server, engine: new SyncEngine(db, server) };
}

const marie = user('marie', 'Marie Lefèvre', 'benevole');
const mairie = user('mairie', 'Mairie de Perche en Nocé', 'mairie', ['61309']);

beforeEach(async () => {
	dir = mkdtempSync(join(tmpdir(), 'atlas-review-client-'));
	store = new SqliteStore(join(dir, 'atlas.sqlite'));
	for (const u of [marie, mairie]) await store.insertUser(u);
});
afterEach(async () => {
	await store.close();
	rmSync(dir, { recursive: true, force: true });
});

async function handedInPress(phone: Awaited<ReturnType<typeof device>>) {
	const s = await createSheet(phone.db, 'pressoir');
	await updateSheet(phone.db, s.id, { name: 'Pressoir de Préaux', commune: '61309' });
	await updateSheet(phone.db, s.id, { status: 'soumis' });
	expect(await phone.engine.syncOnce()).toMatchObject({ ok: true });
	return s.id;
}

describe('the review loop between devices', () => {
	it('sends a send back and its comment in ONE outbox row, survives a lost answer, and shows on the volunteer’s phone with the comment', async () => {
		const phone = await device(marie);
		const id = await handedInPress(phone);
		const office = await device(mairie);
		await office.engine.syncOnce();

		await reviewSheet(office.db, id, { status: 'a_corriger', comment: '  Il manque le téléphone.  ' });
		const rows = await office.db.outbox.toArray();
		expect(rows).toHaveLength(1);
		expect(rows[0]?.fields.status?.v).toBe('a_corriger');
		expect(rows[0]?.comments?.map((c) => c.text)).toEqual(['Il manque le téléphone.']);
		expect((await pendingComments(office.db, id)).map((c) => c.text)).toEqual(['Il manque le téléphone.']);

		// The answer is lost after the server applied it: the retry changes nothing more.
		office.server.faults = ['drop-answer'];
		expect(await office.engine.syncOnce()).toMatchObject({ ok: false, reason: 'offline' });
		expect(await office.engine.syncOnce()).toMatchObject({ ok: true });
		expect(await office.db.outbox.count()).toBe(0);
		expect(await store.listComments([id])).toHaveLength(1);

		await phone.engine.syncOnce();
		const seen = await getSheet(phone.db, id);
		expect(seen?.fields.status).toBe('a_corriger');
		expect(seen?.createdBy).toBe('marie');
		const reason = sendBackReason(seen?.thread ?? []);
		expect(reason).toMatchObject({ by: 'Mairie de Perche en Nocé', role: 'mairie', status: 'a_corriger', text: 'Il manque le téléphone.' });

		// Corrected and resent: the mairie sees it to review again.
		await updateSheet(phone.db, id, { orgPhone: '02 33 25 00 00' });
		await updateSheet(phone.db, id, { status: 'soumis' });
		await phone.engine.syncOnce();
		await office.engine.syncOnce();
		expect((await getSheet(office.db, id))?.fields).toMatchObject({ status: 'soumis', orgPhone: '02 33 25 00 00' });
		const history = await store.listHistory(id);
		expect(history.filter((h) => h.field === 'status').map((h) => h.new)).toEqual(['soumis', 'a_corriger', 'soumis']);
		expect(history.find((h) => h.new === 'a_corriger')).toMatchObject({ by: 'mairie', device: 'Firefox sur Windows' });
	});

	it('keeps a comment written alone as a pending edit, folds a second one into the same row, and stores each once', async () => {
		const phone = await device(marie);
		const id = await handedInPress(phone);
		await reviewSheet(phone.db, id, { comment: 'Le moulin tourne le samedi.' });
		await reviewSheet(phone.db, id, { comment: 'Et le dimanche matin.' });
		await reviewSheet(phone.db, id, { comment: '   ' }); // an empty comment is not one
		expect(await pendingSheetIds(phone.db)).toEqual(new Set([id]));
		const rows = await phone.db.outbox.toArray();
		expect(rows).toHaveLength(1);
		expect(rows[0]?.fields).toEqual({});
		expect(rows[0]?.comments?.map((c) => c.text)).toEqual(['Le moulin tourne le samedi.', 'Et le dimanche matin.']);
		await phone.engine.syncOnce();
		expect((await store.listComments([id])).map((c) => c.text)).toEqual(['Le moulin tourne le samedi.', 'Et le dimanche matin.']);
		expect((await getSheet(phone.db, id))?.thread?.map((c) => c.by)).toEqual(['Marie Lefèvre', 'Marie Lefèvre']);
		expect(await pendingSheetIds(phone.db)).toEqual(new Set());
	});

	it('brings the server’s status back to a device whose decision came too late (the sheet was reopened meanwhile)', async () => {
		const phone = await device(marie);
		const id = await handedInPress(phone);
		const office = await device(mairie);
		await office.engine.syncOnce();
		// The volunteer reopens the draft; the office, not yet aware, validates.
		await updateSheet(phone.db, id, { status: 'brouillon' });
		await phone.engine.syncOnce();
		await reviewSheet(office.db, id, { status: 'valide' });
		expect(await office.engine.syncOnce()).toMatchObject({ ok: true, rejected: 0 });
		expect((await getSheet(office.db, id))?.fields.status).toBe('brouillon');
		expect((await store.listConflicts(true)).map((c) => [c.field, c.lost.v])).toEqual([['status', 'valide']]);
	});

	it('carries the coordinator’s re-verification age to every device with the pull', async () => {
		const phone = await device(marie);
		await phone.engine.syncOnce();
		expect(await getMeta(phone.db, META.reverifyMonths, null)).toBe(24);
		await setReverifyMonths(store, 6);
		await phone.engine.syncOnce();
		expect(await getMeta(phone.db, META.reverifyMonths, null)).toBe(6);
	});
});
