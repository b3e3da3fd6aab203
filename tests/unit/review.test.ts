/**
 * The review of sheets by their mairie against a real SQLite file: the status machine by
 * role and scope, the server applying it to every push (refused, accepted, or set aside as a
 * conflict), the comment required to send a sheet back and the thread pulled with it, the history
 * of every change (append-only, like the comments), the rule that an edit after validation reopens
 * the sheet, and the re-verification age with its setting.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openTestStore, type TestStore } from './stores';
import { pull, push, type PullChange, type SyncContext } from '$lib/server/sync/service';
import { reverifyMonths, setReverifyMonths } from '$lib/server/settings';
import { allowedTargets, DEFAULT_REVERIFY_MONTHS, needsReverification, statusTransition, type TransitionVerdict } from '$lib/domain/review';
import { actorOf, type SheetScope } from '$lib/domain/access';
import { formatHlc } from '$lib/domain/hlc';
import type { ReviewStatus } from '$lib/domain/vocab';
import type { User } from '$lib/server/store/types';
import type { CommentDraft, Mutation } from '$lib/schemas/sync';

let dir: string;
let store: TestStore;
const T0 = Date.parse('2026-11-28T10:00:00.000Z');
const now = (ms = 0) => new Date(T0 + ms);
const hlc = (ms: number, node: string, counter = 0) => formatHlc(T0 + ms, counter, node);
const V = { protocol: 1, schemaVersion: 1 };

// Names differ from ids: the thread must show the author's name, looked up by the server.
function user(id: string, name: string, role: User['role'], communes: string[] = []): User {
	return { id, name, role, communes, login: null, passwordHash: null, createdAt: now().toISOString(), lastSeenAt: null, revokedAt: null };
}
const marie = user('marie', 'Marie Lebrun', 'benevole');
const paul = user('paul', 'Paul Girard', 'benevole');
const mairie = user('mairie', 'Mairie de Préaux', 'mairie', ['61309']);
const ceton = user('ceton', 'Mairie de Ceton', 'mairie', ['61079']);
const claire = user('claire', 'Claire Coordination', 'coordinateur');

const CLIENT: Record<string, string> = {
	marie: 'marie-phone-0001',
	paul: 'paul-phone-00001',
	mairie: 'mairie-pc-00001',
	ceton: 'ceton-pc-000001',
	claire: 'claire-pc-00001'
};

const SHEET = 'SheetPressoirPreaux0';
type Fields = Record<string, { v: unknown; hlc: string; base?: string }>;
const m = (seq: number, fields: Fields, comments?: CommentDraft[], recordId = SHEET): Mutation =>
	comments ? { seq, recordId, fields, comments } : { seq, recordId, fields };

/** Each person pushes from their own install, numbering its mutations 1, 2, 3… */
const seqs = new Map<string, number>();
async function pushAs(u: User, fieldsOrMutation: Fields | Omit<Mutation, 'seq'>, opts: { ms?: number; device?: string } = {}) {
	const seq = (seqs.get(u.id) ?? 0) + 1;
	seqs.set(u.id, seq);
	const body = 'recordId' in fieldsOrMutation ? { ...fieldsOrMutation, seq } : m(seq, fieldsOrMutation as Fields);
	const ctx: SyncContext = { store, now: now(opts.ms ?? 0), ...(opts.device ? { device: opts.device } : {}) };
	const res = await push(ctx, u, { ...V, clientId: CLIENT[u.id]!, mutations: [body as Mutation] });
	return { ...res, seq };
}
async function pullAll(u: User, cursor = 0): Promise<{ changes: PullChange[]; cursor: number }> {
	const all: PullChange[] = [];
	let c = cursor;
	for (let i = 0; i < 100; i++) {
		const page = await pull({ store, now: now() }, u, { ...V, clientId: CLIENT[u.id]!, cursor: c });
		all.push(...page.changes);
		c = page.cursor;
		if (!page.more) break;
	}
	return { changes: all, cursor: c };
}
const sheetAs = async (u: User, id = SHEET) => (await pullAll(u)).changes.find((c) => c.id === id);
const statusOf = async (id = SHEET) => (await store.getRecord(id))?.fields.status?.v;

