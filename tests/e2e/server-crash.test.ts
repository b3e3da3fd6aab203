/**
 * Scenario 14: the server is killed (kill -9) after acknowledging a push and in the middle of a
 * photo upload. Nothing acknowledged is lost, and the upload resumes where the server says.
 * Scenario 16 (the storage half): two tabs of the app on one phone edit sheets at the same time;
 * the outbox numbers stay unique and unbroken (IndexedDB serialises the transactions that take them).
 */
import { expect, test, type APIRequestContext } from '@playwright/test';
import { createHash } from 'node:crypto';
import { waitForServiceWorker } from './helpers';
import { expectSaved, newSheet, readStore } from './pages';
import { TestServer } from './server';

const server = new TestServer(Number(process.env.E2E_CRASH_PORT ?? 4199));
test.beforeAll(async () => server.start());
test.afterAll(async () => server.dispose());

const V = { protocol: 1, schemaVersion: 1 };

test('a server killed mid-push and mid-upload keeps what it acknowledged, and the upload resumes', async ({ browser }) => {
	const context = await browser.newContext();
	const r: APIRequestContext = context.request;
	const post = (path: string, data: unknown) => r.post(`${server.origin}${path}`, { data, headers: { Origin: server.origin } });
	expect((await post('/api/setup', { token: server.setupLink().split('#')[1], name: 'Claire' })).status()).toBe(201);

	// A push is acknowledged, then the server dies at once.
	const hlc = '2026-11-28T10:00:01.000Z-0000-claire';
	const pushed = await post('/api/sync/push', {
		...V,
		clientId: 'claire-phone-001',
		mutations: [{ seq: 1, recordId: 'SheetPressoirPreaux0', fields: { category: { v: 'pressoir', hlc }, name: { v: 'Pressoir de Préaux', hlc } } }]
	});
	expect((await pushed.json()).lastSeq).toBe(1);

	// A photo: announced, first chunk acknowledged…
	const bytes = Buffer.alloc(600_000, 7);
	bytes.set([0xff, 0xd8, 0xff, 0xe0], 0);
	const sha = createHash('sha256').update(bytes).digest('hex');
	expect((await (await post(`/api/photos/${sha}`, { size: bytes.length, mime: 'image/jpeg' })).json()).offset).toBe(0);
	const patch = (offset: number, chunk: Buffer) =>
		r.patch(`${server.origin}/api/photos/${sha}`, {
			data: chunk,
			headers: { Origin: server.origin, 'Upload-Offset': String(offset), 'Content-Type': 'application/offset+octet-stream' }
		});
	expect((await (await patch(0, bytes.subarray(0, 250_000))).json()).offset).toBe(250_000);

	await server.kill();
	await server.start();

	// Everything acknowledged is there; the retried push changes nothing.
	const again = await post('/api/sync/push', {
		...V,
		clientId: 'claire-phone-001',
		mutations: [{ seq: 1, recordId: 'SheetPressoirPreaux0', fields: { name: { v: 'Pressoir de Préaux', hlc } } }]
	});
	expect(await again.json()).toMatchObject({ lastSeq: 1, rejected: [] });
	const pulled = (await (await post('/api/sync/pull', { ...V, clientId: 'claire-phone-001', cursor: 0 })).json()) as {
		changes: { id: string; fields: { name: { v: string } } }[];
	};
	expect(pulled.changes.map((c) => [c.id, c.fields.name.v])).toEqual([['SheetPressoirPreaux0', 'Pressoir de Préaux']]);

	// The upload resumes from the acknowledged offset (a stale offset is corrected with 409).
	const stale = await patch(0, bytes.subarray(0, 250_000));
	expect(stale.status()).toBe(409);
	expect((await stale.json()).offset).toBe(250_000);
	const resumed = (await (await post(`/api/photos/${sha}`, { size: bytes.length, mime: 'image/jpeg' })).json()) as { offset: number };
	expect(resumed.offset).toBe(250_000);
	const done = (await (await patch(250_000, bytes.subarray(250_000))).json()) as { offset: number; done: boolean };
	expect(done).toEqual({ offset: 600_000, done: true });
	const back = await r.get(`${server.origin}/api/photos/${sha}`);
	expect(back.status()).toBe(200);
	expect(
		createHash('sha256')
			.update(await back.body())
			.digest('hex')
	).toBe(sha);
	await context.close();
});

