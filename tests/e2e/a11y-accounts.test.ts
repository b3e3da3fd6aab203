/**
 * axe-core, WCAG 2.1 A and AA (every impact), on the screens of the team, with its own server (one
 * CDC of twelve synthetic square communes, local tile and API Géo stand-ins): first run, sign-in
 * and join without a session (forms empty and with their error shown), then every screen of the
 * coordinator (team and its dialogs, journal, conflicts, import, territory, census, coverage,
 * duplicates and merge, review list, printable summary, map and offline areas, device), of a mairie
 * (review list, a sheet with its decisions, the send-back form with its error, the archive dialog,
 * the history, the census read-only) and of a volunteer (a sheet sent back, offline, a revoked
 * session). All at 360 px; the census and the coverage analysis at a desk's 1280 px too.
 */
import { expect, test, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { expectNoA11yViolations, goOffline, goOnline, waitForServiceWorker } from './helpers';
import { waitForTerritoryStored } from './pages';
import { TestServer, inviteLink, joinWithLink } from './server';
import { GeoStub, TileStub, communesOfCdc, gridSquare, writeTerritory } from './stubs';

const CDC = '200068435';
const server = new TestServer(Number(process.env.E2E_A11Y_PORT ?? 4441));
const tiles = new TileStub(Number(process.env.E2E_A11Y_TILE_PORT ?? 4442));
const geo = new GeoStub(Number(process.env.E2E_A11Y_GEO_PORT ?? 4443));
const V = { protocol: 1, schemaVersion: 1 };

// Nothing is excluded from axe: Leaflet's markup (tiles, zoom buttons, markers) passes as drawn.
test.describe.configure({ mode: 'serial' });

let coord: { context: BrowserContext; page: Page };
let mairie: { context: BrowserContext; page: Page };
let marie: { context: BrowserContext; page: Page };

async function device(browser: Browser): Promise<{ context: BrowserContext; page: Page }> {
	const context = await browser.newContext({ viewport: { width: 360, height: 740 }, locale: 'fr-FR', timezoneId: 'Europe/Paris', serviceWorkers: 'allow' });
	return { context, page: await context.newPage() };
}

/** Syncs from the screen with the sync bar: the home, or « Mes fiches » for a mairie (her home is « Ma commune »). */
async function syncNow(page: Page, path: '/' | '/fiches' = '/'): Promise<void> {
	await page.goto(`${server.origin}${path}`);
	await page.getByRole('button', { name: 'Synchroniser maintenant' }).click();
	await expect(page.getByTestId('sync-bar')).toContainText('Tout est envoyé.', { timeout: 20_000 });
}

const communes = communesOfCdc(CDC);
function centre(code: string): { lat: number; lon: number } {
	const b = gridSquare(communes.findIndex((c) => c.code === code));
	return { lat: (b.south + b.north) / 2, lon: (b.west + b.east) / 2 };
}

/** Marie's sheets, as her phone sends them: a pair of duplicates, mills for the coverage, one to review. */
function sheets(): { seq: number; recordId: string; fields: Record<string, { v: unknown; hlc: string }> }[] {
	const at = '2026-11-28T09:00:00.000Z';
	const hlc = '2026-11-28T10:00:00.000Z-0000-marie';
	const here = centre('61309');
	const list = [
		{ id: 'A11yPressoirPreaux01', category: 'pressoir', name: 'Pressoir de Préaux', commune: '61309', point: here, status: 'soumis' },
		{
			id: 'A11yPressoirPreaux02',
			category: 'pressoir',
			name: 'Pressoir de Preaux',
			commune: '61309',
			point: { lat: here.lat + 0.00072, lon: here.lon },
			status: 'soumis'
		},
		{ id: 'A11yMoulinRemalard01', category: 'moulin_farine', name: 'Moulin de Rémalard', commune: '61345', point: centre('61345'), status: 'soumis' },
		{ id: 'A11yFournilNoce00001', category: 'fournil_four', name: 'Fournil de Nocé', commune: '61309', point: null, status: 'soumis' }
	];
	return list.map((s, i) => {
		const fields: Record<string, unknown> = {
			category: s.category,
			name: s.name,
			commune: s.commune,
			condition: 'en_service',
			worksWithoutMains: 'oui',
			verifiedOn: '2026-10-01',
			status: s.status,
			...(s.point ? { location: { ...s.point, accuracy: 8, source: 'gps', at } } : {})
		};
		return { seq: i + 1, recordId: s.id, fields: Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, { v, hlc }])) };
	});
}

