/**
 * Each role lands on its work, on its own server (a new one: the first-run checklist needs it).
 * - The coordinator, after the first run, lands on the census's progress with a checklist
 *   (territory → a first volunteer → the mairies) that ticks itself from what she does and is gone
 *   once all is done; « Recensement » is one tap away; her six tabs fit a 360 px phone.
 * - A volunteer who joins lands on « Mes fiches ».
 * - The figures of the coordinator's home follow the sheets, and each leads to where it is handled.
 * - A mairie who joins lands on her commune's sheets, the one awaiting her review first, and
 *   opening the app takes her there again.
 * Driven by what a person sees: labels, roles and texts.
 */
import { expect, test, type Browser, type BrowserContext, type Locator, type Page } from '@playwright/test';
import { waitForServiceWorker } from './helpers';
import { expectSaved, newSheet, pickCommune, waitForTerritoryStored } from './pages';
import { TestServer, createCoordinator, inviteLink, joinWithLink } from './server';

const server = new TestServer(Number(process.env.E2E_HOMES_PORT ?? 4631));
test.describe.configure({ mode: 'serial' });

const SCREENS = 'test-results/screens/role-homes';

let coord: { context: BrowserContext; page: Page };

test.beforeAll(async () => server.start());
test.afterAll(async () => {
	await coord?.context.close();
	await server.dispose();
});

async function device(browser: Browser): Promise<{ context: BrowserContext; page: Page }> {
	const context = await browser.newContext({ viewport: { width: 360, height: 740 }, locale: 'fr-FR', serviceWorkers: 'allow' });
	return { context, page: await context.newPage() };
}

const nav = (page: Page) => page.getByRole('navigation', { name: 'Navigation principale' });

/** One figure of the coordinator's home: the link that holds its label and its number. */
const figure = (page: Page, name: string): Locator => page.getByRole('link').filter({ hasText: name });
/** The figure ends with exactly this number (« Soumise (à relire) 2 », not 12). */
async function expectFigure(page: Page, name: string, n: number): Promise<void> {
	await expect(figure(page, name)).toHaveText(new RegExp(`\\D${n}$`));
}

async function syncNow(page: Page): Promise<void> {
	await page.getByRole('button', { name: 'Synchroniser maintenant' }).click();
	await expect(page.getByTestId('sync-bar')).toContainText('Tout est envoyé.', { timeout: 20_000 });
	await expect(page.getByRole('button', { name: 'Synchroniser maintenant' })).toBeEnabled();
}

