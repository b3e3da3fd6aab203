/**
 * Sheets on the server over real HTTP: pushed by a volunteer's phone, pulled by each role with what
 * it may see — private contact removed by the server, not hidden by a page.
 */
import { expect, test, type APIRequestContext, type Browser } from '@playwright/test';
import { TestServer } from './server';

const server = new TestServer(Number(process.env.E2E_SYNC_PORT ?? 4195));
test.beforeAll(async () => server.start());
test.afterAll(async () => server.dispose());

const V = { protocol: 1, schemaVersion: 1 };
const stamp = (n: number, node: string) => `2026-11-28T10:00:0${n}.000Z-0000-${node}`;

async function person(browser: Browser, join: (r: APIRequestContext) => Promise<void>): Promise<APIRequestContext> {
	const context = await browser.newContext();
	await join(context.request);
	return context.request;
}

const post = (r: APIRequestContext, path: string, data: unknown) => r.post(`${server.origin}${path}`, { data, headers: { Origin: server.origin } });

test('the server keeps private contact for the coordinator and the commune’s mairie only', async ({ browser }) => {
	const token = server.setupLink().split('#')[1];
	const coord = await person(browser, async (r) => {
		expect((await post(r, '/api/setup', { token, name: 'Claire' })).status()).toBe(201);
	});
	const invite = async (body: object) => ((await (await post(coord, '/api/team/invitations', body)).json()) as { link: string }).link.split('#')[1];
	const volToken = await invite({ role: 'benevole', maxUses: 2 });
	const mairieToken = await invite({ role: 'mairie', communes: ['61309'] });
	const otherMairieToken = await invite({ role: 'mairie', communes: ['61079'] });
	const vol = await person(browser, async (r) => void expect((await post(r, '/api/join', { token: volToken, name: 'Marie' })).status()).toBe(201));
	const vol2 = await person(browser, async (r) => void expect((await post(r, '/api/join', { token: volToken, name: 'Paul' })).status()).toBe(201));
	const mairie = await person(
		browser,
		async (r) => void expect((await post(r, '/api/join', { token: mairieToken, name: 'Mairie de Perche en Nocé' })).status()).toBe(201)
	);
	const other = await person(
		browser,
		async (r) => void expect((await post(r, '/api/join', { token: otherMairieToken, name: 'Mairie de Ceton' })).status()).toBe(201)
	);

	const fields = {
		category: { v: 'pressoir', hlc: stamp(1, 'marie') },
		name: { v: 'Pressoir de Préaux', hlc: stamp(1, 'marie') },
		commune: { v: '61309', hlc: stamp(1, 'marie') },
		personPhone: { v: '06 12 34 56 78', hlc: stamp(1, 'marie') },
		personConsentAt: { v: '2026-11-28T09:00:00.000Z', hlc: stamp(1, 'marie') }
	};
	const pushed = await post(vol, '/api/sync/push', { ...V, clientId: 'marie-phone-0001', mutations: [{ seq: 1, recordId: 'SheetPressoirPreaux0', fields }] });
	expect(pushed.status()).toBe(200);
	expect(await pushed.json()).toMatchObject({ lastSeq: 1, rejected: [] });

	const pulled = async (r: APIRequestContext, clientId: string) => {
		const res = await post(r, '/api/sync/pull', { ...V, clientId, cursor: 0 });
		expect(res.status()).toBe(200);
		const body = (await res.json()) as { changes: { id: string; fields: Record<string, { v: unknown }> }[] };
		return body.changes.find((c) => c.id === 'SheetPressoirPreaux0')?.fields ?? {};
	};
	expect((await pulled(coord, 'claire-pc-000001')).personPhone?.v).toBe('06 12 34 56 78');
	expect((await pulled(mairie, 'mairie-pc-000001')).personPhone?.v).toBe('06 12 34 56 78');
	const otherSees = await pulled(other, 'ceton-pc-0000001');
	expect(otherSees.name?.v).toBe('Pressoir de Préaux');
	expect('personPhone' in otherSees).toBe(false);
	const volSees = await pulled(vol2, 'paul-phone-00001');
	expect('personPhone' in volSees || 'personConsentAt' in volSees).toBe(false);

	// Writes outside one's rights are refused, and the queue goes on.
	const hijack = await post(vol2, '/api/sync/push', {
		...V,
		clientId: 'paul-phone-00001',
		mutations: [{ seq: 1, recordId: 'SheetPressoirPreaux0', fields: { name: { v: 'piraté', hlc: stamp(2, 'paul') } } }]
	});
	expect(await hijack.json()).toMatchObject({ lastSeq: 1, rejected: [{ seq: 1, code: 'forbidden' }] });
	const outOfScope = await post(other, '/api/sync/push', {
		...V,
		clientId: 'ceton-pc-0000001',
		mutations: [{ seq: 1, recordId: 'SheetPressoirPreaux0', fields: { status: { v: 'valide', hlc: stamp(3, 'ceton') } } }]
	});
	expect(await outOfScope.json()).toMatchObject({ rejected: [{ seq: 1, code: 'forbidden' }] });

	// Another person cannot push with Marie's install; no session, no sync; an old app is told to update.
	const stolen = await post(vol2, '/api/sync/push', { ...V, clientId: 'marie-phone-0001', mutations: [] });
	expect(stolen.status()).toBe(403);
	const anonymous = await browser.newContext();
	expect((await post(anonymous.request, '/api/sync/pull', { ...V, clientId: 'x-phone-000001', cursor: 0 })).status()).toBe(401);
	const old = await post(vol, '/api/sync/pull', { protocol: 0, schemaVersion: 1, clientId: 'marie-phone-0001', cursor: 0 });
	expect(old.status()).toBe(426);
	expect(await old.json()).toMatchObject({ code: 'upgrade_required', minProtocol: 1 });
});
