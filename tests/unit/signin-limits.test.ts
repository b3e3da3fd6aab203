/**
 * Sign-in limits that cannot lock someone out (src/lib/server/signin-limits.ts), through the route
 * itself (POST /api/signin) on the server's store, with the clock moved by hand: wrong passwords
 * from many addresses only slow an account down (a few seconds), one address trying many accounts
 * is refused, and the coordinator can lift a delay.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { RequestEvent } from '@sveltejs/kit';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hashPassword } from '$lib/server/auth/passwords';
import type { Store, User } from '$lib/server/store/types';
import { useServerDatabase } from './stores';

const T0 = Date.parse('2026-11-28T10:00:00.000Z');
const PASSWORD = 'le pressoir de Préaux';
const dataDir = mkdtempSync(join(tmpdir(), 'atlas-signin-limits-'));
process.env.ATLAS_DATA_DIR = dataDir;

let store: Store;
let now = T0;
let n = 0;

const user = (id: string, login: string, role: User['role'] = 'mairie'): User => ({
	id,
	name: `Mairie ${id}`,
	role,
	communes: role === 'mairie' ? ['61309'] : [],
	login,
	passwordHash: null,
	createdAt: new Date(T0).toISOString(),
	lastSeenAt: null,
	revokedAt: null
});

beforeAll(async () => {
	await useServerDatabase();
	const { getStore } = await import('$lib/server/context');
	store = getStore();
	const hash = await hashPassword(PASSWORD);
	// Fresh logins per test (the limits are kept in the database between tests).
	for (let i = 0; i < 8; i++) await store.insertUser({ ...user(`mairie${i}`, `mairie.${i}`), passwordHash: hash });
	await store.insertUser({ ...user('claire', 'claire.coord', 'coordinateur'), passwordHash: hash });
});
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

beforeEach(() => {
	vi.useFakeTimers({ toFake: ['Date'] });
	// Each test on its own stretch of time: the per-address minute of one test never reaches the next.
	now = T0 + n++ * 86_400_000;
	vi.setSystemTime(now);
});
afterEach(() => vi.useRealTimers());

function advance(seconds: number): void {
	now += seconds * 1000;
	vi.setSystemTime(now);
}

interface Answer {
	status: number;
	retryAfter: number;
	body: { code?: string; message?: string; user?: { id: string } };
}

async function signin(login: string, password: string, ip: string): Promise<Answer> {
	const { POST } = await import('../../src/routes/api/signin/+server');
	const event = {
		request: new Request('http://localhost/api/signin', {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ login, password })
		}),
		url: new URL('http://localhost/api/signin'),
		getClientAddress: () => ip,
		cookies: { set: () => {} },
		locals: {}
	} as unknown as RequestEvent;
	const res = await POST(event as Parameters<typeof POST>[0]);
	return { status: res.status, retryAfter: Number(res.headers.get('retry-after') ?? 0), body: (await res.json()) as Answer['body'] };
}

/** Tries until the password is checked (401 or 200), waiting what each 429 says; returns the seconds waited. */
async function patiently(login: string, password: string, ip: string): Promise<{ answer: Answer; waited: number }> {
	let waited = 0;
	for (let i = 0; i < 50; i++) {
		const answer = await signin(login, password, ip);
		if (answer.status !== 429) return { answer, waited };
		expect(answer.retryAfter).toBeGreaterThan(0);
		advance(answer.retryAfter);
		waited += answer.retryAfter;
	}
	throw new Error('still refused after 50 waits');
}

