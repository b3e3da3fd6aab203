/**
 * Issue 7, "maillage": show an élu the communes farther than N km from a working mill. The
 * coordinator's census holds two mills in service and one broken, pushed to the server; the
 * territory is one CDC of twelve synthetic square communes (tests/e2e/stubs.ts), so every distance
 * is known. The coordinator opens "Maillage du territoire" at a desk, chooses "Grains et graines"
 * and 5 km: the table's distances equal the haversine between square centres computed here, the
 * summary counts the communes beyond 5 km, the broken mill is ignored, the map shades and numbers
 * every commune and dashes those beyond; the "sans courant du réseau" view has no tool at all.
 * The CSV and XLSX exports download and read back to the same figures. A mairie sees the
 * analysis (not the exports), a volunteer is refused. axe at desk and phone sizes; screenshots.
 */
import { expect, test, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { mkdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { expectNoSeriousA11yViolations } from './helpers';
import { TestServer, createCoordinator, inviteLink } from './server';
import { GeoStub, TileStub, communesOfCdc, gridSquare, writeTerritory } from './stubs';

const CDC = '200068435';
const server = new TestServer(Number(process.env.E2E_COVERAGE_PORT ?? 4260));
const tiles = new TileStub(Number(process.env.E2E_COVERAGE_TILE_PORT ?? 4261));
const geo = new GeoStub(Number(process.env.E2E_COVERAGE_GEO_PORT ?? 4262));
const SCREENS = resolve('test-results/screens/coverage');

test.describe.configure({ mode: 'serial' });

/** The twelve communes in code order: commune i is grid square i. */
const communes = communesOfCdc(CDC);
const index = (code: string) => communes.findIndex((c) => c.code === code);

/** The centre of square i as [lon, lat] (the API Géo stand-in gives it as the commune's centre). */
function centre(i: number): [number, number] {
	const b = gridSquare(i);
	return [(b.west + b.east) / 2, (b.south + b.north) / 2];
}

/** Haversine, written again here (R = 6,371 km), independent of the app's. */
function km(a: [number, number], b: [number, number]): number {
	const rad = Math.PI / 180;
	const h = Math.sin(((b[1] - a[1]) * rad) / 2) ** 2 + Math.cos(a[1] * rad) * Math.cos(b[1] * rad) * Math.sin(((b[0] - a[0]) * rad) / 2) ** 2;
	return 2 * 6371 * Math.asin(Math.sqrt(h));
}

// Two mills in service: Berd'huis (square 0, the south-west corner) and Verrières (square 11, the
// north-east corner); a broken one in Moutiers-au-Perche (square 5, in the middle), to be ignored.
const MILLS = [
	{ id: 'SheetMillBerdhuis01', code: '61043', name: 'Moulin de Berd’huis', condition: 'en_service' },
	{ id: 'SheetMillVerrieres1', code: '61501', name: 'Moulin de Verrières', condition: 'en_service' },
	{ id: 'SheetMillMoutiers01', code: '61300', name: 'Moulin cassé de Moutiers', condition: 'hors_service' }
];
const THRESHOLD = 5;

/** What the table must say: 0 in a commune with a mill in service, else the nearest centre-to-mill. */
const expected = new Map(
	communes.map((c, i) => {
		const working = MILLS.filter((m) => m.condition === 'en_service');
		const d = working.some((m) => m.code === c.code) ? 0 : Math.min(...working.map((m) => km(centre(i), centre(index(m.code)))));
		return [c.code, d];
	})
);
const beyond = [...expected.values()].filter((d) => d > THRESHOLD).length;

let desk: { context: BrowserContext; page: Page };

async function open(browser: Browser, viewport: { width: number; height: number }, storageState?: Awaited<ReturnType<BrowserContext['storageState']>>) {
	const context = await browser.newContext({
		viewport,
		deviceScaleFactor: 1,
		locale: 'fr-FR',
		timezoneId: 'Europe/Paris',
		serviceWorkers: 'allow',
		storageState
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
	desk = await open(browser, { width: 1280, height: 800 });
	await createCoordinator(desk.page, server);

	// The mills reach the server as a phone would send them.
	const hlc = '2026-11-28T10:00:00.000Z-0000-claire';
	const mutations = MILLS.map((m, i) => {
		const [lon, lat] = centre(index(m.code));
		const fields = {
			category: 'moulin_farine',
			name: m.name,
			commune: m.code,
			location: { lat, lon, accuracy: 8, source: 'gps', at: '2026-11-28T09:00:00.000Z' },
			condition: m.condition,
			worksWithoutMains: 'non',
			status: 'valide'
		};
		return { seq: i + 1, recordId: m.id, fields: Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, { v, hlc }])) };
	});
	const res = await desk.page.request.post(`${server.origin}/api/sync/push`, {
		data: { protocol: 1, schemaVersion: 1, clientId: 'coverage-e2e-desk1', mutations },
		headers: { Origin: server.origin }
	});
	expect(res.status()).toBe(200);
	expect(await res.json()).toMatchObject({ rejected: [] });
});

