/**
 * Phones (Dexie on fake-indexeddb) syncing with the real server service on a real SQLite file,
 * through a transport that can lose requests and answers. Covers the client-side failure scenarios
 * of sync-protocol.md and a property test of random interleavings.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AtlasDb } from '$lib/db/database';
import { createSheet, getSheet, updateSheet, deleteSheet } from '$lib/db/sheets';
import { getMeta, META, setMeta } from '$lib/db/meta';
import { SyncEngine, type Transport } from '$lib/sync/engine';
import { onPostgres, openTestStore, type TestStore } from './stores';
import { pull, push, SyncError } from '$lib/server/sync/service';
import { serverIdentity } from '$lib/server/sync/identity';
import type { User } from '$lib/server/store/types';
import * as v from 'valibot';
import { PullBody, PushBody } from '$lib/schemas/sync';

let dir: string;
let store: TestStore;
let n = 0;
/**
 * A backup of the server: it receives every request the server does until `following` turns
 * false (the backup is taken); restoring it makes it the server (the property test's rewind step).
 */
let backup: { store: TestStore; following: boolean } | null = null;

function user(id: string, role: User['role'], communes: string[] = []): User {
	return { id, name: id, role, communes, login: null, passwordHash: null, createdAt: '2026-11-28T10:00:00.000Z', lastSeenAt: null, revokedAt: null };
}

/** The server, in process: what /api/sync/* do, for one signed-in person. */
class Server implements Transport {
	/** What the network does to the next calls. */
	faults: ('drop-request' | 'drop-answer' | 'duplicate')[] = [];
	signedIn = true;
	calls = 0;
	constructor(readonly user: User) {}

	async post(path: string, body: unknown): Promise<{ status: number; body: unknown }> {
		this.calls++;
		const fault = this.faults.shift();
		if (fault === 'drop-request') throw new TypeError('network');
		if (!this.signedIn) return { status: 401, body: { code: 'unauthenticated' } };
		const answer = await this.#serve(path, body);
		if (fault === 'duplicate') await this.#serve(path, body);
		if (fault === 'drop-answer') throw new TypeError('network');
		return answer;
	}

	async #serve(path: string, body: unknown): Promise<{ status: number; body: unknown }> {
		const answer = await this.#serveOn(store, path, body);
		if (backup?.following) await this.#serveOn(backup.store, path, body);
		return answer;
	}

	async #serveOn(store: TestStore, path: string, body: unknown): Promise<{ status: number; body: unknown }> {
		try {
			if (path === '/api/sync/push') return { status: 200, body: await push({ store }, this.user, v.parse(PushBody, body)) };
			return { status: 200, body: await pull({ store }, this.user, v.parse(PullBody, body)) };
		} catch (e) {
			if (e instanceof SyncError) return { status: e.code === 'upgrade_required' ? 426 : 403, body: { code: e.code } };
			throw e;
		}
	}
}

interface Phone {
	db: AtlasDb;
	server: Server;
	engine: SyncEngine;
}

async function phone(u: User, clockOffsetMs = 0): Promise<Phone> {
	const db = new AtlasDb(`phone-${++n}-${Math.random()}`);
	await db.open();
	const server = new Server(u);
	const engine = new SyncEngine(db, server, () => new Date(Date.now() + clockOffsetMs));
	return { db, server, engine };
}

const marie = user('marie', 'benevole');
const paul = user('paul', 'benevole');
const mairie = user('mairie', 'mairie', ['61309']);
const claire = user('claire', 'coordinateur');

beforeEach(async () => {
	dir = mkdtempSync(join(tmpdir(), 'atlas-syncc-'));
	store = await openTestStore(dir);
	for (const u of [marie, paul, mairie, claire]) await store.insertUser(u);
});
afterEach(async () => {
	await backup?.store.close();
	backup = null;
	await store.close();
	rmSync(dir, { recursive: true, force: true });
});

