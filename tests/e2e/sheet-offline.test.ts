/**
 * A volunteer's day without signal: first visit online, then everything offline — create a sheet
 * with a GPS point and a photo, close the app, open it again: everything is there.
 */
import { expect, test } from '@playwright/test';
import { goOffline, waitForServiceWorker } from './helpers';
import { allowGeolocation, expectSaved, makeLargePhoto, newSheet, pickCommune, readStore, waitForTerritoryStored } from './pages';

test('creates a sheet with GPS point and photo offline, and finds it again after closing the app', async ({ context, page }) => {
	await allowGeolocation(context);
	await page.goto('/');
	await waitForServiceWorker(page);
	await waitForTerritoryStored(page);
	const photo = await makeLargePhoto(page);
	expect(photo.byteLength, 'the fixture is a heavy camera photo').toBeGreaterThan(2_000_000);

	await goOffline(context);
	const reloaded = await page.reload();
	expect(reloaded?.fromServiceWorker()).toBe(true);
	await expect(page.getByTestId('network-state')).toHaveText(/Hors ligne/);
	await expect(page.getByRole('heading', { name: 'Aucune fiche pour le moment' })).toBeVisible();

	const id = await newSheet(page, 'pressoir');
	await page.getByLabel('Nom de l’outil ou du lieu').fill('Pressoir de l’association Les Pommes du Perche');
	await pickCommune(page, 'perche en noce', 'Perche en Nocé');
	await page.getByRole('button', { name: 'Prendre la position GPS' }).click();
	await expect(page.getByTestId('gps-accuracy')).toHaveText('Précision : 12 m');
	await expect(page.getByTestId('gps-point')).toHaveText('48,3521 N · 0,7142 E');
	await page.getByRole('textbox', { name: 'Capacité', exact: true }).fill('100');
	await page.getByRole('group', { name: 'Sources d’énergie' }).getByLabel('Manuelle').check();

	await page.getByTestId('photo-camera').setInputFiles({ name: 'IMG_0042.jpg', mimeType: 'image/jpeg', buffer: photo });
	await expect(page.getByTestId('photo-thumb')).toHaveCount(1, { timeout: 20_000 });
	await expectSaved(page);

	const photos = await readStore<{ sha: string; bytes: number; width: number; height: number; data: { byteLength: number } }>(page, 'photos');
	expect(photos).toHaveLength(1);
	const stored = photos[0]!;
	expect(Math.max(stored.width, stored.height)).toBe(2000);
	expect(stored.width / stored.height).toBeCloseTo(4 / 3, 2);
	expect(stored.data.byteLength).toBe(stored.bytes);
	expect(stored.bytes, 'a 12 MP photo ends well under 1 MB').toBeLessThan(1_000_000);
	expect(stored.sha).toMatch(/^[0-9a-f]{64}$/);

	await page.getByRole('button', { name: 'Terminer la fiche' }).click();
	// The confirmation screen: kept on the phone, which has not joined a team (nothing can leave).
	await expect(page.getByRole('heading', { name: 'Fiche terminée', level: 1 })).toBeVisible();
	await expect(page.getByRole('region', { name: 'Où va la fiche' })).toContainText('elle partira quand cet appareil aura rejoint l’équipe');

	// Close the app completely, then open it again, still offline.
	await page.close();
	const again = await context.newPage();
	const response = await again.goto('/');
	expect(response?.fromServiceWorker()).toBe(true);
	const item = again.getByTestId('sheet-item');
	await expect(item).toHaveCount(1);
	await expect(item).toContainText('Pressoir de l’association Les Pommes du Perche');
	await expect(item).toContainText('Perche en Nocé');
	await expect(item).toContainText('À envoyer');

	await item.click();
	await expect(again).toHaveURL(new RegExp(`/fiches/${id}$`));
	await expect(again.getByTestId('detail-state')).toHaveText('À envoyer');
	await expect(again.getByTestId('detail-location')).toContainText('48,3521 N · 0,7142 E');
	await expect(again.getByTestId('detail-location')).toContainText('Précision : 12 m');
	await expect(again.getByTestId('detail-capacity')).toHaveText('100 kg/h');
	const thumb = again.getByTestId('photo-thumb');
	await expect(thumb).toHaveCount(1);
	const natural = await thumb.evaluate((img: HTMLImageElement) => img.decode().then(() => [img.naturalWidth, img.naturalHeight]));
	expect(natural).toEqual([2000, 1500]);
});

test('keeps every keystroke through a reload without any save button', async ({ context, page }) => {
	await page.goto('/');
	await waitForServiceWorker(page);
	await goOffline(context);
	await page.reload();
	await newSheet(page, 'moulin_farine');
	await page.getByLabel('Nom de l’outil ou du lieu').pressSequentially('Moulin Astrié', { delay: 20 });
	await page.getByRole('textbox', { name: 'Notes' }).pressSequentially('Tourne aux panneaux solaires', { delay: 10 });
	await expectSaved(page);
	await page.reload();
	await expect(page.getByLabel('Nom de l’outil ou du lieu')).toHaveValue('Moulin Astrié');
	await expect(page.getByRole('textbox', { name: 'Notes' })).toHaveValue('Tourne aux panneaux solaires');
});

test('places the point by hand when there is no GPS, and says so', async ({ context, page }) => {
	await page.goto('/');
	await waitForServiceWorker(page);
	await goOffline(context);
	await page.reload();
	await newSheet(page, 'alambic');
	await page.getByRole('button', { name: 'Prendre la position GPS' }).click();
	await expect(page.getByRole('alert').filter({ hasText: /position/ })).toBeVisible();
	await page.getByRole('button', { name: 'Saisir ou corriger le point à la main' }).click();
	await page.getByLabel('Latitude').fill('abc');
	await page.getByLabel('Longitude').fill('0,8');
	await page.getByRole('button', { name: 'Enregistrer ce point' }).click();
	await expect(page.getByText('Coordonnées non valides')).toBeVisible();
	await page.getByLabel('Latitude').fill('48.4521, 0.8127');
	await page.getByLabel('Longitude').fill('');
	await page.getByRole('button', { name: 'Enregistrer ce point' }).click();
	await expect(page.getByTestId('gps-point')).toHaveText('48,4521 N · 0,8127 E');
	await expect(page.getByText('Coordonnées saisies à la main')).toBeVisible();
	await expectSaved(page);
	await page.reload();
	await expect(page.getByTestId('gps-point')).toHaveText('48,4521 N · 0,8127 E');
});

test('warns when the GPS accuracy is worse than 50 m', async ({ context, page }) => {
	await allowGeolocation(context, { latitude: 48.5, longitude: 0.6, accuracy: 180 });
	await page.goto('/');
	await waitForServiceWorker(page);
	await goOffline(context);
	await page.reload();
	await newSheet(page, 'abattoir');
	await page.getByRole('button', { name: 'Prendre la position GPS' }).click();
	await expect(page.getByTestId('gps-accuracy')).toHaveText('Précision : 180 m');
	await expect(page.getByText(/Position peu précise \(plus de 50 m\)/)).toBeVisible();
	await expect(page.getByRole('button', { name: 'Reprendre la position' })).toBeVisible();
});
