/**
 * No invented data, as a volunteer meets it on her phone and the coordinator in the census: a new
 * form asserts no verification date and no answer to the power-cut question; « Aujourd’hui » fills
 * the date with one tap; a category tapped and then left without typing anything never reaches the
 * server, even when a sync runs (from another tab) while that form is open. Driven by what a person
 * sees, on the test's own server.
 */
import { expect, test, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { waitForServiceWorker } from './helpers';
import { waitForTerritoryStored } from './pages';
import { TestServer, createCoordinator, inviteLink, joinWithLink } from './server';

const server = new TestServer(Number(process.env.E2E_NO_INVENTED_PORT ?? 4651));
test.beforeAll(async () => server.start());
test.afterAll(async () => server.dispose());

async function device(browser: Browser): Promise<{ context: BrowserContext; page: Page }> {
	const context = await browser.newContext({ viewport: { width: 360, height: 740 }, locale: 'fr-FR', timezoneId: 'Europe/Paris', serviceWorkers: 'allow' });
	return { context, page: await context.newPage() };
}

/** « Nouvelle fiche », then a tap on a category, as a volunteer does. */
async function tapCategory(page: Page, category: string): Promise<void> {
	await page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Nouvelle fiche' }).click();
	await page.getByRole('button', { name: category, exact: true }).click();
	await expect(page.getByRole('heading', { name: category, level: 1 })).toBeVisible();
	await expect(page.getByRole('heading', { name: 'Notes', level: 2 })).toBeVisible();
}

/** « Synchroniser maintenant » on the home screen, until everything is sent. */
async function syncFromHome(page: Page): Promise<void> {
	await page.goto(`${server.origin}/`);
	await page.getByRole('button', { name: 'Synchroniser maintenant' }).click();
	await expect(page.getByText('Tout est envoyé.')).toBeVisible({ timeout: 20_000 });
	await expect(page.getByRole('button', { name: 'Synchroniser maintenant' })).toBeEnabled();
}

/** Today in the volunteer's time zone, as the form writes it: 28/11/2026. */
function todayInParis(): string {
	return new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', day: '2-digit', month: '2-digit', year: 'numeric' }).format(new Date());
}

test('a new form asserts nothing; a category tapped and left never reaches the census, even with a sync while its form is open', async ({ browser }) => {
	test.setTimeout(150_000);
	const coord = await device(browser);
	await createCoordinator(coord.page, server);
	const marie = await device(browser);
	await joinWithLink(marie.page, server, await inviteLink(coord.page, server, { role: 'benevole' }), 'Marie Lefèvre');
	await waitForServiceWorker(marie.page);
	await waitForTerritoryStored(marie.page);

	// 1. A tap on « Pressoir »: the form knows neither when the press was checked nor whether it
	// runs without the mains.
	await tapCategory(marie.page, 'Pressoir');
	await expect(marie.page.getByLabel('Vérifié sur place le')).toHaveValue('');
	const mains = marie.page.getByRole('group', { name: 'Fonctionne-t-il sans électricité du réseau ?' });
	await expect(mains.getByRole('radio')).toHaveCount(3);
	for (const answer of ['Oui', 'Non', 'Je ne sais pas']) await expect(mains.getByRole('radio', { name: answer })).not.toBeChecked();

	// 2. While that form is open, the same phone syncs from another tab (« Synchroniser maintenant »).
	const other = await marie.context.newPage();
	await syncFromHome(other);
	// Then she goes back without typing anything (to where she tapped « Nouvelle fiche »).
	await marie.page.goBack();
	await expect(marie.page.getByRole('heading', { name: 'Pressoir', level: 1 })).toHaveCount(0);

	// 3. A real sheet, recorded and synced: « Je ne sais pas » is an answer she may give, and
	// « Aujourd’hui » writes today's date in one tap.
	await tapCategory(marie.page, 'Moulin à farine');
	await marie.page.getByLabel(/^Nom de l.outil ou du lieu/).fill('Moulin de la Cour');
	await marie.page.locator('#f-commune').fill('perche en noce');
	await marie.page
		.getByRole('option', { name: /Perche en Nocé/ })
		.first()
		.click();
	await marie.page.getByRole('group', { name: 'Fonctionne-t-il sans électricité du réseau ?' }).getByText('Je ne sais pas').click();
	await expect(marie.page.getByRole('radio', { name: 'Je ne sais pas' })).toBeChecked();
	await marie.page.getByRole('button', { name: /^Aujourd.hui$/ }).click();
	await expect(marie.page.getByLabel('Vérifié sur place le')).toHaveValue(todayInParis());
	await expect(marie.page.getByText('Enregistré sur cet appareil')).toBeVisible();
	await syncFromHome(marie.page);
	await syncFromHome(other);

	// 4. The coordinator's census holds the mill, and nothing nameless nor without a commune.
	await coord.page.goto(`${server.origin}/recensement`);
	await expect(coord.page.getByRole('heading', { name: 'Recensement', level: 1 })).toBeVisible();
	await expect(coord.page.getByRole('link', { name: 'Moulin de la Cour' }).first()).toBeVisible();
	await expect(coord.page.getByText('1 fiche', { exact: true }).first()).toBeVisible();
	await expect(coord.page.getByText('Commune inconnue')).toHaveCount(0);
	// And her own list holds only the mill.
	await marie.page.goto(`${server.origin}/`);
	await expect(marie.page.getByText('Moulin de la Cour').first()).toBeVisible();
	await expect(marie.page.getByText('Fiche sans nom')).toHaveCount(0);
});
