/**
 * Code and text loaded on demand work offline. The sheet form draws its first section
 * at once and loads the rest just after (SheetSections: commune search, point, photos...), the
 * « outil semblable » prompt, the update prompt and the sync engine come in their own chunks, and
 * the message catalogue comes in parts ($lib/i18n/parts.ts). None of them was needed by the first
 * online visit, so this proves the service worker precached them: after that one visit, offline,
 * each one opens, and every script the pages load comes from the worker.
 */
import { expect, test, type Response } from '@playwright/test';
import { goOffline, waitForServiceWorker } from './helpers';
import { expectSaved, newSheet, pickCommune, waitForTerritoryStored } from './pages';

test('opens the parts loaded on demand offline, from the service worker', async ({ context, page }) => {
	await page.goto('/');
	await waitForServiceWorker(page);
	await waitForTerritoryStored(page);

	await goOffline(context);
	const scripts: Response[] = [];
	context.on('response', (response) => {
		if (/\/_app\/immutable\/.+\.js$/.test(new URL(response.url()).pathname)) scripts.push(response);
	});
	// A fresh start offline: nothing of the app is in the page's memory any more.
	await page.reload();
	await expect(page.getByTestId('network-state')).toHaveText(/Hors ligne/);

	// The form: its first section, then the lazily loaded sections (the commune search is there).
	await newSheet(page, 'pressoir');
	await page.getByLabel('Nom de l’outil ou du lieu').fill('Pressoir du Moulin Neuf');
	await expect(page.getByRole('heading', { name: 'Lieu', level: 2 })).toBeVisible();
	await pickCommune(page, 'perche en noce', 'Perche en Nocé');
	await expect(page.getByTestId('photo-camera')).toBeAttached();
	await expectSaved(page);

	// A second sheet of the same tool: the « outil semblable » prompt (its own chunk) asks.
	await newSheet(page, 'pressoir');
	await page.getByLabel('Nom de l’outil ou du lieu').fill('Pressoir du Moulin Neuf');
	await pickCommune(page, 'perche en noce', 'Perche en Nocé');
	await expect(page.getByTestId('duplicate-question')).toContainText('Un outil semblable existe dans la même commune');

	// A screen that loads every part of the catalogue: its French text, not its message keys.
	const id = /\/fiches\/([^/]+)\/modifier$/.exec(new URL(page.url()).pathname)?.[1] ?? '';
	await page.goto(`/fiches/${id}/historique`);
	await expect(page.getByRole('heading', { name: 'Historique de la fiche', level: 1 })).toBeVisible();

	expect(scripts.length, 'scripts were loaded after going offline').toBeGreaterThan(10);
	const notFromWorker = scripts.filter((r) => !r.fromServiceWorker() || !r.ok()).map((r) => `${r.status()} ${r.url()}`);
	expect(notFromWorker, 'every script came from the service worker').toEqual([]);
});