// Each checked password costs a scrypt hash (~0.1 s, more on a busy machine): the first test checks 60.
describe('sign-in limits', { timeout: 60_000 }, () => {
	it('lets the right password in from a new address within a few seconds after 50 wrong ones from 10 addresses', async () => {
		for (let i = 0; i < 50; i++) {
			const { answer } = await patiently('mairie.0', 'pas le bon mot de passe', `10.0.0.${i % 10}`);
			expect(answer.status).toBe(401);
		}
		const first = await signin('mairie.0', PASSWORD, '192.0.2.77');
		// Told to wait, and for how long, in words.
		expect(first.status).toBe(429);
		expect(first.retryAfter).toBeLessThanOrEqual(8);
		expect(first.body.message).toBe(`Trop d’essais. Réessayez dans ${first.retryAfter} secondes.`);
		// The attackers go on meanwhile: that does not take the person's turn.
		advance(first.retryAfter - 1);
		for (let i = 0; i < 3; i++) await signin('mairie.0', 'encore un faux', `10.0.1.${i}`);
		for (let i = 0; i < 3; i++) await signin('mairie.0', 'encore un faux', `10.0.0.${i}`);
		advance(1);
		const second = await signin('mairie.0', PASSWORD, '192.0.2.77');
		expect(second.status).toBe(200);
		expect(second.body.user?.id).toBe('mairie0');
		// A successful sign-in forgets the account's failures: no wait any more from anywhere.
		expect((await signin('mairie.0', 'faux', '10.0.2.1')).status).toBe(401);
	});

	it('refuses one address trying many accounts, not the others', async () => {
		const hammer = '203.0.113.5';
		for (let i = 0; i < 10; i++) expect((await signin(`inconnu.${i}`, 'faux mot de passe', hammer)).status).toBe(401);
		const refused = await signin('mairie.1', PASSWORD, hammer);
		expect(refused.status).toBe(429);
		expect(refused.retryAfter).toBeGreaterThan(0);
		expect(refused.retryAfter).toBeLessThanOrEqual(60);
		expect((await signin('inconnu.11', 'faux mot de passe', hammer)).status).toBe(429);
		// Another address is not concerned, and the account it tried is not slowed down.
		expect((await signin('mairie.1', PASSWORD, '198.51.100.1')).status).toBe(200);
	});

	it('slows an account down after 5 failures, 1 s then 2 s, 4 s, 8 s at most between two tries of an address', async () => {
		const ip = '10.9.9.9';
		for (let i = 0; i < 5; i++) expect((await signin('mairie.2', 'faux', ip)).status).toBe(401);
		const waits: number[] = [];
		for (let i = 0; i < 5; i++) {
			const refused = await signin('mairie.2', 'faux', `10.9.8.${i}`);
			expect(refused.status).toBe(429);
			waits.push(refused.retryAfter);
			advance(refused.retryAfter);
			expect((await signin('mairie.2', 'faux', `10.9.8.${i}`)).status).toBe(401);
		}
		expect(waits).toEqual([1, 2, 4, 8, 8]);
	});

	it('refuses one address on one account for a quarter of an hour after 6 failures, while a new address only waits', async () => {
		const ip = '10.7.7.7';
		for (let i = 0; i < 6; i++) expect((await patiently('mairie.3', 'faux', ip)).answer.status).toBe(401);
		const refused = await signin('mairie.3', PASSWORD, ip);
		expect(refused.status).toBe(429);
		expect(refused.retryAfter).toBeGreaterThan(10 * 60);
		expect(refused.body.message).toMatch(/^Trop d’essais\. Réessayez dans 1[0-5] minutes\.$/);
		const elsewhere = await patiently('mairie.3', PASSWORD, '10.7.7.8');
		expect(elsewhere.answer.status).toBe(200);
		expect(elsewhere.waited).toBeLessThanOrEqual(8);
	});

	it('lifts a delay when the coordinator asks, and says so in the journal', async () => {
		const { liftSigninDelay, failureReports } = await import('$lib/server/signin-limits');
		for (let i = 0; i < 7; i++) await patiently('mairie.4', 'faux', `10.4.4.${i % 3}`);
		expect(await failureReports(store, now)).toContainEqual(expect.objectContaining({ account: 'mairie4', failures: 7, addresses: 3, delayMs: 4000 }));
		expect((await signin('mairie.4', PASSWORD, '10.4.5.1')).status).toBe(429);
		await liftSigninDelay({ store, now: new Date(now) }, 'claire', 'mairie4');
		expect((await failureReports(store, now)).map((r) => r.account)).not.toContain('mairie4');
		// No wait now, from a new address or an old one.
		expect((await signin('mairie.4', 'faux', '10.4.5.2')).status).toBe(401);
		expect((await signin('mairie.4', PASSWORD, '10.4.4.0')).status).toBe(200);
		const [lifted] = (await store.listAudit(50)).filter((e) => e.action === 'signin.delay_lifted');
		expect(lifted).toMatchObject({ actorId: 'claire', target: 'mairie4' });
	});

	it('keeps what was typed as a sign-in name that names nobody out of the database', async () => {
		await signin('mon mot de passe secret', 'faux', '10.5.5.5');
		const { failureReports } = await import('$lib/server/signin-limits');
		expect(JSON.stringify(await store.listSigninFailures(now - 3600_000, 100))).not.toContain('secret');
		expect((await failureReports(store, now)).some((r) => r.account.includes('secret'))).toBe(false);
	});

	it('tells someone accepting invitations too fast how many seconds to wait, as sign-in does', async () => {
		const { POST } = await import('../../src/routes/api/join/+server');
		const tryJoin = async () => {
			const event = {
				request: new Request('http://localhost/api/join', {
					method: 'POST',
					headers: { 'content-type': 'application/json' },
					body: JSON.stringify({ token: 'x'.repeat(43), name: 'Marie' })
				}),
				url: new URL('http://localhost/api/join'),
				getClientAddress: () => '10.9.9.9',
				cookies: { set: () => {} },
				locals: {}
			} as unknown as RequestEvent;
			return POST(event as Parameters<typeof POST>[0]);
		};
		for (let i = 0; i < 10; i++) expect((await tryJoin()).status).not.toBe(429);
		advance(20);
		const refused = await tryJoin();
		expect(refused.status).toBe(429);
		expect(refused.headers.get('retry-after')).toBe('40');
		expect(((await refused.json()) as Answer['body']).message).toBe('Trop d’essais. Réessayez dans 40 secondes.');
	});
});