beforeEach(async () => {
	dir = mkdtempSync(join(tmpdir(), 'atlas-review-'));
	store = await openTestStore(dir);
	for (const u of [marie, paul, mairie, ceton, claire]) await store.insertUser(u);
	seqs.clear();
});
afterEach(async () => {
	await store.close();
	rmSync(dir, { recursive: true, force: true });
});

/** A new sheet as the app creates it: every field it sets, the status 'brouillon' among them. */
const created = (ms = 0): Fields => ({
	category: { v: 'pressoir', hlc: hlc(ms, 'marie') },
	name: { v: 'Pressoir de Préaux', hlc: hlc(ms, 'marie') },
	commune: { v: '61309', hlc: hlc(ms, 'marie') },
	verifiedOn: { v: '2026-11-28', hlc: hlc(ms, 'marie') },
	status: { v: 'brouillon', hlc: hlc(ms, 'marie') }
});
/** A status write; `base` is the stamp of the status its author saw (as the app sends it). */
const status = (v: ReviewStatus, ms: number, node: string, base?: string) => ({ status: { v, hlc: hlc(ms, node), ...(base ? { base } : {}) } });
const comment = (id: string, text: string, at = now(-60_000).toISOString()): CommentDraft => ({ id, text, at });

async function createAndHandIn() {
	expect((await pushAs(marie, created())).rejected).toEqual([]);
	expect((await pushAs(marie, status('soumis', 1, 'marie', hlc(0, 'marie')))).rejected).toEqual([]);
	expect(await statusOf()).toBe('soumis');
}
async function createAndValidate() {
	await createAndHandIn();
	expect((await pushAs(mairie, status('valide', 2, 'mairie', hlc(1, 'marie')))).rejected).toEqual([]);
	expect(await statusOf()).toBe('valide');
}

