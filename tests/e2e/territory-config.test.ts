/**
 * Issue 7, item 5: the coordinator changes the territory of the census on /territoire — keeps only
 * the CC Cœur du Perche, adds La Ferté-Vidame found by a search without accents, renames it, saves —
 * and the server serves 12 + 1 communes at once (this device's commune list and map outlines too,
 * the outlines fetched again from a local stand-in of the API Géo). A sheet recorded before in a
 * commune that has left the territory (Senonches) is still in « Mes fiches ». Back to the default:
 * 128 communes. Offline, the screen says it needs the network.
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { expectNoSeriousA11yViolations, goOffline, goOnline, waitForServiceWorker } from './helpers';
import { expectSaved, newSheet, pickCommune, readStore, waitForTerritoryStored } from './pages';
import { TestServer, createCoordinator } from './server';
import { GeoStub } from './stubs';

const server = new TestServer(Number(process.env.E2E_TERRITORY_PORT ?? 4280));
const geo = new GeoStub(Number(process.env.E2E_TERRITORY_GEO_PORT ?? 4282));
const SCREENS = resolve('test-results/screens/territory-config');

test.beforeAll(async () => {
	mkdirSync(SCREENS, { recursive: true });
	await geo.start();
	server.env = { ATLAS_GEO_API: geo.origin };
	await server.start();
});
test.afterAll(async () => {
	await server.dispose();
	await geo.stop();
});

const COEUR = 'CC Coeur du Perche';
const OTHER_CDCS = [
	'CC des Hauts du Perche',
	'CC du Pays de Mortagne-au-Perche',
	'CC des Collines du Perche Normand',
	'CC du Perche',
	'CC Terres de Perche',
	'CC des Forêts du Perche'
];

interface ServedTerritory {
	name: string;
	communes: { insee: string; cdc: { name: string } | null }[];
}

async function servedTerritory(page: Page): Promise<ServedTerritory> {
	return (await (await page.request.get(`${server.origin}/api/territory`)).json()) as ServedTerritory;
}

async function shoot(page: Page, name: string): Promise<void> {
	await page.screenshot({ path: `${SCREENS}/${name}-360.png`, fullPage: true });
	await page.setViewportSize({ width: 1280, height: 800 });
	await page.screenshot({ path: `${SCREENS}/${name}-1280.png`, fullPage: true });
	await page.setViewportSize({ width: 360, height: 740 });
}

test('the coordinator narrows the territory to one CDC plus a commune, keeps every sheet, then goes back to the Perche', async ({ page, context }) => {
	test.setTimeout(180_000);
	await createCoordinator(page, server);
	await waitForServiceWorker(page);
	await waitForTerritoryStored(page);

	// Before: a sheet in Senonches (CC des Forêts du Perche), sent to the server.
	await page.goto(`${server.origin}/`);
	await newSheet(page, 'moulin_farine');
	await page.getByLabel('Nom de l’outil ou du lieu').fill('Moulin de Senonches');
	await pickCommune(page, 'senonches', 'Senonches');
	await expectSaved(page);
	await page.goto(`${server.origin}/`);
	await page.getByRole('button', { name: 'Synchroniser maintenant' }).click();
	await expect(page.getByTestId('sync-bar')).toContainText('Tout est envoyé.', { timeout: 20_000 });

	// Équipe → Territoire du recensement: the default, 7 CDC and 128 communes.
	await page.goto(`${server.origin}/equipe`);
	await page.getByRole('link', { name: 'Territoire du recensement' }).click();
	await expect(page).toHaveURL(/\/territoire$/);
	await expect(page.getByRole('heading', { name: 'Territoire du recensement', level: 1 })).toBeVisible();
	const summary = page.getByTestId('territory-summary');
	await expect(summary).toHaveText('7 communautés de communes, 128 communes');
	await expect(page.getByText('C’est le territoire par défaut')).toBeVisible();
	await expect(page.getByText('Aucune fiche n’est supprimée : les fiches des communes qui sortent')).toBeVisible();
	await expectNoSeriousA11yViolations(page);
	await shoot(page, '1-default');

	// Keep only the CC Cœur du Perche.
	for (const name of OTHER_CDCS) await page.getByRole('button', { name: `Retirer ${name}` }).click();
	await expect(page.getByTestId('territory-cdcs').getByRole('listitem')).toHaveCount(1);
	await expect(page.getByTestId('territory-cdcs')).toContainText(COEUR);
	await expect(page.getByTestId('territory-cdcs')).toContainText('12 communes');
	await expect(summary).toHaveText('1 communauté de communes, 12 communes');
	await expect(page.getByText('Modifications non enregistrées.')).toBeVisible();

	// Add La Ferté-Vidame, typed without accents.
	await page.getByLabel('Chercher une communauté de communes ou une commune').fill('ferte vidame');
	const found = page.getByTestId('found-communes').getByRole('button', { name: /La Ferté-Vidame/ });
	await expect(found).toContainText('28 · CC des Forêts du Perche');
	await expect(page.getByTestId('territory-search-status')).toHaveText('1 commune trouvée.');
	await found.click();
	await expect(found).toBeDisabled();
	await expect(found).toContainText('Déjà choisie');
	await expect(page.getByTestId('territory-search-status')).toHaveText('La Ferté-Vidame ajoutée au territoire.');
	await expect(page.getByTestId('territory-communes')).toContainText('La Ferté-Vidame');
	await expect(summary).toHaveText('1 communauté de communes, 13 communes');
	// A CDC found by its name without accents either.
	await page.getByLabel('Chercher une communauté de communes ou une commune').fill('coeur du perche');
	await expect(page.getByTestId('found-cdcs').getByRole('button', { name: new RegExp(COEUR) })).toBeDisabled();

	await page.getByLabel('Nom du territoire').fill('Cœur du Perche et La Ferté-Vidame');
	await expectNoSeriousA11yViolations(page);
	await shoot(page, '2-edited');

	const outlinesBefore = geo.requests.length;
	await page.getByRole('button', { name: 'Enregistrer' }).click();
	await expect(page.getByText('Territoire enregistré : 1 communauté de communes, 13 communes.')).toBeVisible();
	await expect(page.getByText('Modifications non enregistrées.')).toBeHidden();
	await expect(summary).toHaveText('1 communauté de communes, 13 communes');

	// The server serves the new territory…
	const served = await servedTerritory(page);
	expect(served.name).toBe('Cœur du Perche et La Ferté-Vidame');
	expect(served.communes).toHaveLength(13);
	expect(served.communes.filter((c) => c.cdc?.name === COEUR)).toHaveLength(12);
	expect(served.communes.map((c) => c.insee)).toContain('28149');
	expect(served.communes.map((c) => c.insee)).not.toContain('28373');
	// …this device took it at once…
	await expect
		.poll(
			async () => (await readStore<{ key: string; value: { communes: unknown[] } }>(page, 'territory')).find((r) => r.key === 'current')?.value.communes.length
		)
		.toBe(13);
	// …and the outlines were fetched again for it, from the API Géo (here its local stand-in).
	await expect.poll(() => geo.requests.slice(outlinesBefore)).toContain('/epcis/200068435/communes');
	const outlines = (await (await page.request.get(`${server.origin}/api/territory/outlines`)).json()) as { features: unknown[] };
	expect(outlines.features).toHaveLength(12); // the stand-in has no outline for a lone commune
	await shoot(page, '3-saved');

	// The sheet of Senonches, now outside the territory, is still in « Mes fiches » (the coordinator's own sheets).
	await page.goto(`${server.origin}/fiches`);
	await expect(page.getByRole('heading', { name: 'Mes fiches', level: 1 })).toBeVisible();
	await expect(page.getByText('Moulin de Senonches')).toBeVisible();

	// The journal tells who changed the territory.
	await page.goto(`${server.origin}/journal`);
	await expect(page.getByTestId('audit-log')).toContainText('a changé le territoire du recensement : « Cœur du Perche et La Ferté-Vidame », 13 communes');

	// Back to the default, after a confirmation.
	await page.goto(`${server.origin}/territoire`);
	await expect(summary).toHaveText('1 communauté de communes, 13 communes');
	await page.getByRole('button', { name: 'Revenir au territoire par défaut (Perche)' }).click();
	const dialog = page.getByRole('dialog', { name: 'Revenir au territoire par défaut ?' });
	await expect(dialog).toBeVisible();
	await expectNoSeriousA11yViolations(page);
	await dialog.getByRole('button', { name: 'Revenir au Perche' }).click();
	await expect(summary).toHaveText('7 communautés de communes, 128 communes');
	await expect(page.getByText('C’est le territoire par défaut')).toBeVisible();
	expect((await servedTerritory(page)).communes).toHaveLength(128);
	await expect(page.getByRole('button', { name: 'Revenir au territoire par défaut (Perche)' })).toHaveCount(0);

	// Offline, the screen says it needs the network.
	await goOffline(context);
	await page.reload();
	await expect(page.getByTestId('team-offline')).toContainText('cet écran a besoin du réseau');
	await expectNoSeriousA11yViolations(page);
	await shoot(page, '4-offline');
	await goOnline(context);
});

test('without a session the screen asks to sign in and the API refuses a change', async ({ page }) => {
	// No session at all: the screen asks to sign in, the API refuses.
	await page.goto(`${server.origin}/territoire`);
	await expect(page.getByTestId('team-unauthenticated')).toBeVisible();
	const res = await page.request.put(`${server.origin}/api/territory/config`, { data: { name: 'X', cdc: ['200068435'] }, headers: { Origin: server.origin } });
	expect(res.status()).toBe(401);
});