async function newPress(p: Phone, name = 'Pressoir de Préaux') {
	const s = await createSheet(p.db, 'pressoir');
	return updateSheet(p.db, s.id, { name, commune: '61309' });
}

describe('sending and receiving', () => {
	it('marks a sheet sent only once the server confirmed it, and another phone receives it', async () => {
		const a = await phone(marie);
		const sheet = await newPress(a);
		a.server.faults = ['drop-request'];
		expect(await a.engine.syncOnce()).toMatchObject({ ok: false, reason: 'offline' });
		expect(await a.db.outbox.count()).toBeGreaterThan(0);
		expect(await a.engine.syncOnce()).toMatchObject({ ok: true });
		expect(await a.db.outbox.count()).toBe(0);
		const c = await phone(claire);
		await c.engine.syncOnce();
		expect((await getSheet(c.db, sheet.id))?.fields.name).toBe('Pressoir de Préaux');
	});

	it('applies once when the answer was lost after the server committed, and keeps an edit made meanwhile (scenario 1)', async () => {
		const a = await phone(marie);
		const sheet = await newPress(a);
		a.server.faults = ['drop-answer'];
		await a.engine.syncOnce();
		// The phone does not know the server has it; the volunteer keeps typing.
		await updateSheet(a.db, sheet.id, { notes: 'tapé pendant la coupure' });
		await a.engine.syncOnce();
		expect(await a.db.outbox.count()).toBe(0);
		const record = await store.getRecord(sheet.id);
		expect(record?.fields.notes?.v).toBe('tapé pendant la coupure');
		expect(record?.fields.name?.v).toBe('Pressoir de Préaux');
		expect(await store.listConflicts(true)).toEqual([]);
	});

	it('ignores duplicated requests (scenario 3) and a page applied twice (scenario 9)', async () => {
		const a = await phone(marie);
		const sheet = await newPress(a);
		a.server.faults = ['duplicate'];
		await a.engine.syncOnce();
		const version = await store.currentVersion();
		const c = await phone(claire);
		await c.engine.syncOnce();
		// The tab closed after applying a page but before saving the cursor: it applies it again.
		await setMeta(c.db, META.cursor, 0);
		await c.engine.syncOnce();
		expect(await store.currentVersion()).toBe(version);
		expect((await getSheet(c.db, sheet.id))?.fields.name).toBe('Pressoir de Préaux');
	});

	it('keeps a pending local edit that is newer than what the server sends', async () => {
		const a = await phone(marie);
		const sheet = await newPress(a);
		await a.engine.syncOnce();
		const m = await phone(mairie);
		await m.engine.syncOnce();
		await updateSheet(m.db, sheet.id, { name: 'Nom de la mairie' });
		// A later stamp on Marie's phone. Each phone stamps with its clock corrected by the offset it
		// learnt from the server's time at its last sync (the request's duration makes it a little
		// negative, more on a slower store), so wait for that difference too, then a few milliseconds
		// (the stamps' node ids are random).
		const lag = (await getMeta(m.db, META.clockOffset, 0)) - (await getMeta(a.db, META.clockOffset, 0));
		await new Promise((r) => setTimeout(r, Math.max(0, lag) + 5));
		await updateSheet(a.db, sheet.id, { name: 'Nom de Marie' }); // later stamp, not sent yet
		await m.engine.syncOnce();
		await a.engine.pullAll(); // pull only: Marie's edit is still pending
		expect((await getSheet(a.db, sheet.id))?.fields.name).toBe('Nom de Marie');
		await a.engine.syncOnce();
		await m.engine.syncOnce();
		expect((await getSheet(m.db, sheet.id))?.fields.name).toBe('Nom de Marie');
		expect((await store.listConflicts(true)).map((c) => c.lost.v)).toContain('Nom de la mairie');
	});

	it('keeps the private contact a volunteer typed although the server never sends it back', async () => {
		const a = await phone(marie);
		const sheet = await newPress(a);
		await updateSheet(a.db, sheet.id, { personConsentAt: '2026-11-28T09:00:00.000Z', personPhone: '06 12 34 56 78' });
		await a.engine.syncOnce();
		await setMeta(a.db, META.cursor, 0);
		await a.engine.syncOnce();
		expect((await getSheet(a.db, sheet.id))?.fields.personPhone).toBe('06 12 34 56 78');
		expect((await store.getRecord(sheet.id))?.fields.personPhone?.v).toBe('06 12 34 56 78');
		const p = await phone(paul);
		await p.engine.syncOnce();
		expect((await getSheet(p.db, sheet.id))?.fields.personPhone).toBe('');
	});

	it('records a refusal and goes on with the rest (scenario 10)', async () => {
		const a = await phone(marie);
		const sheet = await newPress(a);
		await a.engine.syncOnce();
		const p = await phone(paul);
		await p.engine.syncOnce();
		await updateSheet(p.db, sheet.id, { name: 'piraté' });
		const own = await newPress(p, 'Alambic de Paul');
		const outcome = await p.engine.syncOnce();
		expect(outcome).toMatchObject({ ok: true, rejected: 1 });
		expect((await p.db.rejections.toArray()).map((r) => [r.recordId, r.code])).toEqual([[sheet.id, 'forbidden']]);
		expect((await store.getRecord(own.id))?.fields.name?.v).toBe('Alambic de Paul');
		expect(await p.db.outbox.count()).toBe(0);
		// The refused value does not stay: the server's comes back (the engine pulled again).
		expect((await getSheet(p.db, sheet.id))?.fields.name).toBe('Pressoir de Préaux');
	});

	it('keeps the outbox when the session is gone (the volunteer re-joins later)', async () => {
		const a = await phone(marie);
		await newPress(a);
		a.server.signedIn = false;
		expect(await a.engine.syncOnce()).toMatchObject({ ok: false, reason: 'unauthenticated' });
		expect(await a.db.outbox.count()).toBeGreaterThan(0);
	});

	it('learns the server clock: a phone two days ahead or behind converges (scenario 6)', async () => {
		const ahead = await phone(marie, 2 * 86_400_000);
		const behind = await phone(mairie, -2 * 86_400_000);
		const sheet = await newPress(ahead);
		await ahead.engine.syncOnce();
		expect(Math.round((await getMeta<number>(ahead.db, META.clockOffset, 0)) / 3_600_000)).toBe(-48);
		await behind.engine.syncOnce();
		expect(Math.round((await getMeta<number>(behind.db, META.clockOffset, 0)) / 3_600_000)).toBe(48);
		// Now corrected, the later edit wins, whoever's clock was wrong.
		await updateSheet(ahead.db, sheet.id, { notes: 'd’abord' });
		await ahead.engine.syncOnce();
		await updateSheet(behind.db, sheet.id, { notes: 'ensuite' });
		await behind.engine.syncOnce();
		await ahead.engine.syncOnce();
		expect((await getSheet(ahead.db, sheet.id))?.fields.notes).toBe('ensuite');
	});

	it('converges after an edit racing a delete (scenario 7)', async () => {
		const a = await phone(marie);
		const sheet = await newPress(a);
		await a.engine.syncOnce();
		const c = await phone(claire);
		await c.engine.syncOnce();
		await deleteSheet(c.db, sheet.id);
		await updateSheet(a.db, sheet.id, { notes: 'modifiée hors ligne' });
		await c.engine.syncOnce();
		await a.engine.syncOnce();
		await c.engine.syncOnce();
		for (const p of [a, c]) {
			const s = await getSheet(p.db, sheet.id);
			expect(s?.fields.deleted).toBe(true);
			expect(s?.fields.notes).toBe('modifiée hors ligne');
		}
	});
});

