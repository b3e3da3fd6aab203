/**
 * The server side of sync against a real SQLite file: the failure scenarios of sync-protocol.md
 * that live on the server, and the role matrix applied to sheets (pull scoping, private contact
 * removed by the server, refused writes).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openTestStore, type TestStore } from './stores';
import { pull, push, SyncError, writeFields, type PullChange } from '$lib/server/sync/service';
import * as v from 'valibot';
import { PushBody } from '$lib/schemas/sync';
import { formatHlc } from '$lib/domain/hlc';
import type { User } from '$lib/server/store/types';
import type { Mutation } from '$lib/schemas/sync';
import type { FieldName } from '$lib/domain/sheet';

let dir: string;
let store: TestStore;
const T0 = Date.parse('2026-11-28T10:00:00.000Z');
const now = (ms = 0) => new Date(T0 + ms);
const ctx = (ms = 0) => ({ store, now: now(ms) });
const hlc = (ms: number, node: string, counter = 0) => formatHlc(T0 + ms, counter, node);
const V = { protocol: 1, schemaVersion: 1 };

function user(id: string, role: User['role'], communes: string[] = []): User {
	return { id, name: id, role, communes, login: null, passwordHash: null, createdAt: now().toISOString(), lastSeenAt: null, revokedAt: null };
}
const marie = user('marie', 'benevole');
const paul = user('paul', 'benevole');
const mairie = user('mairie', 'mairie', ['61309']);
const claire = user('claire', 'coordinateur');

const SHEET = 'SheetPressoirPreaux0';
const m = (seq: number, fields: Record<string, { v: unknown; hlc: string; base?: string }>, recordId = SHEET): Mutation => ({ seq, recordId, fields });

async function pushAs(u: User, clientId: string, mutations: Mutation[], ms = 0) {
	return push(ctx(ms), u, { ...V, clientId, mutations });
}
async function pullAll(u: User, clientId: string, cursor = 0, limit = 200): Promise<{ changes: PullChange[]; cursor: number }> {
	const all: PullChange[] = [];
	let c = cursor;
	for (let i = 0; i < 100; i++) {
		const page = await pull(ctx(), u, { ...V, clientId, cursor: c }, limit);
		all.push(...page.changes);
		c = page.cursor;
		if (!page.more) break;
	}
	return { changes: all, cursor: c };
}
const fieldsOf = async (u: User, clientId = `${u.id}-phone-0001`) => (await pullAll(u, clientId)).changes.find((c) => c.id === SHEET)?.fields;

beforeEach(async () => {
	dir = mkdtempSync(join(tmpdir(), 'atlas-sync-'));
	store = await openTestStore(dir);
	for (const u of [marie, paul, mairie, claire]) await store.insertUser(u);
});
afterEach(async () => {
	await store.close();
	rmSync(dir, { recursive: true, force: true });
});

const created = (ms = 0) => ({
	category: { v: 'pressoir', hlc: hlc(ms, 'marie') },
	name: { v: 'Pressoir de Préaux', hlc: hlc(ms, 'marie') },
	commune: { v: '61309', hlc: hlc(ms, 'marie') },
	personPhone: { v: '06 12 34 56 78', hlc: hlc(ms, 'marie') },
	personConsentAt: { v: '2026-11-28T09:00:00.000Z', hlc: hlc(ms, 'marie') }
});

describe('push: each mutation once, in order', () => {
	it('applies a retry after a lost answer only once (scenario 1) and a retry of a lost request (2)', async () => {
		const first = await pushAs(marie, 'marie-phone-0001', [m(1, created()), m(2, { notes: { v: 'a', hlc: hlc(1, 'marie') } })]);
		expect(first).toMatchObject({ lastSeq: 2, rejected: [] });
		const versionAfter = await store.currentVersion();
		const retry = await pushAs(marie, 'marie-phone-0001', [m(1, created()), m(2, { notes: { v: 'a', hlc: hlc(1, 'marie') } })]);
		expect(retry.lastSeq).toBe(2);
		expect(await store.currentVersion()).toBe(versionAfter);
		expect(await store.listConflicts(true)).toEqual([]);
	});

	it('ignores duplicates and stops at a gap (scenario 3)', async () => {
		const res = await pushAs(marie, 'marie-phone-0001', [m(1, created()), m(1, created()), m(3, { notes: { v: 'trop tôt', hlc: hlc(2, 'marie') } })]);
		expect(res.lastSeq).toBe(1);
		expect((await fieldsOf(claire))?.notes).toBeUndefined();
		const later = await pushAs(marie, 'marie-phone-0001', [
			m(2, { name: { v: 'Pressoir', hlc: hlc(1, 'marie') } }),
			m(3, { notes: { v: 'enfin', hlc: hlc(2, 'marie') } })
		]);
		expect(later.lastSeq).toBe(3);
		expect((await fieldsOf(claire))?.notes?.v).toBe('enfin');
	});

	it('treats an emptied outbox row as a no-op that keeps the sequence', async () => {
		const res = await pushAs(marie, 'marie-phone-0001', [m(1, created()), m(2, {}), m(3, { notes: { v: 'x', hlc: hlc(3, 'marie') } })]);
		expect(res.lastSeq).toBe(3);
	});

	it('refuses an install that belongs to someone else', async () => {
		await pushAs(marie, 'marie-phone-0001', [m(1, created())]);
		await expect(pushAs(paul, 'marie-phone-0001', [m(2, created())])).rejects.toMatchObject({ code: 'client_not_yours' });
	});

	it('asks an app too old to update itself (426 path) and keeps nothing of the request', async () => {
		await expect(push(ctx(), marie, { protocol: 0, schemaVersion: 1, clientId: 'marie-phone-0001', mutations: [m(1, created())] })).rejects.toBeInstanceOf(
			SyncError
		);
		expect(await store.getRecord(SHEET)).toBeNull();
	});
});

describe('merge: the higher HLC wins, the loser is kept', () => {
	it('keeps both edits of different fields, and the later edit of one field (scenario 4)', async () => {
		await pushAs(marie, 'marie-phone-0001', [m(1, created())]);
		// Two people who may edit (the author and its mairie), offline, same sheet.
		await pushAs(mairie, 'mairie-pc-00001', [
			m(1, { name: { v: 'Pressoir associatif', hlc: hlc(20, 'mairie') }, address: { v: 'La Grande Noë', hlc: hlc(20, 'mairie') } })
		]);
		await pushAs(marie, 'marie-phone-0001', [
			m(2, { name: { v: 'Pressoir de l’association', hlc: hlc(10, 'marie') }, notes: { v: 'Cidre', hlc: hlc(10, 'marie') } })
		]);
		const f = await fieldsOf(claire);
		expect(f?.name?.v).toBe('Pressoir associatif');
		expect(f?.address?.v).toBe('La Grande Noë');
		expect(f?.notes?.v).toBe('Cidre');
		const [conflict] = await store.listConflicts(true);
		expect(conflict).toMatchObject({ field: 'name', kept: { v: 'Pressoir associatif' }, lost: { v: 'Pressoir de l’association', by: 'marie' } });
	});

	it('merges a coordinator edit made on the server with an offline phone edit (scenario 5)', async () => {
		await pushAs(marie, 'marie-phone-0001', [m(1, created())]);
		await store.transaction(() =>
			writeFields(store, claire, SHEET, new Map([['name' as FieldName, { v: 'Nom corrigé', hlc: hlc(50, 'server') }]]), now(50).toISOString())
		);
		await pushAs(marie, 'marie-phone-0001', [m(2, { name: { v: 'Nom du téléphone', hlc: hlc(30, 'marie') } })]);
		expect((await fieldsOf(marie))?.name?.v).toBe('Nom corrigé');
		expect((await store.listConflicts(true))[0]?.lost.v).toBe('Nom du téléphone');
	});

	it('clamps a phone two days ahead, so it does not win forever (scenario 6)', async () => {
		await pushAs(marie, 'marie-phone-0001', [m(1, created())]);
		const twoDays = 2 * 86_400_000;
		await pushAs(marie, 'marie-phone-0001', [m(2, { notes: { v: 'montre en avance', hlc: hlc(twoDays, 'marie') } })]);
		// An hour later, the mairie (right clock) edits the same field: its stamp is later than the clamped one.
		await pushAs(mairie, 'mairie-pc-00001', [m(1, { notes: { v: 'corrigé', hlc: hlc(3_600_000, 'mairie') } })], 3_600_000);
		expect((await fieldsOf(claire))?.notes?.v).toBe('corrigé');
	});

	it('an edit racing a delete: the later stamp decides for each field, the delete stays (scenario 7)', async () => {
		await pushAs(marie, 'marie-phone-0001', [m(1, created())]);
		await pushAs(claire, 'claire-pc-00001', [m(1, { deleted: { v: true, hlc: hlc(20, 'claire') } })]);
		await pushAs(marie, 'marie-phone-0001', [m(2, { notes: { v: 'après la suppression', hlc: hlc(30, 'marie') } })]);
		const change = (await pullAll(claire, 'claire-pc-00001')).changes.find((c) => c.id === SHEET);
		expect(change?.deleted).toBe(true);
		expect(change?.fields.notes?.v).toBe('après la suppression');
		// …and a later restore is an edit like any other.
		await pushAs(claire, 'claire-pc-00001', [m(2, { deleted: { v: false, hlc: hlc(40, 'claire') } })]);
		expect((await pullAll(claire, 'claire-pc-00001')).changes.find((c) => c.id === SHEET)?.deleted).toBe(false);
	});
});

describe('pull', () => {
	it('misses no record when pages and pushes interleave (scenario 8)', async () => {
		const ids = Array.from({ length: 30 }, (_, i) => `Sheet${String(i).padStart(15, '0')}`);
		let seq = 0;
		for (const id of ids.slice(0, 15)) await pushAs(marie, 'marie-phone-0001', [m(++seq, created(seq), id)]);
		const seen = new Map<string, number>();
		let cursor = 0;
		let more = true;
		let next = 15;
		while (more) {
			const page = await pull(ctx(), claire, { ...V, clientId: 'claire-pc-00001', cursor }, 4);
			for (const c of page.changes) seen.set(c.id, c.version);
			cursor = page.cursor;
			more = page.more;
			// Pushes land between pages: new sheets, and edits of sheets already pulled.
			if (next < 30) {
				await pushAs(marie, 'marie-phone-0001', [m(++seq, created(seq), ids[next++]!)]);
				await pushAs(marie, 'marie-phone-0001', [m(++seq, { notes: { v: `n${seq}`, hlc: hlc(seq, 'marie') } }, ids[seq % 10]!)]);
			}
			if (!more) {
				const tail = await pull(ctx(), claire, { ...V, clientId: 'claire-pc-00001', cursor }, 4);
				more = tail.changes.length > 0;
			}
		}
		expect([...seen.keys()].sort()).toEqual([...ids].sort());
		for (const id of ids) expect(seen.get(id)).toBe((await store.getRecord(id))?.version);
	});

	it('answers with lastSeq from the same snapshot, and starts over on an unknown cursor', async () => {
		await pushAs(marie, 'marie-phone-0001', [m(1, created()), m(2, { notes: { v: 'x', hlc: hlc(1, 'marie') } })]);
		const page = await pull(ctx(), marie, { ...V, clientId: 'marie-phone-0001', cursor: 0 });
		expect(page).toMatchObject({ lastSeq: 2, more: false, reset: false });
		const lost = await pull(ctx(), marie, { ...V, clientId: 'marie-phone-0001', cursor: 9999 });
		expect(lost.reset).toBe(true);
		expect(lost.changes.map((c) => c.id)).toEqual([SHEET]);
	});
});

describe('who sees and writes what (role matrix on sheets)', () => {
	beforeEach(async () => {
		await pushAs(marie, 'marie-phone-0001', [m(1, created())]);
		await pushAs(paul, 'paul-phone-00001', [
			m(
				1,
				{
					category: { v: 'abattoir', hlc: hlc(1, 'paul') },
					commune: { v: '61079', hlc: hlc(1, 'paul') },
					personName: { v: 'Jeanne', hlc: hlc(1, 'paul') },
					personConsentAt: { v: '2026-11-28T09:00:00.000Z', hlc: hlc(1, 'paul') }
				},
				'SheetAbattoirCeton00'
			)
		]);
	});

	it('lets every volunteer read every sheet, without the private contact — even its own', async () => {
		const seen = (await pullAll(paul, 'paul-phone-00001')).changes;
		expect(seen.map((c) => c.id).sort()).toEqual(['SheetAbattoirCeton00', SHEET]);
		for (const c of seen) {
			for (const f of ['personName', 'personPhone', 'personEmail', 'personConsentAt']) expect(f in c.fields).toBe(false);
		}
		expect(JSON.stringify(await pullAll(marie, 'marie-phone-0001'))).not.toContain('06 12 34 56 78');
	});

	it('gives a mairie the private contact of its communes only', async () => {
		const seen = (await pullAll(mairie, 'mairie-pc-00001')).changes;
		expect(seen.find((c) => c.id === SHEET)?.fields.personPhone?.v).toBe('06 12 34 56 78');
		const other = seen.find((c) => c.id === 'SheetAbattoirCeton00');
		expect(other).toBeDefined();
		expect('personName' in (other?.fields ?? {})).toBe(false);
	});

	it('gives the coordinator everything', async () => {
		const seen = (await pullAll(claire, 'claire-pc-00001')).changes;
		expect(seen.find((c) => c.id === 'SheetAbattoirCeton00')?.fields.personName?.v).toBe('Jeanne');
	});

	it("refuses a volunteer editing someone else's sheet, a mairie editing another commune, or moving a sheet out of its reach", async () => {
		const p = await pushAs(paul, 'paul-phone-00001', [m(2, { name: { v: 'piraté', hlc: hlc(5, 'paul') } })]);
		expect(p.rejected).toEqual([{ seq: 2, code: 'forbidden' }]);
		const q = await pushAs(mairie, 'mairie-pc-00001', [m(1, { name: { v: 'x', hlc: hlc(5, 'mairie') } }, 'SheetAbattoirCeton00')]);
		expect(q.rejected).toEqual([{ seq: 1, code: 'forbidden' }]);
		const r = await pushAs(mairie, 'mairie-pc-00001', [m(2, { commune: { v: '61079', hlc: hlc(6, 'mairie') } })]);
		expect(r.rejected).toEqual([{ seq: 2, code: 'forbidden' }]);
		expect((await fieldsOf(claire))?.name?.v).toBe('Pressoir de Préaux');
	});

	it('lets only mairies of the commune and the coordinator validate or send back', async () => {
		const handIn = await pushAs(marie, 'marie-phone-0001', [m(2, { status: { v: 'soumis', hlc: hlc(4, 'marie') } })]);
		expect(handIn.rejected).toEqual([]);
		const v = await pushAs(marie, 'marie-phone-0001', [m(3, { status: { v: 'valide', hlc: hlc(5, 'marie') } })]);
		expect(v.rejected).toEqual([{ seq: 3, code: 'forbidden' }]);
		const ok = await pushAs(mairie, 'mairie-pc-00001', [m(1, { status: { v: 'valide', hlc: hlc(6, 'mairie') } })]);
		expect(ok.rejected).toEqual([]);
		expect((await fieldsOf(claire))?.status?.v).toBe('valide');
	});

	it('does not let a refused or invalid mutation block the later ones (scenario 10)', async () => {
		const res = await pushAs(paul, 'paul-phone-00001', [
			m(2, { name: { v: 'piraté', hlc: hlc(5, 'paul') } }),
			m(3, { capacityValue: { v: 'abc', hlc: hlc(5, 'paul') } }, 'SheetAbattoirCeton00'),
			m(4, { notes: { v: 'ma note', hlc: hlc(6, 'paul') } }, 'SheetAbattoirCeton00')
		]);
		expect(res).toMatchObject({
			lastSeq: 4,
			rejected: [
				{ seq: 2, code: 'forbidden' },
				{ seq: 3, code: 'invalid' }
			]
		});
		expect((await store.getRecord('SheetAbattoirCeton00'))?.fields.notes?.v).toBe('ma note');
	});

	it('refuses alone a mutation it cannot even read (a stricter server), instead of the whole batch', async () => {
		const body = v.parse(PushBody, {
			...V,
			clientId: 'paul-phone-00001',
			mutations: [
				{ seq: 2, recordId: 'not an id!', fields: { notes: { v: 'x', hlc: hlc(5, 'paul') } } },
				{ seq: 3, recordId: 'SheetAbattoirCeton00', fields: { notes: { v: 'sans horloge' } } },
				{ seq: 4, recordId: 'SheetAbattoirCeton00', fields: 'pas des champs' },
				m(5, { notes: { v: 'ma note', hlc: hlc(6, 'paul') } }, 'SheetAbattoirCeton00')
			]
		});
		const res = await push(ctx(0), paul, body);
		expect(res).toMatchObject({
			lastSeq: 5,
			rejected: [
				{ seq: 2, code: 'invalid' },
				{ seq: 3, code: 'invalid' },
				{ seq: 4, code: 'invalid' }
			]
		});
		expect((await store.getRecord('SheetAbattoirCeton00'))?.fields.notes?.v).toBe('ma note');
	});
});

import { resolveConflict, serverStamp } from '$lib/server/sync/conflicts';

describe('the coordinator settles conflicts', () => {
	it('keeps the value that lost when asked, with a stamp that wins everywhere', async () => {
		await pushAs(marie, 'marie-phone-0001', [m(1, created())]);
		await pushAs(mairie, 'mairie-pc-00001', [m(1, { name: { v: 'Nom de la mairie', hlc: hlc(20, 'mairie') } })]);
		await pushAs(marie, 'marie-phone-0001', [m(2, { name: { v: 'Nom de Marie', hlc: hlc(10, 'marie') } })]);
		const [conflict] = await store.listConflicts(true);
		expect(conflict?.lost.v).toBe('Nom de Marie');
		await resolveConflict(store, claire, conflict!.id, 'lost', now(60_000));
		expect((await store.listConflicts(true)).map((c) => c.id)).not.toContain(conflict!.id);
		const f = await fieldsOf(mairie);
		expect(f?.name?.v).toBe('Nom de Marie');
		expect(f?.name?.hlc.endsWith('-server')).toBe(true);
	});

	it('closes a conflict without changing anything when the current value is kept', async () => {
		await pushAs(marie, 'marie-phone-0001', [m(1, created())]);
		await pushAs(mairie, 'mairie-pc-00001', [m(1, { name: { v: 'A', hlc: hlc(20, 'mairie') } })]);
		await pushAs(marie, 'marie-phone-0001', [m(2, { name: { v: 'B', hlc: hlc(10, 'marie') } })]);
		const version = await store.currentVersion();
		const [conflict] = await store.listConflicts(true);
		await resolveConflict(store, claire, conflict!.id, 'kept');
		expect(await store.currentVersion()).toBe(version);
		expect((await store.listConflicts(false))[0]?.resolvedBy).toBe('claire');
	});

	it('stamps server edits after both the clock and the stored stamp', () => {
		expect(serverStamp(formatHlc(T0 + 5000, 3, 'phone'), now(0))).toBe(formatHlc(T0 + 5001, 0, 'server'));
		expect(serverStamp(undefined, now(10))).toBe(formatHlc(T0 + 10, 0, 'server'));
	});
});

describe('history of every field write', () => {
	it('keeps who changed what, from which value to which, in order, and never lets a row change', async () => {
		await pushAs(marie, 'marie-phone-0001', [m(1, created())]);
		await pushAs(mairie, 'mairie-pc-00001', [m(1, { name: { v: 'Pressoir communal', hlc: hlc(20, 'mairie'), base: hlc(0, 'marie') } })]);
		await pushAs(marie, 'marie-phone-0001', [m(2, { name: { v: 'ignoré (plus ancien)', hlc: hlc(10, 'marie') } })]);
		const rows = await store.listHistory(SHEET);
		const names = rows.filter((r) => r.field === 'name').map((r) => [r.old, r.new, r.by, r.via]);
		expect(names).toEqual([
			[undefined, 'Pressoir de Préaux', 'marie', 'sync'],
			['Pressoir de Préaux', 'Pressoir communal', 'mairie', 'sync']
		]);
		expect(rows.map((r) => r.id)).toEqual([...rows.map((r) => r.id)].sort((a, b) => a - b));
		await expect(store.rawExec(`UPDATE history SET new_value = '"x"' WHERE id = ${rows[0]!.id}`)).rejects.toThrow(/append-only/);
		await expect(store.rawExec('DELETE FROM history')).rejects.toThrow(/append-only/);
	});

	it('records a value the coordinator took back from a conflict as a server write', async () => {
		await pushAs(marie, 'marie-phone-0001', [m(1, created())]);
		await pushAs(mairie, 'mairie-pc-00001', [m(1, { notes: { v: 'A', hlc: hlc(20, 'mairie') } })]);
		await pushAs(marie, 'marie-phone-0001', [m(2, { notes: { v: 'B', hlc: hlc(10, 'marie') } })]);
		const conflict = (await store.listConflicts(true)).find((c) => c.field === 'notes');
		await resolveConflict(store, claire, conflict!.id, 'lost', now(60_000));
		const last = (await store.listHistory(SHEET)).at(-1);
		expect(last).toMatchObject({ field: 'notes', old: 'A', new: 'B', by: 'claire', via: 'server' });
	});
});
