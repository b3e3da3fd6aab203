/**
 * Guarantees of the store contract (src/lib/server/store/types.ts) that the sync, review and account
 * code relies on without checking them itself, on whichever store this project runs (vitest projects
 * `sqlite` and `postgres`, tests/unit/stores.ts): retried inserts are no-ops, "at most once" updates
 * are atomic even when called concurrently, versions grow without gaps in commit order, a failed
 * transaction leaves nothing, history and comments refuse to change even to raw SQL.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Invitation, StoredComment, User } from '$lib/server/store/types';
import { openTestStore, type TestStore } from './stores';

const T0 = '2026-11-28T10:00:00.000Z';
const LATER = '2026-11-28T11:00:00.000Z';

let dir: string;
let store: TestStore;

const marie: User = {
	id: 'marie',
	name: 'Marie',
	role: 'benevole',
	communes: [],
	login: null,
	passwordHash: null,
	createdAt: T0,
	lastSeenAt: null,
	revokedAt: null
};

beforeEach(async () => {
	dir = mkdtempSync(join(tmpdir(), 'atlas-contract-'));
	store = await openTestStore(dir);
	await store.insertUser(marie);
});
afterEach(async () => {
	await store.close();
	rmSync(dir, { recursive: true, force: true });
});

async function record(id: string): Promise<void> {
	await store.insertRecord({ id, createdBy: marie.id, commune: '61309', createdAt: T0, updatedAt: T0 });
}

describe('retried inserts', () => {
	it('stores a comment once: the second insert of the same id says false and changes nothing', async () => {
		await record('SheetContract000001');
		const c: StoredComment = {
			id: 'CommentContract0001',
			recordId: 'SheetContract000001',
			by: 'marie',
			role: 'benevole',
			text: 'Première',
			status: null,
			clientId: 'phone-1',
			at: T0
		};
		expect(await store.insertComment(c)).toBe(true);
		expect(await store.insertComment({ ...c, text: 'Autre texte' })).toBe(false);
		expect(await store.listComments(['SheetContract000001'])).toEqual([c]);
	});

	it('stores a rejected mutation once per client and seq', async () => {
		await record('SheetContract000001');
		const r = { clientId: 'phone-1', seq: 3, recordId: 'SheetContract000001', code: 'forbidden', at: T0 };
		await store.insertRejected(r);
		await store.insertRejected({ ...r, at: LATER });
		expect(await store.listRejected('phone-1', [3])).toEqual([r]);
	});

	it('announces a photo once', async () => {
		const photo = { sha: 'a'.repeat(64), size: 10, mime: 'image/jpeg', uploadedBy: marie.id, createdAt: T0, completedAt: null };
		expect(await store.insertPhoto(photo)).toBe(true);
		expect(await store.insertPhoto({ ...photo, size: 20 })).toBe(false);
		expect(await store.getPhoto(photo.sha)).toMatchObject({ size: 10 });
	});
});

describe('at most once, concurrently', () => {
	it('uses an invitation of 3 uses exactly 3 times out of 8 simultaneous calls', async () => {
		const inv: Invitation = {
			id: 'inv1',
			tokenHash: 'h1',
			role: 'benevole',
			communes: [],
			label: '',
			maxUses: 3,
			uses: 0,
			expiresAt: null,
			createdBy: null,
			createdAt: T0,
			revokedAt: null,
			forUserId: null
		};
		await store.insertInvitation(inv);
		const results = await Promise.all(Array.from({ length: 8 }, () => store.useInvitation('inv1', T0)));
		expect(results.filter(Boolean)).toHaveLength(3);
		expect((await store.getInvitation('inv1'))?.uses).toBe(3);
	});

	it('marks a setup link used once out of 5 simultaneous calls', async () => {
		await store.insertSetupToken({ tokenHash: 'setup1', createdAt: T0, expiresAt: '2026-11-29T10:00:00.000Z', usedAt: null });
		const results = await Promise.all(Array.from({ length: 5 }, () => store.markSetupTokenUsed('setup1', LATER)));
		expect(results.filter(Boolean)).toHaveLength(1);
		expect((await store.getSetupToken('setup1'))?.usedAt).toBe(LATER);
	});
});

describe('versions', () => {
	it('grow by one per write, without gaps, when write transactions run concurrently', async () => {
		const start = await store.currentVersion();
		const ids = Array.from({ length: 12 }, (_, i) => `SheetVersion${String(i).padStart(7, '0')}`);
		await Promise.all(
			ids.map((id, i) =>
				store.transaction(async () => {
					await record(id);
					await store.putFields(id, [{ field: 'name', value: `Outil ${i}`, hlc: `${T0}-0000-marie`, by: 'marie' }]);
					await store.bumpVersion(id, '61309', T0);
				})
			)
		);
		const changes = await store.listChanges(start, 1000);
		expect(changes.map((r) => r.id).sort()).toEqual(ids);
		const versions = changes.map((r) => r.version);
		// Every record at its last version; the versions it skipped are the ones insertRecord took.
		expect(versions).toEqual([...versions].sort((a, b) => a - b));
		expect(new Set(versions).size).toBe(ids.length);
		expect(await store.currentVersion()).toBe(start + 2 * ids.length);
	});

	it('takes nothing from a failed transaction: no record, no version', async () => {
		const start = await store.currentVersion();
		await expect(
			store.transaction(async () => {
				await record('SheetRolledBack0001');
				await store.bumpVersion('SheetRolledBack0001', null, T0);
				throw new Error('boom');
			})
		).rejects.toThrow('boom');
		expect(await store.getRecord('SheetRolledBack0001')).toBeNull();
		expect(await store.currentVersion()).toBe(start);
		await record('SheetAfterRollback01');
		expect((await store.getRecord('SheetAfterRollback01'))?.version).toBe(start + 1);
	});
});

describe('append-only tables', () => {
	it('refuses to change or delete history and comments, even to raw SQL', async () => {
		await record('SheetContract000001');
		await store.insertHistory({
			recordId: 'SheetContract000001',
			field: 'name',
			old: null,
			new: 'A',
			hlc: `${T0}-0000-marie`,
			by: 'marie',
			via: 'sync',
			at: T0
		});
		await store.insertComment({
			id: 'CommentContract0001',
			recordId: 'SheetContract000001',
			by: 'marie',
			role: 'benevole',
			text: 'Gardé',
			status: null,
			clientId: null,
			at: T0
		});
		for (const sql of ["UPDATE history SET at = 'x'", 'DELETE FROM history', "UPDATE comments SET text = 'x'", 'DELETE FROM comments']) {
			await expect(store.rawExec(sql), sql).rejects.toThrow(/append-only/);
		}
		expect(await store.listHistory('SheetContract000001')).toHaveLength(1);
		expect((await store.listComments(['SheetContract000001']))[0]?.text).toBe('Gardé');
	});
});

describe('history written in one go', () => {
	it('keeps the entries of insertHistories in their order, with every column, after those written one by one', async () => {
		await record('SheetContract000002');
		const at = (i: number) => `${T0.slice(0, 17)}${String(i).padStart(2, '0')}.000Z`;
		await store.insertHistory({
			recordId: 'SheetContract000002',
			field: 'name',
			old: undefined,
			new: 'A',
			hlc: `${at(0)}-0000-marie`,
			by: 'marie',
			via: 'sync',
			at: at(0)
		});
		const batch = ['name', 'notes', 'category', 'commune', 'status'].map((field, i) => ({
			recordId: 'SheetContract000002',
			field,
			old: i === 0 ? 'A' : undefined,
			new: i % 2 ? { v: [i, 'é'] } : `valeur ${i}`,
			hlc: `${at(i + 1)}-0000-marie`,
			by: i === 4 ? null : 'marie',
			via: 'sync',
			at: at(i + 1),
			clientId: 'marie-phone-0001',
			device: 'Chrome sur Android',
			reason: i === 4 ? 'edited_after_validation' : null
		}));
		await store.insertHistories(batch);
		await store.insertHistories([]);
		const read = await store.listHistory('SheetContract000002');
		expect(read.map((h) => h.field)).toEqual(['name', 'name', 'notes', 'category', 'commune', 'status']);
		expect(read.slice(1).map(({ id: _id, ...rest }) => rest)).toEqual(batch);
		expect(read.every((h, i) => i === 0 || h.id > (read[i - 1] as { id: number }).id)).toBe(true);
	});
});

describe('failed sign-ins', () => {
	const N = Date.parse(T0);
	const HOUR = 3600_000;
	const WINDOW = 15 * 60_000;

	it('counts each failure once when they arrive together, per (account, address), summed per account', async () => {
		await Promise.all(Array.from({ length: 8 }, (_, i) => store.addSigninFailure('marie', `10.0.0.${i % 2}`, N, WINDOW, N - HOUR)));
		await store.addSigninFailure('other', '10.0.0.0', N, WINDOW, N - HOUR);
		const { summary, pair } = await store.signinFailures('marie', '10.0.0.1', N - HOUR);
		expect(summary).toEqual({ account: 'marie', failures: 8, addresses: 2, firstAt: N, lastAt: N });
		expect(pair).toEqual({ failures: 4, windowFailures: 4, windowStart: N, turnAt: N });
		expect(await store.listSigninFailures(N - HOUR, 10)).toEqual([summary, { account: 'other', failures: 1, addresses: 1, firstAt: N, lastAt: N }]);
	});

	it('starts a waiting address without a failure, restarts a window that ended and forgets a pair inactive since `since`', async () => {
		await store.startSigninTurn('marie', '10.0.0.9', N, N - HOUR);
		expect((await store.signinFailures('marie', '10.0.0.9', N - HOUR)).pair).toEqual({ failures: 0, windowStart: N, windowFailures: 0, turnAt: N });
		// An active pair keeps its clock.
		await store.startSigninTurn('marie', '10.0.0.9', N + 5, N - HOUR);
		expect((await store.signinFailures('marie', '10.0.0.9', N - HOUR)).pair?.turnAt).toBe(N);
		await store.addSigninFailure('marie', '10.0.0.9', N + 10, WINDOW, N - HOUR);
		await store.addSigninFailure('marie', '10.0.0.9', N + WINDOW + 10, WINDOW, N - HOUR);
		expect((await store.signinFailures('marie', '10.0.0.9', N - HOUR)).pair).toEqual({
			failures: 2,
			windowStart: N + WINDOW + 10,
			windowFailures: 1,
			turnAt: N + WINDOW + 10
		});
		// Two hours later: forgotten, and a new failure starts from nothing.
		const later = N + 2 * HOUR;
		expect(await store.signinFailures('marie', '10.0.0.9', later - HOUR)).toEqual({
			summary: { account: 'marie', failures: 0, addresses: 0, firstAt: null, lastAt: null },
			pair: null
		});
		await store.addSigninFailure('marie', '10.0.0.9', later, WINDOW, later - HOUR);
		expect((await store.signinFailures('marie', '10.0.0.9', later - HOUR)).summary).toEqual({
			account: 'marie',
			failures: 1,
			addresses: 1,
			firstAt: later,
			lastAt: later
		});
	});

	it('forgets every failure of one account only', async () => {
		await store.addSigninFailure('marie', '10.0.0.1', N, WINDOW, N - HOUR);
		await store.addSigninFailure('marie', '10.0.0.2', N, WINDOW, N - HOUR);
		await store.addSigninFailure('other', '10.0.0.1', N, WINDOW, N - HOUR);
		expect(await store.clearSigninFailures('marie')).toBe(2);
		expect((await store.listSigninFailures(N - HOUR, 10)).map((s) => s.account)).toEqual(['other']);
	});
});
