/**
 * The core promise of the app: once opened online, it opens again with no signal, at any address.
 * Runs against the production build with the real service worker.
 */
import { expect, test, type Page } from '@playwright/test';
import { goOffline, goOnline, waitForServiceWorker } from './helpers';

/** The app's client code ran and rendered something (not Chromium's network error page). */
async function expectAppRendered(page: Page): Promise<void> {
	await expect(page).toHaveTitle(/Atlas des outils/);
	await expect(page.locator('main, h1').first()).toBeAttached();
}

test.describe('with the service worker', () => {
	test('opens the app shell offline after one online visit', async ({ page, context }) => {
		await page.goto('/');
		await waitForServiceWorker(page);
		await expectAppRendered(page);

		await goOffline(context);
		const response = await page.reload();

		expect(response?.fromServiceWorker(), 'the offline page must come from the worker').toBe(true);
		await expectAppRendered(page);
	});

	test('opens a deep link it never visited while offline', async ({ page, context }) => {
		await page.goto('/');
		await waitForServiceWorker(page);

		await goOffline(context);
		const response = await page.goto('/fiches/abc123XYZ/modifier');

		expect(response?.fromServiceWorker()).toBe(true);
		expect(new URL(page.url()).pathname).toBe('/fiches/abc123XYZ/modifier');
		await expectAppRendered(page);
	});

	test('never answers /api/ from a cache', async ({ page, context }) => {
		await page.goto('/');
		await waitForServiceWorker(page);

		// Online, the request reaches the server (whatever it answers).
		const onlineStatus = await page.evaluate(async () => (await fetch('/api/__probe__')).status);
		expect(onlineStatus).toBeGreaterThan(0);

		await goOffline(context);
		const offline = await page.evaluate(async () => {
			try {
				await fetch('/api/__probe__');
				return 'answered';
			} catch {
				return 'network error';
			}
		});
		expect(offline).toBe('network error');

		const cachedApiUrls = await page.evaluate(async () => {
			const urls: string[] = [];
			for (const name of await caches.keys()) {
				const cache = await caches.open(name);
				for (const request of await cache.keys()) urls.push(new URL(request.url).pathname);
			}
			return urls.filter((path) => path.startsWith('/api/'));
		});
		expect(cachedApiUrls).toEqual([]);
	});

	test('keeps the manifest and its icons available offline', async ({ page, context }) => {
		await page.goto('/');
		await waitForServiceWorker(page);
		await goOffline(context);

		const offline = await page.evaluate(async () => {
			const manifest = (await (await fetch('/manifest.webmanifest')).json()) as { icons: { src: string }[] };
			const icons = await Promise.all(manifest.icons.map(async (icon) => (await fetch(icon.src)).ok));
			return { name: (manifest as unknown as { name: string }).name, icons };
		});
		expect(offline.name).toBe('Atlas des outils');
		expect(offline.icons.length).toBeGreaterThan(0);
		expect(offline.icons.every(Boolean)).toBe(true);
		await goOnline(context);
	});
});

test.describe('the web app manifest', () => {
	type Icon = { src: string; sizes: string; type: string; purpose?: string };
	type Manifest = {
		name: string;
		short_name: string;
		lang: string;
		start_url: string;
		scope: string;
		display: string;
		theme_color: string;
		background_color: string;
		icons: Icon[];
	};

	test('is served, linked from the page and describes an installable French app', async ({ page, request }) => {
		await page.goto('/');
		await expect(page.locator('link[rel="manifest"]')).toHaveAttribute('href', /manifest\.webmanifest$/);

		const response = await request.get('/manifest.webmanifest');
		expect(response.ok()).toBe(true);
		const manifest = JSON.parse(await response.text()) as Manifest;

		expect(manifest).toMatchObject({
			name: 'Atlas des outils',
			lang: 'fr',
			start_url: '/',
			scope: '/',
			display: 'standalone',
			theme_color: '#2f5d3a',
			background_color: '#f6f4ee'
		});
		const describe = (icon: Icon) => `${icon.sizes} ${icon.purpose ?? 'any'}`;
		expect(manifest.icons.map(describe).sort()).toEqual(['192x192 any', '512x512 any', '512x512 maskable']);

		for (const icon of manifest.icons) {
			const image = await request.get(icon.src);
			expect(image.ok(), icon.src).toBe(true);
			expect(image.headers()['content-type']).toBe('image/png');
			const png = await image.body();
			// PNG signature, then IHDR width and height: the declared size must be the real one.
			expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
			const [width, height] = icon.sizes.split('x').map(Number);
			expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([width, height]);
		}
	});

	test('leaves Chromium no installability error', async ({ page, context }) => {
		await page.goto('/');
		await waitForServiceWorker(page);
		const cdp = await context.newCDPSession(page);
		const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
		// Playwright's browser contexts are incognito-like; a volunteer's browser is not.
		const errors = installabilityErrors.filter((error) => error.errorId !== 'in-incognito');
		expect(errors).toEqual([]);
	});
});

test.describe('control: without the service worker', () => {
	test.use({ serviceWorkers: 'block' });

	test('cannot reload the app offline', async ({ page, context }) => {
		await page.goto('/');
		await expectAppRendered(page);

		await goOffline(context);
		await expect(page.reload()).rejects.toThrow(/ERR_INTERNET_DISCONNECTED|ERR_NAME_NOT_RESOLVED|ERR_FAILED/);
	});
});
