/**
 * Bad input gets a clear French message and changes nothing; the list finds, filters and deletes
 * sheets; all of it offline.
 */
import { expect, test } from '@playwright/test';
import { goOffline, waitForServiceWorker } from './helpers';
import { expectSaved, makeSmallPhoto, newSheet, pickCommune, readStore, waitForTerritoryStored } from './pages';

test.beforeEach(async ({ page, context }) => {
	await page.goto('/');
	await waitForServiceWorker(page);
	await waitForTerritoryStored(page);
	await goOffline(context);
	await page.reload();
});

test('shows French messages for invalid input and loses nothing', async ({ page }) => {
	await newSheet(page, 'pressoir');
	await page.getByLabel('Nom de l’outil ou du lieu').fill('Pressoir communal');
	const capacity = page.getByRole('textbox', { name: 'Capacité', exact: true });
	await capacity.fill('120');
	await expectSaved(page);
	await capacity.fill('abc');
	await capacity.blur();
	await expect(page.getByText('Saisissez un nombre (par exemple 15 ou 12,5).')).toBeVisible();
	await expect(capacity).toHaveAttribute('aria-invalid', 'true');
	await expect(capacity).toHaveValue('abc');

	await page.getByLabel('Vérifié sur place le').fill('31/02/2026');
	await page.getByLabel('Vérifié sur place le').blur();
	await expect(page.getByText('Date non reconnue : écrivez-la comme 28/11/2026.')).toBeVisible();
	await page.getByLabel('E-mail de l’organisme').fill('pas-un-mail');
	await page.getByLabel('E-mail de l’organisme').blur();
	await expect(page.getByText('Cette adresse e-mail n’est pas valide (exemple : nom@exemple.fr).')).toBeVisible();

	// Handing in without a commune is refused, with the reason in French.
	await page.getByRole('button', { name: 'Terminer la fiche' }).click();
	const problems = page.locator('#hand-in-problems');
	await expect(problems).toContainText('Il manque des informations pour terminer la fiche');
	await expect(problems).toContainText('Choisissez la commune.');
	await expect(page.getByRole('button', { name: 'Terminer la fiche' })).toBeVisible();

	// The invalid entries changed nothing stored: the last good values are kept, the rest is saved.
	await expectSaved(page);
	const [row] = await readStore<{ fields: Record<string, unknown> }>(page, 'sheets');
	expect(row?.fields.capacityValue).toBe(120);
	expect(row?.fields.verifiedOn).not.toBe('2026-02-31');
	expect(row?.fields.status).toBe('brouillon');
	expect(row?.fields.name).toBe('Pressoir communal');

	await page.reload();
	await expect(page.getByLabel('Nom de l’outil ou du lieu')).toHaveValue('Pressoir communal');
	await expect(page.getByRole('textbox', { name: 'Capacité', exact: true })).toHaveValue('120');
});

test('asks what the tool is when the category is "autre", and consent before a private contact', async ({ page }) => {
	await newSheet(page, 'autre');
	await page.getByLabel('Nom de l’outil ou du lieu').fill('Fumoir à poissons');
	await pickCommune(page, 'mortagne', 'Mortagne-au-Perche');
	// A named person's fields are offered only once the consent box is ticked.
	await expect(page.getByLabel('Téléphone', { exact: true })).toBeHidden();
	await page.getByRole('button', { name: 'Terminer la fiche' }).click();
	await expect(page.locator('#hand-in-problems')).toContainText('Précisez de quel outil il s’agit.');
	await page.getByLabel('Précisez l’outil').fill('Fumoir');
	await page.getByTestId('person-consent').check();
	await page.getByLabel('Téléphone', { exact: true }).fill('06 12 34 56 78');
	await page.getByRole('button', { name: 'Terminer la fiche' }).click();
	await expect(page.getByRole('heading', { name: 'Fiche terminée', level: 1 })).toBeVisible();
	const [row] = await readStore<{ fields: Record<string, unknown> }>(page, 'sheets');
	expect(row?.fields.status).toBe('soumis');
	expect(row?.fields.personPhone).toBe('06 12 34 56 78');
	expect(typeof row?.fields.personConsentAt).toBe('string');
});