test.beforeAll(async ({ browser }) => {
	await tiles.start();
	await geo.start();
	server.env = { ATLAS_TILE_SOURCES: JSON.stringify(tiles.sources()), ATLAS_GEO_API: geo.origin };
	writeTerritory(server.dataDir, CDC);
	await server.start();
	coord = await device(browser);
	mairie = await device(browser);
	marie = await device(browser);
});
test.afterAll(async () => {
	for (const d of [coord, mairie, marie]) await d?.context.close();
	await server.dispose();
	await tiles.stop();
	await geo.stop();
});

test('first run, sign-in and join, without a session: forms and their errors', async ({ browser }) => {
	const { page } = await device(browser);
	await page.goto(`${server.origin}/bienvenue`);
	await expect(page.getByRole('alert')).toBeVisible();
	await expectNoA11yViolations(page, 'Bienvenue, without its secret');
	await page.goto(`${server.origin}/connexion`);
	await expectNoA11yViolations(page, 'Connexion');
	await page.getByLabel('Identifiant').fill('personne@exemple.fr');
	await page.getByLabel('Mot de passe').fill('mauvais mot de passe');
	await page.getByRole('button', { name: 'Se connecter' }).click();
	await expect(page.getByRole('alert')).toBeVisible();
	await expectNoA11yViolations(page, 'Connexion, refused');
	await page.goto(`${server.origin}/rejoindre`);
	await expect(page.getByRole('alert')).toBeVisible();
	await expectNoA11yViolations(page, 'Rejoindre, without a link');
	await page.goto(`${server.origin}/rejoindre#AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA`);
	await expect(page.getByRole('alert')).toBeVisible();
	await expectNoA11yViolations(page, 'Rejoindre, unknown link');
	// The team's screens share one notice (/journal, /territoire: the same as /equipe).
	for (const path of ['/equipe', '/recensement', '/maillage', '/commune']) {
		await page.goto(`${server.origin}${path}`);
		await expect(page.locator('main h2, main .card').first()).toBeVisible();
		await expectNoA11yViolations(page, `${path} without a session`);
	}
	await page.context().close();

	// The first-run form, with a refused password, then the coordinator's account.
	const { page: c } = coord;
	await c.goto(server.setupLink());
	await expectNoA11yViolations(c, 'Bienvenue');
	await c.getByLabel('Votre nom').fill('Claire Coordination');
	await c.getByLabel('Identifiant', { exact: false }).first().fill('claire@exemple.fr');
	await c.getByLabel('Mot de passe', { exact: false }).fill('court');
	await c.getByRole('button', { name: 'Créer le compte de coordination' }).click();
	await expect(c.getByRole('alert')).toBeVisible();
	await expectNoA11yViolations(c, 'Bienvenue, refused');
	await c.getByLabel('Mot de passe', { exact: false }).fill('pommes et poires');
	await c.getByRole('button', { name: 'Créer le compte de coordination' }).click();
	await expect(c).toHaveURL(`${server.origin}/`);
	await waitForServiceWorker(c);
	await waitForTerritoryStored(c);
	// Her home on a new server: the first-run checklist.
	await expect(c.getByRole('region', { name: 'Pour bien démarrer' })).toBeVisible();
	await expectNoA11yViolations(c, 'Suivi du recensement, first run');

	// The join form of a volunteer and of a mairie.
	const link = await inviteLink(c, server, { role: 'benevole' });
	await marie.page.goto(link);
	await expect(marie.page.getByTestId('invited-as')).toBeVisible();
	await expectNoA11yViolations(marie.page, 'Rejoindre, a volunteer’s link');
	await joinWithLink(marie.page, server, link, 'Marie Lefèvre');
	await joinWithLink(mairie.page, server, await inviteLink(c, server, { role: 'mairie', communes: ['61309'] }), 'Mairie de Perche en Nocé');
	for (const d of [marie, mairie]) {
		await waitForServiceWorker(d.page);
		await waitForTerritoryStored(d.page);
	}
	const pushed = await marie.page.request.post(`${server.origin}/api/sync/push`, {
		data: { ...V, clientId: 'a11y-marie-phone1', mutations: sheets() },
		headers: { Origin: server.origin }
	});
	expect(await pushed.json()).toMatchObject({ lastSeq: 4, rejected: [] });
	// A conflict for the coordinator: the mairie renamed the press from the value Marie had.
	const conflict = await mairie.page.request.post(`${server.origin}/api/sync/push`, {
		data: {
			...V,
			clientId: 'a11y-mairie-pc01',
			mutations: [
				{
					seq: 1,
					recordId: 'A11yFournilNoce00001',
					fields: { name: { v: 'Fournil communal', hlc: '2026-11-28T10:00:30.000Z-0000-mairie', base: '2026-11-28T10:00:00.000Z-0000-marie' } }
				}
			]
		},
		headers: { Origin: server.origin }
	});
	expect(conflict.ok()).toBe(true);
	const again = await marie.page.request.post(`${server.origin}/api/sync/push`, {
		data: {
			...V,
			clientId: 'a11y-marie-phone1',
			mutations: [
				{
					seq: 5,
					recordId: 'A11yFournilNoce00001',
					fields: { name: { v: 'Fournil de l’association', hlc: '2026-11-28T10:00:20.000Z-0000-marie', base: '2026-11-28T10:00:00.000Z-0000-marie' } }
				}
			]
		},
		headers: { Origin: server.origin }
	});
	expect(again.ok()).toBe(true);
});

