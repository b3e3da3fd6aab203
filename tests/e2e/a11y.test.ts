/**
 * axe-core, WCAG 2.1 A and AA (every impact), on the screens of a phone without an account, at
 * 360 px: the sheets list (empty, with sheets, filters open, deleted sheets shown), « Nouvelle
 * fiche », the sheet form with every section open (equipment row, manual point, map picker, a
 * photo, contact person, hand-in problems listed), the duplicate question, the sheet's page and its
 * delete confirmation, « Cet appareil » after a backup, offline, a sheet that does not exist and
 * an unknown address. Accounts, review and the coordinator's screens: a11y-accounts.test.ts.
 */
import { expect, test } from '@playwright/test';
import { expectNoA11yViolations, goOffline, waitForServiceWorker } from './helpers';
import { expectSaved, makeSmallPhoto, newSheet, pickCommune, waitForTerritoryStored } from './pages';

// Nothing is excluded: the Leaflet maps (the point picker here, the census, coverage and map
// screens in a11y-accounts.test.ts) pass as drawn, tiles and controls included.
test('the screens of a phone without an account pass axe (WCAG 2.1 A/AA)', async ({ page, context }) => {
	test.setTimeout(90_000);
	await page.goto('/');
	await waitForServiceWorker(page);
	await waitForTerritoryStored(page);
	await expect(page.getByTestId('join-hint')).toBeVisible();
	await expectNoA11yViolations(page, 'Mes fiches, empty, no account');

	await page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Nouvelle fiche' }).click();
	await expect(page.getByRole('heading', { name: 'Nouvelle fiche', level: 1 })).toBeVisible();
	await expectNoA11yViolations(page, 'Nouvelle fiche');

	// The form of the category with every group of fields, every optional part opened.
	await page.goto('/');
	const id = await newSheet(page, 'autre');
	await expectNoA11yViolations(page, 'sheet form, new');
	await page.getByRole('button', { name: 'Terminer la fiche' }).click();
	await expect(page.locator('#hand-in-problems')).toBeFocused();
	await expectNoA11yViolations(page, 'sheet form, hand-in problems listed');
	await page.getByLabel('Précisez l’outil').fill('Moulin à huile de noix');
	await page.getByLabel('Nom de l’outil ou du lieu').fill('Huilerie du Perche');
	await pickCommune(page, 'ceton', 'Ceton');
	await page.getByRole('button', { name: /Ajouter un équipement/ }).click();
	await page.getByRole('radio', { name: 'Location ou prestation' }).check();
	await page.getByRole('radio', { name: 'Agrément CE' }).check();
	await page.getByTestId('person-consent').check();
	await page.locator('#f-capacityValue').fill('abc');
	await page.locator('#f-capacityValue').blur();
	await page.locator('#f-orgEmail').fill('pas-un-courriel');
	await page.locator('#f-orgEmail').blur();
	await page.getByTestId('photo-gallery').setInputFiles({ name: 'moulin.jpg', mimeType: 'image/jpeg', buffer: await makeSmallPhoto(page) });
	await expect(page.getByRole('img', { name: /Photo 1/ })).toBeVisible();
	await page.getByRole('button', { name: 'Saisir ou corriger le point à la main' }).click();
	await page.getByLabel('Latitude').fill('91');
	await page.getByLabel('Longitude').fill('0,7');
	await page.getByRole('button', { name: 'Enregistrer ce point' }).click();
	await expect(page.getByTestId('gps').getByRole('alert')).toBeVisible();
	await expectNoA11yViolations(page, 'sheet form, every section open, format errors shown');
	await page.getByRole('button', { name: 'Placer sur la carte' }).click();
	await expect(page.getByTestId('point-picker').locator('.leaflet-container')).toBeVisible();
	await expectNoA11yViolations(page, 'sheet form, map picker open');
	await page.getByTestId('point-picker').getByRole('button', { name: 'Annuler' }).click();
	await page.getByLabel('Latitude').fill('48,2');
	await page.getByRole('button', { name: 'Enregistrer ce point' }).click();
	await page.locator('#f-capacityValue').fill('120');
	await page.locator('#f-orgEmail').fill('');
	await expectSaved(page);

	// The same tool started again nearby: the duplicate question.
	await page.goto('/');
	await newSheet(page, 'autre');
	await page.getByLabel('Nom de l’outil ou du lieu').fill('Huilerie du Perche');
	await pickCommune(page, 'ceton', 'Ceton');
	await expect(page.getByTestId('duplicate-prompt')).toBeVisible();
	await expectNoA11yViolations(page, 'sheet form, duplicate question');
	await page.getByRole('button', { name: 'Non, c’est un autre outil' }).click();

	// The sheet's page, and its delete confirmation (a modal dialog).
	await page.goto(`/fiches/${id}`);
	await expect(page.getByRole('heading', { level: 1, name: 'Huilerie du Perche' })).toBeVisible();
	await expectNoA11yViolations(page, 'sheet page');
	await page.getByRole('button', { name: 'Supprimer' }).click();
	await expect(page.getByRole('dialog')).toBeVisible();
	await expectNoA11yViolations(page, 'sheet page, delete confirmation');
	await page.getByRole('dialog').getByRole('button', { name: 'Oui, supprimer' }).click();
	await expect(page).toHaveURL(/\/$/);
	await expect(page.getByText('Fiche supprimée.').first()).toBeVisible();
	await expectNoA11yViolations(page, 'Mes fiches, with a message (toast)');
	await page.goto(`/fiches/${id}`);
	await expect(page.getByText('Cette fiche est supprimée.')).toBeVisible();
	await expectNoA11yViolations(page, 'sheet page, deleted');

	// The list with sheets, its filters open, the deleted one shown.
	await page.goto('/');
	await expect(page.getByTestId('sheet-item')).toHaveCount(1);
	await page.getByText('Filtres').click();
	await page.getByRole('button', { name: 'Voir les fiches supprimées' }).click();
	await expectNoA11yViolations(page, 'Mes fiches, with sheets, filters open, deleted shown');

	await page.goto('/appareil');
	await page.getByRole('button', { name: 'Sauvegarder dans un fichier' }).click();
	await expect(page.getByRole('region', { name: 'Sauvegarder mes fiches' }).getByRole('status')).toContainText('.json');
	await expectNoA11yViolations(page, 'Cet appareil, after a backup');

	// Offline: the banner, and screens read from the device.
	await goOffline(context);
	await page.reload();
	await expect(page.getByTestId('network-state')).toHaveText(/Hors ligne/);
	await expectNoA11yViolations(page, 'Cet appareil, offline');
	await page.goto('/');
	await expectNoA11yViolations(page, 'Mes fiches, offline');
	await page.goto('/fiches/inexistante123/modifier');
	await expect(page.getByText('Cette fiche n’existe pas sur cet appareil.')).toBeVisible();
	await expectNoA11yViolations(page, 'sheet form of a sheet that does not exist');
	await page.goto('/fiches/inexistante123');
	await expectNoA11yViolations(page, 'sheet page of a sheet that does not exist');
	await page.goto('/cette-page-n-existe-pas');
	await expectNoA11yViolations(page, 'unknown address (error page)');
});