test.afterAll(async () => {
	await desk?.context.close();
	await server.dispose();
	await tiles.stop();
	await geo.stop();
});

/** The table as shown: INSEE code → the distance read from the screen (km, null for "aucun"). */
async function shownDistances(page: Page): Promise<Map<string, number | null>> {
	const rows = page.getByTestId('coverage-row');
	await expect(rows).toHaveCount(communes.length);
	const out = new Map<string, number | null>();
	for (const row of await rows.all()) {
		const text = (await row.getByTestId('coverage-distance').innerText()).trim();
		const m = /^([\d\s\u202f,]+) km$/.exec(text);
		out.set(
			(await row.getAttribute('data-insee')) as string,
			m ? Number((m[1] as string).replace(/[\s\u202f]/g, '').replace(',', '.')) : text === 'aucun' ? null : NaN
		);
	}
	return out;
}

test('the coordinator sees the communes farther than 5 km from a working mill, on the map and in the table', async () => {
	test.setTimeout(90_000);
	const { page } = desk;
	// From « Équipe », where the coordinator's tools are listed.
	await page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Équipe' }).click();
	await page.getByRole('link', { name: /Maillage du territoire/ }).click();
	await expect(page).toHaveURL(/\/maillage/);
	await expect(page.getByRole('heading', { name: 'Maillage du territoire', level: 1 })).toBeVisible();
	await page.getByLabel('Famille d’outils').selectOption({ label: 'Grains et graines' });
	await page.getByLabel('Seuil (km)').fill(String(THRESHOLD));

	// The distances: the haversine between square centres, to 0.1 km (the screen shows one decimal).
	await expect(page.getByTestId('coverage-beyond')).toHaveAttribute('data-count', String(beyond));
	const shown = await shownDistances(page);
	for (const [code, d] of expected) {
		const got = shown.get(code);
		expect(got, code).not.toBeNull();
		expect(Math.abs((got as number) - d), `${code}: shown ${got}, expected ${d.toFixed(3)}`).toBeLessThanOrEqual(0.1);
	}
	// The squares are 0.04° apart: 2.96 km east-west, 4.45 km north-south at this latitude, so the
	// communes two columns from both mills, or one column and one row, are beyond 5 km: six of them.
	expect(expected.get('61050')).toBeCloseTo(2.958, 2);
	expect(beyond).toBe(6);
	await expect(page.getByTestId('coverage-beyond')).toContainText(`${beyond} communes sans outil « Grains et graines » en service à moins de 5 km`);

	// The broken mill counts for nothing: Moutiers is not at 0 km and no row names it.
	expect(shown.get('61300')).toBeGreaterThan(0);
	await expect(page.getByTestId('coverage-table')).not.toContainText('Moulin cassé');

	// The farthest first (the default order), then sorted by distance ascending with the button.
	const first = await page.getByTestId('coverage-row').first().getAttribute('data-insee');
	expect(expected.get(first as string)).toBe(Math.max(...expected.values()));
	await page.getByTestId('coverage-sort-distance').click();
	await expect(page.getByRole('columnheader', { name: /Distance/ })).toHaveAttribute('aria-sort', 'ascending');
	expect(await page.getByTestId('coverage-row').first().getAttribute('data-insee')).toMatch(/^(61043|61501)$/);

	// The map: every commune shaded and numbered; the ones beyond the threshold dashed; the two mills.
	const map = page.getByTestId('coverage-map');
	await expect(map.locator('path.leaflet-interactive')).toHaveCount(communes.length);
	await expect(map.locator('.coverage-label')).toHaveCount(communes.length);
	await expect(map.locator('path.leaflet-interactive[stroke-dasharray]')).toHaveCount(beyond);
	await expect(map.locator('path.coverage-tool')).toHaveCount(2);
	await expect(page.getByTestId('coverage-legend')).toContainText('Classe 4 : plus de 5 km');

	await expectNoSeriousA11yViolations(page);
	await page.screenshot({ path: `${SCREENS}/coverage-desk.png` });
	await page.screenshot({ path: `${SCREENS}/coverage-desk-full.png`, fullPage: true });
});

