/**
 * « Importer une sauvegarde »: a volunteer's backup file, made offline, is imported by the
 * coordinator; importing it twice, then the phone's own sync, create nothing twice.
 */
import { expect, test } from '@playwright/test';
import { goOffline, goOnline, waitForServiceWorker } from './helpers';
import { expectSaved, makeSmallPhoto, newSheet, pickCommune, waitForTerritoryStored } from './pages';
import { TestServer, createCoordinator, inviteLink, joinWithLink } from './server';

const server = new TestServer(Number(process.env.E2E_IMPORT_PORT ?? 4198));
test.beforeAll(async () => server.start());
test.afterAll(async () => server.dispose());

test('a backup file imported twice, then the phone syncing, makes one sheet', async ({ browser }) => {
	const coordContext = await browser.newContext({ viewport: { width: 360, height: 740 }, locale: 'fr-FR' });
	const coord = await coordContext.newPage();
	await createCoordinator(coord, server);
	const link = await inviteLink(coord, server, { role: 'benevole' });

	const volContext = await browser.newContext({ viewport: { width: 360, height: 740 }, locale: 'fr-FR' });
	const vol = await volContext.newPage();
	await joinWithLink(vol, server, link, 'Marie Lefèvre');
	await waitForServiceWorker(vol);
	await waitForTerritoryStored(vol);
	await goOffline(volContext);
	await vol.reload();
	await newSheet(vol, 'moulin_farine');
	await vol.getByLabel('Nom de l’outil ou du lieu').fill('Moulin Astrié');
	await pickCommune(vol, 'mortagne', 'Mortagne-au-Perche');
	await vol.getByTestId('photo-gallery').setInputFiles({ name: 'moulin.jpg', mimeType: 'image/jpeg', buffer: await makeSmallPhoto(vol) });
	await expect(vol.getByTestId('photo-thumb')).toHaveCount(1);
	await expectSaved(vol);
	await vol.getByRole('link', { name: 'Cet appareil' }).click();
	const download = vol.waitForEvent('download');
	await vol.getByRole('button', { name: 'Sauvegarder dans un fichier' }).click();
	const file = await (await download).path();

	for (let round = 0; round < 2; round++) {
		await coord.goto(`${server.origin}/equipe`);
		await coord.getByRole('link', { name: 'Importer la sauvegarde d’un bénévole' }).click();
		await coord.getByTestId('import-file').setInputFiles(file);
		await expect(coord.getByTestId('import-summary')).toContainText('1 fiche(s) et 1 photo(s)');
		await expect(coord.getByTestId('import-summary')).toContainText('par Marie Lefèvre');
		await coord.getByRole('button', { name: 'Importer' }).click();
		await expect(coord.getByTestId('import-result')).toHaveText('Import terminé : 1 fiche(s) et 1 photo(s) au nom de Marie Lefèvre.');
	}
	// The census (her « Recensement » tab) holds it once.
	await coord.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Recensement' }).click();
	await expect(coord.getByTestId('census-row')).toHaveCount(1, { timeout: 20_000 });
	await expect(coord.getByTestId('census-row')).toContainText('Moulin Astrié');

	// The phone comes back online and syncs its own copy: still one sheet, now « Envoyée ».
	await goOnline(volContext);
	await vol.getByRole('link', { name: 'Mes fiches' }).click();
	await vol.getByRole('button', { name: 'Synchroniser maintenant' }).click();
	await expect(vol.getByTestId('sheet-item')).toContainText('Brouillon');
	await expect(vol.getByTestId('sync-bar')).toContainText('Tout est envoyé.', { timeout: 20_000 });
	await coord.reload();
	await expect(coord.getByTestId('census-row')).toHaveCount(1);
});
