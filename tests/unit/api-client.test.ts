/**
 * The browser's one API client (lib/api/client.ts) and a screen's remote query
 * (lib/state/remote-query.svelte.ts), against a fake fetch: what a screen is told when the request is
 * cancelled, refused (401, 403, any worded refusal), unanswered, or answered in the wrong shape.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as v from 'valibot';
import { ApiError, request, requestFresh } from '$lib/api/client';
import { RemoteQuery } from '$lib/state/remote-query.svelte';
import { t } from '$lib/i18n';

const Answer = v.object({ n: v.number() });
const answer = (status: number, body: unknown, headers: Record<string, string> = {}) =>
	Promise.resolve(
		new Response(typeof body === 'string' ? body : JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', ...headers } })
	);

/** A fetch that waits for its signal, as a slow server would, and rejects as a browser does when aborted. */
function slowFetch(): ReturnType<typeof vi.fn> {
	return vi.fn(
		(_url: string, init: RequestInit) =>
			new Promise<Response>((_resolve, reject) => {
				init.signal?.addEventListener('abort', () => reject(new DOMException('The operation was aborted.', 'AbortError')));
			})
	);
}

async function failure(p: Promise<unknown>): Promise<ApiError> {
	const e = await p.then(
		() => null,
		(err: unknown) => err
	);
	expect(e).toBeInstanceOf(ApiError);
	return e as ApiError;
}

afterEach(() => {
	vi.unstubAllGlobals();
	vi.restoreAllMocks();
});

describe('request', () => {
	it('sends JSON and gives back the answer the schema accepts', async () => {
		const fetch = vi.fn(() => answer(200, { n: 3, extra: true }));
		vi.stubGlobal('fetch', fetch);
		await expect(request('POST', '/api/x', { schema: Answer, body: { a: 1 } })).resolves.toEqual({ n: 3 });
		const [url, init] = fetch.mock.calls[0] as unknown as [string, RequestInit];
		expect(url).toBe('/api/x');
		expect(init.method).toBe('POST');
		expect(init.body).toBe('{"a":1}');
		expect(new Headers(init.headers).get('Content-Type')).toBe('application/json');
	});

	it('lets an abort through as an AbortError, not as a failure to show', async () => {
		vi.stubGlobal('fetch', slowFetch());
		const controller = new AbortController();
		const asked = request('GET', '/api/x', { schema: Answer, signal: controller.signal });
		controller.abort();
		await expect(asked).rejects.toMatchObject({ name: 'AbortError' });
		await expect(asked).rejects.not.toBeInstanceOf(ApiError);
	});

	it('says 401 is « not signed in » and 403 « not allowed », with the server’s message', async () => {
		vi.stubGlobal(
			'fetch',
			vi.fn(() => answer(401, { code: 'unauthenticated', message: 'Connectez-vous.' }))
		);
		const e401 = await failure(request('GET', '/api/x', { schema: Answer }));
		expect([e401.status, e401.code, e401.message, e401.unauthenticated, e401.forbidden]).toEqual([401, 'unauthenticated', 'Connectez-vous.', true, false]);

		vi.stubGlobal(
			'fetch',
			vi.fn(() => answer(403, { code: 'forbidden', message: 'Réservé à la coordination.' }))
		);
		const e403 = await failure(request('GET', '/api/x', { schema: Answer }));
		expect([e403.status, e403.code, e403.message, e403.unauthenticated, e403.forbidden]).toEqual([403, 'forbidden', 'Réservé à la coordination.', false, true]);
	});

	it('passes the server’s message through untouched, and its Retry-After', async () => {
		const message = 'Trop d’essais. Réessayez dans 40\u00a0secondes.';
		vi.stubGlobal(
			'fetch',
			vi.fn(() => answer(429, { code: 'rate_limited', message }, { 'Retry-After': '40' }))
		);
		const e = await failure(request('POST', '/api/signin', { schema: Answer, body: {} }));
		expect([e.status, e.code, e.message, e.retryAfter]).toEqual([429, 'rate_limited', message, 40]);
	});

	it('says the server cannot be reached when fetch throws (offline), in the resource’s words when it has some', async () => {
		vi.stubGlobal(
			'fetch',
			vi.fn(() => Promise.reject(new TypeError('Failed to fetch')))
		);
		const e = await failure(request('GET', '/api/x', { schema: Answer }));
		expect([e.status, e.code, e.unreachable, e.message]).toEqual([0, 'network', true, t('request.network')]);
		const worded = await failure(request('GET', '/api/census', { schema: Answer, messages: { network: 'census.error.network' } }));
		expect(worded.message).toBe(t('census.error.network'));
	});

	it('refuses an answer the schema does not accept, and an error page that is not the API’s', async () => {
		vi.spyOn(console, 'error').mockImplementation(() => undefined);
		vi.stubGlobal(
			'fetch',
			vi.fn(() => answer(200, { n: 'trois' }))
		);
		const bad = await failure(request('GET', '/api/x', { schema: Answer }));
		expect([bad.status, bad.code, bad.message]).toEqual([200, 'bad_response', t('request.bad_response')]);

		vi.stubGlobal(
			'fetch',
			vi.fn(() => answer(502, '<html>Bad gateway</html>', { 'Content-Type': 'text/html' }))
		);
		const proxy = await failure(request('GET', '/api/x', { schema: Answer }));
		expect([proxy.status, proxy.code, proxy.message]).toEqual([502, 'server', t('request.server')]);
	});

	it('tells « not modified » from a fresh answer with its ETag', async () => {
		const fetch = vi.fn(() => Promise.resolve(new Response(null, { status: 304 })));
		vi.stubGlobal('fetch', fetch);
		await expect(requestFresh('/api/territory', '"v1"', { schema: v.unknown() })).resolves.toBeNull();
		const [, init] = fetch.mock.calls[0] as unknown as [string, RequestInit];
		expect(new Headers(init.headers).get('If-None-Match')).toBe('"v1"');
		vi.stubGlobal(
			'fetch',
			vi.fn(() => answer(200, { n: 1 }, { ETag: '"v2"' }))
		);
		await expect(requestFresh('/api/territory', '"v1"', { schema: Answer })).resolves.toEqual({ value: { n: 1 }, etag: '"v2"' });
	});
});

