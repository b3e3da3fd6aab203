/**
 * Small things a person notices on the map and the point of a sheet, seen as she sees them:
 * - a point typed by hand outside the sheet's commune is said so in the form, with how far — only
 *   when the commune outlines are on the phone (no warning at all without them);
 * - several tools at one place: their group, tapped, spreads them so each can be tapped;
 * - offline where no map tile was kept, the map says so over itself, with the way to fix it.
 *
 * Runs its own server with a local tile server and API Géo stand-in (tests/e2e/stubs.ts): the
 * synthetic outlines are squares on a grid, so the test knows which commune holds which point.
 */
import { expect, test, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { goOffline, waitForServiceWorker } from './helpers';
import { expectSaved, newSheet, pickCommune, waitForStored, waitForTerritoryStored } from './pages';
import { TestServer } from './server';
import { GeoStub, TileStub, communesOfCdc, gridSquare, writeTerritory } from './stubs';

const CDC = '200068435';
const server = new TestServer(Number(process.env.E2E_SMALL_THINGS_PORT ?? 4671));
const tiles = new TileStub(Number(process.env.E2E_SMALL_THINGS_TILE_PORT ?? 4672));
const geo = new GeoStub(Number(process.env.E2E_SMALL_THINGS_GEO_PORT ?? 4673));
const SCREENS = resolve('test-results/screens/map-small-things');
const COMMUNES = communesOfCdc(CDC);

test.beforeAll(async () => {
	await tiles.start();
	await geo.start();
	server.env = { ATLAS_TILE_SOURCES: JSON.stringify(tiles.sources()), ATLAS_GEO_API: geo.origin };
	writeTerritory(server.dataDir, CDC);
	await server.start();
	mkdirSync(SCREENS, { recursive: true });
});
test.afterAll(async () => {
	await server.dispose();
	await tiles.stop();
	await geo.stop();
});

async function phone(browser: Browser): Promise<{ context: BrowserContext; page: Page }> {
	const context = await browser.newContext({
		viewport: { width: 360, height: 740 },
		deviceScaleFactor: 2,
		hasTouch: true,
		locale: 'fr-FR',
		timezoneId: 'Europe/Paris',
		serviceWorkers: 'allow'
	});
	return { context, page: await context.newPage() };
}

/** The first visit online: the app kept for offline use, with the territory (and its outlines unless `outlines` is false). */
async function firstVisit(page: Page, outlines = true): Promise<void> {
	await page.goto(`${server.origin}/`);
	await waitForServiceWorker(page);
	await waitForTerritoryStored(page);
	if (outlines) await waitForStored(page, 'territory', 'outlines');
}

/** « Saisir ou corriger le point à la main »: latitude and longitude typed with decimal commas. */
async function typePoint(page: Page, lat: string, lon: string): Promise<void> {
	await page.getByRole('button', { name: 'Saisir ou corriger le point à la main' }).click();
	await page.getByLabel('Latitude').fill(lat);
	await page.getByLabel('Longitude').fill(lon);
	await page.getByRole('button', { name: 'Enregistrer ce point' }).click();
}

async function openMap(page: Page): Promise<Page> {
	await page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Carte' }).click();
	await expect(page.getByRole('heading', { name: 'Carte des outils', level: 1 })).toBeVisible();
	return page;
}

const first = COMMUNES[0] as { code: string; nom: string };
const square = gridSquare(0);

test('a point typed outside the chosen commune is said so in the form, with its distance; inside, or without outlines on the phone, nothing is said', async ({
	browser
}) => {
	test.setTimeout(90_000);
	const { context, page } = await phone(browser);
	await firstVisit(page);
	await newSheet(page, 'pressoir');
	await pickCommune(page, first.nom.slice(0, 5), first.nom);

	// 0.03° east of the commune's east edge, in the next commune: 2.2 km at this latitude.
	await typePoint(page, '48,32', (square.east + 0.03).toFixed(2).replace('.', ','));
	await expect(page.getByText('48,3200 N · 0,6700 E', { exact: true })).toBeVisible();
	await expect(page.getByText('Coordonnées saisies à la main')).toBeVisible();
	const warning = page.getByText(`Le point est à 2,2 km hors de ${first.nom} : vérifiez la commune ou le point.`);
	await expect(warning).toBeVisible();
	await warning.scrollIntoViewIfNeeded();
	await page.screenshot({ path: `${SCREENS}/form-outside-commune.png` });

	// Moved inside the commune: the warning goes.
	await typePoint(page, '48,32', '0,62');
	await expect(page.getByText('48,3200 N · 0,6200 E', { exact: true })).toBeVisible();
	await expect(page.getByText(/hors de/)).toHaveCount(0);
	await expectSaved(page);
	await context.close();

	// A phone that never got the outlines: nothing can be said about the point, so nothing is.
	const bare = await phone(browser);
	await bare.context.route('**/api/territory/outlines', (route) => route.abort());
	await firstVisit(bare.page, false);
	await newSheet(bare.page, 'pressoir');
	await pickCommune(bare.page, first.nom.slice(0, 5), first.nom);
	await typePoint(bare.page, '48,32', '0,67');
	await expect(bare.page.getByText('48,3200 N · 0,6700 E', { exact: true })).toBeVisible();
	await expect(bare.page.getByText(/hors de/)).toHaveCount(0);
	await bare.context.close();
});

test('several tools at one place: their group, tapped, spreads them apart, and each opens its own card', async ({ browser }) => {
	test.setTimeout(120_000);
	const { context, page } = await phone(browser);
	await firstVisit(page);
	const names = ['Pressoir de la ferme', 'Alambic de la ferme', 'Four de la ferme'];
	const categories = ['pressoir', 'alambic', 'fournil_four'];
	for (const [i, name] of names.entries()) {
		await newSheet(page, categories[i] as string);
		await page.getByLabel('Nom de l’outil ou du lieu').fill(name);
		await typePoint(page, '48,3200', '0,7000');
		await expect(page.getByText('48,3200 N · 0,7000 E', { exact: true })).toBeVisible();
		await expectSaved(page);
	}

	await openMap(page);
	const group = page.getByRole('button', { name: '3 outils au même endroit : toucher pour les écarter' });
	await expect(group).toBeVisible();
	// Online, tiles are shown: nothing says the map is missing.
	await expect(page.getByText('Carte non disponible hors ligne ici')).toHaveCount(0);
	await group.click();

	const markers = names.map((name) => page.getByRole('button', { name: new RegExp(`^${name} :`) }));
	for (const m of markers) await expect(m).toBeVisible();
	// Spread apart: no marker covers another (each is a 48 px target).
	const boxes = await Promise.all(markers.map(async (m) => (await m.boundingBox())!));
	for (let i = 0; i < boxes.length; i++)
		for (let j = i + 1; j < boxes.length; j++) {
			const a = boxes[i]!;
			const b = boxes[j]!;
			const apart = a.x + a.width <= b.x + 1 || b.x + b.width <= a.x + 1 || a.y + a.height <= b.y + 1 || b.y + b.height <= a.y + 1;
			expect(apart, `${names[i]} and ${names[j]} overlap`).toBe(true);
		}
	await page.screenshot({ path: `${SCREENS}/map-spread.png` });

	// Each spread marker is tappable to its card.
	await markers[1]!.click();
	const card = page.getByRole('region', { name: 'Résumé de l’outil' });
	await expect(card.getByRole('heading', { name: 'Alambic de la ferme' })).toBeVisible();
	await expect(card).toContainText('48,3200 N · 0,7000 E');
	await page.screenshot({ path: `${SCREENS}/map-spread-card.png` });
	await card.getByRole('button', { name: 'Fermer le résumé' }).click();
	await markers[2]!.click();
	await expect(card.getByRole('heading', { name: 'Four de la ferme' })).toBeVisible();
	await context.close();
});

test('offline where no tile was kept, the map says so over itself, with the way to fix it', async ({ browser }) => {
	test.setTimeout(90_000);
	const { context, page } = await phone(browser);
	// The app is kept on the phone, but the map was never opened: no tile of the territory is kept.
	await firstVisit(page);
	await goOffline(context);
	await openMap(page);

	const region = page.getByRole('region', { name: 'Carte des outils du territoire' });
	const title = page.getByText('Carte non disponible hors ligne ici');
	await expect(title).toBeVisible();
	const fix = page.getByRole('link', { name: 'Préparer la carte hors ligne' }).first();
	await expect(fix).toBeVisible();
	// Over the map itself, not in a line below it.
	const map = (await region.boundingBox())!;
	for (const box of [(await title.boundingBox())!, (await fix.boundingBox())!]) {
		expect(box.y).toBeGreaterThanOrEqual(map.y);
		expect(box.y + box.height).toBeLessThanOrEqual(map.y + map.height);
		expect(box.x).toBeGreaterThanOrEqual(map.x);
		expect(box.x + box.width).toBeLessThanOrEqual(map.x + map.width);
	}
	await page.screenshot({ path: `${SCREENS}/map-offline-empty.png` });
	await fix.click();
	await expect(page).toHaveURL(/\/carte\/hors-ligne$/);
	await context.close();
});
