/**
 * From the printed first-run link to a working team: the coordinator creates its account, invites a
 * volunteer and a mairie; the volunteer joins on a phone, goes offline and keeps working; the
 * coordinator revokes it; back online, the volunteer is told to re-join and keeps its unsent sheets.
 * Runs its own server (empty database) so that the first-run link is really the printed one.
 */
import { expect, test, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { goOffline, goOnline, waitForServiceWorker } from './helpers';
import { expectSaved, newSheet, readStore, waitForTerritoryStored } from './pages';
import { TestServer } from './server';

const server = new TestServer(Number(process.env.E2E_ACCOUNTS_PORT ?? 4193));

test.beforeAll(async () => {
	await server.start();
});
test.afterAll(async () => {
	await server.dispose();
});

async function phone(browser: Browser): Promise<{ context: BrowserContext; page: Page }> {
	const context = await browser.newContext({ viewport: { width: 360, height: 740 }, locale: 'fr-FR', hasTouch: true, serviceWorkers: 'allow' });
	return { context, page: await context.newPage() };
}

async function invite(page: Page, role: 'Bénévole' | 'Mairie', commune?: string): Promise<string> {
	await page.getByRole('radio', { name: role }).check();
	if (commune) {
		await page.locator('#invite-communes').fill(commune);
		await page
			.getByRole('option', { name: new RegExp(commune, 'i') })
			.first()
			.click();
	}
	await page.getByRole('button', { name: 'Créer le lien' }).click();
	const text = page.getByTestId('invite-link-text');
	await expect(text).toContainText('/rejoindre#');
	// The test server's public address is 127.0.0.1: the panel says a phone cannot open the link,
	// and shows the QR code only on request.
	await expect(page.getByTestId('invite-link')).toContainText('un téléphone ne pourra pas l’ouvrir');
	await expect(page.getByTestId('invite-link').locator('svg')).toBeHidden();
	await page.getByText('Afficher quand même le code QR').click();
	await expect(page.getByTestId('invite-link').locator('svg')).toBeVisible();
	const link = (await text.textContent())?.trim() ?? '';
	await page.getByTestId('invite-link').getByRole('button', { name: 'Fermer' }).click();
	return link;
}

test('first-run link → coordinator → invited volunteer works offline → revoked → told to re-join, keeps its sheets', async ({ browser }) => {
	// The coordinator, from the link printed at start.
	const coord = await phone(browser);
	const setup = server.setupLink();
	expect(server.output).toContain('Première installation');
	await coord.page.goto(setup);
	await coord.page.getByLabel('Votre nom').fill('Claire Coordination');
	await coord.page.getByRole('button', { name: 'Créer le compte de coordination' }).click();
	// She lands on her home, the census's progress; « Équipe » is one of her tabs.
	await expect(coord.page).toHaveURL(`${server.origin}/`);
	await expect(coord.page.getByRole('heading', { name: 'Suivi du recensement', level: 1 })).toBeVisible();
	await coord.page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Équipe' }).click();
	await expect(coord.page).toHaveURL(/\/equipe$/);
	// The link cannot be used twice.
	const again = await coord.page.request.post(`${server.origin}/api/setup`, {
		data: { token: setup.split('#')[1], name: 'Intrus' },
		headers: { Origin: server.origin }
	});
	expect(again.status()).toBe(410);

	await waitForTerritoryStored(coord.page);
	const volunteerLink = await invite(coord.page, 'Bénévole');
	const mairieLink = await invite(coord.page, 'Mairie', 'Perche en Nocé');

	// The mairie joins, scoped to its commune.
	const mairie = await phone(browser);
	await mairie.page.goto(mairieLink);
	await expect(mairie.page.getByTestId('invited-as')).toContainText('mairie de : Perche en Nocé');
	await mairie.page.getByLabel('Votre nom (tel que l’équipe le verra)').fill('Mairie de Perche en Nocé');
	await mairie.page.getByRole('button', { name: 'Rejoindre' }).click();
	// She lands on her commune's sheets.
	await expect(mairie.page).toHaveURL(`${server.origin}/commune`);
	const mairieMe = await mairie.page.request.get(`${server.origin}/api/me`);
	expect((await mairieMe.json()).user).toMatchObject({ role: 'mairie', communes: ['61309'] });
	// A mairie may not use the coordinator's screens: refused by the server, not just hidden.
	expect((await mairie.page.request.get(`${server.origin}/api/team`)).status()).toBe(403);

	// The volunteer joins on its phone, then works offline.
	const vol = await phone(browser);
	await vol.page.goto(volunteerLink);
	await expect(vol.page.getByTestId('invited-as')).toContainText('bénévole');
	await vol.page.getByLabel('Votre nom (tel que l’équipe le verra)').fill('Marie Lefèvre');
	await vol.page.getByRole('button', { name: 'Rejoindre' }).click();
	await expect(vol.page).toHaveURL(`${server.origin}/`);
	await waitForServiceWorker(vol.page);
	await waitForTerritoryStored(vol.page);
	await goOffline(vol.context);
	await vol.page.reload();
	await newSheet(vol.page, 'pressoir');
	await vol.page.getByLabel('Nom de l’outil ou du lieu').fill('Pressoir de Préaux');
	await expectSaved(vol.page);
	// New sheets carry the volunteer's name; the account is known offline.
	await expect(vol.page.getByLabel('Recensé par')).toHaveValue('Marie Lefèvre');
	await vol.page.getByRole('link', { name: 'Cet appareil' }).click();
	await expect(vol.page.getByTestId('account')).toContainText('Marie Lefèvre — Bénévole');
	await expect(vol.page.getByTestId('rejoin-banner')).toHaveCount(0);

	// The coordinator revokes the volunteer.
	await coord.page.reload();
	const card = coord.page.locator('[data-person="Marie Lefèvre"]');
	await card.getByRole('button', { name: 'Retirer l’accès' }).click();
	await coord.page.getByRole('button', { name: 'Oui, retirer l’accès' }).click();
	await expect(coord.page.getByText('Accès retiré pour Marie Lefèvre.').first()).toBeVisible();

	// Back online: told to re-join, nothing local lost.
	await goOnline(vol.context);
	await vol.page.getByRole('link', { name: 'Mes fiches' }).click();
	await expect(vol.page.getByTestId('rejoin-banner')).toBeVisible();
	await expect(vol.page.getByTestId('rejoin-banner')).toContainText('Vos fiches qui n’ont pas encore été envoyées restent sur cet appareil');
	await expect(vol.page.getByTestId('sheet-item')).toContainText('Pressoir de Préaux');
	expect((await readStore(vol.page, 'outbox')).length).toBeGreaterThan(0);
	expect((await vol.page.request.get(`${server.origin}/api/me`)).status()).toBe(401);

	// The audit log shows what happened.
	await coord.page.goto(`${server.origin}/journal`);
	await expect(coord.page.getByText(/Marie Lefèvre/).first()).toBeVisible();

	await Promise.all([coord.context.close(), mairie.context.close(), vol.context.close()]);
});
