/**
 * Two people change the same field without seeing each other's value: the coordinator finds the
 * losing value in « Conflits », keeps it, and it wins everywhere.
 */
import { expect, test, type APIRequestContext } from '@playwright/test';
import { TestServer, createCoordinator, inviteLink } from './server';

const server = new TestServer(Number(process.env.E2E_CONFLICTS_PORT ?? 4197));
test.beforeAll(async () => server.start());
test.afterAll(async () => server.dispose());

const V = { protocol: 1, schemaVersion: 1 };
const post = (r: APIRequestContext, path: string, data: unknown) => r.post(`${server.origin}${path}`, { data, headers: { Origin: server.origin } });

test('the coordinator keeps the value that lost, and every device gets it', async ({ browser }) => {
	const coord = await (await browser.newContext({ viewport: { width: 360, height: 740 }, locale: 'fr-FR' })).newPage();
	await createCoordinator(coord, server);
	const invite = async (body: object) => (await inviteLink(coord, server, body)).split('#')[1];
	const marie = (await browser.newContext()).request;
	const mairie = (await browser.newContext()).request;
	expect((await post(marie, '/api/join', { token: await invite({ role: 'benevole' }), name: 'Marie Lefèvre' })).status()).toBe(201);
	expect((await post(mairie, '/api/join', { token: await invite({ role: 'mairie', communes: ['61309'] }), name: 'Mairie de Perche en Nocé' })).status()).toBe(
		201
	);

	const id = 'SheetPressoirPreaux0';
	const s = (sec: number, node: string) => `2026-11-28T10:00:${String(sec).padStart(2, '0')}.000Z-0000-${node}`;
	await post(marie, '/api/sync/push', {
		...V,
		clientId: 'marie-phone-0001',
		mutations: [
			{
				seq: 1,
				recordId: id,
				fields: {
					category: { v: 'pressoir', hlc: s(1, 'marie') },
					name: { v: 'Pressoir de Préaux', hlc: s(1, 'marie') },
					commune: { v: '61309', hlc: s(1, 'marie') }
				}
			}
		]
	});
	// Both edit the name, each from the value they had (base), without seeing the other's edit.
	await post(mairie, '/api/sync/push', {
		...V,
		clientId: 'mairie-pc-000001',
		mutations: [{ seq: 1, recordId: id, fields: { name: { v: 'Pressoir communal', hlc: s(30, 'mairie'), base: s(1, 'marie') } } }]
	});
	await post(marie, '/api/sync/push', {
		...V,
		clientId: 'marie-phone-0001',
		mutations: [{ seq: 2, recordId: id, fields: { name: { v: 'Pressoir de l’association', hlc: s(20, 'marie'), base: s(1, 'marie') } } }]
	});

	await coord.goto(`${server.origin}/equipe`);
	await coord.getByRole('link', { name: 'Conflits à régler entre deux modifications' }).click();
	const card = coord.getByTestId('conflict');
	await expect(card).toHaveCount(1);
	await expect(card).toContainText('Fiche « Pressoir communal »');
	await expect(card).toContainText('Information : Nom de l’outil ou du lieu');
	await expect(coord.getByTestId('conflict-kept')).toHaveText('Pressoir communal');
	await expect(coord.getByTestId('conflict-lost')).toHaveText('Pressoir de l’association');
	await expect(card).toContainText('par Marie Lefèvre');
	await card.getByRole('button', { name: 'Reprendre celle-ci' }).click();
	await expect(coord.getByTestId('no-conflict')).toBeVisible();

	// Everyone pulls the kept value.
	for (const [r, clientId] of [
		[mairie, 'mairie-pc-000001'],
		[marie, 'marie-phone-0001']
	] as const) {
		const body = (await (await post(r, '/api/sync/pull', { ...V, clientId, cursor: 0 })).json()) as {
			changes: { id: string; fields: { name: { v: string } } }[];
		};
		expect(body.changes.find((c) => c.id === id)?.fields.name.v).toBe('Pressoir de l’association');
	}
	// Only the coordinator settles conflicts.
	expect((await mairie.get(`${server.origin}/api/conflicts`)).status()).toBe(403);
});