test('a server killed while a push is being applied keeps all of it or none of it, and the retry applies it once', async ({ browser }) => {
	const context = await browser.newContext();
	const r = context.request;
	// Its own server on an empty folder (a fresh first-run link gives a coordinator session).
	await server.kill();
	const fresh = new TestServer(server.port);
	await fresh.start();
	const setup = await r.post(`${fresh.origin}/api/setup`, {
		data: { token: fresh.setupLink().split('#')[1], name: 'Claire' },
		headers: { Origin: fresh.origin }
	});
	expect(setup.status()).toBe(201);
	const mutations = Array.from({ length: 100 }, (_, i) => ({
		seq: i + 1,
		recordId: `Crash${String(i).padStart(15, '0')}`,
		fields: {
			category: { v: 'pressoir', hlc: '2026-11-28T10:00:01.000Z-0000-claire' },
			name: { v: `Pressoir ${i}`, hlc: '2026-11-28T10:00:01.000Z-0000-claire' },
			description: { v: 'x'.repeat(2000), hlc: '2026-11-28T10:00:01.000Z-0000-claire' }
		}
	}));
	const body = { ...V, clientId: 'crash-phone-0001', mutations };
	// Send 100 mutations (~200 kB) and kill the server a moment later, while it reads or applies them
	// (the exact instant is not controlled: either way, the push is all there or not there at all).
	const inFlight = r.post(`${fresh.origin}/api/sync/push`, { data: body, headers: { Origin: fresh.origin } }).catch(() => null);
	await new Promise((res) => setTimeout(res, 15));
	await fresh.kill();
	await inFlight;
	await fresh.start();
	const count = async () =>
		(
			(await (
				await r.post(`${fresh.origin}/api/sync/pull`, { data: { ...V, clientId: 'crash-phone-0001', cursor: 0 }, headers: { Origin: fresh.origin } })
			).json()) as { changes: unknown[] }
		).changes.length;
	expect([0, 100]).toContain(await count());
	const retry = await r.post(`${fresh.origin}/api/sync/push`, { data: body, headers: { Origin: fresh.origin } });
	expect((await retry.json()).lastSeq).toBe(100);
	expect(await count()).toBe(100);
	await fresh.dispose();
	await server.start();
	await context.close();
});

test('two tabs on one phone: sequence numbers stay unique and both tabs’ edits are kept', async ({ browser }) => {
	const context = await browser.newContext({ viewport: { width: 360, height: 740 }, locale: 'fr-FR' });
	const first = await context.newPage();
	await first.goto(`${server.origin}/`);
	await waitForServiceWorker(first);
	const second = await context.newPage();
	await second.goto(`${server.origin}/`);

	const a = await newSheet(first, 'pressoir');
	await first.getByLabel('Nom de l’outil ou du lieu').fill('Pressoir onglet 1');
	await expectSaved(first);
	const b = await newSheet(second, 'alambic');
	await second.getByLabel('Nom de l’outil ou du lieu').fill('Alambic onglet 2');
	await expectSaved(second);
	await first.goto(`${server.origin}/fiches/${b}/modifier`);
	await first.getByRole('textbox', { name: 'Notes' }).fill('vu depuis l’onglet 1');
	await second.goto(`${server.origin}/fiches/${a}/modifier`);
	await second.getByRole('textbox', { name: 'Notes' }).fill('vu depuis l’onglet 2');
	await expectSaved(first);
	await expectSaved(second);

	const rows = await readStore<{ seq: number; recordId: string; fields: Record<string, { v: unknown }> }>(first, 'outbox');
	const seqs = rows.map((r) => r.seq);
	expect(new Set(seqs).size).toBe(seqs.length);
	expect(seqs).toEqual([...seqs].sort((x, y) => x - y));
	expect(seqs).toEqual(seqs.map((_, i) => i + 1));
	const notes = rows.flatMap((r) => (r.fields.notes ? [[r.recordId, r.fields.notes.v]] : []));
	expect(notes).toEqual(
		expect.arrayContaining([
			[b, 'vu depuis l’onglet 1'],
			[a, 'vu depuis l’onglet 2']
		])
	);
	await context.close();
});