test('finds sheets by search and filters, and deletes one after confirmation', async ({ page }) => {
	await newSheet(page, 'pressoir');
	await page.getByLabel('Nom de l’outil ou du lieu').fill('Pressoir de la Ferté');
	await pickCommune(page, 'ferte vidame', 'La Ferté-Vidame');
	await expectSaved(page);
	await newSheet(page, 'moulin_farine');
	await page.getByLabel('Nom de l’outil ou du lieu').fill('Moulin du Bois');
	await pickCommune(page, 'mortagne', 'Mortagne-au-Perche');
	await expectSaved(page);

	await page.getByRole('link', { name: 'Mes fiches' }).click();
	const items = page.getByTestId('sheet-item');
	await expect(items).toHaveCount(2);
	// Accents, case and hyphens are ignored.
	await page.getByLabel('Rechercher').fill('FERTE');
	await expect(items).toHaveCount(1);
	await expect(items).toContainText('Pressoir de la Ferté');
	await page.getByLabel('Rechercher').fill('');
	await page.getByText('Filtres').click();
	await page.getByLabel('Type d’outil').selectOption({ label: 'Moulin à farine' });
	await expect(items).toHaveCount(1);
	await expect(items).toContainText('Moulin du Bois');
	await page.getByRole('button', { name: 'Effacer les filtres' }).click();
	await page.getByLabel('Commune').selectOption({ label: 'La Ferté-Vidame' });
	await expect(items).toHaveCount(1);
	await page.getByRole('button', { name: 'Effacer les filtres' }).click();
	await expect(items).toHaveCount(2);

	await items.filter({ hasText: 'Moulin du Bois' }).click();
	await page.getByRole('button', { name: 'Supprimer' }).click();
	const dialog = page.getByRole('dialog', { name: 'Supprimer cette fiche ?' });
	await expect(dialog).toBeVisible();
	await dialog.getByRole('button', { name: 'Annuler' }).click();
	await expect(dialog).toBeHidden();
	await page.getByRole('button', { name: 'Supprimer' }).click();
	await dialog.getByRole('button', { name: 'Oui, supprimer' }).click();
	await expect(page).toHaveURL(/\/$/);
	await expect(items).toHaveCount(1);
	await expect(page.getByText('1 fiche supprimée')).toBeVisible();

	// A tombstone: the row stays (sync will carry the delete), marked deleted.
	const rows = await readStore<{ fields: { name: string; deleted: boolean } }>(page, 'sheets');
	expect(rows).toHaveLength(2);
	expect(rows.find((r) => r.fields.name === 'Moulin du Bois')?.fields.deleted).toBe(true);
	await page.getByRole('button', { name: 'Voir les fiches supprimées' }).click();
	await page.getByRole('link', { name: /Moulin du Bois/ }).click();
	await page.getByRole('button', { name: 'Restaurer la fiche' }).click();
	await page.getByRole('link', { name: 'Mes fiches' }).click();
	await expect(items).toHaveCount(2);
});

