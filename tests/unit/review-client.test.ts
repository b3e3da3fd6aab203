/**
 * The review seen from devices: phones and an office browser (Dexie on fake-indexeddb)
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
import { openTestStore, type TestStore } from './stores';
import { pull, push } from '$lib/server/sync/service';
import { setReverifyMonths } from '$lib/server/settings';
import { resolveConflict } from '$lib/server/sync/conflicts';
import { sendBackReason } from '$lib/domain/review';
import type { User } from '$lib/server/store/types';
import { PullBody, PushBody } from '$lib/schemas/sync';

let dir: string;
let store: TestStore;
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
	store = await openTestStore(dir);
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

describe('review fixes (a read-through found these)', () => {
	it('never queues a comment the server would refuse, and opens a new row after 20 comments', async () => {
		const phone = await device(marie);
		const id = await handedInPress(phone);
		await expect(reviewSheet(phone.db, id, { comment: 'x'.repeat(2001) })).rejects.toThrow();
		expect(await phone.db.outbox.count()).toBe(0);
		for (let i = 1; i <= 21; i++) await reviewSheet(phone.db, id, { comment: `Message ${i}` });
		expect((await phone.db.outbox.toArray()).map((r) => r.comments?.length)).toEqual([20, 1]);
		expect(await phone.engine.syncOnce()).toMatchObject({ ok: true, rejected: 0 });
		expect(await store.listComments([id])).toHaveLength(21);
	});

	it('refuses one over-long comment alone (invalid) and goes on with the queue', async () => {
		const phone = await device(marie);
		const id = await handedInPress(phone);
		const res = await push({ store }, marie, {
			protocol: 1,
			schemaVersion: 1,
			clientId: 'marie-other-install',
			mutations: [
				{ seq: 1, recordId: id, fields: {}, comments: [{ id: 'CommentTooLong0001', text: 'x'.repeat(2001), at: new Date().toISOString() }] },
				{ seq: 2, recordId: id, fields: {}, comments: [{ id: 'CommentFine000001', text: 'Court', at: new Date().toISOString() }] }
			]
		});
		expect(res).toMatchObject({ lastSeq: 2, rejected: [{ seq: 1, code: 'invalid' }] });
		expect((await store.listComments([id])).map((c) => c.text)).toEqual(['Court']);
	});

	it('keeps the comments of a refused row for the person to see', async () => {
		const phone = await device(marie);
		const id = await handedInPress(phone);
		const office = await device(user('ceton', 'Mairie de Ceton', 'mairie', ['61079']));
		await store.insertUser(office.server.user);
		await office.engine.syncOnce();
		await reviewSheet(office.db, id, { comment: 'Ce pressoir est-il à Ceton ?' });
		expect(await office.engine.syncOnce()).toMatchObject({ ok: true, rejected: 1 });
		const rejections = await office.db.rejections.toArray();
		expect(rejections.flatMap((r) => r.comments ?? []).map((c) => c.text)).toEqual(['Ce pressoir est-il à Ceton ?']);
	});

	it('a mairie creating and validating a sheet before its first sync gets it validated', async () => {
		const office = await device(mairie);
		const s = await createSheet(office.db, 'fournil_four');
		await updateSheet(office.db, s.id, { name: 'Four banal', commune: '61309' });
		await reviewSheet(office.db, s.id, { status: 'valide' });
		expect(await office.engine.syncOnce()).toMatchObject({ ok: true, rejected: 0 });
		expect((await store.getRecord(s.id))?.fields.status?.v).toBe('valide');
	});

	it('a correction resent while the mairie validated goes back to review, with no false conflict', async () => {
		const phone = await device(marie);
		const id = await handedInPress(phone);
		const office = await device(mairie);
		await office.engine.syncOnce();
		await reviewSheet(office.db, id, { status: 'a_corriger', comment: 'Le téléphone ?' });
		await office.engine.syncOnce();
		await phone.engine.syncOnce();
		// Marie corrects and resends offline; later the mairie, having seen nothing new, validates.
		const t = Date.now();
		await updateSheet(phone.db, id, { orgPhone: '02 33 25 00 00' }, new Date(t + 1000));
		await updateSheet(phone.db, id, { status: 'soumis' }, new Date(t + 2000));
		await reviewSheet(office.db, id, { status: 'valide' }, new Date(t + 3000));
		await office.engine.syncOnce();
		const conflictsBefore = (await store.listConflicts(true)).length;
		await phone.engine.syncOnce();
		const record = await store.getRecord(id);
		expect(record?.fields.orgPhone?.v).toBe('02 33 25 00 00');
		expect(record?.fields.status?.v).toBe('soumis');
		expect((await store.listHistory(id)).at(-1)).toMatchObject({ field: 'status', new: 'soumis', reason: 'edited_after_validation' });
		// Only Marie's late « soumis » is a conflict; the server's own reopening is not one.
		expect((await store.listConflicts(true)).slice(conflictsBefore).map((c) => [c.field, c.lost.v])).toEqual([['status', 'soumis']]);
	});

	it('a plain comment after a send back does not replace the request, and a decision that lost keeps no label', async () => {
		const phone = await device(marie);
		const id = await handedInPress(phone);
		const office = await device(mairie);
		await office.engine.syncOnce();
		// A second later: two comments of the same millisecond have no order (the server sorts by time).
		const sentBackAt = new Date();
		await reviewSheet(office.db, id, { status: 'a_corriger', comment: 'Le téléphone manque.' }, sentBackAt);
		await reviewSheet(office.db, id, { comment: 'Merci d’avance !' }, new Date(sentBackAt.getTime() + 1000));
		await office.engine.syncOnce();
		await phone.engine.syncOnce();
		const thread = (await getSheet(phone.db, id))?.thread ?? [];
		expect(thread.map((c) => [c.text, c.status])).toEqual([
			['Le téléphone manque.', 'a_corriger'],
			['Merci d’avance !', null]
		]);
		expect(sendBackReason(thread)?.text).toBe('Le téléphone manque.');
	});

	it('deleting a validated sheet does not send it back to review', async () => {
		const phone = await device(marie);
		const id = await handedInPress(phone);
		const office = await device(mairie);
		await office.engine.syncOnce();
		await reviewSheet(office.db, id, { status: 'valide' });
		await office.engine.syncOnce();
		await phone.engine.syncOnce();
		await updateSheet(phone.db, id, { deleted: true });
		await phone.engine.syncOnce();
		expect((await store.getRecord(id))?.fields).toMatchObject({ deleted: { v: true }, status: { v: 'valide' } });
	});

	it('does not take back a lost status through « Conflits » when the status machine would refuse it', async () => {
		const phone = await device(marie);
		const id = await handedInPress(phone);
		const office = await device(mairie);
		await office.engine.syncOnce();
		await updateSheet(phone.db, id, { status: 'brouillon' });
		await phone.engine.syncOnce();
		await reviewSheet(office.db, id, { status: 'valide' });
		await office.engine.syncOnce();
		const [conflict] = await store.listConflicts(true);
		expect(conflict).toMatchObject({ field: 'status', lost: { v: 'valide' } });
		const claire = user('claire', 'Claire', 'coordinateur');
		await store.insertUser(claire);
		await expect(resolveConflict(store, claire, conflict!.id, 'lost')).rejects.toMatchObject({ code: 'status_move_refused' });
		expect((await store.getRecord(id))?.fields.status?.v).toBe('brouillon');
	});
});
