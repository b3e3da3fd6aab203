/**
 * U+0000 (NUL) is refused in every text a person sends: PostgreSQL text cannot hold it,
 * so both stores refuse it alike, at the boundary, with the refusal each boundary already gives
 * (a sheet's mutation: 'invalid' for that mutation alone; an account: its French error code; a
 * request body: invalid_input; the territory: a French detail naming the character).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as v from 'valibot';
import { InvitationBody, JoinBody, PasswordBody, SetupBody, SignInBody } from '$lib/schemas/accounts';
import { isValidField } from '$lib/schemas/sheet';
import { isValidComment } from '$lib/schemas/sync';
import { TerritoryConfigSchema } from '$lib/schemas/territory';
import { acceptInvitation, cleanName, createInvitation, signIn } from '$lib/server/accounts';
import { push } from '$lib/server/sync/service';
import type { User } from '$lib/server/store/types';
import { openTestStore, type TestStore } from './stores';

const NUL = '\u0000';
const HLC = '2026-11-28T10:00:00.000Z-0000-phone1';

describe('schemas refuse U+0000', () => {
	it('in a sheet’s free text, wherever it is', () => {
		expect(isValidField('name', `Pressoir${NUL}`)).toBe(false);
		expect(isValidField('notes', `a${NUL}b`)).toBe(false);
		expect(isValidField('equipment', [{ id: 'Equipment0001', label: `Broyeur${NUL}`, category: null, quantity: 1 }])).toBe(false);
		expect(isValidField('name', 'Pressoir de Préaux')).toBe(true);
	});

	it('in a comment', () => {
		expect(isValidComment({ text: `Adresse${NUL} fausse`, at: '2026-11-28T10:00:00.000Z' })).toBe(false);
		expect(isValidComment({ text: 'Adresse fausse', at: '2026-11-28T10:00:00.000Z' })).toBe(true);
	});

	it('in names, sign-in names and invitation labels of the account requests', () => {
		expect(v.is(JoinBody, { token: 't', name: `Marie${NUL}` })).toBe(false);
		expect(v.is(SetupBody, { token: 't', name: 'Claire', login: `claire${NUL}`, password: 'x' })).toBe(false);
		expect(v.is(SignInBody, { login: `claire${NUL}`, password: 'x' })).toBe(false);
		expect(v.is(PasswordBody, { login: `claire${NUL}`, password: 'x' })).toBe(false);
		expect(v.is(InvitationBody, { role: 'benevole', label: `Marché${NUL}` })).toBe(false);
		expect(v.is(InvitationBody, { role: 'benevole', label: 'Marché de Mortagne' })).toBe(true);
	});

	it('in the territory’s name, with a French detail', () => {
		const parsed = v.safeParse(TerritoryConfigSchema, { id: 'essai', name: `Perche${NUL}`, cdc: ['200068435'] });
		expect(parsed.success).toBe(false);
		expect(parsed.issues?.[0]?.message).toBe('caractère nul (U+0000) refusé');
	});
});

describe('services refuse U+0000, on the store the tests run on', () => {
	let dir: string;
	let store: TestStore;
	const T0 = new Date('2026-11-28T10:00:00.000Z');
	const marie: User = {
		id: 'marie',
		name: 'Marie',
		role: 'benevole',
		communes: [],
		login: null,
		passwordHash: null,
		createdAt: T0.toISOString(),
		lastSeenAt: null,
		revokedAt: null
	};
	const claire: User = { ...marie, id: 'claire', name: 'Claire', role: 'coordinateur' };
	const ctx = () => ({ store, now: T0, ip: '10.0.0.1', device: 'test' });

	beforeEach(async () => {
		dir = mkdtempSync(join(tmpdir(), 'atlas-nul-'));
		store = await openTestStore(dir);
		for (const u of [marie, claire]) await store.insertUser(u);
	});
	afterEach(async () => {
		await store.close();
		rmSync(dir, { recursive: true, force: true });
	});

	it('a person’s name', async () => {
		expect(() => cleanName(`Ma${NUL}rie`)).toThrow('name_invalid');
		const { token } = await createInvitation(ctx(), claire, { role: 'benevole' });
		await expect(acceptInvitation(ctx(), { token, name: `Paul${NUL}` })).rejects.toMatchObject({ code: 'name_invalid' });
		expect(await store.listUsers()).toHaveLength(2);
	});

	it('an invitation’s label', async () => {
		await expect(createInvitation(ctx(), claire, { role: 'benevole', label: `Marché${NUL}` })).rejects.toMatchObject({ code: 'invalid_input' });
		expect(await store.listInvitations()).toEqual([]);
	});

	it('a sign-in name: nobody, the same answer as an unknown one', async () => {
		await expect(signIn(ctx(), { login: `claire${NUL}`, password: 'un mot de passe' })).rejects.toMatchObject({ code: 'signin_failed' });
	});

	it('a mutation with U+0000 in a field or a comment is refused alone; the queue goes on', async () => {
		const res = await push({ store, now: T0 }, marie, {
			protocol: 1,
			schemaVersion: 1,
			clientId: 'marie-phone-0001',
			mutations: [
				{ seq: 1, recordId: 'SheetPressoirPreaux0', fields: { category: { v: 'pressoir', hlc: HLC }, name: { v: `Pressoir${NUL}`, hlc: HLC } } },
				{
					seq: 2,
					recordId: 'SheetPressoirPreaux0',
					fields: { category: { v: 'pressoir', hlc: HLC } },
					comments: [{ id: 'CommentNul00001', text: `Vu${NUL}`, at: T0.toISOString() }]
				},
				{ seq: 3, recordId: 'SheetPressoirPreaux1', fields: { category: { v: 'pressoir', hlc: HLC }, name: { v: 'Pressoir', hlc: HLC } } }
			]
		});
		expect(res.lastSeq).toBe(3);
		expect(res.rejected).toEqual([
			{ seq: 1, code: 'invalid' },
			{ seq: 2, code: 'invalid' }
		]);
		expect(await store.getRecord('SheetPressoirPreaux0')).toBeNull();
		expect((await store.getRecord('SheetPressoirPreaux1'))?.fields.name?.v).toBe('Pressoir');
	});

	it('a mutation whose sheet id holds U+0000 is refused alone, and its refusal is kept (the push never fails)', async () => {
		const req = {
			protocol: 1,
			schemaVersion: 1,
			clientId: 'marie-phone-0002',
			mutations: [
				{ seq: 1, recordId: `Sheet${NUL}Bad`, fields: {} },
				{ seq: 2, recordId: 'SheetPressoirPreaux2', fields: { category: { v: 'pressoir', hlc: HLC } } }
			]
		};
		const res = await push({ store, now: T0 }, marie, req);
		expect(res).toMatchObject({ lastSeq: 2, rejected: [{ seq: 1, code: 'invalid' }] });
		// The retry hears the same refusal again.
		expect((await push({ store, now: T0 }, marie, req)).rejected).toEqual([{ seq: 1, code: 'invalid' }]);
	});

	it('a value hiding U+0000 in a key its schema does not declare (a photo reference) is refused', async () => {
		const photo = { sha: 'a'.repeat(64), mime: 'image/jpeg', bytes: 10, width: 1, height: 1, takenAt: T0.toISOString() };
		expect(isValidField('photos', [photo])).toBe(true);
		expect(isValidField('photos', [{ ...photo, note: `x${NUL}` }])).toBe(false);
		expect(isValidField('photos', [{ ...photo, [`k${NUL}`]: 1 }])).toBe(false);
	});
});