describe('the status machine (domain/review.ts), by role and scope', () => {
	const sheet: SheetScope = { createdBy: 'marie', commune: '61309' };
	const elsewhere: SheetScope = { createdBy: 'paul', commune: '61079' };
	const noCommune: SheetScope = { createdBy: 'marie', commune: null };
	type Row = [who: string, actor: User, scope: SheetScope, from: ReviewStatus | null, to: ReviewStatus, verdict: TransitionVerdict];
	const rows: Row[] = [
		// The volunteer author hands in, reopens, resends — and never decides.
		['author', marie, sheet, null, 'brouillon', 'ok'],
		['author', marie, sheet, 'brouillon', 'soumis', 'ok'],
		['author', marie, sheet, 'soumis', 'brouillon', 'ok'],
		['author', marie, sheet, 'a_corriger', 'soumis', 'ok'],
		['author', marie, sheet, 'soumis', 'valide', 'forbidden'],
		['author', marie, sheet, 'brouillon', 'valide', 'forbidden'],
		['author', marie, sheet, 'soumis', 'a_corriger', 'forbidden'],
		['author', marie, sheet, 'valide', 'a_corriger', 'forbidden'],
		['author', marie, sheet, 'brouillon', 'archive', 'forbidden'],
		['author', marie, sheet, 'soumis', 'archive', 'forbidden'],
		// A hand-in racing an archive: allowed for the author, not from where the sheet now is.
		['author', marie, sheet, 'archive', 'soumis', 'not_now'],
		// Another volunteer: nothing at all.
		['other volunteer', paul, sheet, 'brouillon', 'soumis', 'forbidden'],
		['other volunteer', paul, sheet, 'soumis', 'brouillon', 'forbidden'],
		['other volunteer', paul, sheet, 'a_corriger', 'soumis', 'forbidden'],
		['other volunteer', paul, sheet, 'soumis', 'valide', 'forbidden'],
		['other volunteer', paul, sheet, 'soumis', 'a_corriger', 'forbidden'],
		['other volunteer', paul, sheet, 'valide', 'archive', 'forbidden'],
		['other volunteer', paul, sheet, 'archive', 'soumis', 'forbidden'],
		// The mairie of the sheet's commune reviews it.
		['mairie of the commune', mairie, sheet, 'soumis', 'valide', 'ok'],
		['mairie of the commune', mairie, sheet, 'soumis', 'a_corriger', 'ok'],
		['mairie of the commune', mairie, sheet, 'valide', 'a_corriger', 'ok'],
		['mairie of the commune', mairie, sheet, 'brouillon', 'archive', 'ok'],
		['mairie of the commune', mairie, sheet, 'soumis', 'archive', 'ok'],
		['mairie of the commune', mairie, sheet, 'valide', 'archive', 'ok'],
		['mairie of the commune', mairie, sheet, 'a_corriger', 'archive', 'ok'],
		['mairie of the commune', mairie, sheet, 'archive', 'soumis', 'ok'],
		['mairie of the commune', mairie, sheet, 'brouillon', 'valide', 'not_now'],
		['mairie of the commune', mairie, sheet, 'brouillon', 'a_corriger', 'not_now'],
		['mairie of the commune', mairie, sheet, 'archive', 'valide', 'not_now'],
		['mairie of the commune', mairie, sheet, 'archive', 'brouillon', 'not_now'],
		// A mairie of another commune (or of a sheet whose commune is unknown) does not.
		['mairie of another commune', ceton, sheet, 'soumis', 'valide', 'forbidden'],
		['mairie of another commune', ceton, sheet, 'soumis', 'a_corriger', 'forbidden'],
		['mairie of another commune', ceton, sheet, 'valide', 'archive', 'forbidden'],
		['mairie of another commune', ceton, sheet, 'archive', 'soumis', 'forbidden'],
		['mairie of another commune', ceton, sheet, 'brouillon', 'soumis', 'forbidden'],
		['mairie, sheet without commune', mairie, noCommune, 'soumis', 'valide', 'forbidden'],
		// The coordinator: every reviewer's move, any commune, still following the machine.
		['coordinator', claire, elsewhere, 'soumis', 'valide', 'ok'],
		['coordinator', claire, elsewhere, 'valide', 'a_corriger', 'ok'],
		['coordinator', claire, elsewhere, 'a_corriger', 'archive', 'ok'],
		['coordinator', claire, elsewhere, 'archive', 'soumis', 'ok'],
		['coordinator', claire, elsewhere, 'brouillon', 'soumis', 'ok'],
		['coordinator', claire, noCommune, 'soumis', 'valide', 'ok'],
		['coordinator', claire, elsewhere, 'brouillon', 'valide', 'not_now']
	];

	it.each(rows)('%s: %s → %s is %s', (_who, u, scope, from, to, verdict) => {
		expect(statusTransition(actorOf(u), scope, from, to)).toBe(verdict);
	});

	it('offers each person only the moves that will be accepted', () => {
		const targets = (u: User, from: ReviewStatus, scope = sheet) => allowedTargets(actorOf(u), scope, from);
		expect(targets(marie, 'brouillon')).toEqual(['soumis']);
		expect(targets(marie, 'soumis')).toEqual(['brouillon']);
		expect(targets(marie, 'a_corriger')).toEqual(['brouillon', 'soumis']);
		expect(targets(marie, 'archive')).toEqual([]);
		for (const from of ['brouillon', 'soumis', 'valide', 'a_corriger', 'archive'] as const) {
			expect(targets(paul, from)).toEqual([]);
			expect(targets(ceton, from)).toEqual([]);
		}
		expect(targets(mairie, 'soumis')).toEqual(['brouillon', 'valide', 'a_corriger', 'archive']);
		expect(targets(mairie, 'valide')).toEqual(['soumis', 'a_corriger', 'archive']);
		expect(targets(mairie, 'brouillon')).toEqual(['soumis', 'archive']);
		expect(targets(mairie, 'archive')).toEqual(['soumis']);
		expect(targets(claire, 'soumis', elsewhere)).toEqual(targets(mairie, 'soumis'));
		expect(targets(claire, 'archive', elsewhere)).toEqual(['soumis']);
	});
});

