/** Accounts against a real SQLite file in a temporary folder. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { SqliteStore, migrate } from '$lib/server/sqlite/store';
import { onPostgres, openTestStore, type TestStore } from './stores';
import { MIGRATIONS } from '$lib/server/sqlite/migrations';
import {
	acceptInvitation,
	AccountError,
	changeRole,
	claimSetup,
	createInvitation,
	makeSetupLink,
	reissueLink,
	revokeInvitation,
	revokeSession,
	revokeUser,
	sessionFor,
	setPassword,
	signIn,
	type Context
} from '$lib/server/accounts';
import { hashToken } from '$lib/server/auth/tokens';

let dir: string;
let store: TestStore;
const T0 = new Date('2026-11-28T10:00:00.000Z');
const at = (ms: number) => new Date(T0.getTime() + ms);
const HOUR = 3600_000;
const DAY = 24 * HOUR;
const ctx = (now = T0): Context => ({ store, now, ip: '10.0.0.1', device: 'test' });

async function code(p: Promise<unknown>): Promise<string> {
	try {
		await p;
		return 'ok';
	} catch (e) {
		if (e instanceof AccountError) return e.code;
		throw e;
	}
}

async function coordinator() {
	const link = await makeSetupLink(ctx());
	return claimSetup(ctx(), { token: link!.token, name: 'Claire Coordination' });
}

beforeEach(async () => {
	dir = mkdtempSync(join(tmpdir(), 'atlas-accounts-'));
	store = await openTestStore(dir);
});
afterEach(async () => {
	await store.close();
	rmSync(dir, { recursive: true, force: true });
});

describe('database', () => {
	// SQLite's own migration runner and connection pragmas (PostgreSQL's are in pg-store.test.ts).
	it.skipIf(onPostgres)('migrates an empty database to the latest version, once', () => {
		const db = new Database(join(dir, 'fresh.sqlite'));
		expect(migrate(db)).toBe(MIGRATIONS.length);
		expect(migrate(db)).toBe(MIGRATIONS.length);
		const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((r) => r.name);
		expect(tables).toEqual(expect.arrayContaining(['users', 'invitations', 'sessions', 'setup_tokens', 'audit']));
		db.close();
		const sqlite = store as unknown as SqliteStore;
		expect(sqlite.db.pragma('foreign_keys', { simple: true })).toBe(1);
		expect(sqlite.db.pragma('journal_mode', { simple: true })).toBe('wal');
	});

	it('rolls a failed transaction back completely', async () => {
		await expect(
			store.transaction(async () => {
				await store.audit({ actorId: null, action: 'signout', target: 'x', detail: {}, ip: null });
				throw new Error('boom');
			})
		).rejects.toThrow('boom');
		expect(await store.listAudit(10)).toEqual([]);
	});
});

describe('first run', () => {
	it('creates the coordinator with the one-time link, and never again', async () => {
		const link = await makeSetupLink(ctx());
		expect(link).not.toBeNull();
		// Only the hash is stored.
		expect(await store.getSetupToken(link!.token)).toBeNull();
		expect(await store.getSetupToken(hashToken(link!.token))).not.toBeNull();
		const signed = await claimSetup(ctx(), { token: link!.token, name: 'Claire' });
		expect(signed.user.role).toBe('coordinateur');
		expect(await code(claimSetup(ctx(), { token: link!.token, name: 'Intrus' }))).toBe('token_used');
		expect(await makeSetupLink(ctx())).toBeNull();
	});

	it('refuses a wrong, malformed or expired link', async () => {
		const link = await makeSetupLink(ctx());
		expect(await code(claimSetup(ctx(), { token: 'A'.repeat(43), name: 'Intrus' }))).toBe('token_invalid');
		expect(await code(claimSetup(ctx(), { token: '../etc', name: 'Intrus' }))).toBe('token_invalid');
		expect(await code(claimSetup(ctx(at(25 * HOUR)), { token: link!.token, name: 'Tard' }))).toBe('token_expired');
		expect(await store.countUsers()).toBe(0);
	});

	it('lets only one of two racing claims win', async () => {
		const a = await makeSetupLink(ctx());
		const b = await makeSetupLink(ctx());
		const results = await Promise.all([
			code(claimSetup(ctx(), { token: a!.token, name: 'Premier' })),
			code(claimSetup(ctx(), { token: b!.token, name: 'Second' }))
		]);
		expect(results.sort()).toEqual(['already_set_up', 'ok']);
		expect(await store.countUsers()).toBe(1);
	});
});

describe('invitations', () => {
	it('lets a volunteer join with a name and opens a session for the device', async () => {
		const c = await coordinator();
		const { token } = await createInvitation(ctx(), c.user, { role: 'benevole', maxUses: 2 });
		const v = await acceptInvitation(ctx(), { token, name: '  Marie   Lefèvre ' });
		expect(v.user).toMatchObject({ role: 'benevole', name: 'Marie Lefèvre', communes: [] });
		expect((await sessionFor(ctx(), v.token))?.user.id).toBe(v.user.id);
	});

	it('scopes a mairie to its communes and requires at least one', async () => {
		const c = await coordinator();
		expect(await code(createInvitation(ctx(), c.user, { role: 'mairie', communes: [] }))).toBe('communes_required');
		const { token } = await createInvitation(ctx(), c.user, { role: 'mairie', communes: ['61309', '61293', '61309'] });
		const m = await acceptInvitation(ctx(), { token, name: 'Mairie de Perche en Nocé' });
		expect(m.user.communes).toEqual(['61309', '61293']);
	});

	it('refuses an expired, used-up or revoked invitation, and says which', async () => {
		const c = await coordinator();
		const expiring = await createInvitation(ctx(), c.user, { role: 'benevole', expiresInDays: 7 });
		expect(await code(acceptInvitation(ctx(at(8 * DAY)), { token: expiring.token, name: 'Tard' }))).toBe('token_expired');
		const once = await createInvitation(ctx(), c.user, { role: 'benevole', maxUses: 1 });
		expect(await code(acceptInvitation(ctx(), { token: once.token, name: 'Un' }))).toBe('ok');
		expect(await code(acceptInvitation(ctx(), { token: once.token, name: 'Deux' }))).toBe('token_used');
		const revoked = await createInvitation(ctx(), c.user, { role: 'benevole' });
		await revokeInvitation(ctx(), c.user, revoked.invitation.id);
		expect(await code(acceptInvitation(ctx(), { token: revoked.token, name: 'Trois' }))).toBe('token_revoked');
		expect(await code(acceptInvitation(ctx(), { token: 'x'.repeat(43), name: 'Quatre' }))).toBe('token_invalid');
		const refused = (await store.listAudit(50)).filter((e) => e.action === 'invitation.refused');
		expect(refused.map((e) => e.detail.reason).sort()).toEqual(['token_expired', 'token_revoked', 'token_used']);
	});

	it('never exceeds the number of uses when people join at the same moment', async () => {
		const c = await coordinator();
		const { token } = await createInvitation(ctx(), c.user, { role: 'benevole', maxUses: 3 });
		const results = await Promise.all(Array.from({ length: 8 }, (_, i) => code(acceptInvitation(ctx(), { token, name: `Bénévole ${i}` }))));
		expect(results.filter((r) => r === 'ok')).toHaveLength(3);
		expect((await store.listUsers()).filter((u) => u.role === 'benevole')).toHaveLength(3);
	});

	it('only lets the coordinator invite', async () => {
		const c = await coordinator();
		const { token } = await createInvitation(ctx(), c.user, { role: 'benevole' });
		const v = await acceptInvitation(ctx(), { token, name: 'Marie' });
		expect(await code(createInvitation(ctx(), v.user, { role: 'benevole' }))).toBe('forbidden');
	});
});

describe('sessions, revocation and passwords', () => {
	it('keeps a volunteer signed in for weeks and slides the expiry on each visit', async () => {
		const c = await coordinator();
		const { token } = await createInvitation(ctx(), c.user, { role: 'benevole' });
		const v = await acceptInvitation(ctx(), { token, name: 'Marie' });
		expect(await sessionFor(ctx(at(90 * DAY)), v.token)).not.toBeNull();
		expect(await sessionFor(ctx(at(260 * DAY)), v.token)).not.toBeNull(); // slid at day 90
		expect(await sessionFor(ctx(at(500 * DAY)), v.token)).toBeNull();
	});

	it('ends every device of a revoked person, and a reissued link brings them back', async () => {
		const c = await coordinator();
		const { token } = await createInvitation(ctx(), c.user, { role: 'benevole', maxUses: 5 });
		const phone = await acceptInvitation(ctx(), { token, name: 'Paul' });
		await revokeUser(ctx(), c.user, phone.user.id);
		expect(await sessionFor(ctx(), phone.token)).toBeNull();
		const again = await reissueLink(ctx(), c.user, phone.user.id);
		const back = await acceptInvitation(ctx(), { token: again.token, name: '' });
		expect(back.user.id).toBe(phone.user.id);
		expect((await sessionFor(ctx(), back.token))?.user.id).toBe(phone.user.id);
		expect(await code(acceptInvitation(ctx(), { token: again.token, name: '' }))).toBe('token_used');
	});

	it('revokes one device and leaves the others', async () => {
		const c = await coordinator();
		const { token } = await createInvitation(ctx(), c.user, { role: 'mairie', communes: ['61309'] });
		const office = await acceptInvitation(ctx(), { token, name: 'Mairie' });
		await setPassword(ctx(), office.user, { login: 'mairie.perche-en-noce', password: 'pommes-du-perche' });
		const tablet = await signIn(ctx(), { login: 'Mairie.Perche-en-Noce', password: 'pommes-du-perche' });
		await revokeSession(ctx(), c.user, office.session.id);
		expect(await sessionFor(ctx(), office.token)).toBeNull();
		expect(await sessionFor(ctx(), tablet.token)).not.toBeNull();
	});

	it('refuses wrong passwords, short passwords and volunteers setting one', async () => {
		const c = await coordinator();
		expect(await code(setPassword(ctx(), c.user, { login: 'claire', password: 'court' }))).toBe('password_too_short');
		await setPassword(ctx(), c.user, { login: 'claire', password: 'un mot de passe long' });
		expect(await code(signIn(ctx(), { login: 'claire', password: 'mauvais mot de passe' }))).toBe('signin_failed');
		expect(await code(signIn(ctx(), { login: 'personne', password: 'un mot de passe long' }))).toBe('signin_failed');
		expect(await code(signIn(ctx(), { login: 'claire', password: 'un mot de passe long' }))).toBe('ok');
		const stored = await store.getUser(c.user.id);
		expect(stored?.passwordHash).toMatch(/^scrypt\$/);
		expect(stored?.passwordHash).not.toContain('un mot de passe long');
		const { token } = await createInvitation(ctx(), c.user, { role: 'benevole' });
		const v = await acceptInvitation(ctx(), { token, name: 'Marie' });
		expect(await code(setPassword(ctx(), v.user, { login: 'marie', password: 'un mot de passe long' }))).toBe('forbidden');
	});

	it('changes a role and scope, and keeps the coordinator from locking itself out', async () => {
		const c = await coordinator();
		const { token } = await createInvitation(ctx(), c.user, { role: 'benevole' });
		const v = await acceptInvitation(ctx(), { token, name: 'Marie' });
		await changeRole(ctx(), c.user, v.user.id, 'mairie', ['61079']);
		expect(await store.getUser(v.user.id)).toMatchObject({ role: 'mairie', communes: ['61079'] });
		expect(await code(changeRole(ctx(), c.user, c.user.id, 'benevole', []))).toBe('forbidden');
		expect(await code(revokeUser(ctx(), c.user, c.user.id))).toBe('forbidden');
	});

	it('writes sign-ins, invitations, revocations and role changes to the audit log', async () => {
		const c = await coordinator();
		const inv = await createInvitation(ctx(), c.user, { role: 'benevole' });
		const v = await acceptInvitation(ctx(), { token: inv.token, name: 'Marie' });
		await changeRole(ctx(), c.user, v.user.id, 'mairie', ['61079']);
		await revokeUser(ctx(), c.user, v.user.id);
		await code(signIn(ctx(), { login: 'x', password: 'y' }));
		const actions = (await store.listAudit(50)).map((e) => e.action).reverse();
		expect(actions).toEqual([
			'setup.link_created',
			'setup.coordinator_created',
			'invitation.created',
			'invitation.accepted',
			'user.role_changed',
			'user.revoked',
			'signin.failed'
		]);
	});

	it('voids the links of a coordinator who lost access, and caps coordinator links to one use for a day', async () => {
		const claire = await coordinator();
		const inv = await createInvitation(ctx(), claire.user, { role: 'coordinateur', maxUses: 50, expiresInDays: 30 });
		expect(inv.invitation).toMatchObject({ maxUses: 1, expiresAt: at(DAY).toISOString() });
		const bob = await acceptInvitation(ctx(), { token: inv.token, name: 'Bob' });
		const bobsLink = await createInvitation(ctx(), bob.user, { role: 'benevole' });
		const bobsCoordLink = await createInvitation(ctx(), bob.user, { role: 'coordinateur' });
		await revokeUser(ctx(), claire.user, bob.user.id);
		expect(await code(acceptInvitation(ctx(), { token: bobsLink.token, name: 'Recrue' }))).toBe('token_revoked');
		expect(await code(acceptInvitation(ctx(), { token: bobsCoordLink.token, name: 'Bob again' }))).toBe('token_revoked');
	});

	it('does not let an older "new link" undo a revocation', async () => {
		const c = await coordinator();
		const { token } = await createInvitation(ctx(), c.user, { role: 'benevole' });
		const paul = await acceptInvitation(ctx(), { token, name: 'Paul' });
		const before = await reissueLink(ctx(), c.user, paul.user.id);
		await revokeUser(ctx(at(HOUR)), c.user, paul.user.id); // e.g. his phone was stolen
		expect(await code(acceptInvitation(ctx(at(2 * HOUR)), { token: before.token, name: '' }))).toBe('token_revoked');
		expect((await store.getUser(paul.user.id))?.revokedAt).not.toBeNull();
	});

	it('always leaves one coordinator, even when two revoke each other at once', async () => {
		const claire = await coordinator();
		const inv = await createInvitation(ctx(), claire.user, { role: 'coordinateur' });
		const bob = await acceptInvitation(ctx(), { token: inv.token, name: 'Bob' });
		const results = await Promise.all([code(revokeUser(ctx(), claire.user, bob.user.id)), code(revokeUser(ctx(), bob.user, claire.user.id))]);
		expect(results.sort()).toEqual(['forbidden', 'ok']);
		expect(await store.countActive('coordinateur')).toBe(1);
	});

	it('asks for the current password to change it, and signs the other devices out', async () => {
		const c = await coordinator();
		const { token } = await createInvitation(ctx(), c.user, { role: 'mairie', communes: ['61309'] });
		const office = await acceptInvitation(ctx(), { token, name: 'Mairie' });
		await setPassword(ctx(), office.user, { login: 'mairie', password: 'premier mot de passe' }, office.session.id);
		const tablet = await signIn(ctx(), { login: 'mairie', password: 'premier mot de passe' });
		expect(await code(setPassword(ctx(), office.user, { login: 'mairie', password: 'second mot de passe' }, office.session.id))).toBe('current_password_wrong');
		await setPassword(ctx(), office.user, { login: 'mairie', password: 'second mot de passe', current: 'premier mot de passe' }, office.session.id);
		expect(await sessionFor(ctx(), tablet.token)).toBeNull();
		expect(await sessionFor(ctx(), office.token)).not.toBeNull();
	});

	it('takes the password away from a mairie made volunteer', async () => {
		const c = await coordinator();
		const { token } = await createInvitation(ctx(), c.user, { role: 'mairie', communes: ['61309'] });
		const m = await acceptInvitation(ctx(), { token, name: 'Mairie' });
		await setPassword(ctx(), m.user, { login: 'mairie', password: 'un mot de passe long' }, m.session.id);
		await changeRole(ctx(), c.user, m.user.id, 'benevole', []);
		expect(await code(signIn(ctx(), { login: 'mairie', password: 'un mot de passe long' }))).toBe('signin_failed');
	});

	it('never writes what was typed at a failed sign-in into the log', async () => {
		await coordinator();
		await code(signIn(ctx(), { login: 'mon mot de passe secret', password: 'x' }));
		expect(JSON.stringify(await store.listAudit(10))).not.toContain('secret');
	});
});
