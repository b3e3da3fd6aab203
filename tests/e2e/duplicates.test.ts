/**
 * The « outil semblable » prompt (the phone's side): a volunteer starting a sheet
 * for a tool the device already holds is asked whether it is the same one, before a second record
 * is made. Sheets are local, so no account is needed; the second test runs wholly offline.
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { expectNoSeriousA11yViolations, goOffline, waitForServiceWorker } from './helpers';
import { expectSaved, newSheet, pickCommune, waitForTerritoryStored } from './pages';

const SCREENS = resolve('test-results/screens/duplicates');

/** La Grande Noë, and a point 80 m due north of it (0.00072° of latitude = 80.06 m). */
const HERE = { lat: '48,35210', lon: '0,71420', shown: '48,3521 N · 0,7142 E' };
const NORTH_80M = { lat: '48,35282', lon: '0,71420', shown: '48,3528 N · 0,7142 E' };

async function placePoint(page: Page, point: { lat: string; lon: string; shown: string }): Promise<void> {
	await page.getByRole('button', { name: 'Saisir ou corriger le point à la main' }).click();
	await page.getByLabel('Latitude').fill(point.lat);
	await page.getByLabel('Longitude').fill(point.lon);
	await page.getByRole('button', { name: 'Enregistrer ce point' }).click();
	await expect(page.getByTestId('gps-point')).toHaveText(point.shown);
}

async function writeSheet(page: Page, category: string, name: string, point?: { lat: string; lon: string; shown: string }): Promise<string> {
	const id = await newSheet(page, category);
	await page.getByLabel('Nom de l’outil ou du lieu').fill(name);
	if (point) await placePoint(page, point);
	await expectSaved(page);
	return id;
}

const prompt = (page: Page) => page.getByTestId('duplicate-prompt');

test('asks whether a press 80 m from a known one is the same, opens it and removes the new draft', async ({ page }) => {
	await page.goto('/');
	const first = await writeSheet(page, 'pressoir', 'Pressoir de la Cour Croissant', HERE);
	await expect(prompt(page), 'alone on the device: nothing to ask').toHaveCount(0);

	// A second volunteer's draft: the name alone (no commune, no point) asks nothing yet.
	const second = await newSheet(page, 'pressoir');
	await page.getByLabel('Nom de l’outil ou du lieu').fill('Pressoir Cour-Croissant');
	await expectSaved(page);
	await expect(prompt(page)).toHaveCount(0);
	// The point, 80 m away, does.
	await placePoint(page, NORTH_80M);
	// The point is placed low in the form, the question is at its top: a bar above the tabs says
	// so (the page itself does not jump) and brings it into view.
	const waiting = page.getByTestId('duplicate-waiting');
	await expect(waiting).toHaveText('Un outil semblable existe à 80 m : voir');
	await expect(page.getByTestId('duplicate-question')).not.toBeInViewport();
	mkdirSync(SCREENS, { recursive: true });
	await page.screenshot({ path: `${SCREENS}/0-waiting-bar.png` });
	await waiting.click();
	await expect(page.getByTestId('duplicate-question')).toBeInViewport();
	await expect(waiting).toHaveCount(0);
	await expect(page.getByRole('heading', { name: 'Fiche en double ?' })).toBeFocused();
	await expect(page.getByTestId('duplicate-question')).toHaveText('Un outil semblable existe à 80 m : Pressoir de la Cour Croissant — est-ce le même ?');
	await expect(prompt(page)).toContainText('Pressoir · commune non renseignée');
	await expect(prompt(page)).toContainText('Relevé le');

	await page.screenshot({ path: `${SCREENS}/1-prompt.png` });
	await expectNoSeriousA11yViolations(page);
	// Big buttons (phone-first: at least 48 px high).
	for (const name of ['Oui, ouvrir cette fiche', 'Non, c’est un autre outil']) {
		const box = await prompt(page).getByRole('button', { name }).boundingBox();
		expect(box?.height ?? 0, name).toBeGreaterThanOrEqual(48);
	}

	// « Oui »: the existing sheet opens, and the new draft goes once the person agrees.
	const asked: string[] = [];
	page.once('dialog', (d) => {
		asked.push(d.message());
		void d.accept();
	});
	await prompt(page).getByRole('button', { name: 'Oui, ouvrir cette fiche' }).click();
	await expect(page).toHaveURL(new RegExp(`/fiches/${first}$`));
	expect(asked).toEqual(['Supprimer le brouillon que vous venez de commencer ?']);
	await expect(page.getByRole('heading', { level: 1, name: 'Pressoir de la Cour Croissant' })).toBeVisible();
	await expect(page.getByText('Brouillon supprimé.')).toBeVisible();
	await page.goto('/');
	await expect(page.getByTestId('sheet-item')).toHaveCount(1);
	await expect(page.getByTestId('sheet-item')).toContainText('Pressoir de la Cour Croissant');
	await page.goto(`/fiches/${second}`);
	await expect(page.getByText('Cette fiche est supprimée.')).toBeVisible();

	// A mill (another family) at the very same place, with a like name: nothing to ask.
	await page.goto('/');
	await writeSheet(page, 'moulin_farine', 'Moulin de la Cour Croissant', HERE);
	await expect(prompt(page)).toHaveCount(0);

	// « Non »: the prompt goes, and stays gone for this draft (a reload included).
	await writeSheet(page, 'pressoir', 'Pressoir Cour Croissant', NORTH_80M);
	await expect(prompt(page)).toBeVisible();
	await prompt(page).getByRole('button', { name: 'Non, c’est un autre outil' }).click();
	await expect(prompt(page)).toHaveCount(0);
	await page.getByRole('textbox', { name: 'Notes' }).fill('Le pressoir du voisin, pas celui de la Cour');
	await expectSaved(page);
	await expect(prompt(page)).toHaveCount(0);
	await page.reload();
	await expect(page.getByTestId('save-state')).toBeVisible();
	await expect(prompt(page)).toHaveCount(0);
	await page.goto('/');
	await expect(page.getByTestId('sheet-item')).toHaveCount(3);
});