describe('push applies the status machine, by role and scope', () => {
	it('lets the mairie of the commune validate a handed-in sheet', async () => {
		await createAndHandIn();
		const res = await pushAs(mairie, status('valide', 2, 'mairie'));
		expect(res.rejected).toEqual([]);
		expect(await statusOf()).toBe('valide');
		expect((await sheetAs(marie))?.fields.status?.v).toBe('valide');
	});

	it('refuses a mairie of another commune validating, sending back or editing, and changes nothing', async () => {
		await createAndHandIn();
		const before = await store.getRecord(SHEET);
		const version = await store.currentVersion();
		const validate = await pushAs(ceton, status('valide', 2, 'ceton'));
		expect(validate.rejected).toEqual([{ seq: validate.seq, code: 'forbidden' }]);
		const sendBack = await pushAs(ceton, {
			recordId: SHEET,
			fields: status('a_corriger', 3, 'ceton'),
			comments: [comment('CommentCeton0001', 'Mauvaise commune')]
		});
		expect(sendBack.rejected).toEqual([{ seq: sendBack.seq, code: 'forbidden' }]);
		const edit = await pushAs(ceton, { name: { v: 'Pressoir de Ceton', hlc: hlc(4, 'ceton') } });
		expect(edit.rejected).toEqual([{ seq: edit.seq, code: 'forbidden' }]);
		expect(edit.lastSeq).toBe(3);
		expect(await store.getRecord(SHEET)).toEqual(before);
		expect(await store.currentVersion()).toBe(version);
		expect(await store.listComments([SHEET])).toEqual([]);
		expect(await store.listConflicts(true)).toEqual([]);
	});

	it('refuses a volunteer validating their own sheet', async () => {
		await createAndHandIn();
		const res = await pushAs(marie, status('valide', 2, 'marie'));
		expect(res.rejected).toEqual([{ seq: res.seq, code: 'forbidden' }]);
		expect(await statusOf()).toBe('soumis');
	});

	it('sets aside a move allowed for the person but not from the current status: kept as a conflict, the sheet pulled again', async () => {
		await pushAs(marie, created());
		const { cursor } = await pullAll(marie);
		const versionBefore = (await store.getRecord(SHEET))!.version;
		// The mairie validates a sheet still in draft, and corrects its name in the same write.
		const res = await pushAs(mairie, { ...status('valide', 2, 'mairie'), name: { v: 'Pressoir communal', hlc: hlc(2, 'mairie'), base: hlc(0, 'marie') } });
		expect(res.rejected).toEqual([]);
		expect(res.lastSeq).toBe(1);
		const record = await store.getRecord(SHEET);
		expect(record?.fields.status?.v).toBe('brouillon');
		expect(record?.fields.name?.v).toBe('Pressoir communal');
		const conflicts = await store.listConflicts(true);
		expect(conflicts.map((c) => c.field)).toEqual(['status']);
		expect(conflicts[0]).toMatchObject({ recordId: SHEET, kept: { v: 'brouillon' }, lost: { v: 'valide', by: 'mairie' } });
		expect(record!.version).toBeGreaterThan(versionBefore);
		// The author's device gets the sheet again, with the status the server holds.
		const again = (await pullAll(marie, cursor)).changes.find((c) => c.id === SHEET);
		expect(again?.fields.status?.v).toBe('brouillon');
		expect(again?.version).toBe(record!.version);
	});

	it('sets aside a status-only move too, and still sends the sheet again', async () => {
		await pushAs(marie, created());
		const { cursor } = await pullAll(mairie);
		const res = await pushAs(mairie, status('valide', 2, 'mairie'));
		expect(res.rejected).toEqual([]);
		expect(await statusOf()).toBe('brouillon');
		expect((await store.listConflicts(true)).map((c) => c.field)).toEqual(['status']);
		const again = (await pullAll(mairie, cursor)).changes.find((c) => c.id === SHEET);
		expect(again?.fields.status?.v).toBe('brouillon');
	});
});

