/**
 * What changed in a sheet since the last review decision (domain/changes-since-decision.ts): from
 * made-up histories, then from the timeline the server builds after real pushes (a real SQLite
 * file), checked against the values a device pulls.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openTestStore, type TestStore } from './stores';
import { pull, push } from '$lib/server/sync/service';
import { buildTimeline } from '$lib/server/review/history';
import { formatHlc } from '$lib/domain/hlc';
import { changesSinceDecision, sameValue, type HistoryItem } from '$lib/domain/changes-since-decision';
import type { ReviewStatus } from '$lib/domain/vocab';
import type { User } from '$lib/server/store/types';
import type { Mutation } from '$lib/schemas/sync';

const write = (
	at: string,
	changes: { field: string; old?: unknown; new?: unknown; hidden?: true }[],
	extra: Partial<{ by: string; role: string; reason: string }> = {}
): HistoryItem => ({
	kind: 'field',
	at,
	by: extra.by ?? 'Marie',
	role: extra.role ?? 'benevole',
	reason: extra.reason ?? null,
	changes
});
const decide = (at: string, from: ReviewStatus, to: ReviewStatus) =>
	write(at, [{ field: 'status', old: from, new: to }], { by: 'Mairie de Préaux', role: 'mairie' });
const created = write('2026-11-28T10:00:00.000Z', [
	{ field: 'name', old: null, new: 'Pressoir' },
	{ field: 'commune', old: null, new: '61309' },
	{ field: 'status', old: null, new: 'soumis' }
]);

describe('changesSinceDecision', () => {
	it('lists the fields changed after the last decision, with their value before', () => {
		const entries: HistoryItem[] = [
			created,
			decide('2026-11-28T11:00:00.000Z', 'soumis', 'a_corriger'),
			{ kind: 'comment' },
			write('2026-11-28T12:00:00.000Z', [
				{ field: 'orgPhone', old: '', new: '02 33 25 00 00' },
				{ field: 'status', old: 'a_corriger', new: 'soumis' }
			])
		];
		const result = changesSinceDecision(entries, { name: 'Pressoir', orgPhone: '02 33 25 00 00', status: 'soumis' });
		expect(result.decision).toEqual({ status: 'a_corriger', at: '2026-11-28T11:00:00.000Z', by: 'Mairie de Préaux', role: 'mairie' });
		expect(result.changed).toEqual([{ field: 'orgPhone', before: '' }]);
	});

	it('compares with the newest decision only, validation included', () => {
		const entries: HistoryItem[] = [
			created,
			decide('2026-11-28T11:00:00.000Z', 'soumis', 'a_corriger'),
			write('2026-11-28T12:00:00.000Z', [
				{ field: 'name', old: 'Pressoir', new: 'Pressoir de Préaux' },
				{ field: 'status', old: 'a_corriger', new: 'soumis' }
			]),
			decide('2026-11-28T13:00:00.000Z', 'soumis', 'valide'),
			write('2026-11-28T14:00:00.000Z', [{ field: 'notes', old: '', new: 'Cidre' }]),
			// The server reopens the validated sheet itself: not a decision.
			write('2026-11-28T14:00:00.000Z', [{ field: 'status', old: 'valide', new: 'soumis' }], { reason: 'edited_after_validation', by: '', role: '' })
		];
		const result = changesSinceDecision(entries, { name: 'Pressoir de Préaux', notes: 'Cidre', status: 'soumis' });
		expect(result.decision?.status).toBe('valide');
		expect(result.changed).toEqual([{ field: 'notes', before: '' }]);
	});

	it('follows a field through several writes: first value before, last after; changed back is unchanged', () => {
		const entries: HistoryItem[] = [
			created,
			decide('2026-11-28T11:00:00.000Z', 'soumis', 'a_corriger'),
			write('2026-11-28T12:00:00.000Z', [
				{ field: 'address', old: '', new: 'Rue du Moulin' },
				{ field: 'notes', old: 'A', new: 'B' }
			]),
			write('2026-11-28T12:05:00.000Z', [
				{ field: 'address', old: 'Rue du Moulin', new: '2 rue du Moulin' },
				{ field: 'notes', old: 'B', new: 'A' }
			]),
			write('2026-11-28T12:06:00.000Z', [{ field: 'status', old: 'a_corriger', new: 'soumis' }])
		];
		const result = changesSinceDecision(entries, { address: '2 rue du Moulin', notes: 'A', status: 'soumis' });
		expect(result.changed).toEqual([{ field: 'address', before: '' }]);
	});

	it('shows nothing on a sheet that is not awaiting a decision', () => {
		const entries: HistoryItem[] = [
			created,
			decide('2026-11-28T11:00:00.000Z', 'soumis', 'a_corriger'),
			write('2026-11-28T12:00:00.000Z', [{ field: 'orgPhone', old: '', new: '02 33 25 00 00' }])
		];
		// Still « à corriger »: the volunteer has not resent it.
		expect(changesSinceDecision(entries, { orgPhone: '02 33 25 00 00', status: 'a_corriger' }).changed).toEqual([]);
		// Decided here already (the decision not yet sent): decided with what was shown.
		expect(changesSinceDecision(entries, { orgPhone: '02 33 25 00 00', status: 'valide' }).changed).toEqual([]);
	});

	it('has nothing to compare with before any decision', () => {
		const entries: HistoryItem[] = [created, write('2026-11-28T12:00:00.000Z', [{ field: 'notes', old: '', new: 'Cidre' }])];
		expect(changesSinceDecision(entries, { notes: 'Cidre', status: 'soumis' })).toEqual({ decision: null, changed: [] });
		expect(changesSinceDecision([], { status: 'soumis' })).toEqual({ decision: null, changed: [] });
	});

	it('leaves out a field whose shown value is not the one the history ends with, and a private value hidden from the reader', () => {
		const entries: HistoryItem[] = [
			created,
			decide('2026-11-28T11:00:00.000Z', 'soumis', 'a_corriger'),
			write('2026-11-28T12:00:00.000Z', [
				{ field: 'orgPhone', old: '', new: '02 33 25 00 00' },
				{ field: 'orgEmail', old: '', new: 'asso@example.org' },
				{ field: 'personPhone', hidden: true },
				{ field: 'status', old: 'a_corriger', new: 'soumis' }
			])
		];
		// This device has not pulled the new phone yet (it shows the old, empty one).
		const result = changesSinceDecision(entries, { orgPhone: '', orgEmail: 'asso@example.org', status: 'soumis' });
		expect(result.changed).toEqual([{ field: 'orgEmail', before: '' }]);
	});

	it('gives the fields in the sheet’s order, objects compared whatever their keys’ order', () => {
		const point = { lat: 48.35, lon: 0.71, accuracy: 12, source: 'gps', at: '2026-11-28T12:00:00.000Z' };
		const entries: HistoryItem[] = [
			created,
			decide('2026-11-28T11:00:00.000Z', 'soumis', 'a_corriger'),
			write('2026-11-28T12:00:00.000Z', [
				{ field: 'notes', old: '', new: 'Cidre' },
				{ field: 'location', old: null, new: point },
				{ field: 'name', old: 'Pressoir', new: 'Pressoir de Préaux' },
				{ field: 'status', old: 'a_corriger', new: 'soumis' }
			])
		];
		const shown = {
			name: 'Pressoir de Préaux',
			location: { source: 'gps', at: point.at, accuracy: 12, lon: 0.71, lat: 48.35 },
			notes: 'Cidre',
			status: 'soumis' as const
		};
		expect(changesSinceDecision(entries, shown).changed.map((c) => c.field)).toEqual(['name', 'location', 'notes']);
	});

	it('counts every empty value as the same', () => {
		expect(sameValue(null, '')).toBe(true);
		expect(sameValue(undefined, [])).toBe(true);
		expect(sameValue(false, null)).toBe(false);
		expect(sameValue(['a', 'b'], ['b', 'a'])).toBe(false);
		expect(sameValue({ a: 1, b: [1, 2] }, { b: [1, 2], a: 1 })).toBe(true);
	});
});

describe('changesSinceDecision on the timeline the server builds', () => {
	let dir: string;
	let store: TestStore;
	const T0 = Date.parse('2026-11-28T10:00:00.000Z');
	const V = { protocol: 1, schemaVersion: 1 };
	const user = (id: string, name: string, role: User['role'], communes: string[] = []): User => ({
		id,
		name,
		role,
		communes,
		login: null,
		passwordHash: null,
		createdAt: new Date(T0).toISOString(),
		lastSeenAt: null,
		revokedAt: null
	});
	const marie = user('marie', 'Marie', 'benevole');
	const mairie = user('mairie', 'Mairie de Préaux', 'mairie', ['61309']);
	const SHEET = 'SheetPressoirPreaux0';
	const seqs = new Map<string, number>();
	async function pushAs(u: User, fields: Record<string, unknown>, ms: number, comments?: Mutation['comments']) {
		const seq = (seqs.get(u.id) ?? 0) + 1;
		seqs.set(u.id, seq);
		const stamped = Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, { v, hlc: formatHlc(T0 + ms, 0, u.id) }]));
		const mutation: Mutation = { seq, recordId: SHEET, fields: stamped, ...(comments ? { comments } : {}) };
		const res = await push({ store, now: new Date(T0 + ms) }, u, { ...V, clientId: `${u.id}-phone-0001`, mutations: [mutation] });
		expect(res.rejected).toEqual([]);
	}
	/** The sheet's values as the mairie's device pulls them. */
	async function pulled(): Promise<Record<string, unknown> & { status: ReviewStatus }> {
		const page = await pull({ store, now: new Date(T0 + 600_000) }, mairie, { ...V, clientId: 'mairie-pc-00001', cursor: 0 });
		const change = page.changes.find((c) => c.id === SHEET);
		return Object.fromEntries(Object.entries(change?.fields ?? {}).map(([k, f]) => [k, (f as { v: unknown }).v])) as Record<string, unknown> & {
			status: ReviewStatus;
		};
	}

	beforeEach(async () => {
		dir = mkdtempSync(join(tmpdir(), 'atlas-changes-'));
		store = await openTestStore(dir);
		for (const u of [marie, mairie]) await store.insertUser(u);
		seqs.clear();
	});
	afterEach(async () => {
		await store.close();
		rmSync(dir, { recursive: true, force: true });
	});

	it('finds only the field the volunteer corrected after the send back', async () => {
		const point = { lat: 48.3521, lon: 0.7142, accuracy: 12, source: 'gps', at: new Date(T0).toISOString() };
		await pushAs(
			marie,
			{
				category: 'pressoir',
				name: 'Pressoir de Préaux',
				commune: '61309',
				location: point,
				orgPhone: '',
				energy: ['electrique'],
				status: 'brouillon',
				deleted: false
			},
			0
		);
		await pushAs(marie, { status: 'soumis' }, 60_000);
		await pushAs(mairie, { status: 'a_corriger' }, 120_000, [
			{ id: 'CommentSendBack01', text: 'Il manque le téléphone.', at: new Date(T0 + 119_000).toISOString() }
		]);
		expect(changesSinceDecision((await buildTimeline(store, mairie, SHEET))?.entries ?? [], await pulled()).changed).toEqual([]);
		await pushAs(marie, { orgPhone: '02 33 25 00 00', status: 'soumis' }, 180_000);

		const result = changesSinceDecision((await buildTimeline(store, mairie, SHEET))?.entries ?? [], await pulled());
		expect(result.decision).toMatchObject({ status: 'a_corriger', by: 'Mairie de Préaux', role: 'mairie' });
		expect(result.changed).toEqual([{ field: 'orgPhone', before: '' }]);

		// Once validated, nothing is left to show.
		await pushAs(mairie, { status: 'valide' }, 240_000);
		expect(changesSinceDecision((await buildTimeline(store, mairie, SHEET))?.entries ?? [], await pulled()).changed).toEqual([]);
	});
});
