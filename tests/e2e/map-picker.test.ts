/**
 * Issue 6: the small map of the sheet form. A volunteer places the tool's point by tapping the map
 * (and drags it), the point is stored as placed by hand, and the commune is found from the point
 * with the commune outlines kept on the phone: an empty commune is filled in, a chosen one is only
 * proposed. It works offline too (outlines on the device, no tile needed), and the form itself
 * loads no map code until the map is opened.
 *
 * Runs its own server with a local tile server and API Géo stand-in (tests/e2e/stubs.ts): the
 * synthetic outlines are squares on a grid, so the test knows which commune holds which point.
 */
import { expect, test, type Page, type Request } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { expectNoSeriousA11yViolations, goOffline, waitForServiceWorker } from './helpers';
import { expectSaved, newSheet, readStore, waitForTerritoryStored, waitForStored } from './pages';
import { TestServer } from './server';
import { GeoStub, TileStub, communesOfCdc, gridSquare, writeTerritory } from './stubs';

const CDC = '200068435';
const server = new TestServer(Number(process.env.E2E_PICKER_PORT ?? 4230));
const tiles = new TileStub(Number(process.env.E2E_PICKER_TILE_PORT ?? 4231));
const geo = new GeoStub(Number(process.env.E2E_PICKER_GEO_PORT ?? 4232));
const SCREENS = resolve('test-results/screens/map-picker');

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

interface StoredSheet {
	id: string;
	fields: { commune: string | null; location: { lat: number; lon: number; accuracy: number | null; source: string; at: string } | null };
}

/** The centre of the grid square of commune `i` (code order), as the API Géo stand-in draws it. */
function centreOf(i: number): { lat: number; lon: number } {
	const b = gridSquare(i);
	return { lat: (b.south + b.north) / 2, lon: (b.west + b.east) / 2 };
}

/** Metres between two nearby points (equirectangular: plenty at a few hundred metres). */
function metres(a: { lat: number; lon: number }, b: { lat: number; lon: number }): number {
	const k = (Math.PI / 180) * 6_371_000;
	return Math.hypot((a.lat - b.lat) * k, (a.lon - b.lon) * k * Math.cos((a.lat * Math.PI) / 180));
}

async function readSheet(page: Page, id: string): Promise<StoredSheet['fields']> {
	const rows = await readStore<StoredSheet>(page, 'sheets');
	const row = rows.find((r) => r.id === id);
	if (!row) throw new Error(`sheet ${id} not stored`);
	return row.fields;
}

async function openPicker(page: Page, name: 'Placer sur la carte' | 'Ajuster sur la carte'): Promise<void> {
	await page.getByRole('button', { name }).click();
	await expect(page.getByTestId('point-picker').locator('.leaflet-container')).toBeVisible();
	await page.waitForFunction(() => (window as unknown as { __atlasPickerMap?: unknown }).__atlasPickerMap !== undefined);
}

/**
 * What the volunteer does with two fingers: bring a place into the middle of the small map, close
 * enough that a fingertip is a few metres (zoom 17: about 0.8 m a pixel here). Then the map is
 * brought to the middle of the screen, clear of the header and the tab bar.
 */
async function zoomTo(page: Page, at: { lat: number; lon: number }, zoom = 17): Promise<void> {
	await page.evaluate(
		({ lat, lon, z }) =>
			new Promise<void>((done) => {
				const map = (window as unknown as { __atlasPickerMap: import('leaflet').Map }).__atlasPickerMap;
				map.once('moveend', () => done());
				map.setView([lat, lon], z, { animate: false });
			}),
		{ lat: at.lat, lon: at.lon, z: zoom }
	);
	await page
		.getByTestId('point-picker')
		.locator('.leaflet-container')
		.evaluate((el) => el.scrollIntoView({ block: 'center' }));
}

/** The screen position of a place on the small map. */
async function screenPoint(page: Page, at: { lat: number; lon: number }): Promise<{ x: number; y: number }> {
	const p = await page.evaluate(({ lat, lon }) => {
		const map = (window as unknown as { __atlasPickerMap: import('leaflet').Map }).__atlasPickerMap;
		const c = map.latLngToContainerPoint([lat, lon]);
		return { x: c.x, y: c.y };
	}, at);
	const box = await page.getByTestId('point-picker').locator('.leaflet-container').boundingBox();
	if (!box) throw new Error('the small map is not on screen');
	return { x: box.x + p.x, y: box.y + p.y };
}

