/**
 * Scenario 16 in Chromium: two tabs of a signed-in volunteer both try to sync at the same moment;
 * only one pushes at a time (navigator.locks), numbers stay unique, and each edit arrives once.
 */
import { expect, test } from '@playwright/test';
import { waitForServiceWorker } from './helpers';
import { expectSaved, newSheet, waitForTerritoryStored } from './pages';
import { TestServer } from './server';

const server = new TestServer(Number(process.env.E2E_TWO_TABS_PORT ?? 4201));
test.beforeAll(async () => server.start());
test.afterAll(async () => server.dispose());

test('two tabs syncing at once: one at a time, each edit once', async ({ browser }) => {
	const coord = await (await browser.newContext()).newPage();
	await coord.goto(server.setupLink());
	await coord.getByLabel('Votre nom').fill('Claire');
	await coord.getByRole('button', { name: 'Créer le compte de coordination' }).click();
	await expect(coord).toHaveURL(/\/equipe$/);
	const link = ((await (await coord.request.post(`${server.origin}/api/team/invitations`, { data: { role: 'benevole' }, headers: { Origin: server.origin } })).json()) as { link: string }).link;

	const context = await browser.newContext({ viewport: { width: 360, height: 740 }, locale: 'fr-FR' });
	// Every push is held a moment by the network: two at once would overlap.
	let inFlight = 0;
	let maxInFlight = 0;
	let pushes = 0;
	await context.route('**/api/sync/push', async (route) => {
		inFlight++;
		pushes++;
		maxInFlight = Math.max(maxInFlight, inFlight);
		await new Promise((r) => setTimeout(r, 400));
		await route.continue();
		inFlight--;
	});
	const first = await context.newPage();
	await first.goto(link);
	await first.getByLabel('Votre nom (tel que l’équipe le verra)').fill('Marie');
	await first.getByRole('button', { name: 'Rejoindre' }).click();
	await expect(first).toHaveURL(`${server.origin}/`);
	await waitForServiceWorker(first);
	await waitForTerritoryStored(first);
	const second = await context.newPage();
	await second.goto(`${server.origin}/`);

	const a = await newSheet(first, 'pressoir');
	await first.getByLabel("Nom de l'outil ou du lieu").fill('Pressoir de l’onglet 1');
	await expectSaved(first);
	const b = await newSheet(second, 'alambic');
	await second.getByLabel("Nom de l'outil ou du lieu").fill('Alambic de l’onglet 2');
	await expectSaved(second);

	await first.goto(`${server.origin}/`);
	await second.goto(`${server.origin}/`);
	await Promise.all([
		first.getByRole('button', { name: 'Synchroniser maintenant' }).click(),
		second.getByRole('button', { name: 'Synchroniser maintenant' }).click()
	]);
	await expect(first.getByTestId('sync-bar')).toContainText('Tout est envoyé.', { timeout: 20_000 });
	await expect(second.getByTestId('sync-bar')).toContainText('Tout est envoyé.', { timeout: 20_000 });
	expect(pushes).toBeGreaterThan(0);
	expect(maxInFlight).toBe(1);

	const pulled = (await (
		await coord.request.post(`${server.origin}/api/sync/pull`, { data: { protocol: 1, schemaVersion: 1, clientId: 'coord-check-0001', cursor: 0 }, headers: { Origin: server.origin } })
	).json()) as { changes: { id: string; fields: { name?: { v: string } } }[] };
	expect(pulled.changes.map((c) => c.id).sort()).toEqual([a, b].sort());
	expect(pulled.changes.map((c) => c.fields.name?.v).sort()).toEqual(['Alambic de l’onglet 2', 'Pressoir de l’onglet 1']);
});
