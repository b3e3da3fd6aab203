/**
 * Issue 7, duplicates on the coordinator's side: a pair of sheets of the same tool is listed, the
 * coordinator compares them field by field and merges them; the kept sheet carries the chosen
 * values and the other one points to it.
 */
import { expect, test } from '@playwright/test';
import { expectNoSeriousA11yViolations, waitForServiceWorker } from './helpers';
import { TestServer, createCoordinator } from './server';

const server = new TestServer(Number(process.env.E2E_MERGE_PORT ?? 4290));
test.beforeAll(async () => server.start());
test.afterAll(async () => server.dispose());

const V = { protocol: 1, schemaVersion: 1 };

test('the coordinator finds a duplicate pair, chooses field by field and merges them', async ({ page }) => {
	await createCoordinator(page, server);
	await waitForServiceWorker(page);
	const now = new Date().toISOString();
	const hlc = (n: number) => `${now.slice(0, 19)}.00${n}Z-0000-claire`;
	const sheet = (name: string, lat: number, notes: string, n: number) => ({
		category: { v: 'pressoir', hlc: hlc(n) },
		name: { v: name, hlc: hlc(n) },
		commune: { v: '61309', hlc: hlc(n) },
		location: { v: { lat, lon: 0.7, accuracy: 8, source: 'gps', at: now }, hlc: hlc(n) },
		notes: { v: notes, hlc: hlc(n) },
		status: { v: 'soumis', hlc: hlc(n) }
	});
	const pushed = await page.request.post(`${server.origin}/api/sync/push`, {
		data: {
			...V,
			clientId: 'claire-import-0001',
			mutations: [
				{ seq: 1, recordId: 'PressoirCourCroiss01', fields: sheet('Pressoir de la Cour Croissant', 48.4, '', 1) },
				{ seq: 2, recordId: 'PressoirCourCroiss02', fields: sheet('Pressoir Cour-Croissant', 48.40072, 'Ouvert en octobre.', 2) }
			]
		},
		headers: { Origin: server.origin }
	});
	expect(await pushed.json()).toMatchObject({ lastSeq: 2, rejected: [] });

	// The coordinator's browser receives them, and lists the pair.
	await page.goto(`${server.origin}/`);
	await page.getByRole('button', { name: 'Synchroniser maintenant' }).click();
	await expect(page.getByTestId('sync-bar')).toContainText('Tout est envoyé.', { timeout: 20_000 });
	await page.goto(`${server.origin}/equipe`);
	await page.getByRole('link', { name: 'Doublons possibles' }).click();
	const pair = page.getByTestId('duplicate-pair');
	await expect(pair).toHaveCount(1);
	await expect(pair).toContainText('Pressoir de la Cour Croissant');
	await expect(pair).toContainText('à 80 m');
	await expectNoSeriousA11yViolations(page);
	await pair.getByRole('link', { name: 'Comparer et réunir' }).click();

	// Field by field: keep the first sheet's name, take the second one's notes.
	await expect(page.getByRole('heading', { name: 'Réunir deux fiches du même outil' })).toBeVisible();
	const notes = page.getByTestId('merge-field').filter({ hasText: 'Ouvert en octobre.' });
	await notes.getByRole('radio', { name: 'Ouvert en octobre.' }).check();
	await expectNoSeriousA11yViolations(page);
	await page.getByTestId('merge-submit').click();
	await expect(page).toHaveURL(`${server.origin}/fiches/PressoirCourCroiss01`);
	await expect(page.locator('main')).toContainText('Ouvert en octobre.', { timeout: 20_000 });

	// The other sheet now points to the kept one, on the server and on this device.
	const pulled = await page.request.post(`${server.origin}/api/sync/pull`, {
		data: { ...V, clientId: 'claire-check-0001', cursor: 0 },
		headers: { Origin: server.origin }
	});
	const changes = ((await pulled.json()) as { changes: { id: string; mergedInto?: string; deleted: boolean }[] }).changes;
	expect(changes.find((c) => c.id === 'PressoirCourCroiss02')).toMatchObject({ mergedInto: 'PressoirCourCroiss01', deleted: true });
	await page.goto(`${server.origin}/fiches/PressoirCourCroiss02`);
	await expect(page.getByTestId('merged-notice')).toBeVisible({ timeout: 20_000 });
	await page.getByRole('link', { name: 'Ouvrir la fiche réunie' }).click();
	await expect(page).toHaveURL(`${server.origin}/fiches/PressoirCourCroiss01`);
	await page.goto(`${server.origin}/doublons`);
	await expect(page.getByTestId('duplicate-pair')).toHaveCount(0);
});