/**
 * Interleavings run by the property test (each: 3 phones, 25 random steps, a faulty network, and the
 * server restored once from a backup taken earlier in the same interleaving). Each
 * takes a fresh server: a new SQLite file is instant, a new PostgreSQL database (cloned from a
 * template) about 0.1 s plus network round trips (50 rounds: 8.7 s against 2 s on SQLite), so the
 * PostgreSQL run plays the first 100 of the same seeded sequence.
 */
const ROUNDS = onPostgres ? 100 : 200;

describe('property: random interleavings converge', () => {
	it(
		'ends with every phone equal to the server, whatever the network did, and loses nothing when the server rewinds to an earlier snapshot',
		{ timeout: 300_000 },
		async () => {
			let seed = 20261128;
			const rand = () => {
				seed = (seed * 1103515245 + 12345) & 0x7fffffff;
				return seed / 0x7fffffff;
			};
			const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
			const started = Date.now();
			for (let round = 0; round < ROUNDS; round++) {
				// A fresh server for each interleaving (a shared one would make each round pull all earlier ones).
				await store.close();
				await backup?.store.close();
				store = await openTestStore(dir, `round-${round}`);
				backup = { store: await openTestStore(dir, `round-${round}-backup`), following: true };
				for (const s of [store, backup.store]) for (const u of [marie, paul, mairie, claire]) await s.insertUser(u);
				const me = await serverIdentity(store);
				await backup.store.putSetting('server_id', me.id);
				await backup.store.putSetting('server_generation', me.generation);
				const phones = [await phone(marie), await phone(claire), await phone(mairie)];
				const ids: string[] = [];
				// The server rewinds once: a backup taken at one step, restored at a later one.
				const backupAt = Math.floor(rand() * 12);
				const restoreAt = backupAt + 1 + Math.floor(rand() * 12);
				/** Each field's stamp as the server held it just before the restore: none may be lost. */
				const held = new Map<string, Map<string, string>>();
				for (let step = 0; step < 25; step++) {
					if (step === backupAt) backup.following = false;
					if (step === restoreAt) {
						for (const id of ids) {
							const record = await store.getRecord(id);
							if (record) held.set(id, new Map(Object.entries(record.fields).map(([f, w]) => [f, w.hlc])));
						}
						const restored = backup.store;
						backup.store = store;
						store = restored;
						await store.putSetting('server_generation', `restored-${round}`);
					}
					const p = pick(phones);
					const r = rand();
					if (r < 0.2 || ids.length === 0) {
						ids.push((await newPress(p, `S${round}-${step}`)).id);
					} else if (r < 0.6) {
						const id = pick(ids);
						if (await getSheet(p.db, id))
							await updateSheet(p.db, id, pick([{ notes: `n${step}` }, { name: `nom ${step}` }, { address: `a${step}` }, { deleted: rand() < 0.5 }]));
					} else {
						p.server.faults = [pick(['drop-request', 'drop-answer', 'duplicate', 'drop-answer'] as const)].filter(() => rand() < 0.5);
						await p.engine.syncOnce();
					}
				}
				// The network heals: everyone syncs until nothing moves.
				for (let k = 0; k < 3; k++)
					for (const p of phones) {
						p.server.faults = [];
						await p.engine.syncOnce();
					}
				for (const p of phones) {
					expect(await p.db.outbox.filter((r) => Object.keys(r.fields).length > 0).count()).toBe(0);
					for (const id of ids) {
						const server = await store.getRecord(id);
						const local = await getSheet(p.db, id);
						if (!server) {
							expect(local).toBeNull();
							continue;
						}
						for (const f of ['name', 'notes', 'address', 'deleted', 'commune'] as const)
							expect([round, phones.indexOf(p), id, f, local?.fields[f]]).toEqual([round, phones.indexOf(p), id, f, server.fields[f]?.v ?? local?.fields[f]]);
					}
				}
				// No loss: every write the server held before it was restored is back, or beaten by a newer one.
				for (const [id, fields] of held) {
					const record = await store.getRecord(id);
					for (const [f, hlc] of fields) expect([round, id, f, (record?.fields[f as 'name']?.hlc ?? '') >= hlc]).toEqual([round, id, f, true]);
				}
				for (const p of phones) await p.db.delete();
			}
			console.log(`${ROUNDS} interleavings in ${Date.now() - started} ms`);
		}
	);
});