test('offline, a like name in the same commune is enough; keeping the draft is allowed', async ({ context, page }) => {
	await page.goto('/');
	await waitForServiceWorker(page);
	await waitForTerritoryStored(page);
	await goOffline(context);
	await page.reload();
	await expect(page.getByTestId('network-state')).toHaveText(/Hors ligne/);

	const first = await newSheet(page, 'pressoir');
	await page.getByLabel('Nom de l’outil ou du lieu').fill('Pressoir de la Cour Croissant');
	await pickCommune(page, 'perche en noce', 'Perche en Nocé');
	await expectSaved(page);

	// No point on either sheet: the commune and the name say it.
	await newSheet(page, 'pressoir');
	await pickCommune(page, 'perche en noce', 'Perche en Nocé');
	await expect(prompt(page), 'no name yet').toHaveCount(0);
	await page.getByLabel('Nom de l’outil ou du lieu').fill('Pressoir Cour Croisant');
	await expect(page.getByTestId('duplicate-question')).toHaveText(
		'Un outil semblable existe dans la même commune : Pressoir de la Cour Croissant — est-ce le même ?'
	);
	await expect(prompt(page)).toContainText('Pressoir · Perche en Nocé');
	// The name field was scrolled to (the commune is lower), the question is above: the bar tells of it.
	mkdirSync(SCREENS, { recursive: true });
	await page.screenshot({ path: `${SCREENS}/2-same-commune-offline.png` });
	await expect(page.getByTestId('duplicate-question')).not.toBeInViewport();
	await expect(page.getByTestId('duplicate-waiting')).toHaveText('Un outil semblable existe dans la commune : voir');
	await expectNoSeriousA11yViolations(page);

	// « Oui », but the person keeps the draft: the existing sheet opens, both stay.
	page.once('dialog', (d) => void d.dismiss());
	await prompt(page).getByRole('button', { name: 'Oui, ouvrir cette fiche' }).click();
	await expect(page).toHaveURL(new RegExp(`/fiches/${first}$`));
	await page.goto('/');
	await expect(page.getByTestId('sheet-item')).toHaveCount(2);
});
