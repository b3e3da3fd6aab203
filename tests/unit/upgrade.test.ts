/**
 * Scenario 12 (the storage half): a phone that ran the previous version of the app, with unsent
 * sheets in its outbox, opens the new version (Dexie schema upgrade): nothing is lost and the old
 * mutations are still accepted by the server. An app too old for the server (426) keeps its outbox.
 */
import { describe, expect, it } from 'vitest';
import Dexie from 'dexie';
import { AtlasDb } from '$lib/db/database';
import { getSheet, pendingSheetIds } from '$lib/db/sheets';
import { SyncEngine } from '$lib/sync/engine';
import { blankFields } from '$lib/domain/sheet';
import { formatHlc } from '$lib/domain/hlc';

describe('app update with a non-empty outbox', () => {
	it('opens a version-1 database with the current schema, keeping sheets and outbox rows', async () => {
		const name = `upgrade-${Math.random()}`;
		// The previous app: schema version 1 only.
		const old = new Dexie(name);
		old.version(1).stores({ sheets: 'id, updatedAt', outbox: 'seq, recordId', photos: 'sha, uploaded', meta: 'key', territory: 'key' });
		const hlc = formatHlc(Date.parse('2026-11-20T10:00:00Z'), 0, 'a1b2c3d4e5f60718');
		const fields = { ...blankFields('pressoir', '2026-11-20'), name: 'Pressoir de la semaine dernière' };
		await old
			.table('sheets')
			.put({ id: 'OldSheet000000000001', fields, clocks: { name: hlc }, createdAt: '2026-11-20T10:00:00.000Z', updatedAt: '2026-11-20T10:00:00.000Z' });
		await old.table('outbox').put({
			seq: 1,
			recordId: 'OldSheet000000000001',
			fields: { name: { v: fields.name, hlc } },
			createdAt: '2026-11-20T10:00:00.000Z',
			updatedAt: '2026-11-20T10:00:00.000Z'
		});
		await old.table('meta').put({ key: 'nextSeq', value: 2 });
		await old.table('meta').put({ key: 'cursor', value: 57 });
		old.close();

		const db = new AtlasDb(name);
		await db.open();
		expect(db.verno).toBe(6);
		// Version 6 keeps what the server acknowledges from now on (nothing yet).
		expect(await db.acked.count()).toBe(0);
		// Version 3 pulls again from the start, to bring the author and comments of sheets held before.
		expect((await db.meta.get('cursor'))?.value).toBe(0);
		expect((await getSheet(db, 'OldSheet000000000001'))?.fields.name).toBe('Pressoir de la semaine dernière');
		expect(await pendingSheetIds(db)).toEqual(new Set(['OldSheet000000000001']));
		expect(await db.rejections.count()).toBe(0);

		// The week-old mutation goes out as it is, and the server takes it.
		const sent: unknown[] = [];
		const engine = new SyncEngine(db, {
			async post(path, body) {
				sent.push(body);
				if (path === '/api/sync/push') return { status: 200, body: { lastSeq: 1, rejected: [], serverTime: new Date().toISOString() } };
				return { status: 200, body: { cursor: 0, lastSeq: 1, changes: [], more: false, reset: false, serverTime: new Date().toISOString() } };
			}
		});
		expect(await engine.syncOnce()).toMatchObject({ ok: true, pushed: 1 });
		expect((sent[0] as { mutations: { seq: number }[] }).mutations.map((m) => m.seq)).toEqual([1]);
		expect(await db.outbox.count()).toBe(0);
	});

	it('keeps the outbox when the server says the app is too old (426)', async () => {
		const db = new AtlasDb(`too-old-${Math.random()}`);
		await db.open();
		await db.outbox.put({
			seq: 1,
			recordId: 'OldSheet000000000001',
			fields: { notes: { v: 'x', hlc: formatHlc(Date.now(), 0, 'n') } },
			createdAt: '2026-11-20T10:00:00.000Z',
			updatedAt: '2026-11-20T10:00:00.000Z'
		});
		const engine = new SyncEngine(db, { post: async () => ({ status: 426, body: { code: 'upgrade_required', minProtocol: 2 } }) });
		expect(await engine.syncOnce()).toMatchObject({ ok: false, reason: 'upgrade' });
		expect(await db.outbox.count()).toBe(1);
	});
});
