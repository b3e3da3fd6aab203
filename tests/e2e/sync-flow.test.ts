/**
 * A sheet typed offline reaches the coordinator when the signal returns: it is marked « Envoyée »
 * only once the server confirmed it, and the coordinator's app receives it.
 */
import { expect, test, type Browser, type Page } from '@playwright/test';
import { goOffline, goOnline, waitForServiceWorker } from './helpers';
import { makeSmallPhoto, newSheet, pickCommune, readStore, waitForTerritoryStored } from './pages';
import { TestServer, createCoordinator, inviteLink, joinWithLink } from './server';

const server = new TestServer(Number(process.env.E2E_SYNCFLOW_PORT ?? 4196));
test.beforeAll(async () => server.start());
test.afterAll(async () => server.dispose());

async function newPhone(browser: Browser): Promise<{ page: Page; context: import('@playwright/test').BrowserContext }> {
	const context = await browser.newContext({ viewport: { width: 360, height: 740 }, locale: 'fr-FR', serviceWorkers: 'allow' });
	return { context, page: await context.newPage() };
}

test('a sheet typed offline is sent when the signal returns and reaches the coordinator once', async ({ browser }) => {
	const coord = await newPhone(browser);
	await createCoordinator(coord.page, server);
	const link = await inviteLink(coord.page, server, { role: 'benevole' });

	const vol = await newPhone(browser);
	await joinWithLink(vol.page, server, link, 'Marie Lefèvre');
	await waitForServiceWorker(vol.page);
	await waitForTerritoryStored(vol.page);

	await goOffline(vol.context);
	await vol.page.reload();
	await newSheet(vol.page, 'pressoir');
	await vol.page.getByLabel('Nom de l’outil ou du lieu').fill('Pressoir de Préaux');
	await pickCommune(vol.page, 'perche en noce', 'Perche en Nocé');
	await vol.page.getByTestId('photo-gallery').setInputFiles({ name: 'pressoir.jpg', mimeType: 'image/jpeg', buffer: await makeSmallPhoto(vol.page) });
	await expect(vol.page.getByTestId('photo-thumb')).toHaveCount(1);
	await vol.page.getByRole('button', { name: 'Terminer la fiche' }).click();
	await expect(vol.page.getByRole('region', { name: 'Où va la fiche' })).toContainText('elle partira dès que le réseau revient');
	await vol.page.locator('main').getByRole('link', { name: 'Mes fiches' }).click();
	await expect(vol.page.getByTestId('sheet-item')).toContainText('À envoyer');
	await expect(vol.page.getByTestId('sync-bar')).toContainText('1 fiche attend d’être envoyée');
	await expect(vol.page.getByTestId('photos-waiting')).toHaveText('1 photo à envoyer');

	// The signal returns: the app sends by itself, and says so only once the server confirmed.
	await goOnline(vol.context);
	await expect(vol.page.getByTestId('sheet-item')).toContainText('Envoyée', { timeout: 20_000 });
	await expect(vol.page.getByTestId('sync-bar')).toContainText('Tout est envoyé.', { timeout: 20_000 });
	await expect(vol.page.getByTestId('photos-waiting')).toHaveCount(0);
	expect((await readStore<{ uploaded: boolean }>(vol.page, 'photos')).map((p) => p.uploaded)).toEqual([true]);
	expect((await readStore<{ fields: object }>(vol.page, 'outbox')).filter((r) => Object.keys(r.fields).length > 0)).toEqual([]);

	// "Synchroniser maintenant" twice changes nothing on the server.
	await vol.page.getByRole('button', { name: 'Synchroniser maintenant' }).click();
	await expect(vol.page.getByRole('button', { name: 'Synchroniser maintenant' })).toBeEnabled();

	// The coordinator's app receives it, once: in « Relecture », handed in for review.
	await coord.page.goto(`${server.origin}/`);
	await coord.page
		.getByRole('navigation', { name: 'Navigation principale' })
		.getByRole('link', { name: /Relecture/ })
		.click();
	const items = coord.page.getByTestId('review-item');
	await expect(items).toHaveCount(1, { timeout: 20_000 });
	await expect(items).toContainText('Pressoir de Préaux');
	await expect(items).toContainText('Perche en Nocé');
	await items.click();
	await expect(coord.page.getByRole('heading', { level: 1 })).toHaveText('Pressoir de Préaux');
	// The photo comes from the server (this device never had its bytes).
	const thumb = coord.page.getByTestId('photo-thumb');
	await expect(thumb).toHaveCount(1);
	expect(await thumb.evaluate((img: HTMLImageElement) => img.decode().then(() => img.naturalWidth))).toBe(800);
});