test('the coordinator’s screens', async () => {
	test.setTimeout(120_000);
	const { page, context } = coord;
	await syncNow(page);
	await expectNoA11yViolations(page, 'Suivi du recensement, coordinator, synced');

	await page.goto(`${server.origin}/equipe`);
	await expect(page.getByTestId('people')).toBeVisible();
	await expectNoA11yViolations(page, 'Équipe');
	// The invite form with its errors, then the new link (QR code).
	await page.getByRole('radio', { name: 'Mairie' }).check();
	await page.getByLabel('Nombre de personnes', { exact: false }).fill('zéro');
	await page.getByRole('button', { name: 'Créer le lien' }).click();
	await expect(page.getByRole('alert').first()).toBeVisible();
	await expectNoA11yViolations(page, 'Équipe, invite form with its errors');
	await page.getByLabel('Nombre de personnes', { exact: false }).fill('1');
	await page.locator('#invite-communes').fill('remalard');
	await page
		.getByRole('option', { name: /Rémalard/ })
		.first()
		.click();
	await page.getByRole('button', { name: 'Créer le lien' }).click();
	await expect(page.getByTestId('invite-link')).toBeVisible();
	// The test server's address is a loopback one: the QR code is shown on request only.
	await page.getByText('Afficher quand même le code QR').click();
	await expect(page.getByTestId('invite-link').locator('svg')).toBeVisible();
	await expectNoA11yViolations(page, 'Équipe, a new link with its QR code, the address warning');
	await page.getByTestId('invite-link').getByRole('button', { name: 'Fermer' }).click();
	// A person's role editor and devices, and a confirmation dialog.
	const person = page.locator('[data-person="Marie Lefèvre"]');
	await person.getByRole('button', { name: 'Changer le rôle' }).click();
	await person.getByText(/Voir les appareils/).click();
	await expectNoA11yViolations(page, 'Équipe, role editor and devices open');
	await person.getByRole('button', { name: 'Retirer l’accès' }).click();
	await expect(page.getByRole('dialog')).toBeVisible();
	await expectNoA11yViolations(page, 'Équipe, confirmation dialog');
	await page.getByRole('dialog').getByRole('button', { name: 'Annuler' }).click();

	// Each screen with its content in (the test id shows what is awaited).
	for (const [path, loaded, screen] of [
		['/journal', 'audit-log', 'Journal'],
		['/conflits', 'conflict', 'Conflits, one to settle'],
		['/doublons', 'duplicate-pair', 'Doublons possibles, one pair'],
		['/commune', 'review-item', 'Fiches à relire (all communes)'],
		['/commune/imprimer?commune=61309', 'print-summary', 'Printable summary of a commune']
	] as const) {
		await page.goto(`${server.origin}${path}`);
		await expect(page.getByTestId(loaded).first()).toBeVisible();
		await expectNoA11yViolations(page, screen);
	}
	await page.goto(`${server.origin}/doublons`);
	await page.getByRole('link', { name: 'Comparer et réunir' }).click();
	await expect(page.getByTestId('merge-field').first()).toBeVisible();
	await expectNoA11yViolations(page, 'Réunir deux fiches');

	await page.goto(`${server.origin}/import`);
	await page.getByTestId('import-file').setInputFiles({ name: 'sauvegarde.json', mimeType: 'application/json', buffer: Buffer.from('{ pas du JSON') });
	await expect(page.getByRole('alert')).toBeVisible();
	await expectNoA11yViolations(page, 'Importer, a file refused');

	await page.goto(`${server.origin}/territoire`);
	await expect(page.getByTestId('territory-summary')).toBeVisible();
	await page.getByLabel('Chercher une communauté de communes ou une commune').fill('ferte');
	await expect(page.getByTestId('territory-search-status')).not.toBeEmpty();
	await expectNoA11yViolations(page, 'Territoire, search results');

	for (const [path, loaded, screen, withMap] of [
		['/recensement', 'census-export', 'Recensement, list', false],
		['/recensement?vue=synthese', 'dash-total', 'Recensement, synthesis', true],
		['/maillage', 'coverage-summary', 'Maillage du territoire', true]
	] as const) {
		for (const width of [360, 1280]) {
			await page.setViewportSize({ width, height: width === 360 ? 740 : 800 });
			await page.goto(`${server.origin}${path}`);
			await expect(page.getByTestId(loaded).first()).toBeVisible();
			if (withMap) await expect(page.locator('.leaflet-container').first()).toBeVisible();
			await expectNoA11yViolations(page, `${screen} at ${width} px`);
		}
	}
	await page.setViewportSize({ width: 360, height: 740 });

	// The map: its panels, a tool's summary; the offline areas screen.
	await page.goto(`${server.origin}/carte`);
	await page.waitForFunction(() => window.__atlasMap !== undefined);
	await expectNoA11yViolations(page, 'Carte');
	for (const panel of ['Filtres', 'Fond', 'Légende']) {
		await page.getByRole('button', { name: panel, exact: true }).click();
		await expectNoA11yViolations(page, `Carte, panel ${panel}`);
	}
	await page.goto(`${server.origin}/carte/hors-ligne`);
	await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
	await expectNoA11yViolations(page, 'Carte hors ligne');

	await page.goto(`${server.origin}/appareil`);
	await page.getByRole('button', { name: 'Choisir un identifiant et un mot de passe' }).click();
	await expect(page.locator('#acc-current')).toBeVisible();
	await expectNoA11yViolations(page, 'Cet appareil, coordinator, password form');

	// Offline: the screens that need the network say so.
	await goOffline(context);
	for (const path of ['/equipe', '/territoire', '/recensement', '/maillage', '/conflits', '/journal']) {
		await page.goto(`${server.origin}${path}`);
		await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
		await expectNoA11yViolations(page, `${path} offline`);
	}
	await goOnline(context);
});

