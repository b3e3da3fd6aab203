/**
 * A full phone: when IndexedDB refuses a write (QuotaExceededError), the volunteer is told in
 * French, the photo is not added, and what was already typed stays — on screen and stored.
 *
 * The disk is filled for real: the origin's quota is set to 3 MB with Chromium's DevTools protocol
 * (Storage.overrideQuotaForOrigin, before the first visit), then another database of this origin is
 * filled with random bytes until IndexedDB refuses. Once that database is deleted, there is room
 * again and what was typed meanwhile is stored without the volunteer doing anything.
 */
import { expect, test, type Page } from '@playwright/test';
import { fillDisk, goOffline, waitForServiceWorker } from './helpers';
import { expectSaved, makeLargePhoto, newSheet, readStore } from './pages';

async function freeDisk(page: Page): Promise<void> {
	await page.evaluate(
		() =>
			new Promise<void>((res, rej) => {
				const req = indexedDB.deleteDatabase('ballast');
				req.onsuccess = () => res();
				req.onerror = () => rej(req.error);
			})
	);
}

test('a full disk says so in French and keeps what was typed', async ({ page, context, baseURL }) => {
	const cdp = await context.newCDPSession(page);
	await cdp.send('Storage.overrideQuotaForOrigin', { origin: new URL(baseURL!).origin, quotaSize: 3_000_000 });
	await page.goto('/');
	await waitForServiceWorker(page);
	const photo = await makeLargePhoto(page);
	await goOffline(context);
	await page.reload();

	await newSheet(page, 'cuisine_partagee');
	await page.getByLabel('Nom de l’outil ou du lieu').fill('Cuisine partagée de la salle des fêtes');
	await expectSaved(page);

	const chunks = await fillDisk(page, { chunk: 50_000, max: 200, topUp: true });
	expect(chunks, 'the disk filled up before 200 chunks (10 MB): the quota is in force').toBeLessThan(200);

	await page.getByTestId('photo-camera').setInputFiles({ name: 'cuisine.jpg', mimeType: 'image/jpeg', buffer: photo });
	await expect(page.getByRole('alert').filter({ hasText: 'La mémoire de l’appareil est pleine' }).first()).toBeVisible({ timeout: 20_000 });
	await expect(page.getByTestId('photo-thumb')).toHaveCount(0);
	await expect(page.getByLabel('Nom de l’outil ou du lieu')).toHaveValue('Cuisine partagée de la salle des fêtes');

	const [sheet] = await readStore<{ fields: { name: string; photos: unknown[] } }>(page, 'sheets');
	expect(sheet?.fields.name).toBe('Cuisine partagée de la salle des fêtes');
	expect(sheet?.fields.photos).toEqual([]);
	expect(await readStore(page, 'photos')).toEqual([]);

	// Typing on a full disk: the text stays on screen, the screen says it is not saved yet.
	await page.getByRole('textbox', { name: 'Notes' }).fill('Four, chambre froide');
	await expect(page.getByTestId('save-state')).toHaveText('Non enregistré');
	await expect(page.getByRole('textbox', { name: 'Notes' })).toHaveValue('Four, chambre froide');

	// Room again: the pending text is written by itself (retry), nothing was lost.
	await freeDisk(page);
	await expectSaved(page);
	await page.reload();
	await expect(page.getByRole('textbox', { name: 'Notes' })).toHaveValue('Four, chambre froide');
	await expect(page.getByLabel('Nom de l’outil ou du lieu')).toHaveValue('Cuisine partagée de la salle des fêtes');
});