test('keeps equipment, category changes, consent withdrawal, photo removal and drafts straight', async ({ page }) => {
	page.on('dialog', (d) => void d.accept());
	const id = await newSheet(page, 'cuisine_partagee');
	await page.getByLabel('Nom de l’outil ou du lieu').fill('Cuisine partagée de la salle des fêtes');
	// Several pieces of equipment on one site.
	for (const [n, name] of ['Four', 'Chambre froide', 'Cellule de refroidissement'].entries()) {
		await page.getByRole('button', { name: '+ Ajouter un équipement' }).click();
		await page.getByLabel(`Équipement ${n + 1}`).fill(name);
	}
	await page.getByRole('button', { name: 'Retirer Chambre froide' }).click();
	await expectSaved(page);

	// Changing the type asks before erasing what no longer fits (the confirmation is accepted here).
	await page.getByRole('textbox', { name: 'Capacité', exact: true }).fill('40');
	await page.getByRole('radio', { name: 'Agrément CE' }).check();
	await page.locator('#f-category').selectOption({ label: 'Froid et stockage — Chambre froide' });
	await expectSaved(page);

	// Consent given, contact typed, then consent withdrawn: the person's data goes.
	await page.getByTestId('person-consent').check();
	await page.getByLabel('Nom de la personne').fill('Jeanne Martin');
	await page.getByTestId('person-consent').uncheck();
	// The consent withdrawn, the contact is erased and its boxes are not offered any more.
	await expect(page.getByLabel('Nom de la personne')).toBeHidden();
	await expectSaved(page);

	// A photo added, then taken off again: its bytes go too (never uploaded).
	await page.getByTestId('photo-gallery').setInputFiles({ name: 'four.jpg', mimeType: 'image/jpeg', buffer: await makeSmallPhoto(page) });
	await expect(page.getByTestId('photo-thumb')).toHaveCount(1);
	await page.getByRole('button', { name: 'Retirer la photo 1' }).click();
	await expect(page.getByTestId('photo-thumb')).toHaveCount(0);
	expect(await readStore(page, 'photos')).toEqual([]);

	await page.getByRole('button', { name: 'Terminer la fiche' }).click();
	await expect(page.locator('#hand-in-problems')).toContainText('Choisissez la commune.');
	await pickCommune(page, 'ceton', 'Ceton');
	await page.getByRole('button', { name: 'Terminer la fiche' }).click();
	// Handed in: the confirmation screen; the phone's « back » returns to the form.
	await expect(page.getByRole('heading', { name: 'Fiche terminée', level: 1 })).toBeVisible();
	await page.goBack();
	await page.getByRole('button', { name: 'Remettre en brouillon' }).click();
	await expect(page.getByRole('button', { name: 'Terminer la fiche' })).toBeVisible();
	await expectSaved(page);

	await page.reload();
	await expect(page.getByLabel('Équipement 1')).toHaveValue('Four');
	await expect(page.getByLabel('Équipement 2')).toHaveValue('Cellule de refroidissement');
	await expect(page.getByLabel('Équipement 3')).toHaveCount(0);
	const [row] = (await readStore<{ id: string; fields: Record<string, unknown> }>(page, 'sheets')).filter((r) => r.id === id);
	expect(row?.fields).toMatchObject({
		category: 'chambre_froide',
		sanitary: null,
		personName: '',
		personConsentAt: null,
		status: 'brouillon',
		commune: '61079'
	});
	expect((row?.fields.equipment as { label: string }[]).map((e) => e.label)).toEqual(['Four', 'Cellule de refroidissement']);
	const outbox = await readStore<{ fields: Record<string, { v: unknown }> }>(page, 'outbox');
	expect(JSON.stringify(outbox)).not.toContain('Jeanne Martin');
});

test('does not keep a sheet nobody wrote in', async ({ page }) => {
	await newSheet(page, 'pressoir');
	await expectSaved(page);
	await page.getByRole('link', { name: 'Mes fiches' }).click();
	await expect(page.getByRole('heading', { name: 'Aucune fiche pour le moment' })).toBeVisible();
	expect(await readStore(page, 'sheets')).toEqual([]);
	// Its outbox rows remain as empty no-ops, so the numbers the server applies have no hole.
	const rows = await readStore<{ fields: object }>(page, 'outbox');
	expect(rows.every((r) => Object.keys(r.fields).length === 0)).toBe(true);
});

test('the sheet page reads the access with its price and the approval with its number, spaced', async ({ page }) => {
	const id = await newSheet(page, 'pressoir');
	await page.getByLabel('Nom de l’outil ou du lieu').fill('Pressoir de la Cuma');
	await page.getByRole('radio', { name: 'Location ou prestation' }).check();
	await page.getByLabel('Tarif').fill('10 € la journée');
	await page.getByRole('radio', { name: 'Agrément CE' }).check();
	await page.getByLabel('Numéro d’agrément CE').fill('FR 61.309.001 CE');
	await expectSaved(page);
	await page.goto(`/fiches/${id}`);
	await expect(page.getByText('Location ou prestation — 10 € la journée', { exact: true })).toBeVisible();
	await expect(page.getByText('Agrément CE — FR 61.309.001 CE', { exact: true })).toBeVisible();
});
