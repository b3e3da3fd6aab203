/**
 * Sync when it matters, as people live it at 360×740, with no reload anywhere: a mairie who joins
 * by her link sees her commune's sheet, already on the server, within 15 s; the screens showing
 * the server's data (« Ma commune », the map, « Recensement ») have a sync line whose « Synchroniser
 * maintenant » brings what is new; the census is fetched again when a pull brought a new sheet,
 * keeping the person's filters; the coordinator signing in on a new device sees the census; a mairie
 * given a second commune learns it at her next exchange and gets that commune's sheets.
 * The volunteer's phone is stood in for by the sync API (her sheets reach the server as her phone
 * sends them). Own server.
 */
import { expect, test, type APIRequestContext, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { TestServer, createCoordinator, inviteLink } from './server';

const server = new TestServer(Number(process.env.E2E_SYNC_MATTERS_PORT ?? 4621));
const V = { protocol: 1, schemaVersion: 1 };
const PERCHE = { lat: 48.3521, lon: 0.7142 };

test.describe.configure({ mode: 'serial' });

let coord: { context: BrowserContext; page: Page };
let volunteer: BrowserContext;
let mairie: { context: BrowserContext; page: Page };

const post = (r: APIRequestContext, path: string, data: unknown) => r.post(`${server.origin}${path}`, { data, headers: { Origin: server.origin } });

async function phone(browser: Browser): Promise<{ context: BrowserContext; page: Page }> {
	const context = await browser.newContext({ viewport: { width: 360, height: 740 }, locale: 'fr-FR', timezoneId: 'Europe/Paris', serviceWorkers: 'allow' });
	return { context, page: await context.newPage() };
}

let counter = 0;
let seq = 0;
const stamp = () => `${new Date().toISOString()}-${(++counter).toString(16).padStart(4, '0')}-marie`;

/** Marie's phone sends a sheet handed in for review, located in Perche en Nocé (61309) unless told. */
async function marieSends(recordId: string, category: string, name: string, commune = '61309'): Promise<void> {
	const at = new Date().toISOString();
	const values: Record<string, unknown> = {
		category,
		name,
		commune,
		location: { lat: PERCHE.lat + counter / 1000, lon: PERCHE.lon, accuracy: null, source: 'manuel', at },
		status: 'soumis'
	};
	const fields = Object.fromEntries(Object.entries(values).map(([k, v]) => [k, { v, hlc: stamp() }]));
	const res = await post(volunteer.request, '/api/sync/push', { ...V, clientId: 'marie-phone-0001', mutations: [{ seq: ++seq, recordId, fields }] });
	expect(await res.json()).toMatchObject({ lastSeq: seq, rejected: [] });
}

const nav = (page: Page) => page.getByRole('navigation', { name: 'Navigation principale' });
const syncLine = (page: Page) => page.getByRole('region', { name: 'Synchronisation' });

test.beforeAll(async ({ browser }) => {
	await server.start();
	coord = await phone(browser);
	await createCoordinator(coord.page, server);
	volunteer = await browser.newContext();
	const link = await inviteLink(coord.page, server, { role: 'benevole' });
	expect((await post(volunteer.request, '/api/join', { token: link.split('#')[1], name: 'Marie Lefèvre' })).status()).toBe(201);
	await marieSends('SheetPressoirPreaux0', 'pressoir', 'Pressoir de Préaux');
});

test.afterAll(async () => {
	await mairie?.context.close();
	await coord?.context.close();
	await volunteer?.close();
	await server.dispose();
});

test('a mairie who joins by her link sees her commune’s sheet within 15 s, without reloading', async ({ browser }) => {
	mairie = await phone(browser);
	const { page } = mairie;
	await page.goto(await inviteLink(coord.page, server, { role: 'mairie', communes: ['61309'] }));
	await page.getByLabel('Votre nom (tel que l’équipe le verra)').fill('Mairie de Perche en Nocé');
	await page.getByRole('button', { name: 'Rejoindre' }).click();
	await expect(page).not.toHaveURL(/\/rejoindre/);
	// She lands on her commune's sheets, or reaches them in one tap.
	if (!/\/commune$/.test(page.url()))
		await nav(page)
			.getByRole('link', { name: /Ma commune/ })
			.click();
	await expect(page.getByRole('heading', { name: 'Fiches de ma commune', level: 1 })).toBeVisible();
	await expect(page.getByRole('link', { name: /Pressoir de Préaux/ })).toBeVisible({ timeout: 15_000 });
	await expect(syncLine(page)).toContainText(/Synchronisé à \d\d:\d\d/);
	await expect(syncLine(page)).toContainText(/à l’instant|il y a/);
});

test('« Ma commune » and the map have a sync line whose button brings what is new', async () => {
	const { page } = mairie;
	await marieSends('SheetMoulinCour00000', 'moulin_farine', 'Moulin de la Cour');
	await syncLine(page).getByRole('button', { name: 'Synchroniser maintenant' }).click();
	await expect(page.getByRole('link', { name: /Moulin de la Cour/ })).toBeVisible();
	await expect(syncLine(page).getByRole('button', { name: 'Synchroniser maintenant' })).toBeEnabled();

	await nav(page).getByRole('link', { name: 'Carte' }).click();
	await expect(page.getByRole('heading', { name: 'Carte des outils', level: 1 })).toBeVisible();
	await expect(page.getByText('2 outils affichés')).toBeVisible();
	await expect(syncLine(page)).toContainText(/Synchronisé à \d\d:\d\d/);
	await marieSends('SheetFourBourg000000', 'fournil_four', 'Four du Bourg');
	await syncLine(page).getByRole('button', { name: 'Synchroniser maintenant' }).click();
	await expect(page.getByText('3 outils affichés')).toBeVisible();
});

test('« Recensement » is fetched again when a pull brings a new sheet, with the same filters', async () => {
	const { page } = mairie;
	await nav(page)
		.getByRole('link', { name: /Ma commune/ })
		.click();
	await page.getByRole('link', { name: 'Tableau du recensement' }).click();
	await expect(page.getByRole('heading', { name: 'Recensement', level: 1 })).toBeVisible();
	await expect(syncLine(page)).toContainText(/Synchronisé à \d\d:\d\d/);
	await page.getByText('Filtres', { exact: true }).click();
	await page.getByLabel('Catégorie').selectOption({ label: 'Pressoir' });
	await expect(page.getByText('Filtres (1 actif)')).toBeVisible();
	await expect(page.getByTestId('census-count')).toHaveText('1 fiche');

	await marieSends('SheetPressoirBourg00', 'pressoir', 'Pressoir du Bourg');
	await syncLine(page).getByRole('button', { name: 'Synchroniser maintenant' }).click();
	await expect(page.getByTestId('census-count')).toHaveText('2 fiches');
	await expect(page.getByRole('link', { name: /Pressoir du Bourg/ })).toBeVisible();
	// Still the person's selection: the pressoirs only, the filter still set.
	await expect(page.getByText('Filtres (1 actif)')).toBeVisible();
	await expect(page.getByRole('link', { name: /Moulin de la Cour/ })).toHaveCount(0);
});

test('the coordinator signing in on a new device sees the census without reloading', async ({ browser }) => {
	const password = await post(coord.page.request, '/api/me/password', { login: 'claire', password: 'un mot de passe assez long' });
	expect(password.status()).toBe(200);
	const tablet = await phone(browser);
	const { page } = tablet;
	await page.goto(`${server.origin}/connexion`);
	await page.getByLabel('Identifiant').fill('claire');
	await page.getByLabel('Mot de passe').fill('un mot de passe assez long');
	await page.getByRole('button', { name: 'Se connecter' }).click();
	await expect(page).not.toHaveURL(/\/connexion/);
	await nav(page).getByRole('link', { name: 'Carte' }).click();
	await expect(page.getByText('4 outils affichés')).toBeVisible({ timeout: 15_000 });
	await expect(syncLine(page)).toContainText(/Synchronisé à \d\d:\d\d/);
	await tablet.context.close();
});

test('a mairie given a second commune learns it at her next exchange and gets its sheets, without reloading', async () => {
	const { page } = mairie;
	await marieSends('SheetMoulinCeton0000', 'moulin_farine', 'Moulin de Ceton', '61079');
	await nav(page)
		.getByRole('link', { name: /Ma commune/ })
		.click();
	await expect(page.getByRole('heading', { name: 'Fiches de ma commune', level: 1 })).toBeVisible();

	// The coordinator adds Ceton to her communes (on « Équipe »; here through its API).
	const team = (await (await coord.page.request.get(`${server.origin}/api/team`)).json()) as { users: { id: string; name: string }[] };
	const id = team.users.find((u) => u.name === 'Mairie de Perche en Nocé')?.id;
	const changed = await post(coord.page.request, `/api/team/users/${id}/role`, { role: 'mairie', communes: ['61309', '61079'] });
	expect(changed.status()).toBe(200);

	await syncLine(page).getByRole('button', { name: 'Synchroniser maintenant' }).click();
	await expect(page.getByRole('link', { name: /Moulin de Ceton/ })).toBeVisible({ timeout: 15_000 });
	await expect(page.getByText('Les fiches de Ceton, Perche en Nocé', { exact: false })).toBeVisible();
});
