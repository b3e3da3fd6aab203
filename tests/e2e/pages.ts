/**
 * Page models for the volunteer's screens, and test data made by the tests themselves
 * (no file from outside the repository is needed).
 */
import { expect, type BrowserContext, type Page } from '@playwright/test';

/** Waits until `key` is stored in the app's IndexedDB store `store` (territory, outlines, sources...). */
export async function waitForStored(page: Page, store: 'territory' | 'meta', key: string): Promise<void> {
	await page.waitForFunction(
		([s, k]) =>
			new Promise<boolean>((done) => {
				const req = indexedDB.open('atlas-outils');
				req.onsuccess = () => {
					const db = req.result;
					if (!db.objectStoreNames.contains(s)) {
						db.close();
						return done(false);
					}
					const get = db.transaction(s).objectStore(s).get(k);
					get.onsuccess = () => {
						db.close();
						done(!!get.result);
					};
					get.onerror = () => done(false);
				};
				req.onerror = () => done(false);
			}),
		[store, key] as const,
		{ polling: 250, timeout: 20_000 }
	);
}

/** Waits until the territory (communes) is stored in IndexedDB, as after a first visit online. */
export function waitForTerritoryStored(page: Page): Promise<void> {
	return waitForStored(page, 'territory', 'current');
}

/** Reads a whole object store of the app's database, from the page. */
export async function readStore<T = unknown>(page: Page, store: string): Promise<T[]> {
	return page.evaluate(
		(name) =>
			new Promise<T[]>((resolve, reject) => {
				const req = indexedDB.open('atlas-outils');
				req.onsuccess = () => {
					const db = req.result;
					const all = db.transaction(name).objectStore(name).getAll();
					all.onsuccess = () => {
						const rows = (all.result as Record<string, unknown>[]).map((r) => {
							// ArrayBuffers do not cross into the test: report their size instead.
							const copy: Record<string, unknown> = { ...r };
							if (copy.data instanceof ArrayBuffer) copy.data = { byteLength: copy.data.byteLength };
							return copy;
						});
						db.close();
						resolve(rows as T[]);
					};
					all.onerror = () => reject(all.error);
				};
				req.onerror = () => reject(req.error);
			}),
		store
	);
}

/**
 * A large camera-like JPEG made in the browser: 4000 × 3000 px (12 MP), gradients, shapes and
 * grain, encoded at high quality — several MB, like a phone's photo.
 */
export async function makeLargePhoto(page: Page): Promise<Buffer> {
	const base64 = await page.evaluate(async () => {
		const canvas = document.createElement('canvas');
		canvas.width = 4000;
		canvas.height = 3000;
		const ctx = canvas.getContext('2d');
		if (!ctx) throw new Error('no 2d context');
		const g = ctx.createLinearGradient(0, 0, 4000, 3000);
		g.addColorStop(0, '#6d8f4e');
		g.addColorStop(0.5, '#c9b27a');
		g.addColorStop(1, '#3b5a7a');
		ctx.fillStyle = g;
		ctx.fillRect(0, 0, 4000, 3000);
		for (let i = 0; i < 400; i++) {
			ctx.fillStyle = `hsl(${(i * 37) % 360} 45% ${30 + (i % 40)}%)`;
			ctx.beginPath();
			ctx.arc((i * 977) % 4000, (i * 613) % 3000, 20 + (i % 90), 0, Math.PI * 2);
			ctx.fill();
		}
		// Grain, as a camera sensor gives: it makes the JPEG heavy.
		const img = ctx.getImageData(0, 0, 4000, 3000);
		let seed = 42;
		for (let i = 0; i < img.data.length; i += 4) {
			seed = (seed * 1103515245 + 12345) & 0x7fffffff;
			const n = (seed % 25) - 12;
			img.data[i] = (img.data[i] as number) + n;
			img.data[i + 1] = (img.data[i + 1] as number) + n;
			img.data[i + 2] = (img.data[i + 2] as number) + n;
		}
		ctx.putImageData(img, 0, 0);
		const blob = await new Promise<Blob>((resolve) => canvas.toBlob((b) => resolve(b as Blob), 'image/jpeg', 0.95));
		const bytes = new Uint8Array(await blob.arrayBuffer());
		let binary = '';
		for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
		return btoa(binary);
	});
	return Buffer.from(base64, 'base64');
}

/** A small JPEG made in the browser (800 × 600). */
export async function makeSmallPhoto(page: Page): Promise<Buffer> {
	const bytes = await page.evaluate(async () => {
		const canvas = document.createElement('canvas');
		canvas.width = 800;
		canvas.height = 600;
		const ctx = canvas.getContext('2d');
		if (!ctx) throw new Error('no 2d context');
		ctx.fillStyle = '#8a6d3b';
		ctx.fillRect(0, 0, 800, 600);
		ctx.fillStyle = '#f0e6d2';
		ctx.fillRect(200, 150, 400, 300);
		const blob = await new Promise<Blob>((resolve) => canvas.toBlob((b) => resolve(b as Blob), 'image/jpeg', 0.9));
		return Array.from(new Uint8Array(await blob.arrayBuffer()));
	});
	return Buffer.from(bytes);
}

export const PERCHE_POINT = { latitude: 48.3521, longitude: 0.7142, accuracy: 12 };

export async function allowGeolocation(context: BrowserContext, point = PERCHE_POINT): Promise<void> {
	await context.grantPermissions(['geolocation']);
	await context.setGeolocation(point);
}

/** "Nouvelle fiche" → category → the form of a new sheet; returns its id. */
export async function newSheet(page: Page, category: string): Promise<string> {
	const nav = page.getByRole('navigation', { name: 'Navigation principale' });
	const tab = nav.getByRole('link', { name: 'Nouvelle fiche' });
	const home = nav.getByRole('link', { name: 'Accueil' });
	// The tabs appear once the device knows who it is; the coordinator's hold the census's
	// screens: she records a tool from her home.
	await expect(tab.or(home)).toBeVisible();
	if ((await tab.count()) > 0) await tab.click();
	else {
		await nav.getByRole('link', { name: 'Accueil' }).click();
		await page.getByRole('link', { name: 'Recenser un outil' }).click();
	}
	await expect(page.getByRole('heading', { name: 'Nouvelle fiche', level: 1 })).toBeVisible();
	await page.locator(`[data-category="${category}"]`).click();
	await page.waitForURL(/\/fiches\/[^/]+\/modifier$/);
	await expect(page.getByTestId('save-state')).toBeVisible();
	const id = /\/fiches\/([^/]+)\/modifier$/.exec(new URL(page.url()).pathname)?.[1];
	if (!id) throw new Error('no sheet id in the URL');
	return id;
}

export async function expectSaved(page: Page): Promise<void> {
	await expect(page.getByTestId('save-state')).toHaveText('Enregistré sur cet appareil');
}

export async function pickCommune(page: Page, query: string, name: string): Promise<void> {
	await page.locator('#f-commune').fill(query);
	await page
		.getByRole('option', { name: new RegExp(name) })
		.first()
		.click();
	await expect(page.getByText(name, { exact: true }).first()).toBeVisible();
}
