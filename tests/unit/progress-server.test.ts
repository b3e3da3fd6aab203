/**
 * The coordinator's home as the server reads it (GET /api/progress): sheets per review state from
 * the store's current values (deleted ones left out), the open conflicts, and the first-run
 * checklist from the territory's setting, the team and its invitations. Runs on both stores.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openTestStore, type TestStore } from './stores';
import { push } from '$lib/server/sync/service';
import { censusProgress } from '$lib/server/progress';
import { DEFAULT_SETTING, TERRITORY_SETTING } from '$lib/server/territory';
import { formatHlc } from '$lib/domain/hlc';
import type { Invitation, User } from '$lib/server/store/types';

let dir: string;
let store: TestStore;
const T0 = Date.parse('2026-11-28T10:00:00.000Z');
const at = new Date(T0).toISOString();
const hlc = (ms: number) => formatHlc(T0 + ms, 0, 'marie');

function user(id: string, role: User['role'], communes: string[] = []): User {
	return { id, name: id, role, communes, login: null, passwordHash: null, createdAt: at, lastSeenAt: null, revokedAt: null };
}
const claire = user('claire', 'coordinateur');
const marie = user('marie', 'benevole');

beforeEach(async () => {
	dir = mkdtempSync(join(tmpdir(), 'atlas-progress-'));
	store = await openTestStore(dir);
	await store.insertUser(claire);
});
afterEach(async () => {
	await store.close();
	rmSync(dir, { recursive: true, force: true });
});

describe('the coordinator’s home', () => {
	it('on a new server: nothing counted, nothing of the checklist done (the legacy territory file of an empty folder counts for nothing)', async () => {
		expect(await censusProgress(store, dir)).toEqual({
			byStatus: { brouillon: 0, soumis: 0, valide: 0, a_corriger: 0, archive: 0 },
			conflicts: 0,
			setup: { territory: false, volunteer: false, mairies: false }
		});
	});

	it('counts the sheets per state, never a deleted one', async () => {
		await store.insertUser(marie);
		const sheet = (seq: number, id: string, status: string, deleted = false) => ({
			seq,
			recordId: id,
			fields: {
				category: { v: 'pressoir', hlc: hlc(seq) },
				name: { v: id, hlc: hlc(seq) },
				status: { v: status, hlc: hlc(seq) },
				...(deleted ? { deleted: { v: true, hlc: hlc(seq) } } : {})
			}
		});
		const res = await push({ store, now: new Date(T0) }, marie, {
			protocol: 1,
			schemaVersion: 1,
			clientId: 'marie-phone-0001',
			mutations: [
				sheet(1, 'SheetBrouillon000001', 'brouillon'),
				sheet(2, 'SheetSoumise00000001', 'soumis'),
				sheet(3, 'SheetSoumise00000002', 'soumis'),
				sheet(4, 'SheetSupprimee000001', 'soumis', true)
			]
		});
		expect(res.rejected).toEqual([]);
		expect((await censusProgress(store, dir)).byStatus).toEqual({ brouillon: 1, soumis: 2, valide: 0, a_corriger: 0, archive: 0 });
	});

	it('ticks each step from the real data: a stored territory (even the default kept on purpose), a link or a member of each role', async () => {
		await store.putSetting(TERRITORY_SETTING, DEFAULT_SETTING);
		const inv: Invitation = {
			id: 'inv1',
			tokenHash: 'h1',
			role: 'mairie',
			communes: ['61309'],
			label: '',
			maxUses: 1,
			uses: 0,
			expiresAt: null,
			createdBy: claire.id,
			createdAt: at,
			revokedAt: null,
			forUserId: null
		};
		await store.insertInvitation(inv);
		expect((await censusProgress(store, dir)).setup).toEqual({ territory: true, volunteer: false, mairies: true });
		await store.insertUser(marie);
		expect((await censusProgress(store, dir)).setup).toEqual({ territory: true, volunteer: true, mairies: true });
	});
});
