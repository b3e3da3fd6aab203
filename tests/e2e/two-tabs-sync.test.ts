/**
 * Scenario 16 in Chromium: two tabs of a signed-in volunteer both try to sync at the same moment
 * (navigator.locks lets one through; the other finds nothing left to do); each edit arrives once.
 * Then scenario 9 in Chromium: a tab closed while its pull answer is on the way.
 */
import { expect, test } from '@playwright/test';
import { waitForServiceWorker } from './helpers';
import { expectSaved, newSheet, waitForTerritoryStored } from './pages';
import { TestServer, createCoordinator, inviteLink, joinWithLink } from './server';

const server = new TestServer(Number(process.env.E2E_TWO_TABS_PORT ?? 4201));
test.beforeAll(async () => server.start());
test.afterAll(async () => server.dispose());

test('two tabs syncing at once: each edit arrives once, and a tab closed mid-sync loses nothing', async ({ browser }) => {
	const coord = await (await browser.newContext()).newPage();
	await createCoordinator(coord, server);
	const link = await inviteLink(coord, server, { role: 'benevole' });

	const context = await browser.newContext({ viewport: { width: 360, height: 740 }, locale: 'fr-FR' });
	const first = await context.newPage();
	await joinWithLink(first, server, link, 'Marie');
	await waitForServiceWorker(first);
	await waitForTerritoryStored(first);
	const second = await context.newPage();
	await second.goto(`${server.origin}/`);

	// Offline, each tab records a sheet: nothing can leave yet.
	await context.setOffline(true);
	const a = await newSheet(first, 'pressoir');
	await first.getByLabel('Nom de l’outil ou du lieu').fill('Pressoir de l’onglet 1');
	await expectSaved(first);
	const b = await newSheet(second, 'alambic');
	await second.getByLabel('Nom de l’outil ou du lieu').fill('Alambic de l’onglet 2');
	await expectSaved(second);
	await first.goto(`${server.origin}/`);
	await second.goto(`${server.origin}/`);
	await expect(first.getByTestId('sync-bar')).toContainText('2 fiches attendent');

	// The signal returns: both tabs try at once (the « online » event, and a tap on each button).
	await context.setOffline(false);
	await Promise.all([
		first.getByRole('button', { name: 'Synchroniser maintenant' }).click(),
		second.getByRole('button', { name: 'Synchroniser maintenant' }).click()
	]);
	await expect(first.getByTestId('sync-bar')).toContainText('Tout est envoyé.', { timeout: 20_000 });
	await expect(second.getByTestId('sync-bar')).toContainText('Tout est envoyé.', { timeout: 20_000 });

	const pulled = (await (
		await coord.request.post(`${server.origin}/api/sync/pull`, {
			data: { protocol: 1, schemaVersion: 1, clientId: 'coord-check-0001', cursor: 0 },
			headers: { Origin: server.origin }
		})
	).json()) as { changes: { id: string; fields: { name?: { v: string } } }[] };
	expect(pulled.changes.map((c) => c.id).sort()).toEqual([a, b].sort());
	expect(pulled.changes.map((c) => c.fields.name?.v).sort()).toEqual(['Alambic de l’onglet 2', 'Pressoir de l’onglet 1']);

	// Tab closed in the middle of a sync: the coordinator adds a sheet; the phone's pull answer is held,
	// the tab is closed while it waits; a new tab syncs again and gets the sheet once.
	await coord.request.post(`${server.origin}/api/sync/push`, {
		data: {
			protocol: 1,
			schemaVersion: 1,
			clientId: 'coord-check-0001',
			mutations: [
				{
					seq: 1,
					recordId: 'SheetFromCoordinator',
					fields: {
						category: { v: 'fournil_four', hlc: '2026-11-28T10:00:01.000Z-0000-claire' },
						name: { v: 'Four banal', hlc: '2026-11-28T10:00:01.000Z-0000-claire' }
					}
				}
			]
		},
		headers: { Origin: server.origin }
	});
	let heldPulls = 0;
	await context.route('**/api/sync/pull', async (route) => {
		heldPulls++;
		await new Promise((r) => setTimeout(r, 1500));
		await route.continue().catch(() => undefined);
	});
	await second.close();
	await first.getByRole('button', { name: 'Synchroniser maintenant' }).click();
	await expect.poll(() => heldPulls).toBeGreaterThan(0);
	await first.close();
	await context.unroute('**/api/sync/pull');
	const again = await context.newPage();
	await again.goto(`${server.origin}/`);
	await again.getByRole('button', { name: 'Synchroniser maintenant' }).click();
	const items = again.getByTestId('sheet-item');
	await expect(items.filter({ hasText: 'Four banal' })).toHaveCount(1, { timeout: 20_000 });
	await expect(items).toHaveCount(3);
});