describe('comments: required to send back, pulled as a thread', () => {
	it('refuses a send back without a comment', async () => {
		await createAndHandIn();
		const res = await pushAs(mairie, status('a_corriger', 2, 'mairie'));
		expect(res.rejected).toEqual([{ seq: res.seq, code: 'invalid' }]);
		expect(await statusOf()).toBe('soumis');
	});

	it('applies a send back with its comment and pulls the thread with the sheet', async () => {
		await createAndHandIn();
		const c = comment('CommentPreaux0001', 'Merci de préciser la capacité du pressoir.');
		const res = await pushAs(mairie, { recordId: SHEET, fields: status('a_corriger', 2, 'mairie'), comments: [c] });
		expect(res.rejected).toEqual([]);
		expect(await statusOf()).toBe('a_corriger');
		const change = await sheetAs(marie);
		expect(change?.fields.status?.v).toBe('a_corriger');
		expect(change?.thread).toEqual([{ id: c.id, by: 'Mairie de Préaux', role: 'mairie', status: 'a_corriger', text: c.text, at: c.at }]);
	});

	it('dates a comment written in the future at the server time', async () => {
		await createAndHandIn();
		const serverTime = now(5_000).toISOString();
		const ahead = comment('CommentFuture0001', 'Écrit avec une horloge en avance', now(3 * 3_600_000).toISOString());
		await pushAs(mairie, { recordId: SHEET, fields: status('a_corriger', 2, 'mairie'), comments: [ahead] }, { ms: 5_000 });
		expect((await sheetAs(marie))?.thread.map((e) => e.at)).toEqual([serverTime]);
	});

	it('compares comment times as instants whatever their form (an offset), and keeps them in one form', async () => {
		await createAndHandIn();
		// 09:30 at UTC−5 is 14:30Z: four and a half hours after the server's 10:00Z.
		const ahead = comment('CommentOffset0001', 'Horloge en avance, fuseau de New York', '2026-11-28T09:30:00-05:00');
		// 04:30 at UTC−5 is 09:30Z: after a comment written at 09:00Z, though its text sorts before.
		const earlier = comment('CommentUtc0000001', 'Écrit à 9 h', '2026-11-28T09:00:00.000Z');
		const later = comment('CommentOffset0002', 'Écrit à 9 h 30', '2026-11-28T04:30:00-05:00');
		const res = await pushAs(mairie, { recordId: SHEET, fields: {}, comments: [ahead, earlier, later] });
		expect(res.rejected).toEqual([]);
		const stored = await store.listComments([SHEET]);
		expect(stored.map((c) => [c.id, c.at])).toEqual([
			[earlier.id, '2026-11-28T09:00:00.000Z'],
			[later.id, '2026-11-28T09:30:00.000Z'],
			[ahead.id, now().toISOString()]
		]);
	});

	it('stores a comment once when the same comment is pushed again under a new seq', async () => {
		await createAndHandIn();
		const c = comment('CommentRetry00001', 'Photo floue, merci d’en reprendre une.');
		const sendBack = { recordId: SHEET, fields: status('a_corriger', 2, 'mairie'), comments: [c] };
		expect((await pushAs(mairie, sendBack)).rejected).toEqual([]);
		const version = await store.currentVersion();
		const retry = await pushAs(mairie, sendBack);
		expect(retry.rejected).toEqual([]);
		expect(retry.lastSeq).toBe(2);
		expect((await store.listComments([SHEET])).map((x) => x.id)).toEqual([c.id]);
		expect((await sheetAs(marie))?.thread).toHaveLength(1);
		expect(await store.currentVersion()).toBe(version);
	});

	it('refuses a comment from someone who may not comment the sheet, and accepts its author, its mairie and the coordinator', async () => {
		await createAndHandIn();
		const plain = (id: string, minutesAgo = 30) => ({
			recordId: SHEET,
			fields: {},
			comments: [comment(id, 'Un mot sur cette fiche', now(-minutesAgo * 60_000).toISOString())]
		});
		const byPaul = await pushAs(paul, plain('CommentPaul00001'));
		expect(byPaul.rejected).toEqual([{ seq: byPaul.seq, code: 'forbidden' }]);
		const byCeton = await pushAs(ceton, plain('CommentCeton0001'));
		expect(byCeton.rejected).toEqual([{ seq: byCeton.seq, code: 'forbidden' }]);
		expect(await store.listComments([SHEET])).toEqual([]);
		for (const [u, minutesAgo] of [
			[marie, 30],
			[mairie, 20],
			[claire, 10]
		] as const)
			expect((await pushAs(u, plain(`Comment${u.id}00001`, minutesAgo))).rejected).toEqual([]);
		// The exchanges go to those who take part in the review, not to other volunteers or communes.
		expect((await sheetAs(paul))?.thread).toEqual([]);
		expect((await sheetAs(ceton))?.thread).toEqual([]);
		const thread = (await sheetAs(claire))?.thread ?? [];
		expect(thread.map((e) => [e.by, e.role, e.status])).toEqual([
			['Marie Lebrun', 'benevole', null],
			['Mairie de Préaux', 'mairie', null],
			['Claire Coordination', 'coordinateur', null]
		]);
	});

	it('sends the sheet again when only a comment is added, so every device gets the thread', async () => {
		await createAndHandIn();
		const { cursor } = await pullAll(mairie);
		const c = comment('CommentOnly000001', 'Le pressoir est-il encore utilisé ?');
		expect((await pushAs(marie, { recordId: SHEET, fields: {}, comments: [c] })).rejected).toEqual([]);
		const again = (await pullAll(mairie, cursor)).changes.find((x) => x.id === SHEET);
		expect(again?.thread).toEqual([{ id: c.id, by: 'Marie Lebrun', role: 'benevole', status: null, text: c.text, at: c.at }]);
		expect(again?.fields.status?.v).toBe('soumis');
	});

	it('refuses a comment on a sheet the server does not hold', async () => {
		const res = await pushAs(mairie, { recordId: 'SheetInconnue00001', fields: {}, comments: [comment('CommentOrphan0001', 'Où est cette fiche ?')] });
		expect(res.rejected).toEqual([{ seq: res.seq, code: 'invalid' }]);
		expect(await store.getRecord('SheetInconnue00001')).toBeNull();
		expect(await store.listComments(['SheetInconnue00001'])).toEqual([]);
	});
});