test('a mairie’s screens: review list, decisions, send-back form, archive dialog, history', async () => {
	const { page } = mairie;
	await syncNow(page, '/fiches');
	await page.goto(`${server.origin}/commune`);
	await expect(page.getByTestId('review-item').first()).toBeVisible();
	await expectNoA11yViolations(page, 'Fiches de ma commune');
	await page.getByTestId('review-item').filter({ hasText: 'Pressoir de Préaux' }).click();
	await expect(page.getByTestId('review-status')).toContainText('Soumise');
	await expectNoA11yViolations(page, 'a sheet with the mairie’s decisions');
	await page.getByRole('button', { name: 'Renvoyer pour correction' }).click();
	await page.getByRole('button', { name: 'Renvoyer avec ce message' }).click();
	await expect(page.getByText('Écrivez ce qu’il faut corriger')).toBeVisible();
	await page.getByRole('button', { name: 'Envoyer le message' }).click();
	await expect(page.getByText('Le message est vide.')).toBeVisible();
	await expectNoA11yViolations(page, 'send-back form and comment with their errors');
	await page.getByLabel('Ce qu’il faut corriger (obligatoire)').fill('Il manque le téléphone.');
	await page.getByRole('button', { name: 'Renvoyer avec ce message' }).click();
	await expect(page.getByTestId('review-status')).toContainText('À corriger');
	await page.getByRole('button', { name: 'Archiver', exact: false }).first().click();
	await expect(page.getByRole('dialog')).toBeVisible();
	await expectNoA11yViolations(page, 'archive dialog');
	await page.getByRole('dialog').getByRole('button', { name: 'Annuler' }).click();
	await syncNow(page, '/fiches');
	await page.goto(`${server.origin}/fiches/A11yPressoirPreaux01/historique`);
	await expect(page.getByTestId('history-list')).toContainText('renvoyé', { timeout: 20_000 });
	await expectNoA11yViolations(page, 'Historique');
	await page.goto(`${server.origin}/recensement`);
	await expect(page.getByTestId('census-count')).toHaveText(/fiche/);
	await expectNoA11yViolations(page, 'Recensement, mairie (read only)');
});