import { applyScopeChange } from '$lib/sync/scope';

describe('scope change (scenario 11)', () => {
	it('brings a new commune’s private contact, and takes away that of a commune lost, keeping unsent edits', async () => {
		const a = await phone(marie);
		const press = await newPress(a); // 61309
		await updateSheet(a.db, press.id, { personConsentAt: '2026-11-28T09:00:00.000Z', personPhone: '06 12 34 56 78' });
		const mill = await createSheet(a.db, 'moulin_farine');
		await updateSheet(a.db, mill.id, { name: 'Moulin', commune: '61079', personConsentAt: '2026-11-28T09:00:00.000Z', personName: 'Jeanne' });
		await a.engine.syncOnce();

		const scoped = { ...mairie }; // 61309 only
		const m = await phone(scoped);
		await m.engine.syncOnce();
		expect((await getSheet(m.db, press.id))?.fields.personPhone).toBe('06 12 34 56 78');
		expect((await getSheet(m.db, mill.id))?.fields.personName).toBe('');

		// The coordinator gives the mairie a second commune: backfill.
		m.server.user.communes = ['61309', '61079'];
		await applyScopeChange(m.db, { id: 'mairie', role: 'mairie', communes: ['61309', '61079'] });
		await m.engine.syncOnce();
		expect((await getSheet(m.db, mill.id))?.fields.personName).toBe('Jeanne');

		// …then takes the first one away: purge, except an unsent edit of those fields.
		await updateSheet(m.db, press.id, { personEmail: 'contact@pressoir.fr' });
		m.server.user.communes = ['61079'];
		await applyScopeChange(m.db, { id: 'mairie', role: 'mairie', communes: ['61079'] });
		const after = await getSheet(m.db, press.id);
		expect(after?.fields.personPhone).toBe('');
		expect(after?.fields.personEmail).toBe('contact@pressoir.fr');
		expect((await getSheet(m.db, mill.id))?.fields.personName).toBe('Jeanne');
		m.server.user.communes = ['61309', '61079'];
	});
});