describe('history of every change, and comments kept', () => {
	it('keeps creation, corrections and each status change with who, how and from which device', async () => {
		const phone = { device: 'Chrome sur Android' };
		await pushAs(marie, created(), phone);
		await pushAs(marie, status('soumis', 1, 'marie', hlc(0, 'marie')), phone);
		await pushAs(mairie, { name: { v: 'Pressoir communal', hlc: hlc(2, 'mairie'), base: hlc(0, 'marie') } });
		const sendBack = comment('CommentHistory001', 'Adresse manquante.');
		await pushAs(mairie, { recordId: SHEET, fields: status('a_corriger', 3, 'mairie', hlc(1, 'marie')), comments: [sendBack] });
		await pushAs(marie, status('soumis', 4, 'marie', hlc(3, 'mairie')), phone);
		await pushAs(mairie, status('valide', 5, 'mairie', hlc(4, 'marie')));

		const rows = await store.listHistory(SHEET);
		expect(rows.slice(0, 5).map((r) => [r.field, r.old, r.new, r.by])).toEqual([
			['category', undefined, 'pressoir', 'marie'],
			['name', undefined, 'Pressoir de Préaux', 'marie'],
			['commune', undefined, '61309', 'marie'],
			['verifiedOn', undefined, '2026-11-28', 'marie'],
			['status', undefined, 'brouillon', 'marie']
		]);
		expect(rows.filter((r) => r.field === 'name').map((r) => [r.old, r.new, r.by])).toEqual([
			[undefined, 'Pressoir de Préaux', 'marie'],
			['Pressoir de Préaux', 'Pressoir communal', 'mairie']
		]);
		const moves = rows.filter((r) => r.field === 'status').map((r) => [r.old, r.new, r.by, r.via, r.clientId, r.device, r.reason]);
		expect(moves).toEqual([
			[undefined, 'brouillon', 'marie', 'sync', 'marie-phone-0001', 'Chrome sur Android', null],
			['brouillon', 'soumis', 'marie', 'sync', 'marie-phone-0001', 'Chrome sur Android', null],
			['soumis', 'a_corriger', 'mairie', 'sync', 'mairie-pc-00001', null, null],
			['a_corriger', 'soumis', 'marie', 'sync', 'marie-phone-0001', 'Chrome sur Android', null],
			['soumis', 'valide', 'mairie', 'sync', 'mairie-pc-00001', null, null]
		]);
		expect(rows.every((r) => r.via === 'sync')).toBe(true);
		expect(await store.listConflicts(true)).toEqual([]);
		expect(rows.map((r) => r.id)).toEqual([...rows.map((r) => r.id)].sort((a, b) => a - b));

		const comments = await store.listComments([SHEET]);
		expect(comments).toEqual([
			{
				id: sendBack.id,
				recordId: SHEET,
				by: 'mairie',
				role: 'mairie',
				text: sendBack.text,
				status: 'a_corriger',
				clientId: 'mairie-pc-00001',
				at: sendBack.at
			}
		]);
	});

	it('never lets a history row or a comment change or disappear', async () => {
		await createAndHandIn();
		await pushAs(mairie, { recordId: SHEET, fields: status('a_corriger', 2, 'mairie'), comments: [comment('CommentKept000001', 'À corriger')] });
		const [row] = await store.listHistory(SHEET);
		await expect(store.rawExec(`UPDATE history SET new_value = '"x"' WHERE id = ${row!.id}`)).rejects.toThrow(/append-only/);
		await expect(store.rawExec('DELETE FROM history')).rejects.toThrow(/append-only/);
		await expect(store.rawExec("UPDATE comments SET text = 'réécrit' WHERE id = 'CommentKept000001'")).rejects.toThrow(/append-only/);
		await expect(store.rawExec('DELETE FROM comments')).rejects.toThrow(/append-only/);
		expect((await store.listComments([SHEET]))[0]?.text).toBe('À corriger');
	});
});