test('a volunteer’s screens: a sheet sent back, then a revoked session', async () => {
	const { page } = marie;
	await syncNow(page);
	await expectNoA11yViolations(page, 'Mes fiches, a sheet to correct');
	await page.goto(`${server.origin}/fiches/A11yPressoirPreaux01`);
	await expect(page.getByTestId('send-back-notice')).toBeVisible();
	await expectNoA11yViolations(page, 'a sheet sent back, volunteer');
	await page.getByRole('link', { name: 'Modifier' }).click();
	await expect(page.getByTestId('send-back-comment')).toBeVisible();
	await expectNoA11yViolations(page, 'the form of a sheet sent back');
	await page.goto(`${server.origin}/appareil`);
	await expectNoA11yViolations(page, 'Cet appareil, volunteer');

	// The coordinator withdraws Marie's access: her phone says so.
	const res = await coord.page.request.get(`${server.origin}/api/team`);
	const team = (await res.json()) as { users: { id: string; name: string }[] };
	const id = team.users.find((u) => u.name === 'Marie Lefèvre')?.id;
	const revoked = await coord.page.request.post(`${server.origin}/api/team/users/${id}/revoke`, { headers: { Origin: server.origin } });
	expect(revoked.ok(), await revoked.text()).toBe(true);
	await page.goto(`${server.origin}/`);
	await expect(page.getByTestId('rejoin-banner')).toBeVisible();
	await expectNoA11yViolations(page, 'Mes fiches, access withdrawn');
});
