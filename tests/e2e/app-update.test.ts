/**
 * An app update while a volunteer is typing a sheet: the new version is announced, nothing
 * reloads by itself, the focus stays in the field, and after "Recharger" the text is intact and the
 * new worker is in charge.
 *
 * The update is real: a copy of the production build runs on its own port; it is stopped, its
 * service worker file changes (as after a deployment), and it starts again.
 */
import { expect, test } from '@playwright/test';
import { appendFileSync, cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { waitForServiceWorker } from './helpers';
import { expectSaved, newSheet } from './pages';
import { TestServer } from './server';

const PORT = Number(process.env.E2E_UPDATE_PORT ?? 4191);
let dir = '';
let server: TestServer;

/** What a deployment does to the worker: new bytes (the precompressed copies are dropped). */
function deployNewWorker(): void {
	const sw = join(dir, 'build', 'client', 'service-worker.js');
	appendFileSync(sw, `\n// nouvelle version ${Date.now()}\n`);
	rmSync(`${sw}.gz`, { force: true });
	rmSync(`${sw}.br`, { force: true });
}

test.beforeAll(() => {
	// Inside the project, so the copy finds node_modules (better-sqlite3) as the real build does.
	mkdirSync(resolve('test-results'), { recursive: true });
	dir = mkdtempSync(join(resolve('test-results'), 'update-copy-'));
	cpSync(resolve('build'), join(dir, 'build'), { recursive: true });
	server = new TestServer(PORT, join(dir, 'build'));
});

test.afterAll(async () => {
	await server.dispose();
	rmSync(dir, { recursive: true, force: true });
});

test('an app update while a sheet is being edited prompts, and after reload the text is intact', async ({ page }) => {
	await server.start();
	await page.goto(`${server.origin}/`);
	await waitForServiceWorker(page);
	const firstWorker = await page.evaluate(() => navigator.serviceWorker.controller?.scriptURL);
	expect(firstWorker).toBeTruthy();

	await newSheet(page, 'moulin_farine');
	const name = page.getByLabel('Nom de l’outil ou du lieu');
	await name.pressSequentially('Moulin Astrié', { delay: 15 });
	await expectSaved(page);

	await server.stop();
	deployNewWorker();
	await server.start();

	// The volunteer keeps typing while the app checks for a new version.
	await name.focus();
	await page.evaluate(async () => {
		const reg = await navigator.serviceWorker.getRegistration();
		await reg?.update();
	});
	const prompt = page.getByTestId('update-prompt');
	await expect(prompt).toBeVisible({ timeout: 20_000 });
	await expect(prompt).toContainText('Nouvelle version disponible');
	// Nothing reloaded, the focus is still in the field.
	expect(await page.evaluate(() => document.activeElement?.id)).toBe('f-name');
	await page.keyboard.type(' de la ferme du Bois', { delay: 15 });
	await expect(name).toHaveValue('Moulin Astrié de la ferme du Bois');

	const reloaded = page.waitForEvent('load');
	await prompt.getByRole('button', { name: 'Recharger' }).click();
	await reloaded;

	await expect(page.getByLabel('Nom de l’outil ou du lieu')).toHaveValue('Moulin Astrié de la ferme du Bois');
	await expect(page.getByTestId('update-prompt')).toHaveCount(0);
	const state = await page.evaluate(async () => {
		const reg = await navigator.serviceWorker.getRegistration();
		return { waiting: !!reg?.waiting, controlled: !!navigator.serviceWorker.controller };
	});
	expect(state).toEqual({ waiting: false, controlled: true });
});