describe('an edit after validation', () => {
	it('brings the sheet back to "soumis" when the volunteer author edits it, and the history says why', async () => {
		await createAndValidate();
		const res = await pushAs(marie, { name: { v: 'Pressoir de la Grande Noë', hlc: hlc(3, 'marie') } }, { device: 'Chrome sur Android' });
		expect(res.rejected).toEqual([]);
		expect(await statusOf()).toBe('soumis');
		expect((await sheetAs(marie))?.fields.status?.v).toBe('soumis');
		const last = (await store.listHistory(SHEET)).filter((r) => r.field === 'status').at(-1);
		expect(last).toMatchObject({
			old: 'valide',
			new: 'soumis',
			reason: 'edited_after_validation',
			via: 'sync',
			clientId: 'marie-phone-0001',
			device: 'Chrome sur Android'
		});
	});

	it('keeps it validated when the mairie of the commune corrects it', async () => {
		await createAndValidate();
		const res = await pushAs(mairie, { name: { v: 'Pressoir communal de Préaux', hlc: hlc(3, 'mairie') } });
		expect(res.rejected).toEqual([]);
		expect(await store.getRecord(SHEET)).toMatchObject({ fields: { status: { v: 'valide' }, name: { v: 'Pressoir communal de Préaux' } } });
		expect((await store.listHistory(SHEET)).some((r) => r.reason === 'edited_after_validation')).toBe(false);
	});

	it('keeps it validated when the volunteer only confirms the tool is still in service', async () => {
		await createAndValidate();
		const res = await pushAs(marie, { verifiedOn: { v: '2026-12-01', hlc: hlc(3, 'marie') } });
		expect(res.rejected).toEqual([]);
		expect(await store.getRecord(SHEET)).toMatchObject({ fields: { status: { v: 'valide' }, verifiedOn: { v: '2026-12-01' } } });
	});
});

