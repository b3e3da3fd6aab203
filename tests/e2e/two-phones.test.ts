/**
 * Issue 4, "Done means": two phones offline edit the same sheet (the same field and different
 * fields) and come back online one after the other; both phones and the coordinator end with the
 * same data, and the value that lost is in « Conflits ».
 */
import { expect, test, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { goOffline, goOnline, waitForServiceWorker } from './helpers';
import { expectSaved, newSheet, pickCommune, waitForTerritoryStored } from './pages';
import { TestServer, createCoordinator, inviteLink, joinWithLink } from './server';

const server = new TestServer(Number(process.env.E2E_TWO_PHONES_PORT ?? 4200));
test.beforeAll(async () => server.start());
test.afterAll(async () => server.dispose());

async function device(browser: Browser): Promise<{ context: BrowserContext; page: Page }> {
	const context = await browser.newContext({ viewport: { width: 360, height: 740 }, locale: 'fr-FR', serviceWorkers: 'allow' });
	return { context, page: await context.newPage() };
}

async function join(page: Page, link: string, name: string) {
	await joinWithLink(page, server, link, name);
	await waitForServiceWorker(page);
	await waitForTerritoryStored(page);
}

/** Syncs from « Mes fiches », which holds the sync bar (a mairie's is at /fiches: her home is « Ma commune »). */
async function syncNow(page: Page, path: '/' | '/fiches' = '/') {
	await page.goto(`${server.origin}${path}`);
	await page.getByRole('button', { name: 'Synchroniser maintenant' }).click();
	await expect(page.getByTestId('sync-bar')).toContainText('Tout est envoyé.', { timeout: 20_000 });
	await expect(page.getByRole('button', { name: 'Synchroniser maintenant' })).toBeEnabled();
}

async function edit(page: Page, id: string, name: string, field: 'Notes' | 'address', value: string) {
	await page.goto(`${server.origin}/fiches/${id}/modifier`);
	await page.getByLabel('Nom de l’outil ou du lieu').fill(name);
	if (field === 'Notes') await page.getByRole('textbox', { name: 'Notes' }).fill(value);
	else await page.getByLabel('Adresse ou lieu-dit').fill(value);
	await expectSaved(page);
}

test('two phones edit one sheet offline; everyone converges and the lost value is in « Conflits »', async ({ browser }) => {
	const coord = await device(browser);
	await createCoordinator(coord.page, server);
	const invite = (body: object) => inviteLink(coord.page, server, body);

	const marie = await device(browser);
	await join(marie.page, await invite({ role: 'benevole' }), 'Marie Lefèvre');
	const mairie = await device(browser);
	await join(mairie.page, await invite({ role: 'mairie', communes: ['61309'] }), 'Mairie de Perche en Nocé');

	// Marie records the press and sends it; the mairie receives it.
	const id = await newSheet(marie.page, 'pressoir');
	await marie.page.getByLabel('Nom de l’outil ou du lieu').fill('Pressoir de Préaux');
	await pickCommune(marie.page, 'perche en noce', 'Perche en Nocé');
	await expectSaved(marie.page);
	await syncNow(marie.page);
	await syncNow(mairie.page, '/fiches');
	await mairie.page.goto(`${server.origin}/fiches/${id}`);
	await expect(mairie.page.getByRole('heading', { level: 1 })).toHaveText('Pressoir de Préaux');

	// Both go offline and edit: the same field (name) and a field each.
	await goOffline(marie.context);
	await goOffline(mairie.context);
	await edit(marie.page, id, 'Pressoir de l’association', 'Notes', 'Cidre et jus');
	await edit(mairie.page, id, 'Pressoir communal', 'address', 'La Grande Noë');

	// The mairie comes back first, then Marie. The mairie's name edit was made later: it wins everywhere,
	// whatever the order of return.
	await goOnline(mairie.context);
	await syncNow(mairie.page, '/fiches');
	await goOnline(marie.context);
	await syncNow(marie.page);
	await syncNow(mairie.page, '/fiches');

	for (const page of [marie.page, mairie.page, coord.page]) {
		await page.goto(`${server.origin}/`);
		if (page === coord.page) await page.getByRole('button', { name: 'Synchroniser maintenant' }).click();
		await page.goto(`${server.origin}/fiches/${id}`);
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Pressoir communal', { timeout: 20_000 });
		await expect(page.locator('main')).toContainText('Cidre et jus');
		await expect(page.locator('main')).toContainText('La Grande Noë');
	}

	await coord.page.goto(`${server.origin}/conflits`);
	await expect(coord.page.getByTestId('conflict')).toHaveCount(1);
	await expect(coord.page.getByTestId('conflict-kept')).toHaveText('Pressoir communal');
	await expect(coord.page.getByTestId('conflict-lost')).toHaveText('Pressoir de l’association');
});
