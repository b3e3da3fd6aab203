/**
 * Issue 5, re-verification: a sheet last verified more than two years ago (the default age) is
 * flagged « À revérifier » in the list, and its author confirms it in one tap, offline, which
 * moves its "last verified" date to today and clears the flag.
 */
import { expect, test } from '@playwright/test';
import { goOffline, waitForServiceWorker } from './helpers';
import { expectSaved, newSheet, pickCommune, readStore, waitForTerritoryStored } from './pages';

test('flags a sheet verified more than two years ago, and « Toujours en service » confirms it in one tap, offline', async ({ page, context }) => {
	await page.goto('/');
	await waitForServiceWorker(page);
	await waitForTerritoryStored(page);
	await goOffline(context);

	const id = await newSheet(page, 'moulin_farine');
	await page.getByLabel('Nom de l’outil ou du lieu').fill('Moulin de la Fosse');
	await pickCommune(page, 'perche en noce', 'Perche en Nocé');
	await page.getByLabel('Vérifié sur place le').fill('15/03/2024');
	await page.getByLabel('Vérifié sur place le').blur();
	await expectSaved(page);
	await page.getByRole('button', { name: 'Terminer la fiche' }).click();
	await expect(page.getByRole('heading', { name: 'Fiche terminée', level: 1 })).toBeVisible();

	// In the list: flagged, and found with the « À revérifier » filter.
	await page.goto('/');
	const item = page.getByTestId('sheet-item').filter({ hasText: 'Moulin de la Fosse' });
	await expect(item.getByTestId('reverify-flag')).toHaveText('À revérifier');
	await page.getByText('Filtres').click();
	await page.getByLabel('Relecture').selectOption('a_reverifier');
	await expect(page.getByTestId('sheet-item')).toHaveCount(1);

	// On the sheet: the date, and one tap.
	await item.click();
	await expect(page.getByTestId('reverify')).toContainText('À revérifier : dernière vérification le 15/03/2024.');
	await page.getByRole('button', { name: 'Toujours en service' }).click();
	// The phone's day (its time zone is Europe/Paris; this process runs in UTC: between 23:00 and
	// midnight UTC they are not the same day).
	const day = await page.evaluate(() => {
		const d = new Date();
		return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
	});
	const today = day.split('-').reverse().join('/'); // 28/11/2026
	await expect(page.getByTestId('reverify')).toContainText(`Vérifiée le ${today}.`);
	await expect(page.getByRole('button', { name: 'Toujours en service' })).toHaveCount(0);

	// Kept on the device with its outbox row (it leaves with the next sync), and no longer flagged.
	const sheets = await readStore<{ id: string; fields: { verifiedOn: string } }>(page, 'sheets');
	expect(sheets.find((s) => s.id === id)?.fields.verifiedOn).toBe(day);
	const outbox = await readStore<{ recordId: string; fields: Record<string, { v: unknown }> }>(page, 'outbox');
	expect(outbox.some((r) => r.recordId === id && r.fields.verifiedOn?.v === day)).toBe(true);
	await page.goto('/');
	await expect(page.getByTestId('sheet-item').filter({ hasText: 'Moulin de la Fosse' }).getByTestId('reverify-flag')).toHaveCount(0);
});
