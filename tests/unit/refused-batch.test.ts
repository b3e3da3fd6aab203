/**
 * A push refused whole (400, 413) by a stricter server: the phone bisects the batch down to the
 * one mutation at fault, sets it aside as a refusal on its sheet and sends the rest; a server that
 * refuses every push never makes the phone set anything aside (sync-protocol.md, "Refused batches").
 *
 * Phones are Dexie on fake-indexeddb; the server is the real service on a real store, behind a
 * transport that refuses whole any batch holding one shape of mutation.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as v from 'valibot';
import { AtlasDb, type OutboxRow } from '$lib/db/database';
import { createSheet, getSheet, reviewSheet, updateSheet } from '$lib/db/sheets';
import { clientId } from '$lib/db/meta';
import { SyncEngine, type Transport } from '$lib/sync/engine';
import { pull, push } from '$lib/server/sync/service';
import type { User } from '$lib/server/store/types';
import { PullBody, PushBody } from '$lib/schemas/sync';
import { openTestStore, type TestStore } from './stores';

let dir: string;
let store: TestStore;
let n = 0;

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

type Sent = { seq: number; recordId: string; fields: Record<string, { v: unknown }>; comments?: { text: string }[] };

/**
 * The real service behind a stricter gate: a push holding a mutation `refuses` picks is answered
 * 400 (or `status`) whole, as a server that cannot read it would; pulls and other pushes pass.
 */
class StricterServer implements Transport {
	/** The number of mutations of each push, in order (an empty push too). */
	pushes: number[] = [];
	status = 400;
	constructor(
		readonly user: User,
		public refuses: (m: Sent) => boolean
	) {}

	async post(path: string, body: unknown): Promise<{ status: number; body: unknown }> {
		if (path === '/api/sync/push') {
			const mutations = (body as { mutations: Sent[] }).mutations;
			this.pushes.push(mutations.length);
			if (mutations.some(this.refuses)) return { status: this.status, body: { code: 'invalid_input' } };
			return { status: 200, body: await push({ store }, this.user, v.parse(PushBody, body)) };
		}
		return { status: 200, body: await pull({ store }, this.user, v.parse(PullBody, body)) };
	}
}

async function phone(refuses: (m: Sent) => boolean) {
	const db = new AtlasDb(`refused-${++n}-${Math.random()}`);
	await db.open();
	const server = new StricterServer(marie, refuses);
	return { db, server, engine: new SyncEngine(db, server) };
}

/** A mutation whose text values (or comments) contain « REFUSE »: the shape the stricter server cannot read. */
const holdsRefuse = (m: Sent) =>
	Object.values(m.fields).some((f) => typeof f.v === 'string' && f.v.includes('REFUSE')) || (m.comments ?? []).some((c) => c.text.includes('REFUSE'));

async function newPress(db: AtlasDb, name: string) {
	const s = await createSheet(db, 'pressoir');
	return updateSheet(db, s.id, { name, commune: '61309' });
}

const outboxOf = async (db: AtlasDb): Promise<OutboxRow[]> => db.outbox.orderBy('seq').toArray();

beforeEach(async () => {
	dir = mkdtempSync(join(tmpdir(), 'atlas-refused-'));
	store = await openTestStore(dir);
	await store.insertUser(marie);
});
afterEach(async () => {
	await store.close();
	rmSync(dir, { recursive: true, force: true });
});

