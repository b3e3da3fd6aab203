/**
 * When the app exchanges at once (src/lib/sync/pull-triggers.ts): as soon as the device is signed
 * in and whenever the person's role or communes change, not when the identity is merely read again;
 * a request during an exchange runs once after it; the server's pull answer tells the scope it holds
 * now, so a phone learns a change made by the coordinator at its next exchange. The last part drives
 * a phone (Dexie on fake-indexeddb) against the real server service.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as v from 'valibot';
import { AtlasDb } from '$lib/db/database';
import { createSheet, getSheet, updateSheet } from '$lib/db/sheets';
import { SyncEngine, type Transport } from '$lib/sync/engine';
import { applyScopeChange } from '$lib/sync/scope';
import { RunGate, scopeDiffers, scopeKey, ScopeWatch } from '$lib/sync/pull-triggers';
import { pull, push } from '$lib/server/sync/service';
import { PullBody, PushBody } from '$lib/schemas/sync';
import type { User } from '$lib/server/store/types';
import { openTestStore, type TestStore } from './stores';

const mairie = { id: 'mairie', role: 'mairie' as const, communes: ['61309'] };

describe('a pull at once when the identity calls for it', () => {
	it('pulls when the device becomes signed in, not while it is unknown or not joined', () => {
		const watch = new ScopeWatch();
		expect(watch.changed(scopeKey(false, null))).toBe(false); // loading, then « none »
		expect(watch.changed(scopeKey(true, mairie))).toBe(true); // just joined
	});

	it('does not pull again when the same identity is read again (the network came back)', () => {
		const watch = new ScopeWatch();
		watch.changed(scopeKey(true, mairie));
		expect(watch.changed(scopeKey(true, { ...mairie, communes: ['61309'] }))).toBe(false);
	});

	it('pulls when the role or the communes change, whatever their order', () => {
		const watch = new ScopeWatch();
		watch.changed(scopeKey(true, mairie));
		expect(watch.changed(scopeKey(true, { ...mairie, communes: ['61309', '61079'] }))).toBe(true);
		expect(watch.changed(scopeKey(true, { ...mairie, communes: ['61079', '61309'] }))).toBe(false);
		expect(watch.changed(scopeKey(true, { ...mairie, role: 'coordinateur', communes: ['61079', '61309'] }))).toBe(true);
	});

	it('pulls when the device joins again after its access expired, and not when it signs out', () => {
		const watch = new ScopeWatch();
		watch.changed(scopeKey(true, mairie));
		expect(watch.changed(scopeKey(false, mairie))).toBe(false); // « rejoin »: the person is asked to join again
		expect(watch.changed(scopeKey(true, mairie))).toBe(true);
		expect(watch.changed(scopeKey(false, null))).toBe(false); // signed out
	});

	it('pulls for another person on the same device', () => {
		const watch = new ScopeWatch();
		watch.changed(scopeKey(true, mairie));
		expect(watch.changed(scopeKey(true, { ...mairie, id: 'mairie-2' }))).toBe(true);
	});
});

describe('the scope the server answers', () => {
	it('differs when the role or the set of communes differs; nothing to compare is no difference', () => {
		expect(scopeDiffers(mairie, { role: 'mairie', communes: ['61309'] })).toBe(false);
		expect(scopeDiffers({ ...mairie, communes: ['61309', '61079'] }, { role: 'mairie', communes: ['61079', '61309'] })).toBe(false);
		expect(scopeDiffers(mairie, { role: 'mairie', communes: ['61309', '61079'] })).toBe(true);
		expect(scopeDiffers(mairie, { role: 'benevole', communes: [] })).toBe(true);
		expect(scopeDiffers(mairie, undefined)).toBe(false); // an older server
		expect(scopeDiffers(null, { role: 'mairie', communes: [] })).toBe(false);
	});
});

describe('one exchange at a time', () => {
	it('runs once more after an exchange when asked during it, however often', () => {
		const gate = new RunGate();
		expect(gate.enter()).toBe(true);
		expect(gate.running).toBe(true);
		expect(gate.enter()).toBe(false);
		expect(gate.enter()).toBe(false);
		expect(gate.leave()).toBe(true); // one more run, not two
		expect(gate.running).toBe(false);
		expect(gate.enter()).toBe(true);
		expect(gate.leave()).toBe(false);
	});
});

describe('a phone learns its new scope at its next exchange', () => {
	let dir: string;
	let store: TestStore;
	const u = (id: string, role: User['role'], communes: string[] = []): User => ({
		id,
		name: id,
		role,
		communes,
		login: null,
		passwordHash: null,
		createdAt: '2026-11-28T10:00:00.000Z',
		lastSeenAt: null,
		revokedAt: null
	});
	const marie = u('marie', 'benevole');
	const townHall = u('mairie', 'mairie', ['61309']);

	/** What /api/sync/* do, for one signed-in person (whose record the coordinator may change). */
	const transport = (user: User): Transport => ({
		async post(path, body) {
			if (path === '/api/sync/push') return { status: 200, body: await push({ store }, user, v.parse(PushBody, body)) };
			return { status: 200, body: await pull({ store }, user, v.parse(PullBody, body)) };
		}
	});
	let n = 0;
	async function phone(user: User) {
		const db = new AtlasDb(`triggers-${++n}-${Math.random()}`);
		await db.open();
		return { db, engine: new SyncEngine(db, transport(user)) };
	}

	beforeEach(async () => {
		dir = mkdtempSync(join(tmpdir(), 'atlas-triggers-'));
		store = await openTestStore(dir);
		for (const x of [marie, townHall]) await store.insertUser(x);
	});
	afterEach(async () => {
		await store.close();
		rmSync(dir, { recursive: true, force: true });
	});

	it('says the scope in each answer; after a change, the device sees the difference, resets and pulls the new commune', async () => {
		const volunteer = await phone(marie);
		const mill = await createSheet(volunteer.db, 'moulin_farine');
		await updateSheet(volunteer.db, mill.id, { name: 'Moulin de Ceton', commune: '61079' });
		await volunteer.engine.syncOnce();

		const m = await phone(townHall);
		const first = await m.engine.syncOnce();
		expect(first.ok && first.scope).toEqual({ role: 'mairie', communes: ['61309'] });
		expect(scopeDiffers({ role: 'mairie', communes: ['61309'] }, first.ok ? first.scope : undefined)).toBe(false);

		// The coordinator gives the mairie a second commune: the next exchange says so.
		townHall.communes = ['61309', '61079'];
		const next = await m.engine.syncOnce();
		expect(next.ok && next.scope).toEqual({ role: 'mairie', communes: ['61309', '61079'] });
		expect(scopeDiffers({ role: 'mairie', communes: ['61309'] }, next.ok ? next.scope : undefined)).toBe(true);
		// The identity then applies the new scope (the cursor starts over), and the pull it triggers
		// brings what the new commune holds.
		await applyScopeChange(m.db, { id: 'mairie', role: 'mairie', communes: ['61309', '61079'] });
		const again = await m.engine.syncOnce();
		expect(again.ok && again.pulled).toBeGreaterThan(0);
		expect((await getSheet(m.db, mill.id))?.fields.name).toBe('Moulin de Ceton');
	});
});
