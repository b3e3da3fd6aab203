/**
 * Issue 7, the census screen: a volunteer's three sheets in two communes reach the server; the
 * coordinator, at a desk (1280×800), filters the census by category and by commune (the address
 * keeps the filters), sorts it by name, looks at the synthesis, exports the selection as CSV and the
 * test opens the downloaded file (BOM, `;`, French headers, only the filtered sheets). A mairie gets
 * its communes only, whatever it asks; a volunteer is refused. Own server, own API Géo stand-in.
 */
import { expect, test, type APIRequestContext, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { mkdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { expectNoSeriousA11yViolations } from './helpers';
import { TestServer, createCoordinator, inviteLink } from './server';
import { GeoStub, writeTerritory } from './stubs';

const server = new TestServer(Number(process.env.E2E_CENSUS_PORT ?? 4250));
const geo = new GeoStub(Number(process.env.E2E_CENSUS_GEO_PORT ?? 4251));
/** CC Cœur du Perche: 12 communes, among them Perche en Nocé (61309) and Rémalard en Perche (61345). */
const CDC = '200068435';
const SCREENS = resolve('test-results/screens/census');
const V = { protocol: 1, schemaVersion: 1 };

test.describe.configure({ mode: 'serial' });

let coord: { context: BrowserContext; page: Page };
let volunteer: BrowserContext;
let mairie: BrowserContext;

const post = (r: APIRequestContext, path: string, data: unknown) => r.post(`${server.origin}${path}`, { data, headers: { Origin: server.origin } });

/** A person who joined with an invitation link, through the API (the browser context holds the session). */
async function joined(browser: Browser, link: string, name: string): Promise<BrowserContext> {
	const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'fr-FR', timezoneId: 'Europe/Paris' });
	const res = await post(context.request, '/api/join', { token: link.split('#')[1], name });
	expect(res.status()).toBe(201);
	return context;
}

let counter = 0;
const stamp = () => `${new Date().toISOString()}-${(++counter).toString(16).padStart(4, '0')}-marie`;
const sheet = (fields: Record<string, unknown>) => Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, { v, hlc: stamp() }]));

test.beforeAll(async ({ browser }) => {
	await geo.start();
	server.env = { ATLAS_GEO_API: geo.origin };
	writeTerritory(server.dataDir, CDC);
	await server.start();
	mkdirSync(SCREENS, { recursive: true });

	const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'fr-FR', timezoneId: 'Europe/Paris', serviceWorkers: 'allow' });
	coord = { context, page: await context.newPage() };
	await createCoordinator(coord.page, server);
	volunteer = await joined(browser, await inviteLink(coord.page, server, { role: 'benevole' }), 'Marie Lefèvre');
	mairie = await joined(browser, await inviteLink(coord.page, server, { role: 'mairie', communes: ['61309'] }), 'Mairie de Perche en Nocé');

	// Marie's phone sends its three sheets (two communes, two categories), handed in for review.
	const mutations = [
		{
			recordId: 'SheetPressoirPreaux0',
			fields: sheet({
				category: 'pressoir',
				name: 'Pressoir de Préaux',
				commune: '61309',
				condition: 'en_service',
				worksWithoutMains: 'oui',
				verifiedOn: '2026-10-01',
				status: 'soumis'
			})
		},
		{
			recordId: 'SheetMoulinCour00000',
			fields: sheet({
				category: 'moulin_farine',
				name: 'Moulin de la Cour',
				commune: '61309',
				condition: 'a_reparer',
				worksWithoutMains: 'non',
				verifiedOn: '2021-05-12',
				status: 'soumis'
			})
		},
		{
			recordId: 'SheetPressoirRemalard',
			fields: sheet({
				category: 'pressoir',
				name: 'Pressoir de Rémalard',
				commune: '61345',
				condition: 'en_service',
				worksWithoutMains: 'inconnu',
				verifiedOn: '2026-09-15',
				status: 'soumis'
			})
		}
	].map((m, i) => ({ seq: i + 1, ...m }));
	const pushed = await post(volunteer.request, '/api/sync/push', { ...V, clientId: 'marie-phone-0001', mutations });
	expect(await pushed.json()).toMatchObject({ lastSeq: 3, rejected: [] });
});

test.afterAll(async () => {
	await coord?.context.close();
	await volunteer?.close();
	await mairie?.close();
	await server.dispose();
	await geo.stop();
});