/** The place under a screen position of the small map (what a tap there stands for). */
async function placeAt(page: Page, screen: { x: number; y: number }): Promise<{ lat: number; lon: number }> {
	const box = await page.getByTestId('point-picker').locator('.leaflet-container').boundingBox();
	if (!box) throw new Error('the small map is not on screen');
	return page.evaluate(
		({ x, y }) => {
			const map = (window as unknown as { __atlasPickerMap: import('leaflet').Map }).__atlasPickerMap;
			const ll = map.containerPointToLatLng([x, y]);
			return { lat: ll.lat, lon: ll.lng };
		},
		{ x: screen.x - box.x, y: screen.y - box.y }
	);
}

async function tapMap(page: Page, at: { lat: number; lon: number }): Promise<void> {
	const p = await screenPoint(page, at);
	await page.touchscreen.tap(p.x, p.y);
}

test('places a point by tapping the small map and gets the right commune proposed', async ({ page }) => {
	test.setTimeout(120_000);
	const communes = communesOfCdc(CDC);
	const ia = communes.findIndex((c) => c.code === '61309');
	const ib = (ia + 5) % communes.length;
	const a = communes[ia] as { code: string; nom: string };
	const b = communes[ib] as { code: string; nom: string };
	const inA = centreOf(ia);
	const inB = centreOf(ib);

	await page.goto(`${server.origin}/`);
	await waitForServiceWorker(page);
	await waitForTerritoryStored(page);
	await waitForStored(page, 'territory', 'outlines');
	await waitForStored(page, 'meta', 'tileSources');

	// 1. The form alone loads no map code: the scripts and styles fetched on opening the small map
	// (its component, Leaflet, Leaflet's CSS) were never fetched before.
	const code = (r: Request) => ['script', 'stylesheet'].includes(r.resourceType()) || /\.(js|css)(\?|$)/.test(r.url());
	const before = new Set<string>();
	const onBefore = (r: Request) => code(r) && before.add(r.url());
	page.on('request', onBefore);
	const id = await newSheet(page, 'pressoir');
	await expect(page.getByRole('button', { name: 'Placer sur la carte' })).toBeVisible();
	// Whatever the form would fetch by itself has had time to start.
	await page.waitForTimeout(500);
	page.off('request', onBefore);
	expect(await page.evaluate(() => document.querySelector('.leaflet-container') === null && (window as unknown as { L?: unknown }).L === undefined)).toBe(true);
	expect([...before].filter((u) => /leaflet/i.test(u))).toEqual([]);

	const opened: string[] = [];
	const onOpen = (r: Request) => code(r) && opened.push(r.url());
	page.on('request', onOpen);
	await openPicker(page, 'Placer sur la carte');
	page.off('request', onOpen);
	// What the volunteer sees on opening it (the page scrolled by the app itself).
	await page.screenshot({ path: `${SCREENS}/0-picker-opened-360.png` });
	expect(opened.filter((u) => u.endsWith('.js')).length, 'opening the map fetches its code').toBeGreaterThan(0);
	expect(
		opened.some((u) => /leaflet/i.test(u)),
		"Leaflet's stylesheet comes with the map"
	).toBe(true);
	expect(
		opened.filter((u) => before.has(u)),
		'nothing of the map was fetched with the form'
	).toEqual([]);

	// 2. The map opens on the territory: its outlines are drawn, tiles come from the configured source.
	const picker = page.getByTestId('point-picker');
	await expect(picker.locator('.leaflet-overlay-pane path')).toHaveCount(communes.length);
	await expect.poll(() => tiles.requests.some((p) => p.startsWith('/plan/'))).toBe(true);
	await expect(page.getByRole('button', { name: 'Valider ce point' })).toBeDisabled();
	await picker.locator('.leaflet-container').evaluate((el) => el.scrollIntoView({ block: 'center' }));
	await page.screenshot({ path: `${SCREENS}/1-picker-open-360.png` });
	await expectNoSeriousA11yViolations(page); // the form with the small map open

	// 3. A tap in commune A: the draft says where it is; nothing is stored before « Valider ».
	await zoomTo(page, inA);
	await tapMap(page, inA);
	await expect(page.getByTestId('picker-draft')).toContainText(`Dans la commune : ${a.nom}`);
	expect((await readSheet(page, id)).location).toBeNull();
	await page.screenshot({ path: `${SCREENS}/2-picker-placed-360.png` });
	await page.getByRole('button', { name: 'Valider ce point' }).click();
	await expect(picker).toHaveCount(0);
	await expect(page.getByRole('button', { name: 'Ajuster sur la carte' })).toBeFocused();

	// The point is stored by hand, a few metres from the tap at most; the empty commune is filled in.
	await expectSaved(page);
	let stored = await readSheet(page, id);
	expect(stored.location?.source).toBe('manuel');
	expect(stored.location?.accuracy).toBeNull();
	expect(metres(stored.location ?? { lat: 0, lon: 0 }, inA)).toBeLessThan(3);
	expect(stored.commune).toBe(a.code);
	await expect(page.getByTestId('gps-commune')).toHaveText(`Commune trouvée d’après le point : ${a.nom}`);
	await expect(page.getByText('Point placé à la main')).toBeVisible();
	const place = page.locator('section[aria-labelledby="s-place"]');
	await expect(place.getByText(a.nom, { exact: true })).toBeVisible();
	await page.getByTestId('gps-commune').scrollIntoViewIfNeeded();
	await page.screenshot({ path: `${SCREENS}/3-commune-set-360.png` });

	// 4. « Annuler » changes nothing: a stray tap does not move the point.
	await openPicker(page, 'Ajuster sur la carte');
	await zoomTo(page, inB);
	await tapMap(page, inB);
	await page.getByRole('button', { name: 'Annuler' }).click();
	await expect(picker).toHaveCount(0);
	expect((await readSheet(page, id)).location).toEqual(stored.location);

	// 5. Moved into commune B (a tap, then the marker dragged a little): B is proposed, A stays
	// until « Utiliser cette commune ».
	await openPicker(page, 'Ajuster sur la carte');
	await zoomTo(page, inB);
	await tapMap(page, inB);
	const pin = await screenPoint(page, inB);
	// Grab the pin by its head (it stands above the point) and drop it 40 px to the right.
	await page.mouse.move(pin.x, pin.y - 25);
	await page.mouse.down();
	await page.mouse.move(pin.x + 20, pin.y - 25, { steps: 5 });
	await page.mouse.move(pin.x + 40, pin.y - 25, { steps: 5 });
	await page.mouse.up();
	const dropped = await placeAt(page, { x: pin.x + 40, y: pin.y });
	await expect(page.getByTestId('picker-draft')).toContainText(`Dans la commune : ${b.nom}`);
	await page.getByRole('button', { name: 'Valider ce point' }).click();
	await expectSaved(page);
	stored = await readSheet(page, id);
	expect(metres(stored.location ?? { lat: 0, lon: 0 }, dropped)).toBeLessThan(3);
	expect(metres(stored.location ?? { lat: 0, lon: 0 }, inB)).toBeGreaterThan(5); // the drag moved it
	expect(stored.location?.source).toBe('manuel');
	expect(stored.commune).toBe(a.code);
	// The point now lies outside the sheet's commune A: said so, with how far, before B is proposed.
	// (Any space may be a non-breaking one: French typography.)
	const said = `^Le point est à [\\d,]+ km hors de ${a.nom} : vérifiez la commune ou le point\\. Le point est dans ${b.nom}\\.$`;
	await expect(page.getByTestId('gps-commune')).toHaveText(new RegExp(said.replaceAll(' ', '\\s')));
	await expect(place.getByText(a.nom, { exact: true })).toBeVisible();
	await page.getByTestId('gps-commune').scrollIntoViewIfNeeded();
	await page.screenshot({ path: `${SCREENS}/4-commune-proposed-360.png` });
	await expectNoSeriousA11yViolations(page); // the proposal
	await page.getByRole('button', { name: 'Utiliser cette commune' }).click();
	await expectSaved(page);
	expect((await readSheet(page, id)).commune).toBe(b.code);
	await expect(place.getByText(b.nom, { exact: true })).toBeVisible();
	await expect(page.getByTestId('gps-commune')).toHaveText('');

	// 6. A point outside every outline: said so, the commune is kept.
	await openPicker(page, 'Ajuster sur la carte');
	const outside = { lat: gridSquare(0).south - 0.02, lon: gridSquare(0).west - 0.02 };
	await zoomTo(page, outside);
	await tapMap(page, outside);
	await expect(page.getByTestId('picker-draft')).toContainText('Hors du territoire connu');
	await page.getByRole('button', { name: 'Valider ce point' }).click();
	// Outside the sheet's commune B too: how far is said first.
	const outsideSaid = `^Le point est à [\\d,]+ km hors de ${b.nom} : vérifiez la commune ou le point\\. Ce point est hors du territoire connu\\.$`;
	await expect(page.getByTestId('gps-commune')).toHaveText(new RegExp(outsideSaid.replaceAll(' ', '\\s')));
	await expectSaved(page);
	expect((await readSheet(page, id)).commune).toBe(b.code);
});

