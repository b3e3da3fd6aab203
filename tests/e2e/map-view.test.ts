/**
 * Issue 6: the map screen ("Carte"). A phone with no account (the sheets are its own, in its local
 * database) records three tools with their GPS point, opens the map online, then without signal:
 * the tiles it viewed come back from the service worker's cache and the tile server is asked
 * nothing. The filters keep only the chosen category, a zoomed-out map groups the tools in a
 * cluster that zooms in when tapped, a tapped marker opens a summary with a link to the sheet, and
 * axe finds nothing serious. The coordinator's six tabs still fit at 360 px.
 *
 * Runs its own server with a local tile server and API Géo stand-in (tests/e2e/stubs.ts): the
 * synthetic outlines are squares on a grid, so the points are placed in known communes.
 */
import { expect, test, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { expectNoSeriousA11yViolations, goOffline, goOnline, waitForServiceWorker } from './helpers';
import { expectSaved, newSheet, waitForTerritoryStored, waitForStored } from './pages';
import { TestServer, createCoordinator } from './server';
import { GeoStub, TileStub, communesOfCdc, gridSquare, writeTerritory } from './stubs';

const CDC = '200068435';
const server = new TestServer(Number(process.env.E2E_MAP_VIEW_PORT ?? 4210));
const tiles = new TileStub(Number(process.env.E2E_MAP_VIEW_TILE_PORT ?? 4211));
const geo = new GeoStub(Number(process.env.E2E_MAP_VIEW_GEO_PORT ?? 4212));
const SCREENS = resolve('test-results/screens/map-view');

// The tests share one phone (its sheets, its cached tiles), in order.
test.describe.configure({ mode: 'serial' });

let phone: { context: BrowserContext; page: Page };
/** Uncaught errors of the phone's page (a map torn down badly would throw here). */
const pageErrors: string[] = [];
const ids: Record<'press' | 'still' | 'mill', string> = { press: '', still: '', mill: '' };

async function device(browser: Browser): Promise<{ context: BrowserContext; page: Page }> {
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

test.beforeAll(async ({ browser }) => {
	await tiles.start();
	await geo.start();
	server.env = { ATLAS_TILE_SOURCES: JSON.stringify(tiles.sources()), ATLAS_GEO_API: geo.origin };
	writeTerritory(server.dataDir, CDC);
	await server.start();
	mkdirSync(SCREENS, { recursive: true });
	phone = await device(browser);
	phone.page.on('pageerror', (e) => pageErrors.push(e.message));
});
test.afterAll(async () => {
	await phone?.context.close();
	await server.dispose();
	await tiles.stop();
	await geo.stop();
});

/** The centre of the grid square of commune `i` (code order), as the API Géo stand-in draws it. */
function centreOf(i: number): { latitude: number; longitude: number } {
	const b = gridSquare(i);
	return { latitude: (b.south + b.north) / 2, longitude: (b.west + b.east) / 2 };
}

/** A sheet recorded by hand on the phone, its point taken with the (simulated) GPS at `at`. */
async function recordTool(page: Page, category: string, name: string, at: { latitude: number; longitude: number }): Promise<string> {
	await page.context().setGeolocation({ ...at, accuracy: 6 });
	const id = await newSheet(page, category);
	await page.getByLabel('Nom de l’outil ou du lieu').fill(name);
	await page.getByRole('button', { name: 'Prendre la position GPS' }).click();
	await expect(page.getByTestId('gps-point')).toBeVisible();
	await expectSaved(page);
	return id;
}

async function openMap(page: Page): Promise<void> {
	await page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Carte' }).click();
	await page.waitForURL(/\/carte$/);
	await expect(page.getByRole('heading', { name: 'Carte des outils', level: 1 })).toBeVisible();
	await page.waitForFunction(() => window.__atlasMap !== undefined);
}

/** Waits until the map shows tiles and their number stops changing; returns their URLs. */
async function settledTiles(page: Page): Promise<string[]> {
	let last = '';
	for (let i = 0; i < 60; i++) {
		const now = await page.evaluate(() =>
			[...document.querySelectorAll<HTMLImageElement>('[data-testid="map"] img.leaflet-tile-loaded')]
				.filter((img) => img.complete && img.naturalWidth > 0)
				.map((img) => img.src)
				.sort()
				.join('\n')
		);
		if (now !== '' && now === last) return now.split('\n');
		last = now;
		await page.waitForTimeout(500);
	}
	throw new Error('the map never showed a steady set of tiles');
}

/** The deepest native zoom of each tile layer on the map (19 online, 16 offline with a prepared area). */
async function nativeZooms(page: Page): Promise<number[]> {
	return page.evaluate(() => {
		const zooms: number[] = [];
		window.__atlasMap?.eachLayer((layer) => {
			const options = layer.options as { maxNativeZoom?: number; crossOrigin?: unknown };
			if ('getTileUrl' in layer && options.maxNativeZoom !== undefined) zooms.push(options.maxNativeZoom);
		});
		return zooms;
	});
}

/** Tiles the service worker kept (its viewed-tiles cache), as URLs. */
async function cachedTiles(page: Page): Promise<string[]> {
	return page.evaluate(async () => {
		const cache = await caches.open('atlas-tiles');
		return (await cache.keys()).map((r) => r.url);
	});
}

test('shows the tiles viewed online again offline, from the worker’s cache, asking nothing of the tile server', async () => {
	test.setTimeout(120_000);
	const { context, page } = phone;
	await context.grantPermissions(['geolocation'], { origin: server.origin });
	await page.goto(`${server.origin}/`);
	await waitForServiceWorker(page);
	await waitForTerritoryStored(page);
	await waitForStored(page, 'territory', 'outlines');
	await waitForStored(page, 'meta', 'tileSources');

	// No account: the tools are this phone's own sheets.
	ids.press = await recordTool(page, 'pressoir', 'Pressoir de Préaux', centreOf(1));
	ids.still = await recordTool(page, 'alambic', 'Alambic du bourg', centreOf(6));
	ids.mill = await recordTool(page, 'moulin_farine', 'Moulin de la Ferme', centreOf(9));

	await openMap(page);
	await expect(page.getByTestId('map-marker')).toHaveCount(3);
	await expect(page.getByTestId('map-count')).toHaveText('3 outils affichés');
	const online = await settledTiles(page);
	expect(online.every((src) => src.startsWith(`${tiles.origin}/wmts?`) && src.includes('LAYER=PLAN'))).toBe(true);
	// The worker keeps each tile once it answered it (a CORS 200): wait until all are in its cache.
	await expect
		.poll(async () => {
			const kept = new Set(await cachedTiles(page));
			return online.filter((src) => !kept.has(src));
		})
		.toEqual([]);
	await page.screenshot({ path: `${SCREENS}/map-online.png` });
	const asked = tiles.requests.length;
	expect(asked).toBeGreaterThan(0);

	// No signal: the page, the sheets, the outlines and the viewed tiles all come from the phone.
	await goOffline(context);
	await page.reload();
	await expect(page.getByRole('heading', { name: 'Carte des outils', level: 1 })).toBeVisible();
	await page.waitForFunction(() => window.__atlasMap !== undefined);
	await expect(page.getByTestId('map-marker')).toHaveCount(3);
	await expect(page.getByTestId('map-offline')).toBeVisible();
	const offline = await settledTiles(page);
	expect(offline).toEqual(online);
	const sizes = await page.evaluate(() =>
		[...document.querySelectorAll<HTMLImageElement>('[data-testid="map"] img.leaflet-tile-loaded')].map((img) => img.naturalWidth)
	);
	expect(sizes.length).toBeGreaterThan(0);
	expect(sizes.every((w) => w > 0)).toBe(true);
	// The commune outlines are drawn too (from the phone's copy).
	await expect(page.locator('[data-testid="map"] .leaflet-overlay-pane path')).toHaveCount(communesOfCdc(CDC).length);
	expect(tiles.requests.length).toBe(asked);
	await page.screenshot({ path: `${SCREENS}/map-offline.png` });
	expect(await nativeZooms(page)).toEqual([19]);

	// With an area of this source prepared, deeper zooms enlarge the prepared zoom-16 tiles.
	await page.evaluate(
		() =>
			new Promise<void>((done, fail) => {
				const req = indexedDB.open('atlas-outils');
				req.onsuccess = () => {
					const tx = req.result.transaction('mapAreas', 'readwrite');
					tx.objectStore('mapAreas').put({
						id: 'test-area',
						sourceId: 'plan',
						communes: ['61309'],
						names: ['Perche en Nocé'],
						minZoom: 8,
						maxZoom: 16,
						bbox: { west: 0.6, south: 48.3, east: 0.76, north: 48.42 },
						tiles: 1,
						bytes: 1,
						failed: 0,
						createdAt: new Date().toISOString(),
						complete: true
					});
					tx.oncomplete = () => {
						req.result.close();
						done();
					};
					tx.onerror = () => fail(tx.error);
				};
			})
	);
	await page.reload();
	await expect(page.getByTestId('map-offline')).toHaveText('Hors ligne : carte préparée utilisée.');
	await expect.poll(() => nativeZooms(page)).toEqual([16]);
	expect(tiles.requests.length).toBe(asked);
	// Back online, the full-depth layer again.
	await goOnline(context);
	await expect(page.getByTestId('map-offline')).toBeHidden();
	await expect.poll(() => nativeZooms(page)).toEqual([19]);
});

test('filters markers by category', async () => {
	const { page } = phone;
	await page.goto(`${server.origin}/carte`);
	await expect(page.getByTestId('map-marker')).toHaveCount(3);
	await expect(page.locator('[data-testid="map-marker"][data-family="fruits"]')).toHaveCount(2);
	await expect(page.locator('[data-testid="map-marker"][data-family="grains"]')).toHaveCount(1);

	await page.getByRole('button', { name: 'Filtres' }).click();
	await expect(page.getByTestId('map-filters')).toBeVisible();
	await page.getByLabel('Type d’outil').selectOption({ label: 'Pressoir' });
	await expect(page.getByTestId('map-marker')).toHaveCount(1);
	await expect(page.locator(`[data-testid="map-marker"][data-id="${ids.press}"]`)).toHaveCount(1);
	await expect(page.getByTestId('map-count')).toHaveText('1 outil affiché sur 3');
	await page.screenshot({ path: `${SCREENS}/map-filters.png` });
	await page.getByRole('button', { name: 'Voir la carte (1 outil)' }).click();
	await expect(page.getByTestId('map-filters')).toBeHidden();
	await expect(page.getByTestId('map-marker')).toHaveCount(1);

	// "Works without mains power": none of them is known to, so "Oui" keeps none.
	await page.getByRole('button', { name: 'Filtres (1)' }).click();
	await page.getByLabel('Type d’outil').selectOption({ label: 'Tous les types' });
	await page.getByRole('radio', { name: 'Oui', exact: true }).check();
	await expect(page.getByTestId('map-marker')).toHaveCount(0);
	await expect(page.getByText('Aucun outil ne correspond à ces filtres.')).toBeVisible();
	await page.getByRole('radio', { name: 'Inconnu', exact: true }).check();
	await expect(page.getByTestId('map-marker')).toHaveCount(3);

	// Back to everything.
	await page.getByLabel('Type d’outil').selectOption({ label: 'Moulin à farine' });
	await expect(page.getByTestId('map-marker')).toHaveCount(1);
	await expect(page.locator('[data-testid="map-marker"][data-family="grains"]')).toHaveCount(1);
	await page.getByRole('button', { name: 'Tout afficher' }).click();
	await expect(page.getByTestId('map-marker')).toHaveCount(3);
	await expect(page.getByTestId('map-count')).toHaveText('3 outils affichés');
	await expect(page.getByRole('radio', { name: 'Tous', exact: true })).toBeChecked();
	await expect(page.getByLabel('Type d’outil')).toHaveValue('');
});

test('groups nearby tools when zoomed out, and a tap on a cluster zooms in', async () => {
	const { page } = phone;
	await page.goto(`${server.origin}/carte`);
	await expect(page.getByTestId('map-marker')).toHaveCount(3);
	const zoom = await page.evaluate(() => window.__atlasMap?.getZoom() ?? 0);
	await page.evaluate(() => window.__atlasMap?.setZoom(8, { animate: false }));
	await expect(page.getByTestId('map-cluster')).toHaveCount(1);
	await expect(page.getByTestId('map-cluster')).toHaveText(/3/);
	await expect(page.getByTestId('map-marker')).toHaveCount(0);
	await page.screenshot({ path: `${SCREENS}/map-cluster.png` });
	await page.getByTestId('map-cluster').click();
	await expect.poll(() => page.evaluate(() => window.__atlasMap?.getZoom() ?? 0)).toBeGreaterThan(8);
	await expect(page.getByTestId('map-marker')).not.toHaveCount(0);
	expect(zoom).toBeGreaterThan(8);
});

test('a tap on a marker opens its summary, whose "Ouvrir la fiche" goes to the sheet', async () => {
	const { page } = phone;
	await page.goto(`${server.origin}/carte`);
	await page.locator(`[data-testid="map-marker"][data-id="${ids.press}"]`).click();
	const summary = page.getByTestId('map-summary');
	await expect(summary).toBeVisible();
	await expect(summary.getByRole('heading', { name: 'Pressoir de Préaux' })).toBeVisible();
	await expect(summary).toContainText('Pressoir');
	await expect(summary).toContainText('Fruits');
	await expect(summary).toContainText('Brouillon');
	await expect(summary).toContainText('Inconnu');
	await page.screenshot({ path: `${SCREENS}/map-summary.png` });
	await expectNoSeriousA11yViolations(page); // the map with a summary open

	// "Fermer" closes it; another tool's marker opens its own.
	await summary.getByRole('button', { name: 'Fermer le résumé' }).click();
	await expect(summary).toBeHidden();
	await page.locator(`[data-testid="map-marker"][data-id="${ids.still}"]`).click();
	await expect(summary.getByRole('heading', { name: 'Alambic du bourg' })).toBeVisible();
	await page.keyboard.press('Escape');
	await expect(summary).toBeHidden();

	// A marker is a button for the keyboard too (Enter opens its summary).
	await page.locator(`[data-testid="map-marker"][data-id="${ids.mill}"]`).focus();
	await page.keyboard.press('Enter');
	await expect(summary.getByRole('heading', { name: 'Moulin de la Ferme' })).toBeVisible();
	await expect(summary).toContainText('Grains et graines');
	await summary.getByRole('button', { name: 'Fermer le résumé' }).click();

	await page.locator(`[data-testid="map-marker"][data-id="${ids.press}"]`).click();
	await summary.getByRole('link', { name: 'Ouvrir la fiche' }).click();
	await page.waitForURL(new RegExp(`/fiches/${ids.press}$`));
	await expect(page.getByText('Pressoir de Préaux').first()).toBeVisible();
	// Leaving the map destroyed it cleanly.
	expect(await page.evaluate(() => window.__atlasMap)).toBeUndefined();
	expect(pageErrors).toEqual([]);
});

test('the map screen has no serious accessibility problem (filters, layers, legend open)', async () => {
	const { page } = phone;
	await page.goto(`${server.origin}/carte`);
	await expect(page.getByTestId('map-marker')).toHaveCount(3);
	await expectNoSeriousA11yViolations(page);
	await page.getByRole('button', { name: 'Filtres' }).click();
	await expectNoSeriousA11yViolations(page);
	await page.getByRole('button', { name: 'Fond' }).click();
	await expect(page.getByTestId('map-layers')).toBeVisible();
	await expectNoSeriousA11yViolations(page);
	await page.getByRole('button', { name: 'Légende' }).click();
	await expect(page.getByTestId('map-legend')).toBeVisible();
	await page.screenshot({ path: `${SCREENS}/map-legend.png`, fullPage: true });
	await expectNoSeriousA11yViolations(page);
});

test('"Me localiser" asks for the position only when tapped, shows it with its accuracy, and says so in French when refused', async ({ browser }) => {
	const { page } = phone;
	// Count the position requests the page makes (none on load).
	await page.addInitScript(() => {
		const w = window as unknown as { __positionAsked: number };
		w.__positionAsked = 0;
		const original = navigator.geolocation.getCurrentPosition.bind(navigator.geolocation);
		navigator.geolocation.getCurrentPosition = (...args: Parameters<Geolocation['getCurrentPosition']>) => {
			w.__positionAsked++;
			original(...args);
		};
		const watch = navigator.geolocation.watchPosition.bind(navigator.geolocation);
		navigator.geolocation.watchPosition = (...args: Parameters<Geolocation['watchPosition']>) => {
			w.__positionAsked++;
			return watch(...args);
		};
	});
	await page.goto(`${server.origin}/carte`);
	await expect(page.getByTestId('map-marker')).toHaveCount(3);
	await page.waitForTimeout(500);
	expect(await page.evaluate(() => (window as unknown as { __positionAsked: number }).__positionAsked)).toBe(0);

	await phone.context.setGeolocation({ ...centreOf(5), accuracy: 25 });
	await page.getByRole('button', { name: 'Me localiser' }).click();
	await expect(page.getByTestId('locate-message')).toHaveText('Vous êtes ici, à 25 m près.');
	expect(await page.evaluate(() => (window as unknown as { __positionAsked: number }).__positionAsked)).toBe(1);
	// The accuracy circle and the point are drawn, and the view is centred on them.
	const centre = await page.evaluate(() => window.__atlasMap?.getCenter());
	expect(centre?.lat).toBeCloseTo(centreOf(5).latitude, 3);
	expect(centre?.lng).toBeCloseTo(centreOf(5).longitude, 3);
	await expect(page.locator('[data-testid="map"] path.atlas-position')).toHaveCount(2);
	await page.screenshot({ path: `${SCREENS}/map-position.png` });

	// A phone that refuses: a French sentence, no crash.
	const other = await device(browser);
	await other.page.goto(`${server.origin}/carte`);
	await other.page.waitForFunction(() => window.__atlasMap !== undefined);
	await other.page.getByRole('button', { name: 'Me localiser' }).click();
	await expect(other.page.getByTestId('locate-message')).toContainText('Le téléphone refuse de donner la position.');
	await other.context.close();
});

test('the base map chosen is remembered on the phone, with its attribution shown', async () => {
	const { page } = phone;
	await page.goto(`${server.origin}/carte`);
	await expect(page.locator('.leaflet-control-attribution')).toHaveText('Tuiles de test');
	await page.getByRole('button', { name: 'Fond' }).click();
	await expect(page.getByRole('radio', { name: /Plan de test/ })).toBeChecked();
	await page.getByRole('radio', { name: 'OpenStreetMap (test)' }).check();
	await expect(page.locator('.leaflet-control-attribution')).toHaveText('© OpenStreetMap (test)');
	await expect.poll(() => tiles.requests.some((p) => p.startsWith('/osm/'))).toBe(true);
	// The tile server learns which site asks (OpenStreetMap refuses tiles asked without a Referer).
	expect(tiles.refused).toEqual([]);
	await page.reload();
	await expect(page.locator('.leaflet-control-attribution')).toHaveText('© OpenStreetMap (test)');
	await expect(page.locator('[data-testid="map"] img.leaflet-tile').first()).toHaveAttribute('src', /\/osm\//);
	await page.getByRole('button', { name: 'Fond' }).click();
	await expect(page.getByRole('radio', { name: 'OpenStreetMap (test)' })).toBeChecked();
	await page.getByRole('radio', { name: /Plan de test/ }).check();
	await expect(page.locator('.leaflet-control-attribution')).toHaveText('Tuiles de test');
});

test('the coordinator’s six tabs fit at 360 px with readable labels', async ({ browser }) => {
	const coord = await device(browser);
	await createCoordinator(coord.page, server);
	const nav = coord.page.getByRole('navigation', { name: 'Navigation principale' });
	// Her tabs: the census's screens (« Recensement » breaks as « Recen-sement », a soft hyphen).
	await expect(nav.getByRole('link')).toHaveText([/Accueil/, /Recen\u00adsement/, /Relecture/, /Carte/, /Équipe/, /Cet appareil/]);
	// No label is cut or overflows its tab.
	const overflow = await nav.evaluate((el) =>
		[...el.querySelectorAll('a')]
			.filter((a) => a.scrollWidth > a.clientWidth + 1 || a.getBoundingClientRect().right > window.innerWidth)
			.map((a) => a.textContent)
	);
	expect(overflow).toEqual([]);
	await nav.screenshot({ path: `${SCREENS}/tabs-coordinator.png` });
	await coord.context.close();
});