describe('a push refused whole by a stricter server', () => {
	it('isolates the one mutation it cannot read, applies the rest, and shows that one refused on its sheet', async () => {
		const { db, server, engine } = await phone(holdsRefuse);
		const known = await newPress(db, 'Pressoir de Préaux');
		expect(await engine.syncOnce()).toMatchObject({ ok: true, rejected: 0 });

		// A week offline: new sheets, and among them one edit the server cannot read, with a comment.
		const before = await Promise.all(['Moulin de Ceton', 'Four de Dancé', 'Alambic d’Aunay'].map((name) => newPress(db, name)));
		await updateSheet(db, known.id, { name: 'Pressoir REFUSE' });
		await reviewSheet(db, known.id, { comment: 'Nom à vérifier' });
		const after = await Promise.all(['Presse de Bellou', 'Séchoir de Préaux'].map((name) => newPress(db, name)));
		const sent = await outboxOf(db);
		const bad = sent.filter((r) => r.recordId === known.id);
		expect(bad).toHaveLength(1);

		const outcome = await engine.syncOnce();
		expect(outcome).toMatchObject({ ok: true, rejected: 1 });
		expect(await db.outbox.count()).toBe(0);
		// Every other sheet reached the server, in full.
		for (const s of [...before, ...after]) expect((await store.getRecord(s.id))?.fields.name?.v).toBe(s.fields.name);
		// The bad one did not: the server kept its value and the phone took it back.
		expect((await store.getRecord(known.id))?.fields.name?.v).toBe('Pressoir de Préaux');
		expect((await getSheet(db, known.id))?.fields.name).toBe('Pressoir de Préaux');
		// It is a refusal on its sheet, its comment kept for the person to read.
		const refusals = await db.rejections.toArray();
		expect(refusals.map((r) => [r.recordId, r.code])).toEqual([[known.id, 'unreadable']]);
		expect(refusals[0]?.comments?.map((c) => c.text)).toEqual(['Nom à vérifier']);
		// Its number was filled by an empty row: the server's count moved on with no gap.
		expect((await store.getClient(await clientId(db)))?.lastSeq).toBe(sent.at(-1)?.seq);
		// Halved down to the one row, then a probe that an empty push passes, then grown back.
		expect(server.pushes).toContain(1);
		expect(server.pushes).toContain(0);
		expect(server.pushes.at(-1)).toBeGreaterThan(1);

		// Nothing is stuck behind it: the next edit goes out at once.
		await updateSheet(db, after[0]!.id, { notes: 'Révisée en novembre' });
		expect(await engine.syncOnce()).toMatchObject({ ok: true, pushed: 1, rejected: 0 });
		expect((await store.getRecord(after[0]!.id))?.fields.notes?.v).toBe('Révisée en novembre');
	});

	it('sets aside a single row too large for the server (413) as too large', async () => {
		const { db, server, engine } = await phone((m) => typeof m.fields.notes?.v === 'string' && m.fields.notes.v.length > 1000);
		server.status = 413;
		const long = await newPress(db, 'Pressoir bavard');
		await updateSheet(db, long.id, { notes: 'très long '.repeat(200) });
		const short = await newPress(db, 'Moulin court');
		expect(await engine.syncOnce()).toMatchObject({ ok: true, rejected: 1 });
		expect((await db.rejections.toArray()).map((r) => [r.recordId, r.code])).toEqual([[long.id, 'too_large']]);
		expect((await store.getRecord(short.id))?.fields.name?.v).toBe('Moulin court');
		expect(await store.getRecord(long.id)).toBeNull();
		// A sheet the server never had keeps what was typed on the phone.
		expect((await getSheet(db, long.id))?.fields.name).toBe('Pressoir bavard');
	});

	it('never sets anything aside when the server refuses every push, even an empty one', async () => {
		const { db, server, engine } = await phone(() => true);
		server.pushes = [];
		// An empty push is refused too: the transport refuses it by status, whatever it holds.
		server.post = async (path, body) => {
			if (path === '/api/sync/push') {
				server.pushes.push((body as { mutations: unknown[] }).mutations.length);
				return { status: 400, body: { code: 'invalid_input' } };
			}
			return StricterServer.prototype.post.call(server, path, body);
		};
		for (const name of ['Pressoir de Préaux', 'Moulin de Ceton', 'Four de Dancé']) await newPress(db, name);
		const waiting = await outboxOf(db);
		expect(await engine.syncOnce()).toMatchObject({ ok: false, reason: 'server' });
		expect(await db.rejections.count()).toBe(0);
		expect(await outboxOf(db)).toEqual(waiting);
		// It bisected, then asked once whether any push passes, and stopped there.
		expect(server.pushes.filter((c) => c === 0)).toHaveLength(1);
	});

	it('stops, instead of looping, when the server refuses even the empty row left in place of the one set aside', async () => {
		let target = '';
		const { db, server, engine } = await phone((m) => m.recordId === target);
		const bad = await newPress(db, 'Pressoir de Préaux');
		target = bad.id;
		const good = await newPress(db, 'Moulin de Ceton');
		expect(await engine.syncOnce()).toMatchObject({ ok: false, reason: 'server' });
		expect((await db.rejections.toArray()).map((r) => r.recordId)).toEqual([bad.id]);
		expect(server.pushes.length).toBeLessThan(10);
		// The row after it waits (nothing is skipped on this server's account).
		expect((await outboxOf(db)).map((r) => r.recordId)).toEqual([bad.id, good.id]);
	});
});