test('offline, the small map shows the outlines kept on the phone and proposes the commune', async ({ page, context }) => {
	test.setTimeout(90_000);
	const communes = communesOfCdc(CDC);
	const ic = 3;
	const c = communes[ic] as { code: string; nom: string };
	const inC = centreOf(ic);

	await page.goto(`${server.origin}/`);
	await waitForServiceWorker(page);
	await waitForTerritoryStored(page);
	await waitForStored(page, 'territory', 'outlines');
	await waitForStored(page, 'meta', 'tileSources');

	await goOffline(context);
	await page.reload();
	const id = await newSheet(page, 'pressoir');
	await page.reload(); // the form itself, opened from the phone alone
	await openPicker(page, 'Placer sur la carte');
	const picker = page.getByTestId('point-picker');
	await expect(picker.getByText('Hors connexion', { exact: false })).toBeVisible();
	await expect(picker.locator('.leaflet-overlay-pane path')).toHaveCount(communes.length);
	await page.screenshot({ path: `${SCREENS}/5-offline-picker-open-360.png` });
	await zoomTo(page, inC);
	await tapMap(page, inC);
	await expect(page.getByTestId('picker-draft')).toContainText(`Dans la commune : ${c.nom}`);
	await page.screenshot({ path: `${SCREENS}/5-offline-picker-placed-360.png` });
	await page.getByRole('button', { name: 'Valider ce point' }).click();
	await expect(page.getByTestId('gps-commune')).toHaveText(`Commune trouvée d’après le point : ${c.nom}`);
	await expectSaved(page);
	const stored = await readSheet(page, id);
	expect(stored.commune).toBe(c.code);
	expect(stored.location?.source).toBe('manuel');
	expect(metres(stored.location ?? { lat: 0, lon: 0 }, inC)).toBeLessThan(3);

	// « Changer » brings up the commune search, with the focus in it.
	await page.getByRole('button', { name: 'Changer', exact: true }).click();
	await expect(page.locator('#f-commune')).toBeFocused();
});

