/**
 * Issue 6, item 4: « Préparer la carte hors ligne ». A volunteer prepares Perche en Nocé with a
 * source that allows it, sees the size before starting, downloads; exactly the commune's tiles are
 * in the prepared cache and the tile server was asked each of them once. Offline, the map screen
 * shows the commune at zooms 12–16 without asking the network. Removing the area empties the cache.
 * OpenStreetMap (prefetch: false) is never offered.
 *
 * Runs its own server with a local tile server and API Géo stand-in (tests/e2e/stubs.ts): the
 * commune's outline is a known grid square, so the test computes the expected tiles itself.
 */
import { waitForStored } from './pages';
import { expect, test, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { expectNoSeriousA11yViolations, goOffline, goOnline, waitForServiceWorker } from './helpers';
import { TestServer } from './server';
import { GeoStub, TileStub, communesOfCdc, gridSquare, solidPng, writeTerritory } from './stubs';
import { estimate, tileRanges, tilesOf, type TileRange } from '../../src/lib/domain/tiles';
import { formatBytes, formatCount } from '../../src/lib/i18n';

const CDC = '200068435';
const server = new TestServer(Number(process.env.E2E_OFFLINE_MAP_PORT ?? 4220));
const tiles = new TileStub(Number(process.env.E2E_OFFLINE_MAP_TILE_PORT ?? 4221));
const geo = new GeoStub(Number(process.env.E2E_OFFLINE_MAP_GEO_PORT ?? 4222));
const SCREENS = resolve('test-results/screens/map-offline');
const PREPARED = 'atlas-tiles-prepared';

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

/** The paths of the prepared cache's entries, as the tile server records them (WMTS form → /plan/z/x/y.png). */
function preparedPaths(page: Page): Promise<string[]> {
	return page.evaluate(async (name) => {
		const cache = await caches.open(name);
		return (await cache.keys()).map((r) => {
			const u = new URL(r.url);
			const q = (k: string) => u.searchParams.get(k);
			return u.pathname === '/wmts' ? `/${(q('LAYER') ?? '').toLowerCase()}/${q('TILEMATRIX')}/${q('TILECOL')}/${q('TILEROW')}.png` : u.pathname;
		});
	}, PREPARED);
}

/**
 * Moves the map screen's map and waits until every tile of the current zoom that lies in the
 * prepared ranges is displayed. Returns how many such tiles were shown.
 */
async function viewInside(page: Page, lat: number, lon: number, z: number, ranges: TileRange[]): Promise<number> {
	await page.evaluate(([la, lo, zoom]) => window.__atlasMap?.setView([la, lo], zoom, { animate: false }), [lat, lon, z] as const);
	const handle = await page.waitForFunction(
		([rs, zoom, la, lo]) => {
			const r = rs.find((x) => x.z === zoom);
			if (!r) return false;
			// A view set while the map's own first view is still settling (a zoom transition) is
			// dropped by Leaflet: set it again until it holds.
			if (window.__atlasMap?.getZoom() !== zoom) {
				window.__atlasMap?.setView([la, lo], zoom, { animate: false });
				return false;
			}
			let inside = 0;
			for (const img of document.querySelectorAll<HTMLImageElement>('[data-testid="map"] img.leaflet-tile')) {
				// The IGN-style WMTS address of the test plan: LAYER=PLAN…&TILEMATRIX=z&TILECOL=x&TILEROW=y.
				const m = /LAYER=PLAN.*TILEMATRIX=(\d+)&TILECOL=(\d+)&TILEROW=(\d+)$/.exec(img.src);
				if (!m || Number(m[1]) !== zoom) continue;
				const x = Number(m[2]);
				const y = Number(m[3]);
				if (x < r.minX || x > r.maxX || y < r.minY || y > r.maxY) continue;
				if (!img.classList.contains('leaflet-tile-loaded') || !img.complete || img.naturalWidth !== 256) return false;
				inside++;
			}
			return inside > 0 ? inside : false;
		},
		[ranges, z, lat, lon] as const,
		{ polling: 100, timeout: 15_000 }
	);
	return (await handle.jsonValue()) as number;
}

test('prepares a commune for offline use: the expected number of tiles is cached, and panning inside it offline needs no network', async ({
	page,
	context
}) => {
	test.setTimeout(120_000);
	const index = communesOfCdc(CDC).findIndex((c) => c.code === '61309');
	expect(index).toBeGreaterThanOrEqual(0);
	const box = gridSquare(index);
	const ranges = tileRanges(box, 8, 16);
	const expected = estimate(ranges, { tileBytes: 1000 }).tiles;
	const expectedPaths = [...tilesOf(ranges)].map((t) => `/plan/${t.z}/${t.x}/${t.y}.png`).sort();
	expect(expectedPaths).toHaveLength(expected);
	const tileSize = solidPng(222, 235, 214).length;

	// 1. Online: the page, its worker, the territory, the outlines and the sources on the device.
	await page.goto(`${server.origin}/carte/hors-ligne`);
	await waitForServiceWorker(page);
	await waitForStored(page, 'territory', 'current');
	await waitForStored(page, 'territory', 'outlines');
	await waitForStored(page, 'meta', 'tileSources');
	await page.reload();
	await expect(page.getByRole('heading', { level: 1, name: 'Préparer la carte hors ligne' })).toBeVisible();
	await expect(page.getByRole('link', { name: 'Retour à la carte' })).toHaveAttribute('href', '/carte');
	await expect(page.getByTestId('areas-empty')).toHaveText('Aucune zone n’est préparée sur cet appareil.');

	// Only the source that may be prepared is offered; the other is named with the reason.
	const sources = page.getByRole('group', { name: 'Fond de carte' });
	await expect(sources.getByRole('radio')).toHaveCount(1);
	await expect(sources.getByRole('radio', { name: 'Plan de test' })).toBeChecked();
	await expect(sources.getByRole('radio', { name: /OpenStreetMap/ })).toHaveCount(0);
	await expect(page.getByTestId('source-excluded')).toContainText('OpenStreetMap (test) n’est pas proposé');
	await page.screenshot({ path: `${SCREENS}/1-empty.png` });

	// 2. Choose Perche en Nocé: the size is shown before anything is downloaded.
	await page.getByLabel('Rechercher une commune').fill('perche en noce');
	const checkbox = page.getByRole('checkbox', { name: /Perche en Nocé/ });
	await expect(checkbox).toBeEnabled();
	await checkbox.check();
	await expect(page.getByText('1 commune choisie')).toBeVisible();
	await expect(page.getByTestId('estimate')).toHaveText(`≈ ${formatCount(expected)} tuiles, environ ${formatBytes(expected * 1000)}`);
	await expect(page.getByTestId('free-space')).toContainText('Espace libre sur l’appareil : environ');
	expect(tiles.requests.filter((p) => p.startsWith('/plan/'))).toHaveLength(0);
	await expectNoSeriousA11yViolations(page);
	await page.getByRole('button', { name: 'Télécharger' }).scrollIntoViewIfNeeded();
	await page.screenshot({ path: `${SCREENS}/2-estimate.png` });

	// 3. Download, with a progress bar (caught when the machine is slow enough to show it).
	const before = tiles.requests.length;
	await page.getByRole('button', { name: 'Télécharger' }).click();
	const progress = page.getByTestId('download-progress');
	if (await progress.isVisible().catch(() => false)) {
		await expect(progress.locator('progress')).toBeVisible();
		await page.screenshot({ path: `${SCREENS}/3-progress.png` }).catch(() => undefined);
	}
	await expect(page.getByTestId('download-result')).toHaveText(`Perche en Nocé : prêt hors ligne (${formatBytes(expected * tileSize)}).`, { timeout: 60_000 });

	// Exactly the commune's tiles are kept, each asked of the tile server once.
	expect((await preparedPaths(page)).sort()).toEqual(expectedPaths);
	expect(tiles.requests.slice(before).sort()).toEqual(expectedPaths);

	// The list shows the area with its source, size and today's date.
	const today = new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', day: '2-digit', month: '2-digit', year: 'numeric' }).format(new Date());
	const area = page.getByTestId('prepared-area');
	await expect(area).toHaveCount(1);
	await expect(area).toContainText('Perche en Nocé');
	await expect(area.getByTestId('area-details')).toHaveText(`Plan de test · ${formatBytes(expected * tileSize)} · le ${today}`);
	await expect(area).not.toContainText('interrompu');
	await expectNoSeriousA11yViolations(page);
	await area.scrollIntoViewIfNeeded();
	await page.screenshot({ path: `${SCREENS}/4-prepared.png` });

	// Preparing it again asks nothing (every tile is already there) and lists it once.
	await page.getByLabel('Rechercher une commune').fill('perche en noce');
	await page.getByRole('checkbox', { name: /Perche en Nocé/ }).check();
	await page.getByRole('button', { name: 'Télécharger' }).click();
	await expect(page.getByTestId('download-result')).toContainText('prêt hors ligne');
	expect(tiles.requests.length).toBe(before + expected);
	await expect(page.getByTestId('prepared-area')).toHaveCount(1);

	// 4. Offline: the map screen shows the commune at zooms 12–16, from the device only.
	const asked = tiles.requests.length;
	await goOffline(context);
	await page.goto(`${server.origin}/carte`);
	await expect(page.getByTestId('map')).toBeVisible();
	await page.waitForFunction(() => !!window.__atlasMap, null, { timeout: 15_000 });
	const centre = { lat: (box.south + box.north) / 2, lon: (box.west + box.east) / 2 };
	const near = { lat: box.south + (box.north - box.south) * 0.25, lon: box.west + (box.east - box.west) * 0.7 };
	const shown: Record<number, number> = {};
	for (const z of [12, 13, 14, 15, 16]) shown[z] = await viewInside(page, centre.lat, centre.lon, z, ranges);
	shown[-16] = await viewInside(page, near.lat, near.lon, 16, ranges);
	console.log('prepared tiles shown offline per zoom (-16: a second place at 16):', JSON.stringify(shown));
	expect(Object.values(shown).every((n) => n > 0)).toBe(true);
	// Deeper than prepared (zoom 18): the zoom-16 tiles are enlarged, not a blank map.
	await page.evaluate(([la, lo]) => window.__atlasMap?.setView([la, lo], 18, { animate: false }), [centre.lat, centre.lon] as const);
	await page.waitForFunction(
		() =>
			window.__atlasMap?.getZoom() === 18 &&
			[...document.querySelectorAll<HTMLImageElement>('[data-testid="map"] img.leaflet-tile-loaded')].some(
				(img) => /TILEMATRIX=16&/.test(img.src) && img.naturalWidth === 256
			),
		null,
		{ polling: 100, timeout: 15_000 }
	);
	// At zoom 13 the whole commune is in view: its tiles shown, none around it (not prepared).
	await viewInside(page, centre.lat, centre.lon, 13, ranges);
	await page.getByTestId('map').scrollIntoViewIfNeeded();
	await page.screenshot({ path: `${SCREENS}/5-map-offline.png` });
	expect(tiles.requests.length).toBe(asked);

	// 5. Offline, the page explains why it cannot download; the prepared area is listed and removable.
	await page.goto(`${server.origin}/carte/hors-ligne`);
	await expect(page.getByTestId('prepared-area')).toHaveCount(1);
	await page.getByLabel('Rechercher une commune').fill('bretoncelles');
	await page.getByRole('checkbox', { name: /Bretoncelles/ }).check();
	await expect(page.getByRole('button', { name: 'Télécharger' })).toBeDisabled();
	await expect(page.getByTestId('offline-why')).toContainText('Pas de réseau');
	await page.getByTestId('offline-why').scrollIntoViewIfNeeded();
	await page.screenshot({ path: `${SCREENS}/6-offline.png` });

	await page.getByRole('button', { name: 'Supprimer la carte de Perche en Nocé' }).click();
	const dialog = page.getByRole('dialog', { name: 'Supprimer la carte de Perche en Nocé ?' });
	await expect(dialog).toBeVisible();
	await expectNoSeriousA11yViolations(page);
	await page.screenshot({ path: `${SCREENS}/7-remove.png` });
	await dialog.getByRole('button', { name: 'Supprimer la carte' }).click();
	await expect(page.getByTestId('areas-empty')).toHaveText('Aucune zone n’est préparée sur cet appareil.');
	expect(await preparedPaths(page)).toEqual([]);
	expect(tiles.requests.length).toBe(asked);
	await goOnline(context);
});

test('a download cancelled half-way is listed "interrompu" and resumed without asking again for what it had', async ({ browser }) => {
	test.setTimeout(120_000);
	const context = await browser.newContext({ viewport: { width: 360, height: 740 }, locale: 'fr-FR', timezoneId: 'Europe/Paris', serviceWorkers: 'allow' });
	const page = await context.newPage();
	// Every commune of the CDC: enough tiles (about 1,500) to cancel in the middle.
	const communes = communesOfCdc(CDC);
	const ranges = communes.flatMap((_, i) => tileRanges(gridSquare(i), 8, 16));
	const expectedPaths = [...tilesOf(ranges)].map((t) => `/plan/${t.z}/${t.x}/${t.y}.png`).sort();

	await page.goto(`${server.origin}/carte/hors-ligne`);
	await waitForServiceWorker(page);
	await waitForStored(page, 'territory', 'current');
	await waitForStored(page, 'territory', 'outlines');
	await waitForStored(page, 'meta', 'tileSources');
	await page.reload();
	const search = page.getByLabel('Rechercher une commune');
	for (const c of communes) {
		await search.fill(c.code); // a code finds its commune
		await page.getByTestId('commune-options').getByRole('checkbox', { checked: false }).first().check();
	}
	await search.fill('');
	await expect(page.getByText(`${communes.length} communes choisies`)).toBeVisible();
	await expect(page.getByTestId('estimate')).toContainText(`≈ ${formatCount(expectedPaths.length)} tuiles`);

	const before = tiles.requests.length;
	await page.getByRole('button', { name: 'Télécharger' }).click();
	const cancel = page.getByRole('button', { name: 'Annuler' });
	await expect(cancel).toBeFocused();
	await page.screenshot({ path: `${SCREENS}/8-progress-many.png` });
	await cancel.click();
	await expect(page.getByTestId('download-result')).toContainText('Téléchargement interrompu');
	const area = page.getByTestId('prepared-area');
	await expect(area).toContainText('interrompu');
	const kept = await preparedPaths(page);
	console.log(`cancelled after ${kept.length} of ${expectedPaths.length} tiles`);
	expect(kept.length).toBeGreaterThan(0);
	expect(kept.length).toBeLessThan(expectedPaths.length);
	await area.scrollIntoViewIfNeeded();
	await page.screenshot({ path: `${SCREENS}/9-interrupted.png` });
	await expectNoSeriousA11yViolations(page);

	await area.getByRole('button', { name: /^Reprendre le téléchargement de / }).click();
	await expect(page.getByTestId('download-result')).toContainText('prêt hors ligne', { timeout: 60_000 });
	await expect(page.getByTestId('prepared-area')).toHaveCount(1);
	await expect(page.getByTestId('prepared-area')).not.toContainText('interrompu');
	expect((await preparedPaths(page)).sort()).toEqual(expectedPaths);

	// Resuming asked only for the missing tiles: a tile is asked twice only if its request was in
	// flight when the download was cancelled (a few at a time).
	const asked = tiles.requests.slice(before);
	const counts = new Map<string, number>();
	for (const p of asked) counts.set(p, (counts.get(p) ?? 0) + 1);
	expect([...counts.keys()].sort()).toEqual(expectedPaths);
	const twice = [...counts.values()].filter((n) => n > 1);
	expect(twice.every((n) => n === 2)).toBe(true);
	expect(twice.length).toBeLessThanOrEqual(6);
	await context.close();
});