describe('full disk during a pull (scenario 13, storage side)', () => {
	it('rolls the page back whole, keeps the cursor and the outbox, and says the disk is full', async () => {
		const a = await phone(marie);
		await newPress(a, 'Pressoir A');
		await newPress(a, 'Pressoir B');
		await a.engine.syncOnce();
		const c = await phone(claire);
		// Something of its own still to send (a draft with nothing entered would stay on the phone).
		const own = await createSheet(c.db, 'alambic');
		await updateSheet(c.db, own.id, { notes: 'Alambic du bas' });
		const full = () => {
			throw new DOMException('full', 'QuotaExceededError');
		};
		c.db.sheets.hook('creating', full);
		expect(await c.engine.syncOnce()).toMatchObject({ ok: false, reason: 'storage_full', pushed: 1 });
		expect(await getMeta(c.db, META.cursor, 0)).toBe(0);
		expect((await c.db.sheets.toArray()).map((s) => s.fields.name)).toEqual(['']);
		c.db.sheets.hook('creating').unsubscribe(full);
		expect(await c.engine.syncOnce()).toMatchObject({ ok: true });
		expect((await c.db.sheets.toArray()).map((s) => s.fields.name).sort()).toEqual(['', 'Pressoir A', 'Pressoir B']);
	});
});

import { buildBackup as exportBackup } from '$lib/db/backup';