test('a GPS point proposes its commune too, and its accuracy circle is drawn on the small map', async ({ page, context }) => {
	const communes = communesOfCdc(CDC);
	const id0 = 6;
	const d = communes[id0] as { code: string; nom: string };
	const inD = centreOf(id0);
	await context.grantPermissions(['geolocation'], { origin: server.origin });
	await context.setGeolocation({ latitude: inD.lat, longitude: inD.lon, accuracy: 35 });

	await page.goto(`${server.origin}/`);
	await waitForServiceWorker(page);
	await waitForTerritoryStored(page);
	await waitForStored(page, 'territory', 'outlines');
	const id = await newSheet(page, 'pressoir');
	await page.getByRole('button', { name: 'Prendre la position GPS' }).click();
	await expect(page.getByTestId('gps-accuracy')).toHaveText('Précision : 35 m');
	await expect(page.getByTestId('gps-commune')).toHaveText(`Commune trouvée d’après le point : ${d.nom}`);
	await expectSaved(page);
	const stored = await readSheet(page, id);
	expect(stored.commune).toBe(d.code);
	expect(stored.location?.source).toBe('gps');

	await openPicker(page, 'Ajuster sur la carte');
	// The circle (an SVG path of the overlay pane besides the outlines) and the point's pin.
	await expect(page.getByTestId('point-picker').locator('.leaflet-overlay-pane path')).toHaveCount(communes.length + 1);
	await expect(page.getByTestId('point-picker').locator('.atlas-pin')).toHaveCount(1);
	await expect(page.getByText('Le cercle bleu montre la précision du GPS (35 m).')).toBeVisible();
	await page
		.getByTestId('point-picker')
		.locator('.leaflet-container')
		.evaluate((el) => el.scrollIntoView({ block: 'center' }));
	await page.screenshot({ path: `${SCREENS}/6-gps-circle-360.png` });
	// Opened and closed without a tap: the GPS point stays a GPS point.
	await expect(page.getByRole('button', { name: 'Valider ce point' })).toBeDisabled();
	await page.getByRole('button', { name: 'Annuler' }).click();
	expect((await readSheet(page, id)).location?.source).toBe('gps');

	// Without tapping the map (keyboard, screen reader): pan, then « Mettre le point sous la croix ».
	await openPicker(page, 'Ajuster sur la carte');
	const north = { lat: inD.lat + 0.001, lon: inD.lon };
	await zoomTo(page, north);
	await page.getByRole('button', { name: 'Mettre le point sous la croix' }).click();
	await page.getByRole('button', { name: 'Valider ce point' }).click();
	await expectSaved(page);
	const moved = await readSheet(page, id);
	expect(moved.location?.source).toBe('manuel');
	expect(metres(moved.location ?? { lat: 0, lon: 0 }, north)).toBeLessThan(1);
	expect(moved.commune).toBe(d.code);
});