test('the exports read back to the same distances', async () => {
	const { page } = desk;
	const [csvDownload] = await Promise.all([page.waitForEvent('download'), page.getByTestId('coverage-export-csv').click()]);
	expect(csvDownload.suggestedFilename()).toMatch(/^maillage-grains-en-service-5km-\d{4}-\d{2}-\d{2}\.csv$/);
	const text = readFileSync((await csvDownload.path()) as string, 'utf8');
	expect(text.charCodeAt(0)).toBe(0xfeff);
	const lines = parse(text, { delimiter: ';', bom: true }) as string[][];
	const head = lines[0] as string[];
	expect(head.slice(0, 6)).toEqual(['Code INSEE', 'Commune', 'Communauté de communes', 'Distance (km)', 'Classe', 'Au-delà du seuil']);
	expect(lines).toHaveLength(1 + communes.length);
	for (const line of lines.slice(1)) {
		const d = expected.get(line[0] as string) as number;
		expect(Math.abs(Number((line[3] as string).replace(',', '.')) - d), line.join(';')).toBeLessThanOrEqual(0.01);
		expect(line[5]).toBe(d > THRESHOLD ? 'Oui' : 'Non');
	}

	const [xlsxDownload] = await Promise.all([page.waitForEvent('download'), page.getByTestId('coverage-export-xlsx').click()]);
	const wb = new ExcelJS.Workbook();
	await wb.xlsx.load(readFileSync((await xlsxDownload.path()) as string) as unknown as ArrayBuffer);
	const ws = wb.getWorksheet('Maillage');
	expect(ws?.rowCount).toBe(1 + communes.length);
	for (const row of ws?.getRows(2, communes.length) ?? []) {
		const distance = row.getCell(4).value;
		expect(typeof distance).toBe('number');
		expect(Math.abs((distance as number) - (expected.get(row.getCell(1).value as string) as number))).toBeLessThanOrEqual(0.001);
	}
});

test('without mains power, no mill counts: every commune "aucun"', async () => {
	const { page } = desk;
	await page.getByRole('radio', { name: 'En service et sans courant du réseau' }).check();
	await expect(page).toHaveURL(/view=mains/);
	await expect(page.getByTestId('coverage-beyond')).toHaveAttribute('data-count', String(communes.length));
	await expect(page.getByTestId('coverage-summary')).toContainText(
		`${communes.length} communes sans outil « Grains et graines » en service sans courant du réseau à moins de 5 km`
	);
	await expect(page.getByTestId('coverage-summary')).toContainText(`dont ${communes.length} sans aucun outil`);
	await expect(page.getByTestId('coverage-summary')).toContainText(`Aucun outil compté sur ${communes.length} communes analysées.`);
	const shown = await shownDistances(page);
	expect([...shown.values()].every((d) => d === null)).toBe(true);
	await expect(page.getByTestId('coverage-map').locator('path.coverage-tool')).toHaveCount(0);
	await page.screenshot({ path: `${SCREENS}/coverage-desk-mains.png` });
});

test('on a phone at 360 px the same screen fits, and passes axe', async ({ browser }) => {
	const phone = await open(browser, { width: 360, height: 740 }, await desk.context.storageState());
	try {
		const { page } = phone;
		await page.goto(`${server.origin}/maillage?view=service&family=grains&category=moulin_farine&threshold=5`);
		await expect(page.getByLabel('Catégorie')).toHaveValue('moulin_farine');
		await expect(page.getByTestId('coverage-beyond')).toHaveAttribute('data-count', String(beyond));
		await expect(page.getByTestId('coverage-map').locator('.coverage-label')).toHaveCount(communes.length);
		const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
		expect(overflow).toBeLessThanOrEqual(0);
		await expectNoSeriousA11yViolations(page);
		await page.screenshot({ path: `${SCREENS}/coverage-phone.png` });
		await page.screenshot({ path: `${SCREENS}/coverage-phone-full.png`, fullPage: true });
		await page.getByTestId('coverage-table').scrollIntoViewIfNeeded();
		await page.screenshot({ path: `${SCREENS}/coverage-phone-table.png` });
	} finally {
		await phone.context.close();
	}
});

test('a mairie sees the analysis but not the exports; a volunteer is refused', async ({ browser }) => {
	const join = async (body: object, name: string) => {
		const token = (await inviteLink(desk.page, server, body)).split('#')[1];
		const context = await browser.newContext();
		const res = await context.request.post(`${server.origin}/api/join`, { data: { token, name }, headers: { Origin: server.origin } });
		expect(res.status()).toBe(201);
		return context;
	};
	const mairie = await join({ role: 'mairie', communes: ['61309'] }, 'Mairie de Perche en Nocé');
	const volunteer = await join({ role: 'benevole' }, 'Marie');
	try {
		const analysis = await mairie.request.get(`${server.origin}/api/coverage?family=grains&threshold=5`);
		expect(analysis.status()).toBe(200);
		expect(((await analysis.json()) as { communes: unknown[] }).communes).toHaveLength(communes.length);
		expect((await mairie.request.get(`${server.origin}/api/coverage/export?format=csv`)).status()).toBe(403);
		expect((await volunteer.request.get(`${server.origin}/api/coverage`)).status()).toBe(403);
		expect((await mairie.request.get(`${server.origin}/api/coverage?family=grains&category=pressoir`)).status()).toBe(400);
	} finally {
		await mairie.close();
		await volunteer.close();
	}
});
