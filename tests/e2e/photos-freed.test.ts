/**
 * Photo bytes leave a full phone once the server holds them: a volunteer's photos are synced, then
 * the phone runs short of room (its quota lowered with Chromium's DevTools protocol,
 * Storage.overrideQuotaForOrigin, to just above what it uses) and a new photo is refused: the
 * confirmed photos are freed and the new one is stored (« Cet appareil » says so); the sheet shows
 * them full-size from the server online, and as a small image with a word offline. A photo whose
 * upload was cut by the server dying mid-way is never freed: offline it still shows full-size.
 *
 * Why a refused write and not the 80 % line: Chromium's navigator.storage.estimate() does not show
 * the overridden quota (it reports the usage plus a fixed allowance), so only a write meets it. The
 * 80 % and 200 MB rules are covered by tests/unit/photo-freeing.test.ts.
 */
import { expect, test, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { fillDisk, goOffline, goOnline, waitForServiceWorker } from './helpers';
import { expectSaved, newSheet, waitForTerritoryStored } from './pages';
import { TestServer, createCoordinator, inviteLink, joinWithLink } from './server';

const server = new TestServer(Number(process.env.E2E_PHOTOS_FREED_PORT ?? 4731));
test.beforeAll(async () => server.start());
test.afterAll(async () => server.dispose());

const REDUCED = 'Photo réduite\u00a0: l’original est sur le serveur';

async function phone(browser: Browser): Promise<{ context: BrowserContext; page: Page }> {
	const context = await browser.newContext({ viewport: { width: 360, height: 740 }, locale: 'fr-FR', serviceWorkers: 'allow' });
	return { context, page: await context.newPage() };
}

/** A camera-like JPEG made in the browser (2400 × 1800, grain), different for each `seed`. */
async function cameraPhoto(page: Page, seed: number): Promise<Buffer> {
	const base64 = await page.evaluate(async (seed) => {
		const canvas = document.createElement('canvas');
		canvas.width = 2400;
		canvas.height = 1800;
		const ctx = canvas.getContext('2d');
		if (!ctx) throw new Error('no 2d context');
		const g = ctx.createLinearGradient(0, 0, 2400, 1800);
		g.addColorStop(0, `hsl(${(seed * 97) % 360} 40% 45%)`);
		g.addColorStop(1, `hsl(${(seed * 97 + 140) % 360} 40% 60%)`);
		ctx.fillStyle = g;
		ctx.fillRect(0, 0, 2400, 1800);
		const img = ctx.getImageData(0, 0, 2400, 1800);
		let r = seed * 7919;
		for (let i = 0; i < img.data.length; i += 4) {
			r = (r * 1103515245 + 12345) & 0x7fffffff;
			const n = (r % 41) - 20;
			img.data[i] = (img.data[i] as number) + n;
			img.data[i + 1] = (img.data[i + 1] as number) + n;
			img.data[i + 2] = (img.data[i + 2] as number) + n;
		}
		ctx.putImageData(img, 0, 0);
		const blob = await new Promise<Blob>((resolve) => canvas.toBlob((b) => resolve(b as Blob), 'image/jpeg', 0.92));
		const bytes = new Uint8Array(await blob.arrayBuffer());
		let binary = '';
		for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
		return btoa(binary);
	}, seed);
	return Buffer.from(base64, 'base64');
}

async function syncNow(page: Page) {
	await page.goto(`${server.origin}/`);
	await page.getByRole('button', { name: 'Synchroniser maintenant' }).click();
	await expect(page.getByTestId('sync-bar')).toContainText('Tout est envoyé.', { timeout: 30_000 });
	await expect(page.getByTestId('photos-waiting')).toHaveCount(0);
}

/**
 * The natural width of the sheet's photo `n` once decoded (the full photo is 2000 px wide); 0 while the
 * frame holds no decoded image yet (a freed photo being fetched from the server, the list drawn again
 * after a sync). Read through expect.poll: the frame may change under the test.
 */
async function shownWidth(page: Page, n: number): Promise<number> {
	const img = page.getByRole('img', { name: `Photo ${n} de la fiche` });
	return img
		.evaluate((el) =>
			el instanceof HTMLImageElement && el.src
				? el.decode().then(
						() => el.naturalWidth,
						() => 0
					)
				: 0
		)
		.catch(() => 0);
}

/** Waits until photo `n` shows a decoded image, and says its width. */
async function settledWidth(page: Page, n: number): Promise<number> {
	await expect.poll(() => shownWidth(page, n)).toBeGreaterThan(0);
	return shownWidth(page, n);
}

test('confirmed photos leave a full phone and still open; a photo whose upload was cut stays whole', async ({ browser }) => {
	test.setTimeout(180_000);
	const coord = await phone(browser);
	await createCoordinator(coord.page, server);
	const link = await inviteLink(coord.page, server, { role: 'benevole' });
	const vol = await phone(browser);
	// A small phone: 8 MB for the app (set before the first visit, as the browser reads it when the
	// app opens its database).
	const cdp = await vol.context.newCDPSession(vol.page);
	await cdp.send('Storage.overrideQuotaForOrigin', { origin: server.origin, quotaSize: 8_000_000 });
	await joinWithLink(vol.page, server, link, 'Marie Lefèvre');
	await waitForServiceWorker(vol.page);
	await waitForTerritoryStored(vol.page);
	const photos: Buffer[] = [];
	for (let seed = 1; seed <= 5; seed++) photos.push(await cameraPhoto(vol.page, seed));
	const [first, second, third, fourth, fifth] = photos as [Buffer, Buffer, Buffer, Buffer, Buffer];

	// A press with three photos, synced: the server confirmed them.
	const press = await newSheet(vol.page, 'pressoir');
	await vol.page.getByLabel('Nom de l’outil ou du lieu').fill('Pressoir de Préaux');
	await vol.page.getByTestId('photo-gallery').setInputFiles([
		{ name: 'pressoir-1.jpg', mimeType: 'image/jpeg', buffer: first },
		{ name: 'pressoir-2.jpg', mimeType: 'image/jpeg', buffer: second },
		{ name: 'pressoir-3.jpg', mimeType: 'image/jpeg', buffer: third }
	]);
	await expect(vol.page.getByTestId('photo-thumb')).toHaveCount(3, { timeout: 30_000 });
	await expectSaved(vol.page);
	await syncNow(vol.page);

	// A mill's photo: its upload is cut, the server dying once it acknowledged the first chunk.
	let killed = false;
	await vol.context.route('**/api/photos/*', async (route) => {
		if (route.request().method() !== 'PATCH' || killed) return route.continue().catch(() => undefined);
		const answer = await route.fetch();
		killed = true;
		await server.kill();
		await route.fulfill({ response: answer });
	});
	const mill = await newSheet(vol.page, 'moulin_farine');
	await vol.page.getByLabel('Nom de l’outil ou du lieu').fill('Moulin de la Fonte');
	await vol.page.getByTestId('photo-gallery').setInputFiles({ name: 'moulin.jpg', mimeType: 'image/jpeg', buffer: fourth });
	await expect(vol.page.getByTestId('photo-thumb')).toHaveCount(1, { timeout: 30_000 });
	await expectSaved(vol.page);
	await vol.page.goto(`${server.origin}/`);
	await vol.page.getByRole('button', { name: 'Synchroniser maintenant' }).click();
	await expect.poll(() => killed, { timeout: 30_000 }).toBe(true);
	await expect(vol.page.getByTestId('photos-waiting')).toHaveText('1 photo à envoyer', { timeout: 30_000 });
	await vol.context.unroute('**/api/photos/*');

	// The phone fills up: other data takes what is left of its 8 MB. The next photo finds no room: the photos the server confirmed give theirs back, and the new
	// photo is stored.
	await vol.page.goto(`${server.origin}/fiches/${mill}/modifier`);
	const chunks = await fillDisk(vol.page, { chunk: 400_000, max: 50, topUp: false });
	expect(chunks, 'the disk filled up before 50 chunks (20 MB): the quota is in force').toBeLessThan(50);
	await vol.page.getByTestId('photo-gallery').setInputFiles({ name: 'moulin-2.jpg', mimeType: 'image/jpeg', buffer: fifth });
	await expect(vol.page.getByTestId('photo-thumb')).toHaveCount(2, { timeout: 30_000 });
	await expect(vol.page.getByRole('alert')).toHaveCount(0);
	await expectSaved(vol.page);

	// « Cet appareil » tells what was freed; the mill's two photos are kept whole.
	await vol.page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Cet appareil' }).click();
	await expect(
		vol.page.getByText(/^Photos allégées \(l’original est sur le serveur, l’appareil en garde une petite image\)\u00a0: 3 photos, .+ libérés$/)
	).toBeVisible({ timeout: 30_000 });
	await expect(vol.page.getByTestId('storage-photos')).toHaveText(/^Photos gardées en entier sur cet appareil\u00a0: 2 photos, /);

	// Offline: the press shows a small image with its word; the mill's photo is whole.
	await goOffline(vol.context);
	await vol.page.goto(`${server.origin}/fiches/${press}`);
	await expect(vol.page.getByText(REDUCED)).toHaveCount(3);
	for (const n of [1, 2, 3]) expect(await settledWidth(vol.page, n)).toBeLessThanOrEqual(320);
	await vol.page.goto(`${server.origin}/fiches/${mill}`);
	await expect.poll(() => shownWidth(vol.page, 1)).toBe(2000);
	await expect.poll(() => shownWidth(vol.page, 2)).toBe(2000);
	await expect(vol.page.getByText(REDUCED)).toHaveCount(0);

	// Online again: the press's photos are whole, from the server.
	await server.start();
	await goOnline(vol.context);
	await vol.page.goto(`${server.origin}/fiches/${press}`);
	for (const n of [1, 2, 3]) await expect.poll(() => shownWidth(vol.page, n)).toBe(2000);
	await expect(vol.page.getByText(REDUCED)).toHaveCount(0);

	await vol.context.close();
	await coord.context.close();
});
