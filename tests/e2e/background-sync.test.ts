/**
 * Background Sync, the Chromium bonus: after a sync failed offline, the app asks the browser to
 * wake it when the network is back; the browser's `sync` event reaches the worker, which wakes the
 * page. The event is dispatched through Chromium's DevTools protocol (as Chromium would).
 */
import { expect, test } from '@playwright/test';
import { waitForServiceWorker } from './helpers';
import { expectSaved, newSheet, waitForTerritoryStored } from './pages';
import { TestServer, createCoordinator, inviteLink, joinWithLink } from './server';

const server = new TestServer(Number(process.env.E2E_BGSYNC_PORT ?? 4202));
test.beforeAll(async () => server.start());
test.afterAll(async () => server.dispose());

test('a failed sync is retried when Chromium fires Background Sync', async ({ browser }) => {
	const coord = await (await browser.newContext()).newPage();
	await createCoordinator(coord, server);
	const link = await inviteLink(coord, server, { role: 'benevole' });

	const context = await browser.newContext({ viewport: { width: 360, height: 740 }, locale: 'fr-FR' });
	const page = await context.newPage();
	await joinWithLink(page, server, link, 'Marie');
	await waitForServiceWorker(page);
	await waitForTerritoryStored(page);

	// Offline: the sync fails, and the app asks Chromium to wake it when the network is back.
	await context.setOffline(true);
	await newSheet(page, 'pressoir');
	await page.getByLabel('Nom de l’outil ou du lieu').fill('Pressoir de Préaux');
	await expectSaved(page);
	// Opening the app tries to sync at once (and fails: no network).
	await page.goto(`${server.origin}/`);
	await expect
		.poll(() =>
			page.evaluate(async () => {
				const reg = (await navigator.serviceWorker.ready) as ServiceWorkerRegistration & { sync?: { getTags(): Promise<string[]> } };
				return (await reg.sync?.getTags()) ?? [];
			})
		)
		.toContain('atlas-sync');

	// The network returns: Chromium fires the sync event (also dispatched here through DevTools, which
	// Chromium only delivers once online); the worker wakes the page.
	await page.evaluate(() => {
		(window as unknown as { __woken: number }).__woken = 0;
		navigator.serviceWorker.addEventListener('message', (e) => {
			if ((e.data as { type?: string })?.type === 'SYNC_NOW') (window as unknown as { __woken: number }).__woken++;
		});
	});
	await context.setOffline(false);
	const cdp = await context.newCDPSession(page);
	const registration = new Promise<string>((resolve) => {
		cdp.on('ServiceWorker.workerRegistrationUpdated', (e: { registrations: { registrationId: string; scopeURL: string; isDeleted: boolean }[] }) => {
			const r = e.registrations.find((x) => x.scopeURL.startsWith(server.origin) && !x.isDeleted);
			if (r) resolve(r.registrationId);
		});
	});
	await cdp.send('ServiceWorker.enable');
	const registrationId = await registration;
	await cdp.send('ServiceWorker.dispatchSyncEvent', { origin: server.origin, registrationId, tag: 'atlas-sync', lastChance: false });
	await expect.poll(() => page.evaluate(() => (window as unknown as { __woken: number }).__woken)).toBeGreaterThan(0);
	await expect(page.getByTestId('sync-bar')).toContainText('Tout est envoyé.', { timeout: 20_000 });
});
