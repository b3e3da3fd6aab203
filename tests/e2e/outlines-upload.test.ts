/**
 * Issue 6, commune outlines: the coordinator loads a GeoJSON file of communes instead of the API
 * Géo's, sees which communes of the territory got an outline, and can go back to the API Géo.
 */
import { expect, test } from '@playwright/test';
import { expectNoSeriousA11yViolations } from './helpers';
import { TestServer, createCoordinator } from './server';
import { GeoStub, writeTerritory } from './stubs';

const server = new TestServer(Number(process.env.E2E_OUTLINES_PORT ?? 4240));
const geo = new GeoStub(Number(process.env.E2E_OUTLINES_GEO_PORT ?? 4242));
test.beforeAll(async () => {
	await geo.start();
	writeTerritory(server.dataDir, '200068435');
	server.env = { ATLAS_GEO_API: geo.origin };
	await server.start();
});
test.afterAll(async () => {
	await server.dispose();
	await geo.stop();
});

const square = (w: number, s: number) => [
	[
		[w, s],
		[w + 0.1, s],
		[w + 0.1, s + 0.1],
		[w, s + 0.1],
		[w, s]
	]
];

test('the coordinator loads a GeoJSON file of communes, then goes back to the API Géo', async ({ page }) => {
	await createCoordinator(page, server);
	await page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Équipe' }).click();
	await expect(page.getByTestId('outlines-setting')).toBeVisible();
	await expectNoSeriousA11yViolations(page);

	// One commune of the territory (its code under INSEE_COM, as SIG exports often name it), one outside.
	const file = {
		type: 'FeatureCollection',
		features: [
			{ type: 'Feature', properties: { INSEE_COM: '61309', NOM: 'Perche en Nocé' }, geometry: { type: 'Polygon', coordinates: square(0.7, 48.4) } },
			{ type: 'Feature', properties: { INSEE_COM: '75056', NOM: 'Paris' }, geometry: { type: 'Polygon', coordinates: square(2.3, 48.8) } }
		]
	};
	await page
		.getByLabel('Charger un fichier GeoJSON')
		.setInputFiles({ name: 'communes.geojson', mimeType: 'application/geo+json', buffer: Buffer.from(JSON.stringify(file)) });
	await expect(page.getByTestId('outlines-result')).toContainText('Fichier chargé : 1 commune du territoire a un contour.');
	await expect(page.getByTestId('outlines-result')).toContainText('Sans contour :');
	const served = (await (await page.request.get(`${server.origin}/api/territory/outlines`)).json()) as { features: { properties: { code: string } }[] };
	expect(served.features.map((f) => f.properties.code)).toEqual(['61309']);

	// A file that is not GeoJSON is refused with a French message, and changes nothing.
	await page
		.getByLabel('Charger un fichier GeoJSON')
		.setInputFiles({ name: 'notes.geojson', mimeType: 'application/json', buffer: Buffer.from('pas du json') });
	await expect(page.getByText('Ce fichier n’est pas un fichier GeoJSON lisible.')).toBeVisible();

	await page.getByRole('button', { name: 'Revenir aux contours de l’API Géo' }).click();
	await expect(page.getByTestId('outlines-result')).toContainText('API Géo : 12 communes du territoire ont un contour.');
	const back = (await (await page.request.get(`${server.origin}/api/territory/outlines`)).json()) as { features: unknown[] };
	expect(back.features).toHaveLength(12);
});
