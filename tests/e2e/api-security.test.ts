/**
 * The server's guards, over real HTTP against the production build: cross-site writes refused
 * (CSRF), who is asking checked, bad input answered in French, sign-in attempts rate-limited.
 */
import { expect, test } from '@playwright/test';

test('refuses state-changing requests that do not come from the app', async ({ request, baseURL }) => {
	const noOrigin = await request.post('/api/join', { data: { token: 'x', name: 'y' }, headers: { 'Sec-Fetch-Site': 'cross-site' } });
	expect(noOrigin.status()).toBe(403);
	expect(await noOrigin.json()).toEqual({ code: 'bad_origin', message: 'Demande refusée : elle ne vient pas de l’application.' });
	const evil = await request.post('/api/team/invitations', { data: { role: 'benevole' }, headers: { Origin: 'https://evil.example' } });
	expect(evil.status()).toBe(403);
	// A percent-encoded path reaches the same route after decoding: it is refused all the same.
	for (const path of ['/%61pi/signin', '/%61%70%69/team/invitations', '/api%2Fsignin']) {
		const encoded = await request.post(path, { data: 'login=a&password=b', headers: { Origin: 'https://evil.example', 'Content-Type': 'text/plain' } });
		expect(encoded.status(), path).toBe(403);
		expect((await encoded.json()).code, path).toBe('bad_origin');
	}
	const ok = await request.post('/api/join/preview', { data: { token: 'A'.repeat(43) }, headers: { Origin: baseURL! } });
	expect(ok.status()).toBe(400);
	expect((await ok.json()).code).toBe('token_invalid');
});

test('says who may do what: no session, no team, no audit', async ({ request, baseURL }) => {
	const me = await request.get('/api/me');
	expect(me.status()).toBe(401);
	expect((await me.json()).message).toMatch(/rejoindre l’équipe/);
	expect((await request.get('/api/team')).status()).toBe(401);
	expect((await request.get('/api/audit')).status()).toBe(401);
	const invite = await request.post('/api/team/invitations', { data: { role: 'benevole' }, headers: { Origin: baseURL! } });
	expect(invite.status()).toBe(401);
});

test('answers bad input with a clear French message', async ({ request, baseURL }) => {
	const broken = await request.post('/api/join', { data: Buffer.from('{"token": '), headers: { Origin: baseURL!, 'Content-Type': 'application/json' } });
	expect(broken.status()).toBe(400);
	expect(await broken.json()).toEqual({ code: 'bad_json', message: 'Demande illisible : le contenu envoyé n’est pas du JSON valable.' });
	const wrong = await request.post('/api/join', { data: { token: 42 }, headers: { Origin: baseURL! } });
	expect(wrong.status()).toBe(400);
	expect((await wrong.json()).code).toBe('invalid_input');
});

test('refuses a NUL character (« %00 ») in an address before any route reads it', async ({ request }) => {
	for (const path of ['/api/team/users/a%00b/revoke', '/api/audit?before=1%00', '/api/photos/%00']) {
		const res = await request.get(path);
		expect(res.status(), path).toBe(400);
		expect(await res.json(), path).toMatchObject({ code: 'invalid_input' });
	}
});

test('limits sign-in attempts to 10 a minute per address', async ({ request, baseURL }) => {
	const statuses: number[] = [];
	for (let i = 0; i < 11; i++) {
		// A name each time: the same name would be slowed down after 5 failures (per account).
		const res = await request.post('/api/signin', { data: { login: `personne-${i}`, password: `essai-${i}-mot-de-passe` }, headers: { Origin: baseURL! } });
		statuses.push(res.status());
		if (res.status() === 429) {
			const wait = Number(res.headers()['retry-after']);
			expect(wait).toBeGreaterThan(0);
			expect((await res.json()).message).toBe(`Trop d’essais. Réessayez dans ${wait} seconde${wait > 1 ? 's' : ''}.`);
		}
	}
	expect(statuses.slice(0, 10).every((s) => s === 401)).toBe(true);
	expect(statuses[10]).toBe(429);
});

test('sends security headers', async ({ request }) => {
	const res = await request.get('/api/territory');
	expect(res.headers()['x-content-type-options']).toBe('nosniff');
	expect(res.headers()['x-frame-options']).toBe('DENY');
	expect(res.headers()['referrer-policy']).toBe('same-origin');
	// The app shell (what the service worker caches and serves for every screen) is framed by no one.
	for (const path of ['/', '/fiches/abc/modifier', '/equipe']) {
		const page = await request.get(path);
		expect(page.headers()['content-security-policy']).toContain("script-src 'self'");
		expect(page.headers()['content-security-policy']).toContain("frame-ancestors 'none'");
		expect(page.headers()['x-frame-options']).toBe('DENY');
	}
});
