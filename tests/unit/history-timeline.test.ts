/**
 * A sheet's history as a timeline, against a real SQLite file: writes pushed through the
 * sync service come back as one entry per write (the creation as ONE entry), with comments in
 * place, the server's own changes explained, and a named person's private values never sent to
 * someone who may not read them.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openTestStore, type TestStore } from './stores';
import { push } from '$lib/server/sync/service';
import { buildTimeline, type ChangeEntry, type CommentEntry, type TimelineEntry } from '$lib/server/review/history';
import { formatHlc } from '$lib/domain/hlc';
import type { User } from '$lib/server/store/types';
import type { Mutation } from '$lib/schemas/sync';
import { FIELD_NAMES } from '$lib/domain/sheet';
import { ROLES } from '$lib/domain/access';
import { hasMessage } from '$lib/i18n';

let dir: string;
let store: TestStore;
const T0 = Date.parse('2026-11-28T10:00:00.000Z');
const at = (ms = 0) => new Date(T0 + ms).toISOString();
const hlc = (ms: number, node: string) => formatHlc(T0 + ms, 0, node);
const V = { protocol: 1, schemaVersion: 1 };
const ANDROID = 'Mozilla/5.0 (Linux; Android 14; SM-A515F) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36';

function user(id: string, name: string, role: User['role'], communes: string[] = []): User {
	return { id, name, role, communes, login: null, passwordHash: null, createdAt: at(), lastSeenAt: null, revokedAt: null };
}
const marie = user('marie', 'Marie', 'benevole');
const paul = user('paul', 'Paul', 'benevole');
const mairie = user('mairie', 'Mairie de Préaux', 'mairie', ['61309']);
const claire = user('claire', 'Claire', 'coordinateur');

const SHEET = 'SheetPressoirPreaux0';
const seqs = new Map<string, number>();
function m(u: User, fields: Record<string, unknown>, ms: number, comments?: Mutation['comments']): Mutation {
	const seq = (seqs.get(u.id) ?? 0) + 1;
	seqs.set(u.id, seq);
	const stamped = Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, { v, hlc: hlc(ms, u.id) }]));
	return { seq, recordId: SHEET, fields: stamped, ...(comments ? { comments } : {}) };
}
async function pushAs(u: User, mutation: Mutation, ms: number) {
	const res = await push({ store, now: new Date(T0 + ms), device: ANDROID }, u, { ...V, clientId: `${u.id}-phone-0001`, mutations: [mutation] });
	expect(res.rejected).toEqual([]);
}

/** A sheet's life: created, handed in, sent back with a comment, corrected, validated, edited again. */
async function story() {
	await pushAs(
		marie,
		m(
			marie,
			{
				category: 'pressoir',
				name: 'Pressoir',
				commune: '61309',
				description: '',
				energy: [],
				mobile: false,
				personName: 'Jean Dupont',
				personPhone: '06 12 34 56 78',
				personConsentAt: '2026-11-28T09:00:00.000Z',
				status: 'brouillon',
				deleted: false
			},
			0
		),
		0
	);
	await pushAs(marie, m(marie, { name: 'Pressoir de Préaux', status: 'soumis' }, 60_000), 60_000);
	await pushAs(mairie, m(mairie, { status: 'a_corriger' }, 120_000, [{ id: 'CommentSendBack01', text: 'Précisez le tarif.', at: at(119_000) }]), 120_000);
	await pushAs(marie, m(marie, { accessPrice: '0,40 € le kg', personPhone: '06 00 00 00 00', status: 'soumis' }, 180_000), 180_000);
	await pushAs(mairie, m(mairie, { status: 'valide' }, 240_000), 240_000);
	await pushAs(marie, m(marie, { notes: 'Cidre et jus' }, 300_000), 300_000);
}

const fields = (e: TimelineEntry | undefined) => (e as ChangeEntry).changes.map((c) => c.field);

beforeEach(async () => {
	dir = mkdtempSync(join(tmpdir(), 'atlas-history-'));
	store = await openTestStore(dir);
	for (const u of [marie, paul, mairie, claire]) await store.insertUser(u);
	seqs.clear();
});
afterEach(async () => {
	await store.close();
	rmSync(dir, { recursive: true, force: true });
});