test('on a new server the coordinator lands on her home: a checklist that ticks itself and goes; « Recensement » one tap away', async ({ browser }) => {
	test.setTimeout(90_000);
	coord = await device(browser);
	const { page } = coord;
	await createCoordinator(page, server); // lands on « Suivi du recensement », not on « Équipe »
	await waitForServiceWorker(page);
	await waitForTerritoryStored(page);

	// Her tabs: the census's screens, six at most, each label whole on a 360 px phone.
	const tabs = ['Accueil', 'Recensement', 'Relecture', 'Carte', 'Équipe', 'Cet appareil'];
	await expect(nav(page).getByRole('link')).toHaveCount(tabs.length);
	for (const [i, name] of tabs.entries()) await expect(nav(page).getByRole('link').nth(i)).toHaveAccessibleName(name);
	for (const tab of await nav(page).getByRole('link').all()) {
		const box = await tab.boundingBox();
		expect(box && box.x >= 0 && box.x + box.width <= 360).toBe(true);
		expect(await tab.evaluate((a) => a.scrollWidth <= a.clientWidth + 1)).toBe(true);
	}

	// A new server: nothing is done yet.
	const checklist = page.getByRole('region', { name: 'Pour bien démarrer' });
	await expect(checklist).toContainText('0 étape faite sur 3');
	const step = (name: string) => checklist.getByRole('listitem').filter({ hasText: name });
	for (const name of ['Choisir le territoire', 'Inviter un premier bénévole', 'Inviter les mairies']) await expect(step(name)).toContainText('À faire');
	await page.screenshot({ path: `${SCREENS}/1-coordinator-new-server.png`, fullPage: true });

	// 1. The territory: the proposed one suits her, she saves it as it is.
	await checklist.getByRole('link', { name: 'Choisir le territoire' }).click();
	await expect(page.getByRole('heading', { name: 'Territoire du recensement', level: 1 })).toBeVisible();
	await page.getByRole('button', { name: 'Enregistrer' }).click();
	await expect(page.getByText('Territoire enregistré', { exact: false }).first()).toBeVisible();
	await nav(page).getByRole('link', { name: 'Accueil' }).click();
	await expect(checklist).toContainText('1 étape faite sur 3');
	await expect(step('Choisir le territoire')).toContainText('Fait');
	await expect(step('Inviter un premier bénévole')).toContainText('À faire');

	// 2. A first volunteer: a link made in « Équipe » is enough (nobody has joined yet).
	await checklist.getByRole('link', { name: 'Inviter un premier bénévole' }).click();
	await expect(page.getByRole('heading', { name: 'Équipe', level: 1 })).toBeVisible();
	await page.getByRole('radio', { name: 'Bénévole' }).check();
	await page.getByRole('button', { name: 'Créer le lien' }).click();
	await expect(page.getByTestId('invite-link-text')).toContainText('/rejoindre#');
	await page.getByTestId('invite-link').getByRole('button', { name: 'Fermer' }).click();
	await nav(page).getByRole('link', { name: 'Accueil' }).click();
	await expect(checklist).toContainText('2 étapes faites sur 3');
	await expect(step('Inviter un premier bénévole')).toContainText('Fait');
	await expect(step('Inviter les mairies')).toContainText('À faire');
	await page.screenshot({ path: `${SCREENS}/2-coordinator-two-steps.png`, fullPage: true });

	// 3. The mairies: the last step done, the checklist is gone.
	await checklist.getByRole('link', { name: 'Inviter les mairies' }).click();
	await page.getByRole('radio', { name: 'Mairie' }).check();
	await page.locator('#invite-communes').fill('Ceton');
	await page.getByRole('option', { name: /Ceton/ }).first().click();
	await page.getByRole('button', { name: 'Créer le lien' }).click();
	await expect(page.getByTestId('invite-link-text')).toContainText('/rejoindre#');
	await page.getByTestId('invite-link').getByRole('button', { name: 'Fermer' }).click();
	await nav(page).getByRole('link', { name: 'Accueil' }).click();
	await expect(figure(page, 'Fiches à relire')).toBeVisible();
	await expect(page.getByRole('region', { name: 'Pour bien démarrer' })).toHaveCount(0);

	// « Recensement » in one tap.
	await nav(page).getByRole('link', { name: 'Recensement' }).click();
	await expect(page.getByRole('heading', { name: 'Recensement', level: 1 })).toBeVisible();
	await expect(nav(page).getByRole('link', { name: 'Recensement' })).toHaveAttribute('aria-current', 'page');
});

