import { describe, expect, it } from 'vitest';
import { originAllowed } from '$lib/server/guard';
import { RateLimiter } from '$lib/server/ratelimit';
import { SqliteStore } from '$lib/server/sqlite/store';
import { hashToken, looksLikeToken, newToken, tokenMatches } from '$lib/server/auth/tokens';
import { hashPassword, verifyPassword } from '$lib/server/auth/passwords';

const url = new URL('https://atlas.parc-perche.fr/api/join');
const req = (method: string, headers: Record<string, string> = {}) => new Request(url, { method, headers });

describe('cross-site request refusal (CSRF)', () => {
	it('lets reads through', () => {
		expect(originAllowed(req('GET', { origin: 'https://evil.example' }), url)).toBe(true);
	});
	it('accepts a write from the app itself', () => {
		expect(originAllowed(req('POST', { origin: 'https://atlas.parc-perche.fr' }), url)).toBe(true);
		expect(originAllowed(req('POST', { 'sec-fetch-site': 'same-origin' }), url)).toBe(true);
	});
	it('refuses a write from another site, or with no proof of origin', () => {
		expect(originAllowed(req('POST', { origin: 'https://evil.example' }), url)).toBe(false);
		expect(originAllowed(req('DELETE', { origin: 'null' }), url)).toBe(false);
		expect(originAllowed(req('POST', { 'sec-fetch-site': 'cross-site' }), url)).toBe(false);
		expect(originAllowed(req('POST'), url)).toBe(false);
	});
	it('accepts the configured public origin behind a proxy', () => {
		const inner = new URL('http://127.0.0.1:3000/api/join');
		expect(
			originAllowed(new Request(inner, { method: 'POST', headers: { origin: 'https://atlas.parc-perche.fr' } }), inner, ['https://atlas.parc-perche.fr'])
		).toBe(true);
	});
});

describe('rate limit', () => {
	it('allows 10 attempts a minute per key, then refuses until the window ends', async () => {
		const store = new SqliteStore(':memory:');
		const limiter = new RateLimiter(10, 60_000);
		const t0 = 1_000_000;
		for (let i = 0; i < 10; i++) expect((await limiter.take(store, 'signin:1.2.3.4', t0 + i)).allowed).toBe(true);
		expect(await limiter.take(store, 'signin:1.2.3.4', t0 + 11)).toEqual({ allowed: false, retryAfter: 60 });
		expect((await limiter.take(store, 'signin:5.6.7.8', t0 + 12)).allowed).toBe(true);
		expect((await limiter.take(store, 'signin:1.2.3.4', t0 + 60_001)).allowed).toBe(true);
		await store.close();
	});

	it('sweeps expired windows now and then', async () => {
		const store = new SqliteStore(':memory:');
		for (let i = 0; i < 400; i++) await store.hitRateLimit(`k${i}`, 1000, 10_000 + i * 10);
		const left = store.db.prepare('SELECT count(*) AS n FROM rate_limits').get() as { n: number };
		expect(left.n).toBeLessThan(400);
		await store.close();
	});
});

describe('secrets', () => {
	it('makes unguessable tokens and stores only their hash', () => {
		const a = newToken();
		expect(looksLikeToken(a)).toBe(true);
		expect(a).not.toBe(newToken());
		expect(hashToken(a)).toMatch(/^[0-9a-f]{64}$/);
		expect(tokenMatches(a, hashToken(a))).toBe(true);
		expect(tokenMatches(newToken(), hashToken(a))).toBe(false);
		expect(looksLikeToken('abc')).toBe(false);
	});

	it('hashes passwords with a salt and checks them', async () => {
		const h1 = await hashPassword('le pressoir de Préaux');
		const h2 = await hashPassword('le pressoir de Préaux');
		expect(h1).not.toBe(h2);
		expect(await verifyPassword('le pressoir de Préaux', h1)).toBe(true);
		expect(await verifyPassword('le pressoir de preaux', h1)).toBe(false);
		expect(await verifyPassword('x', 'pas-un-hash')).toBe(false);
	});
});
