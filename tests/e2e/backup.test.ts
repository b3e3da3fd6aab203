/**
 * "Sauvegarder mes fiches": offline, the volunteer saves every unsent sheet, with its photos, into
 * one file that can be handed to the coordinator.
 */
import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { goOffline, waitForServiceWorker } from './helpers';
import { expectSaved, makeLargePhoto, newSheet, pickCommune, readStore, waitForTerritoryStored } from './pages';

test('"Sauvegarder mes fiches" offline produces a file holding every unsent sheet and photo', async ({ page, context }) => {
	await page.goto('/');
	await waitForServiceWorker(page);
	await waitForTerritoryStored(page);
	const photo = await makeLargePhoto(page);
	await goOffline(context);
	await page.reload();

	await newSheet(page, 'pressoir');
	await page.getByLabel('Nom de l’outil ou du lieu').fill('Pressoir de Préaux');
	await pickCommune(page, 'perche en noce', 'Perche en Nocé');
	await page.getByTestId('photo-gallery').setInputFiles({ name: 'pressoir.jpg', mimeType: 'image/jpeg', buffer: photo });
	await expect(page.getByTestId('photo-thumb')).toHaveCount(1, { timeout: 20_000 });
	await expectSaved(page);
	await newSheet(page, 'tuerie_volailles');
	await page.getByLabel('Nom de l’outil ou du lieu').fill('Tuerie de volailles de Ceton');
	await expectSaved(page);

	await page.getByRole('link', { name: 'Cet appareil' }).click();
	await expect(page.getByTestId('backup-state')).toContainText('2 fiches pas encore envoyées');
	await expect(page.getByTestId('backup-state')).toContainText('La plus ancienne attend depuis');
	const download = page.waitForEvent('download');
	await page.getByRole('button', { name: 'Sauvegarder dans un fichier' }).click();
	const file = await download;
	expect(file.suggestedFilename()).toMatch(/^atlas-sauvegarde-\d{4}-\d{2}-\d{2}-\d{2}-\d{2}-[0-9a-f]{6}\.json$/);
	const path = await file.path();
	const backup = JSON.parse(readFileSync(path, 'utf8')) as {
		format: string;
		version: number;
		clientId: string;
		sheets: { id: string; fields: { name: string; photos: { sha: string; bytes: number }[] } }[];
		outbox: { seq: number; recordId: string }[];
		photos: { sha: string; bytes: number; data: string }[];
	};
	expect(backup.format).toBe('atlas-outils-sauvegarde');
	expect(backup.version).toBe(1);
	expect(backup.sheets.map((s) => s.fields.name).sort()).toEqual(['Pressoir de Préaux', 'Tuerie de volailles de Ceton']);
	const stored = await readStore<{ sha: string; bytes: number }>(page, 'photos');
	expect(backup.photos.map((p) => p.sha)).toEqual(stored.map((p) => p.sha));
	const p = backup.photos[0]!;
	expect(Buffer.from(p.data, 'base64').byteLength).toBe(p.bytes);
	expect(backup.sheets.find((s) => s.fields.name === 'Pressoir de Préaux')?.fields.photos[0]?.sha).toBe(p.sha);
	const ids = new Set(backup.sheets.map((s) => s.id));
	expect(backup.outbox.length).toBeGreaterThan(0);
	for (const row of backup.outbox) expect(ids.has(row.recordId)).toBe(true);
	await expect(page.getByText(/Fichier «\s*atlas-sauvegarde-.*\.json\s*» créé/).first()).toBeVisible();
});
