/** axe-core on every screen, at phone size: no serious or critical violation. */
import { test } from '@playwright/test';
import { expectNoSeriousA11yViolations, goOffline, waitForServiceWorker } from './helpers';
import { expectSaved, newSheet, pickCommune, waitForTerritoryStored } from './pages';

test('every screen passes axe-core without serious or critical violations', async ({ page, context }) => {
	await page.goto('/');
	await waitForServiceWorker(page);
	await waitForTerritoryStored(page);
	await goOffline(context);
	await page.reload();

	await expectNoSeriousA11yViolations(page); // Mes fiches, empty
	await page.getByRole('link', { name: 'Nouvelle fiche' }).first().click();
	await expectNoSeriousA11yViolations(page); // Nouvelle fiche
	const id = await newSheet(page, 'abattoir');
	await page.getByLabel("Nom de l'outil ou du lieu").fill('Abattoir de volailles');
	await pickCommune(page, 'ceton', 'Ceton');
	await page.getByRole('button', { name: 'Terminer la fiche' }).click();
	await expectSaved(page);
	await expectNoSeriousA11yViolations(page); // the form, with its sections
	await page.goto(`/fiches/${id}`);
	await expectNoSeriousA11yViolations(page); // detail
	await page.getByRole('button', { name: 'Supprimer' }).click();
	await expectNoSeriousA11yViolations(page); // delete confirmation
	await page.getByRole('button', { name: 'Annuler' }).click();
	await page.goto('/');
	await expectNoSeriousA11yViolations(page); // Mes fiches with a sheet
	await page.goto('/appareil');
	await expectNoSeriousA11yViolations(page); // Cet appareil
	await page.goto('/fiches/inexistante123/modifier');
	await expectNoSeriousA11yViolations(page); // a sheet that does not exist
});