describe('re-verification age', () => {
	it('counts a sheet never verified as due', () => {
		expect(needsReverification(null, '2026-11-28')).toBe(true);
		expect(needsReverification(null, '2026-11-28', 6)).toBe(true);
	});

	it('is due exactly 24 calendar months after the last check by default, not a day before', () => {
		expect(DEFAULT_REVERIFY_MONTHS).toBe(24);
		expect(needsReverification('2024-11-28', '2026-11-28')).toBe(true);
		expect(needsReverification('2024-11-29', '2026-11-28')).toBe(false);
		expect(needsReverification('2024-11-28', '2026-11-27')).toBe(false);
		expect(needsReverification('2024-11-28', '2027-03-01')).toBe(true);
	});

	it('follows a chosen age', () => {
		expect(needsReverification('2026-05-28', '2026-11-28', 6)).toBe(true);
		expect(needsReverification('2026-05-29', '2026-11-28', 6)).toBe(false);
		expect(needsReverification('2026-05-28', '2026-11-28', 12)).toBe(false);
		// Across a year's end.
		expect(needsReverification('2026-09-15', '2027-01-15', 4)).toBe(true);
		expect(needsReverification('2026-09-15', '2027-01-14', 4)).toBe(false);
	});

	it("falls on the month's last day when the due month has no such day", () => {
		expect(needsReverification('2024-08-31', '2025-02-27', 6)).toBe(false);
		expect(needsReverification('2024-08-31', '2025-02-28', 6)).toBe(true);
		// A leap year's February has a 29th.
		expect(needsReverification('2023-08-31', '2024-02-28', 6)).toBe(false);
		expect(needsReverification('2023-08-31', '2024-02-29', 6)).toBe(true);
		expect(needsReverification('2024-07-31', '2024-12-30', 5)).toBe(false);
		expect(needsReverification('2024-07-31', '2024-12-31', 5)).toBe(true);
	});

	it('takes its age from the settings, 24 months until the coordinator sets another, and hands it to devices', async () => {
		expect(await reverifyMonths(store)).toBe(24);
		expect((await pull({ store, now: now() }, marie, { ...V, clientId: CLIENT.marie!, cursor: 0 })).settings).toEqual({ reverifyMonths: 24 });
		await setReverifyMonths(store, 12);
		expect(await reverifyMonths(store)).toBe(12);
		expect((await pull({ store, now: now() }, marie, { ...V, clientId: CLIENT.marie!, cursor: 0 })).settings.reverifyMonths).toBe(12);
		// A stored value out of range falls back to the default.
		await setReverifyMonths(store, 0);
		expect(await reverifyMonths(store)).toBe(24);
	});
});
