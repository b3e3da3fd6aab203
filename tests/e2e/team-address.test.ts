/**
 * « Équipe » on a server whose public address is its own computer's (ORIGIN is a loopback here, as
 * when it is not set): the screen says plainly that phones cannot open the links and how to fix it,
 * and a new link's QR code is shown only on request, under that warning. An invitation says for
 * whom it is, and « Partager » hands the link to the phone's share sheet with those words.
 */
import { expect, test } from '@playwright/test';
import { TestServer, createCoordinator } from './server';

const server = new TestServer(Number(process.env.E2E_TEAM_ADDRESS_PORT ?? 4612));
test.beforeAll(async () => server.start());
test.afterAll(async () => server.dispose());

test('Équipe warns that phones cannot open links to 127.0.0.1; the invitation says for whom it is and can be shared', async ({ browser }) => {
	const context = await browser.newContext({ viewport: { width: 360, height: 740 }, locale: 'fr-FR', hasTouch: true, serviceWorkers: 'allow' });
	// A phone's share sheet (Chromium on Linux has none): it keeps what it was given.
	await context.addInitScript(() => {
		const shared: ShareData[] = [];
		Object.defineProperty(window, 'sharedForTest', { value: shared });
		Object.defineProperty(navigator, 'share', { value: async (data: ShareData) => void shared.push(data), configurable: true });
	});
	const page = await context.newPage();
	await createCoordinator(page, server);
	await page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Équipe' }).click();

	const warning = page.getByRole('region', { name: 'Les téléphones ne peuvent pas encore ouvrir les liens' });
	await expect(warning).toBeVisible();
	await expect(warning).toContainText(server.origin);
	await expect(warning).toContainText('ORIGIN');

	// A link for the mairie of Perche en Nocé.
	await page.getByRole('radio', { name: 'Mairie' }).check();
	await page.locator('#invite-communes').fill('perche en noce');
	await page
		.getByRole('option', { name: /Perche en Nocé/ })
		.first()
		.click();
	await page.getByRole('button', { name: 'Créer le lien' }).click();
	const panel = page.getByRole('region', { name: 'Lien d’invitation — Mairie de Perche en Nocé' });
	await expect(panel).toBeVisible();
	await expect(panel).toContainText('un téléphone ne pourra pas l’ouvrir');
	const qr = panel.getByRole('img', { name: 'Code QR du lien d’invitation' });
	await expect(qr).toBeHidden();
	await panel.getByText('Afficher quand même le code QR').click();
	await expect(qr).toBeVisible();

	const link = (await panel.getByText('/rejoindre#').textContent())?.trim() ?? '';
	await panel.getByRole('button', { name: 'Partager' }).click();
	const shared = await page.evaluate(() => (window as unknown as { sharedForTest: ShareData[] }).sharedForTest);
	expect(shared).toHaveLength(1);
	expect(shared[0]?.url).toBe(link);
	expect(shared[0]?.text).toContain('Mairie de Perche en Nocé');
	await panel.getByRole('button', { name: 'Fermer' }).click();

	// Its card in the list of links says for whom it is too.
	await expect(page.getByText('Pour : Mairie de Perche en Nocé', { exact: true })).toBeVisible();
	await context.close();
});