/** A small RFC 4180 reader: quoted fields, doubled quotes, line breaks inside quotes. */
function parseCsv(text: string, sep: string): string[][] {
	const records: string[][] = [];
	let record: string[] = [];
	let field = '';
	let quoted = false;
	const endField = () => {
		record.push(field);
		field = '';
	};
	for (let i = 0; i < text.length; i++) {
		const c = text[i] as string;
		if (quoted) {
			if (c !== '"') field += c;
			else if (text[i + 1] === '"') {
				field += '"';
				i++;
			} else quoted = false;
		} else if (c === '"') quoted = true;
		else if (c === sep) endField();
		else if (c === '\n' || c === '\r') {
			if (c === '\r' && text[i + 1] === '\n') i++;
			endField();
			records.push(record);
			record = [];
		} else field += c;
	}
	if (field !== '' || record.length > 0) {
		endField();
		records.push(record);
	}
	return records;
}

type Answer = { total: number; rows: { name: string; commune: string | null }[]; counts: { byCommune: Record<string, number> } };

test('a mairie reads its communes only, whatever it asks, without exports; a volunteer is refused', async () => {
	const ask = async (r: APIRequestContext, query: string) => {
		const res = await r.get(`${server.origin}/api/census?${query}`);
		return { status: res.status(), body: (await res.json()) as Answer & { code?: string } };
	};
	const own = await ask(mairie.request, '');
	expect(own.status).toBe(200);
	expect(own.body.rows.map((r) => r.name)).toEqual(['Moulin de la Cour', 'Pressoir de Préaux']);
	expect(own.body.counts.byCommune).toEqual({ '61309': 2 });
	expect((await ask(mairie.request, 'commune=61345')).body).toMatchObject({ total: 0, rows: [] });
	expect((await ask(mairie.request, 'commune=61345&commune=61309')).body.total).toBe(2);

	const refused = await ask(volunteer.request, '');
	expect(refused.status).toBe(403);
	expect(refused.body.code).toBe('forbidden');
	// The exports are the coordinator's alone too.
	expect((await mairie.request.get(`${server.origin}/api/export/csv`)).status()).toBe(403);
	expect((await ask(coord.page.request, 'size=500')).status).toBe(400);

	// The mairie's screen, from « Ma commune »: its two sheets, read-only, no export.
	const page = await mairie.newPage();
	await page.goto(`${server.origin}/commune`);
	await page.getByRole('link', { name: 'Tableau du recensement' }).click();
	await expect(page).toHaveURL(/\/recensement$/);
	await expect(page.getByTestId('census-count')).toHaveText('2 fiches');
	await expect(page.getByText('Les fiches de vos communes (Perche en Nocé), en lecture seule.')).toBeVisible();
	await expect(page.getByTestId('census-row')).toHaveText(['Moulin de la Cour', 'Pressoir de Préaux']);
	await expect(page.getByTestId('census-export')).toHaveCount(0);
	// Asking for another commune in the address changes nothing to what it may see.
	await page.goto(`${server.origin}/recensement?commune=61345`);
	await expect(page.getByTestId('census-count')).toHaveText('0 fiche');

	// A volunteer's screen says who the census is for.
	const vpage = await volunteer.newPage();
	await vpage.goto(`${server.origin}/recensement`);
	await expect(vpage.getByTestId('census-forbidden')).toContainText('Réservé à la coordination et aux mairies');
});