describe('buildTimeline', () => {
	it('tells the story in order: one entry per write, the comment after its send back', async () => {
		await story();
		const timeline = await buildTimeline(store, claire, SHEET);
		const entries = timeline?.entries ?? [];
		expect(entries.map((e) => e.kind)).toEqual(['field', 'field', 'field', 'comment', 'field', 'field', 'field', 'field']);

		const [created, handedIn, sentBack, comment, corrected, validated, edited, reopened] = entries as [
			ChangeEntry,
			ChangeEntry,
			ChangeEntry,
			CommentEntry,
			ChangeEntry,
			ChangeEntry,
			ChangeEntry,
			ChangeEntry
		];
		// The creation is ONE entry, listing only what was filled in (blank values left out).
		expect(created).toMatchObject({ created: true, by: 'Marie', role: 'benevole', at: at(0), via: 'sync', device: 'Chrome sur Android', reason: null });
		expect(fields(created).sort()).toEqual(['category', 'commune', 'name', 'personConsentAt', 'personName', 'personPhone', 'status'].sort());
		expect(created.changes.find((c) => c.field === 'name')).toEqual({ field: 'name', old: null, new: 'Pressoir' });

		expect(handedIn).toMatchObject({ created: false, by: 'Marie', at: at(60_000) });
		expect(handedIn.changes).toEqual([
			{ field: 'name', old: 'Pressoir', new: 'Pressoir de Préaux' },
			{ field: 'status', old: 'brouillon', new: 'soumis' }
		]);
		expect(sentBack).toMatchObject({ by: 'Mairie de Préaux', role: 'mairie', changes: [{ field: 'status', old: 'soumis', new: 'a_corriger' }] });
		// Written a second before it was pushed, the send back's reason still reads after the decision.
		expect(comment).toEqual({
			kind: 'comment',
			id: 'cCommentSendBack01',
			text: 'Précisez le tarif.',
			status: 'a_corriger',
			by: 'Mairie de Préaux',
			role: 'mairie',
			at: at(119_000)
		});
		expect(fields(corrected)).toEqual(['accessPrice', 'personPhone', 'status']);
		expect(corrected.changes.find((c) => c.field === 'personPhone')).toEqual({ field: 'personPhone', old: '06 12 34 56 78', new: '06 00 00 00 00' });
		expect(validated.changes).toEqual([{ field: 'status', old: 'soumis', new: 'valide' }]);
		// An edit after validation: the volunteer's write, then the server's own, with its reason.
		expect(edited).toMatchObject({ by: 'Marie', reason: null, changes: [{ field: 'notes', old: null, new: 'Cidre et jus' }] });
		expect(reopened).toMatchObject({ reason: 'edited_after_validation', changes: [{ field: 'status', old: 'valide', new: 'soumis' }] });
	});

	it('removes private values for a volunteer, keeps them for the coordinator and the commune’s mairie', async () => {
		await story();
		const forPaul = JSON.stringify(await buildTimeline(store, paul, SHEET));
		expect(forPaul).not.toContain('06 12 34 56 78');
		expect(forPaul).not.toContain('06 00 00 00 00');
		expect(forPaul).not.toContain('Jean Dupont');
		expect(forPaul).not.toContain('2026-11-28T09:00:00.000Z');
		const paulEntries = (await buildTimeline(store, paul, SHEET))?.entries as ChangeEntry[];
		expect(
			paulEntries[0]?.changes
				.filter((c) => c.hidden)
				.map((c) => c.field)
				.sort()
		).toEqual(['personConsentAt', 'personName', 'personPhone']);
		const hiddenChange = paulEntries[0]?.changes.find((c) => c.field === 'personPhone');
		expect(hiddenChange).toEqual({ field: 'personPhone', hidden: true });
		// Public fields are still there for everyone.
		expect(forPaul).toContain('Pressoir de Préaux');

		for (const reader of [claire, mairie]) {
			const text = JSON.stringify(await buildTimeline(store, reader, SHEET));
			expect(text).toContain('06 12 34 56 78');
			expect(text).toContain('Jean Dupont');
			expect(text).not.toContain('"hidden"');
		}
		// A mairie of another commune is a reader like any other.
		const elsewhere = user('mairie2', 'Mairie de Mortagne', 'mairie', ['61293']);
		await store.insertUser(elsewhere);
		expect(JSON.stringify(await buildTimeline(store, elsewhere, SHEET))).not.toContain('Jean Dupont');
	});

	it('answers null for a sheet the server does not hold', async () => {
		expect(await buildTimeline(store, claire, 'UnknownSheet0000')).toBeNull();
	});

	it('shows a plain comment at its time, between the writes around it', async () => {
		await pushAs(marie, m(marie, { category: 'pressoir', name: 'Pressoir', commune: '61309' }, 0), 0);
		await pushAs(mairie, m(mairie, {}, 30_000, [{ id: 'CommentPlain0001', text: 'Merci !', at: at(30_000) }]), 30_000);
		await pushAs(marie, m(marie, { name: 'Pressoir de Préaux' }, 60_000), 60_000);
		const entries = (await buildTimeline(store, paul, SHEET))?.entries ?? [];
		expect(entries.map((e) => e.kind)).toEqual(['field', 'comment', 'field']);
		expect(entries[1]).toMatchObject({ text: 'Merci !', status: null, by: 'Mairie de Préaux' });
	});
});

describe('the timeline’s words', () => {
	it('names every field and every role', () => {
		const keys = [...FIELD_NAMES.map((f) => `history.field.${f}`), ...ROLES.map((r) => `history.role.${r}`)];
		expect(keys.filter((k) => !hasMessage(k))).toEqual([]);
	});
});