describe('review fixes (regressions)', () => {
	it('keeps an edit typed after a backup export, even when the coordinator imported the file first', async () => {
		const a = await phone(marie);
		const sheet = await newPress(a);
		await exportBackup(a.db, 'test'); // the rows in the file are frozen from now on
		// The coordinator imports the file: the server applies those numbers as Marie's install.
		const rows = await a.db.outbox.orderBy('seq').toArray();
		const clientIdValue = (await a.db.meta.get('clientId'))?.value as string;
		await push({ store }, marie, {
			protocol: 1,
			schemaVersion: 1,
			clientId: clientIdValue,
			mutations: rows.map((r) => ({ seq: r.seq, recordId: r.recordId, fields: r.fields as never }))
		});
		// Marie keeps typing, then her phone syncs.
		await updateSheet(a.db, sheet.id, { name: 'Nom corrigé après la sauvegarde' });
		await a.engine.syncOnce();
		expect((await store.getRecord(sheet.id))?.fields.name?.v).toBe('Nom corrigé après la sauvegarde');
		expect(await a.db.outbox.count()).toBe(0);
		expect(await getMeta(a.db, META.exportedUpTo, 0)).toBe(0);
	});

	it('keeps the order of a fast-clock phone’s edits when the server clamps them', async () => {
		const fast = await phone(marie, 2 * 86_400_000);
		const sheet = await newPress(fast);
		fast.server.faults = ['drop-request'];
		await fast.engine.syncOnce(); // fails: rows frozen, clock offset still unknown
		await updateSheet(fast.db, sheet.id, { notes: 'premier' });
		await updateSheet(fast.db, sheet.id, { notes: 'second, final' });
		await fast.engine.syncOnce();
		expect((await store.getRecord(sheet.id))?.fields.notes?.v).toBe('second, final');
		const other = await phone(claire);
		await other.engine.syncOnce();
		expect((await getSheet(other.db, sheet.id))?.fields.notes).toBe('second, final');
		expect((await getSheet(fast.db, sheet.id))?.fields.notes).toBe('second, final');
	});
});

describe('a batch too large for the server', () => {
	it('is halved until it passes, instead of being resent as is forever', async () => {
		const a = await phone(marie);
		for (let i = 0; i < 6; i++) await newPress(a, `Pressoir ${i}`);
		const real = a.server.post.bind(a.server);
		const sizes: number[] = [];
		a.server.post = async (path, body) => {
			if (path === '/api/sync/push') {
				const count = (body as { mutations: unknown[] }).mutations.length;
				sizes.push(count);
				if (count > 3) return { status: 413, body: { code: 'too_large' } };
			}
			return real(path, body);
		};
		expect(await a.engine.syncOnce()).toMatchObject({ ok: true });
		expect(await a.db.outbox.count()).toBe(0);
		expect(sizes[0]).toBeGreaterThan(3);
		expect(sizes.at(-1)).toBeLessThanOrEqual(3);
	});
});

describe('a new sheet nobody typed in', () => {
	it('never reaches the server, even when a sync runs while its form is open; its first entry sends it whole', async () => {
		const a = await phone(marie);
		const draft = await createSheet(a.db, 'pressoir');
		expect(await a.engine.syncOnce()).toMatchObject({ ok: true, pushed: 0 });
		expect(await store.getRecord(draft.id)).toBeNull();

		await updateSheet(a.db, draft.id, { name: 'Pressoir de Préaux' });
		expect(await a.engine.syncOnce()).toMatchObject({ ok: true, pushed: 1 });
		const server = await store.getRecord(draft.id);
		expect(server?.fields.category?.v).toBe('pressoir');
		expect(server?.fields.name?.v).toBe('Pressoir de Préaux');
		expect(server?.fields.verifiedOn?.v).toBeNull();
		expect(server?.fields.worksWithoutMains?.v).toBeNull();
	});
});
