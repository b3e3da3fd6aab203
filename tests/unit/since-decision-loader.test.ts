/**
 * The reviewer's history loader (state/since-decision.svelte.ts): what it keeps when the server
 * answers, does not answer, or answers something else — never a stale history shown as current.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SinceDecision } from '$lib/state/since-decision.svelte';

const entries = [
	{
		kind: 'field',
		id: 'h1',
		by: 'Marie',
		role: 'benevole',
		at: '2026-11-28T10:00:00.000Z',
		via: 'sync',
		device: null,
		reason: null,
		created: true,
		changes: [{ field: 'name', old: null, new: 'Moulin' }]
	},
	{ kind: 'comment', id: 'c1', text: 'Il manque le téléphone.', status: 'a_corriger', by: 'Mairie', role: 'mairie', at: '2026-11-28T11:00:00.000Z' }
];
const answer = (status: number, body: unknown) =>
	Promise.resolve(new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } }));
const settle = () => new Promise((r) => setTimeout(r, 0));

afterEach(() => vi.unstubAllGlobals());

describe('SinceDecision', () => {
	it('keeps the history the server gives, and fetches it again only for a new version of the sheet', async () => {
		const fetch = vi.fn(() => answer(200, { entries }));
		vi.stubGlobal('fetch', fetch);
		const since = new SinceDecision();
		since.follow('SheetMoulin000001', 'v1', true);
		expect(since.phase).toBe('loading');
		await settle();
		expect(since.phase).toBe('ready');
		expect(since.entries).toHaveLength(2);
		since.follow('SheetMoulin000001', 'v1', true);
		expect(fetch).toHaveBeenCalledTimes(1);
		since.follow('SheetMoulin000001', 'v2', true);
		await settle();
		expect(fetch).toHaveBeenCalledTimes(2);
		expect(fetch.mock.calls[0]).toEqual(['/api/sheets/SheetMoulin000001/history', expect.objectContaining({ cache: 'no-store' })]);
	});

	it('offline, or when the request fails, keeps no history (nothing is highlighted) and tries again when the network is back', async () => {
		const fetch = vi.fn(() => answer(200, { entries }));
		vi.stubGlobal('fetch', fetch);
		const since = new SinceDecision();
		since.follow('SheetMoulin000001', 'v1', true);
		await settle();
		since.follow('SheetMoulin000001', 'v2', false);
		expect(since.phase).toBe('offline');
		expect(since.entries).toEqual([]);
		since.follow('SheetMoulin000001', 'v2', false);
		expect(fetch).toHaveBeenCalledTimes(1);
		fetch.mockImplementationOnce(() => Promise.reject(new TypeError('Failed to fetch')));
		since.follow('SheetMoulin000001', 'v2', true);
		await settle();
		expect(since.phase).toBe('offline');
		since.follow('SheetMoulin000001', 'v2', true);
		await settle();
		expect(since.phase).toBe('ready');
		expect(since.entries).toHaveLength(2);
	});

	it('says « error » for a refusal or an answer it cannot read, and « ready » with no history for a sheet the server does not hold yet', async () => {
		const since = new SinceDecision();
		vi.stubGlobal(
			'fetch',
			vi.fn(() => answer(401, { message: 'Connectez-vous.' }))
		);
		since.follow('SheetMoulin000001', 'v1', true);
		await settle();
		expect(since.phase).toBe('error');
		vi.stubGlobal(
			'fetch',
			vi.fn(() => answer(200, { entries: [{ kind: 'field' }] }))
		);
		since.follow('SheetMoulin000001', 'v2', true);
		await settle();
		expect(since.phase).toBe('error');
		expect(since.entries).toEqual([]);
		vi.stubGlobal(
			'fetch',
			vi.fn(() => answer(404, { message: 'Introuvable' }))
		);
		since.follow('SheetMoulin000001', 'v3', true);
		await settle();
		expect(since.phase).toBe('ready');
		expect(since.entries).toEqual([]);
	});

	it('keeps only the newest request’s answer', async () => {
		let release: (r: Response) => void = () => {};
		const slow = new Promise<Response>((r) => (release = r));
		const fetch = vi
			.fn()
			.mockImplementationOnce(() => slow)
			.mockImplementationOnce(() => answer(200, { entries: [] }));
		vi.stubGlobal('fetch', fetch);
		const since = new SinceDecision();
		since.follow('SheetMoulin000001', 'v1', true);
		since.follow('SheetMoulin000001', 'v2', true);
		await settle();
		expect(since.entries).toEqual([]);
		release(new Response(JSON.stringify({ entries }), { status: 200 }));
		await settle();
		expect(since.phase).toBe('ready');
		expect(since.entries).toEqual([]);
	});
});