describe('RemoteQuery', () => {
	it('aborts the request still on its way when the input changes, and shows only the newest answer', async () => {
		const signals: AbortSignal[] = [];
		const query = new RemoteQuery<number, number>(
			(n, signal) =>
				new Promise((resolve, reject) => {
					signals.push(signal);
					signal.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
					if (n === 2) setTimeout(() => resolve(n * 10), 0);
				})
		);
		const first = query.load(1);
		const second = query.load(2);
		await Promise.all([first, second]);
		expect(signals[0]?.aborted).toBe(true);
		expect(signals[1]?.aborted).toBe(false);
		expect([query.data, query.error, query.access, query.loading]).toEqual([20, null, null, false]);
	});

	it('turns 401 into the sign-in notice, 403 into « not allowed », and no network into a message', async () => {
		vi.stubGlobal(
			'fetch',
			vi.fn(() => answer(401, { code: 'unauthenticated', message: 'Connectez-vous.' }))
		);
		const query = new RemoteQuery<undefined, { n: number }>((_, signal) => request('GET', '/api/x', { schema: Answer, signal }));
		await query.load();
		expect(query.access).toBe('unauthenticated');

		vi.stubGlobal(
			'fetch',
			vi.fn(() => answer(403, { code: 'forbidden', message: 'Non.' }))
		);
		await query.load();
		expect(query.access).toBe('forbidden');

		vi.stubGlobal(
			'fetch',
			vi.fn(() => Promise.reject(new TypeError('Failed to fetch')))
		);
		const offline = new RemoteQuery<undefined, { n: number }>((_, signal) => request('GET', '/api/x', { schema: Answer, signal }));
		await offline.load();
		expect([offline.access, offline.error, offline.data]).toEqual([null, t('request.network'), null]);

		vi.stubGlobal(
			'fetch',
			vi.fn(() => answer(200, { n: 7 }))
		);
		await offline.load();
		expect([offline.error, offline.data]).toEqual([null, { n: 7 }]);
	});
});
