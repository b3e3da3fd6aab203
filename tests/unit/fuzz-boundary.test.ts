/**
 * Regressions found by the fuzz test (tests/e2e/fuzz.test.ts), each pinned at the boundary where
 * it was fixed:
 * - a mutation whose `fields` is an array, or holds only a key valibot skips ("constructor"), passed
 *   as an empty mutation (applied as a no-op) instead of being refused as invalid;
 * - a GPS accuracy of 1e999 (Infinity once parsed) was accepted and stored as null;
 * - refusals the framework made (a method the route lacks, an address that cannot be decoded)
 *   answered English text or an HTML page instead of the API's `{ code, message }` in French;
 * - a body a route refused without reading stayed half-read, and the next request on the same
 *   kept-alive connection hung until the connection was reset;
 * - an API address with a final slash (« POST /api/sync/push/ ») was answered by SvelteKit with a
 *   308 made before the hooks, so its body was never dropped: the same hang.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as v from 'valibot';
import { MutationSchema } from '$lib/schemas/sync';
import { isValidField } from '$lib/schemas/sheet';
import { apiRefusal, dropUnreadBody } from '$lib/server/http';
import { openTestStore, type TestStore } from './stores';
import { push } from '$lib/server/sync/service';
import type { User } from '$lib/server/store/types';

const HLC = '2026-11-28T10:00:00.000Z-0000-phone1';

describe('a mutation’s fields', () => {
	const mutation = (fields: unknown) => ({ seq: 1, recordId: 'SheetPressoirPreaux0', fields });

	it('must be an object of field changes, not an array', () => {
		expect(v.is(MutationSchema, mutation([]))).toBe(false);
		expect(v.is(MutationSchema, mutation([{ v: 'x', hlc: HLC }]))).toBe(false);
		expect(v.is(MutationSchema, mutation({ name: { v: 'x', hlc: HLC } }))).toBe(true);
		expect(v.is(MutationSchema, mutation({}))).toBe(true);
	});

	it('may not hold a key the schema would skip silently', () => {
		for (const key of ['constructor', '__proto__', 'prototype']) {
			expect(v.is(MutationSchema, mutation(JSON.parse(`{"${key}": {"v": "x", "hlc": "${HLC}"}}`))), key).toBe(false);
		}
	});

	describe('on a real server store', () => {
		let dir: string;
		let store: TestStore;
		const marie: User = {
			id: 'marie',
			name: 'Marie',
			role: 'benevole',
			communes: [],
			login: null,
			passwordHash: null,
			createdAt: '2026-11-28T09:00:00.000Z',
			lastSeenAt: null,
			revokedAt: null
		};
		beforeEach(async () => {
			dir = mkdtempSync(join(tmpdir(), 'atlas-fuzz-'));
			store = await openTestStore(dir);
			await store.insertUser(marie);
		});
		afterEach(async () => {
			await store.close();
			rmSync(dir, { recursive: true, force: true });
		});

		it('refuses such mutations as invalid (reported to the phone), and writes nothing', async () => {
			const mutations = [
				{ seq: 1, recordId: 'SheetPressoirPreaux0', fields: [] },
				{ seq: 2, recordId: 'SheetPressoirPreaux0', fields: JSON.parse(`{"constructor": {"v": "x", "hlc": "${HLC}"}}`) }
			];
			const result = await push({ store, now: new Date('2026-11-28T10:00:00.000Z') }, marie, {
				protocol: 1,
				schemaVersion: 1,
				clientId: 'marie-phone-0001',
				mutations
			});
			expect(result.lastSeq).toBe(2);
			expect(result.rejected).toEqual([
				{ seq: 1, code: 'invalid' },
				{ seq: 2, code: 'invalid' }
			]);
			expect(await store.currentVersion()).toBe(0);
		});
	});
});

describe('a location', () => {
	const at = '2026-11-28T10:00:00.000Z';
	it('has a finite accuracy (JSON cannot keep Infinity)', () => {
		expect(isValidField('location', { lat: 48.3, lon: 0.7, accuracy: Infinity, source: 'gps', at })).toBe(false);
		expect(isValidField('location', JSON.parse(`{"lat": 48.3, "lon": 0.7, "accuracy": 1e999, "source": "gps", "at": "${at}"}`))).toBe(false);
		expect(isValidField('location', { lat: 48.3, lon: 0.7, accuracy: 12.5, source: 'gps', at })).toBe(true);
		expect(isValidField('location', { lat: 48.3, lon: 0.7, accuracy: null, source: 'manuel', at })).toBe(true);
	});
});

describe('refusals made by the framework', () => {
	it('become the API’s shape, in French, keeping the Allow header of a 405', async () => {
		const res = await apiRefusal(new Response('DELETE method not allowed', { status: 405, headers: { Allow: 'GET', 'Content-Type': 'text/plain' } }));
		expect(res.status).toBe(405);
		expect(res.headers.get('allow')).toBe('GET');
		expect(await res.json()).toEqual({ code: 'method_not_allowed', message: 'Cette action n’est pas possible à cette adresse.' });
	});

	it('an address that cannot be decoded (an HTML error page) is invalid input; one that names nothing, not found', async () => {
		const malformed = await apiRefusal(new Response('<!doctype html><p>400</p>', { status: 400, headers: { 'Content-Type': 'text/html' } }));
		expect(await malformed.json()).toEqual({ code: 'invalid_input', message: 'Certaines informations envoyées ne sont pas valables.' });
		const missing = await apiRefusal(new Response(JSON.stringify({ message: 'Not Found' }), { status: 404, headers: { 'Content-Type': 'application/json' } }));
		expect(await missing.json()).toMatchObject({ code: 'not_found' });
	});

	it('leave the routes’ own answers alone (refusals with a code, successes, server errors)', async () => {
		const own = new Response(JSON.stringify({ code: 'offset_mismatch', message: 'x', offset: 3 }), {
			status: 409,
			headers: { 'Content-Type': 'application/json' }
		});
		expect(await apiRefusal(own)).toBe(own);
		const ok = new Response('{}', { status: 200 });
		expect(await apiRefusal(ok)).toBe(ok);
		const error = new Response('{}', { status: 500 });
		expect(await apiRefusal(error)).toBe(error);
	});
});

describe('a body the route did not read', () => {
	it('is read to its end (else the kept-alive connection it came on stays blocked)', async () => {
		let pulled = 0;
		const chunks = 5;
		const body = new ReadableStream<Uint8Array>(
			{
				pull(controller) {
					if (pulled++ < chunks) controller.enqueue(new Uint8Array(64 * 1024));
					else controller.close();
				}
			},
			{ highWaterMark: 0 }
		);
		const request = new Request('http://127.0.0.1/api/settings', { method: 'POST', body, duplex: 'half' } as RequestInit);
		dropUnreadBody(request);
		await new Promise((done) => setTimeout(done, 50));
		expect(pulled).toBe(chunks + 1);
	});

	it('is left alone when the route read it', async () => {
		const request = new Request('http://127.0.0.1/api/settings', { method: 'POST', body: '{"a":1}' });
		await request.text();
		expect(() => dropUnreadBody(request)).not.toThrow();
		expect(() => dropUnreadBody(new Request('http://127.0.0.1/api/me'))).not.toThrow();
	});
});

describe('an API address with a final slash', () => {
	// What SvelteKit reads before any hook: the endpoint module's own `trailingSlash` ('never' when
	// absent, which answers « /api/x/ » with a 308 and leaves the request's body unread).
	const endpoints = import.meta.glob<{ trailingSlash?: string }>('/src/routes/api/**/+server.ts', { eager: true });

	it('is the same route, answered through the hooks: every API route ignores the final slash', () => {
		expect(Object.keys(endpoints).length).toBeGreaterThan(30);
		const redirecting = Object.entries(endpoints)
			.filter(([, mod]) => (mod.trailingSlash ?? 'never') !== 'ignore')
			.map(([file]) => file);
		expect(redirecting).toEqual([]);
	});
});