test('the coordinator filters, sorts, sees the synthesis, exports the selection and opens the CSV', async () => {
	test.setTimeout(120_000);
	const { page } = coord;
	// From her home, the census is one tap away in her tabs.
	await page.goto(`${server.origin}/`);
	await page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Recensement' }).click();
	await expect(page).toHaveURL(/\/recensement$/);
	await expect(page.getByRole('heading', { name: 'Recensement', level: 1 })).toBeVisible();
	const count = page.getByTestId('census-count');
	const rows = page.getByTestId('census-row');
	await expect(count).toHaveText('3 fiches');
	await expect(rows).toHaveText(['Moulin de la Cour', 'Pressoir de Préaux', 'Pressoir de Rémalard']);
	await page.screenshot({ path: `${SCREENS}/desk-list.png`, fullPage: true });
	await expectNoSeriousA11yViolations(page);

	// By category: the address says so, the rows and the total follow.
	await page.getByLabel('Catégorie', { exact: true }).selectOption({ label: 'Pressoir' });
	await expect(page).toHaveURL(/[?&]category=pressoir(&|$)/);
	await expect(count).toHaveText('2 fiches');
	await expect(rows).toHaveText(['Pressoir de Préaux', 'Pressoir de Rémalard']);

	// Sorted by name, Z → A (the header's second click), then back A → Z.
	const nameHeader = page.getByRole('columnheader', { name: /Nom/ });
	await expect(nameHeader).toHaveAttribute('aria-sort', 'ascending');
	await nameHeader.getByRole('button').click();
	await expect(page).toHaveURL(/[?&]desc=1/);
	await expect(nameHeader).toHaveAttribute('aria-sort', 'descending');
	await expect(rows).toHaveText(['Pressoir de Rémalard', 'Pressoir de Préaux']);
	await page.getByRole('button', { name: /Commune/ }).click();
	await expect(page).toHaveURL(/[?&]sort=commune/);
	await expect(page.getByRole('columnheader', { name: /Commune/ })).toHaveAttribute('aria-sort', 'ascending');
	await expect(rows).toHaveText(['Pressoir de Préaux', 'Pressoir de Rémalard']);

	// The synthesis of the same selection: two presses, one of them works without mains power.
	await page.getByRole('link', { name: 'Synthèse' }).click();
	await expect(page).toHaveURL(/[?&]vue=synthese/);
	await expect(page.getByTestId('dash-total')).toHaveText('2');
	await expect(page.getByTestId('dash-mains')).toHaveText('1');
	await expect(page.getByTestId('bar-fruits')).toContainText('2');
	await expect(page.getByTestId('census-cross')).toContainText('CC Coeur du Perche');
	await expect(page.locator('.census-count')).toHaveCount(2);
	await page.screenshot({ path: `${SCREENS}/desk-dashboard.png`, fullPage: true });
	await expectNoSeriousA11yViolations(page);
	await page.getByRole('link', { name: 'Liste des fiches' }).click();
	await expect(page).not.toHaveURL(/vue=synthese/);
	await expect(rows).toHaveText(['Pressoir de Préaux', 'Pressoir de Rémalard']);

	// By commune, too: one press left. A reload keeps every filter (they live in the address).
	await page.getByRole('combobox', { name: 'Ajouter une commune' }).fill('perche en noce');
	await page
		.getByRole('option', { name: /Perche en Nocé/ })
		.first()
		.click();
	await expect(page).toHaveURL(/[?&]commune=61309(&|$)/);
	await expect(count).toHaveText('1 fiche');
	await expect(rows).toHaveText(['Pressoir de Préaux']);
	await page.reload();
	await expect(count).toHaveText('1 fiche');
	await expect(page.getByRole('button', { name: 'Retirer Perche en Nocé du filtre' })).toBeVisible();

	// The export carries the same filters; the test opens the file.
	const csvLink = page.getByRole('link', { name: 'CSV (Excel, LibreOffice)' });
	await expect(csvLink).toHaveAttribute('href', '/api/export/csv?commune=61309&category=pressoir');
	await page.getByLabel('Inclure les coordonnées privées (journalisé)').check();
	await expect(csvLink).toHaveAttribute('href', '/api/export/csv?commune=61309&category=pressoir&private=1');
	await page.getByLabel('Inclure les coordonnées privées (journalisé)').uncheck();
	const [download] = await Promise.all([page.waitForEvent('download'), csvLink.click()]);
	const bytes = readFileSync((await download.path()) as string);
	expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
	const records = parseCsv(bytes.subarray(3).toString('utf8'), ';');
	const header = records[0] as string[];
	expect(header).toEqual(expect.arrayContaining(['Nom', 'Commune', 'Catégorie']));
	expect(records).toHaveLength(2);
	const cells = records[1] as string[];
	expect(cells[header.indexOf('Nom')]).toBe('Pressoir de Préaux');
	expect(cells[header.indexOf('Commune')]).toBe('Perche en Nocé');
	expect(bytes.toString('utf8')).not.toContain('Rémalard');
	expect(bytes.toString('utf8')).not.toContain('Moulin');
});

test('on a phone (360 px) the census shows cards and folded filters; offline it says why it cannot', async () => {
	const { page, context } = coord;
	await page.setViewportSize({ width: 360, height: 740 });
	await page.goto(`${server.origin}/recensement?category=pressoir`);
	await expect(page.getByTestId('census-count')).toHaveText('2 fiches');
	await expect(page.getByTestId('census-cards').getByRole('link')).toHaveCount(2);
	await expect(page.getByTestId('census-table')).toBeHidden();
	await page.screenshot({ path: `${SCREENS}/phone-list.png`, fullPage: true });
	await expectNoSeriousA11yViolations(page);
	await page.getByRole('link', { name: 'Synthèse' }).click();
	await expect(page.getByTestId('dash-total')).toHaveText('2');
	await page.screenshot({ path: `${SCREENS}/phone-dashboard.png`, fullPage: true });
	await expectNoSeriousA11yViolations(page);

	await context.setOffline(true);
	await expect(page.getByTestId('census-offline')).toContainText('Le recensement se consulte en ligne');
	await context.setOffline(false);
	await page.setViewportSize({ width: 1280, height: 800 });
});