test('a volunteer lands on « Mes fiches »; the coordinator’s figures follow the sheets; a mairie lands on her commune’s sheets, the one to review first', async ({
	browser
}) => {
	test.setTimeout(180_000);
	const { page } = coord;

	// The volunteer joins and lands on « Mes fiches », with a volunteer's tabs.
	const vol = await device(browser);
	await joinWithLink(vol.page, server, await inviteLink(page, server, { role: 'benevole' }), 'Marie Lefèvre');
	await expect(vol.page).toHaveURL(`${server.origin}/`);
	await expect(vol.page.getByRole('heading', { name: 'Mes fiches', level: 1 })).toBeVisible();
	await expect(nav(vol.page).getByRole('link')).toHaveText([/Mes fiches/, /Nouvelle fiche/, /Carte/, /Cet appareil/]);
	await waitForServiceWorker(vol.page);
	await waitForTerritoryStored(vol.page);

	// She records two tools in Ceton and hands them in, and starts a third in Perche en Nocé.
	for (const [category, name] of [
		['moulin_farine', 'Moulin de Ceton'],
		['pressoir', 'Pressoir de Ceton']
	] as const) {
		await newSheet(vol.page, category);
		await vol.page.getByLabel('Nom de l’outil ou du lieu').fill(name);
		await pickCommune(vol.page, 'ceton', 'Ceton');
		await expectSaved(vol.page);
		await vol.page.getByRole('button', { name: 'Terminer la fiche' }).click();
	}
	await newSheet(vol.page, 'fournil_four');
	await vol.page.getByLabel('Nom de l’outil ou du lieu').fill('Four de Préaux');
	await pickCommune(vol.page, 'perche en noce', 'Perche en Nocé');
	await expectSaved(vol.page);
	await nav(vol.page).getByRole('link', { name: 'Mes fiches' }).click();
	await syncNow(vol.page);

	// The coordinator's home: one draft, two to review, nothing else.
	await nav(page).getByRole('link', { name: 'Accueil' }).click();
	await syncNow(page);
	await expectFigure(page, 'Brouillon', 1);
	await expectFigure(page, 'Soumise', 2);
	for (const state of ['À corriger', 'Validée', 'Archivée']) await expectFigure(page, state, 0);
	await expectFigure(page, 'Fiches à relire', 2);
	await expectFigure(page, 'Conflits à trancher', 0);
	await expectFigure(page, 'Doublons probables', 0);
	await expect(page.getByRole('link', { name: '3 fiches en tout' })).toBeVisible();
	await page.screenshot({ path: `${SCREENS}/3-coordinator-figures.png`, fullPage: true });

	// Each figure leads to where it is handled: the census, filtered on that state…
	await figure(page, 'Soumise').click();
	await expect(page.getByRole('heading', { name: 'Recensement', level: 1 })).toBeVisible();
	await expect(page.getByText('2 fiches', { exact: true })).toBeVisible();
	await nav(page).getByRole('link', { name: 'Accueil' }).click();
	// …the review list, where she validates the mill.
	await figure(page, 'Fiches à relire').click();
	await expect(page.getByRole('heading', { name: 'Relecture des fiches', level: 1 })).toBeVisible();
	await page.getByRole('link', { name: /Moulin de Ceton/ }).click();
	await page.getByRole('button', { name: /^Valider/ }).click();
	await expect(page.getByText('Fiche validée', { exact: false }).first()).toBeVisible();
	await nav(page).getByRole('link', { name: 'Accueil' }).click();
	await syncNow(page);
	await expectFigure(page, 'Validée', 1);
	await expectFigure(page, 'Soumise', 1);
	await expectFigure(page, 'Fiches à relire', 1);

	// The mairie of Ceton joins on her own phone and lands on her commune's sheets: the press,
	// awaiting her review, before the mill validated since (more recently changed).
	const mairie = await device(browser);
	await joinWithLink(mairie.page, server, await inviteLink(page, server, { role: 'mairie', communes: ['61079'] }), 'Mairie de Ceton');
	await expect(mairie.page).toHaveURL(`${server.origin}/commune`);
	await expect(mairie.page.getByRole('heading', { name: 'Fiches de ma commune', level: 1 })).toBeVisible();
	await expect(nav(mairie.page).getByRole('link')).toHaveText([/Ma commune/, /Nouvelle fiche/, /Carte/, /Cet appareil/]);
	// The app pulls right after joining: no reload.
	const sheets = mairie.page.getByRole('list').filter({ hasText: 'Pressoir de Ceton' });
	await expect(sheets.getByRole('listitem')).toHaveText([/Pressoir de Ceton.*Soumise/, /Moulin de Ceton.*Validée/], { timeout: 15_000 });
	await mairie.page.screenshot({ path: `${SCREENS}/4-mairie-landing.png`, fullPage: true });

	// Opening the app takes her there too.
	await waitForServiceWorker(mairie.page);
	await mairie.page.goto(`${server.origin}/`);
	await expect(mairie.page).toHaveURL(`${server.origin}/commune`);
	await expect(mairie.page.getByRole('heading', { name: 'Fiches de ma commune', level: 1 })).toBeVisible();

	await vol.context.close();
	await mairie.context.close();
});
