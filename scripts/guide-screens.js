#!/usr/bin/env node
/**
 * The screenshots of the guides (/guide/benevole, /guide/mairie), made from the real app so they
 * stay true: `npm run build && npm run guides`.
 *
 * For each language of the app, it starts the production build on a private port with a throw-away
 * data folder (a test territory, stubbed map tiles and commune outlines: no real person's data, no
 * internet), creates the coordinator, invites a volunteer and a town hall, and walks each guide's
 * steps as those people would — by the labels and texts they see, taken from the app's own
 * catalogue — taking a 360 × 740 screenshot at each step. The images are written, as WebP, to the
 * files src/lib/domain/guides.ts names (static/guides/<language>/), replacing the previous set.
 *
 * When a screen changed so much that a label is not found, it stops at once and names the step.
 *
 * Environment: GUIDES_PORT (default 4685; the stubs take the next two ports, the English server the
 * one after), CHROMIUM_PATH.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';
import { CHROMIUM_FLAGS } from './chromium-flags.js';

process.env.VITE_CONFIG_NATIVE_IGNORE_WARNING ??= 'true';
const { runnerImport } = await import('vite');

const root = fileURLToPath(new URL('..', import.meta.url));
const buildDir = join(root, 'build');
const port = Number(process.env.GUIDES_PORT ?? 4685);
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** How long a label may take to appear before the step is declared broken. */
const WAIT = 15_000;

if (!existsSync(join(buildDir, 'index.js'))) fail('no production build: run `npm run build` first.');
if (!existsSync(chromiumPath)) fail(`Chromium not found at ${chromiumPath} (set CHROMIUM_PATH).`);

/** @param {string} rel */
const load = async (rel) => (await runnerImport(join(root, rel))).module;
const [{ fr }, { en }, guides, protocol, stubs, testServer] = await Promise.all([
	load('src/lib/i18n/fr/index.ts'),
	load('src/lib/i18n/en/index.ts'),
	load('src/lib/domain/guides.ts'),
	load('src/lib/domain/protocol.ts'),
	load('tests/e2e/stubs.ts'),
	load('tests/e2e/server.ts')
]);
/** @type {Record<string, Record<string, string>>} */
const CATALOGUES = { fr, en };

/** The test territory: one community of communes, and the commune the guides' sheet is in. */
const CDC = '200068435';
const COMMUNE = { insee: '61309', query: 'perche en noce' };
/** The data the people of the guides type (names are the same in both languages, as in the Perche). */
const DATA = {
	coordinator: 'Claire Coordination',
	volunteer: 'Marie Lefèvre',
	mairie: 'Mairie de Perche en Nocé',
	sheet: 'Pressoir de Préaux',
	phone: '02 33 25 00 00',
	sendBack: { fr: 'Il manque le téléphone de l’association.', en: 'The association’s phone number is missing.' }
};

/** @param {string} message @returns {never} */
function fail(message) {
	console.error(`guide screenshots: ${message}`);
	process.exit(1);
}

/**
 * @param {number} ms
 * @returns {Promise<void>}
 */
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const started = Date.now();
const tiles = new stubs.TileStub(port + 1);
const geo = new stubs.GeoStub(port + 2);
await tiles.start();
await geo.start();
const browser = await chromium.launch({ executablePath: chromiumPath, args: CHROMIUM_FLAGS });
let written = 0;
try {
	// The languages side by side, each on its own server (port, port + 3, …): most of a walk is
	// waiting for the app, not computing.
	const counts = await Promise.all(
		guides.GUIDE_LOCALES.map((/** @type {'fr' | 'en'} */ locale, /** @type {number} */ i) => shootLocale(locale, i === 0 ? port : port + 2 + i))
	);
	written = counts.reduce((a, b) => a + b, 0);
} catch (e) {
	console.error(e instanceof Error ? e.message : e);
	process.exitCode = 1;
} finally {
	await browser.close();
	await tiles.stop();
	await geo.stop();
}
if (!process.exitCode) console.log(`guide screenshots: ${written} images in static/guides/ (${Math.round((Date.now() - started) / 1000)} s)`);

/**
 * One language: a fresh server, the three people, both guides.
 * @param {'fr' | 'en'} locale
 * @param {number} serverPort
 * @returns {Promise<number>} the number of images written
 */
async function shootLocale(locale, serverPort) {
	const messages = { ...fr, ...CATALOGUES[locale] };
	/**
	 * A text of the app in this language (a key that disappeared stops the run).
	 * @param {string} key @param {Record<string, string>} [params]
	 */
	const T = (key, params = {}) => {
		const text = messages[key];
		if (text === undefined) throw new Error(`the catalogue has no message "${key}"`);
		return text.replace(/\{(\w+)\}/g, (m, name) => params[name] ?? m);
	};

	const dataDir = mkdtempSync(join(tmpdir(), 'atlas-guides-'));
	stubs.writeTerritory(dataDir, CDC);
	const server = new testServer.TestServer(serverPort, buildDir, dataDir);
	server.env = { ATLAS_TILE_SOURCES: JSON.stringify(tiles.sources()), ATLAS_GEO_API: geo.origin };
	await server.start();
	const origin = server.origin;

	/** @type {Map<string, Buffer>} image path → PNG */
	const shots = new Map();
	let current = '';
	/**
	 * Runs one step; any failure names it.
	 * @param {string} name @param {() => Promise<void>} fn
	 */
	const step = async (name, fn) => {
		current = name;
		const start = Date.now();
		try {
			await fn();
			console.log(`  ${locale} · ${name} (${((Date.now() - start) / 1000).toFixed(1)} s)`);
		} catch (e) {
			throw new Error(`guide screenshots (${locale}), step « ${name} » failed: ${e instanceof Error ? e.message.split('\n')[0] : e}`, { cause: e });
		}
	};
	/**
	 * The screenshot of a step of a guide.
	 * @param {import('@playwright/test').Page} page @param {'benevole' | 'mairie'} guide @param {string} id
	 * @param {{ keepToasts?: boolean }} [options] keep the app's messages (the step is about one)
	 */
	const shoot = async (page, guide, id, { keepToasts = false } = {}) => {
		// A message that was read already would hide part of the screen the step shows.
		if (!keepToasts) for (const close of await page.getByRole('button', { name: T('toast.close') }).all()) await close.click().catch(() => undefined);
		// Every image drawn (photos, map tiles) and the fonts ready: the screen as it settles.
		await page.waitForFunction(() => [...document.images].every((i) => i.complete), null, { timeout: 5000 }).catch(() => undefined);
		await page.evaluate(() => document.fonts.ready.then(() => true));
		// The focus ring of the last tap is not part of what a person sees on a phone.
		await page.evaluate(() => (document.activeElement instanceof HTMLElement ? document.activeElement.blur() : undefined));
		shots.set(guides.guideImage(guide, id, locale), await page.screenshot({ type: 'png', animations: 'disabled', caret: 'hide' }));
	};

	/** @param {string} name @param {{ worker?: boolean }} [options] */
	const person = async (name, { worker = true } = {}) => {
		const context = await browser.newContext({
			viewport: guides.GUIDE_IMAGE,
			deviceScaleFactor: 2,
			hasTouch: true,
			locale: locale === 'fr' ? 'fr-FR' : 'en-GB',
			timezoneId: 'Europe/Paris',
			// The coordinator only sets the team up: no need to install the app's offline copy.
			serviceWorkers: worker ? 'allow' : 'block'
		});
		const page = await context.newPage();
		page.setDefaultTimeout(WAIT);
		page.on('pageerror', (e) => console.error(`[${name}, step « ${current} »] page error: ${e.message}`));
		return { context, page };
	};
	/** @param {import('@playwright/test').Page} page */
	const tab = (page, /** @type {string} */ key) =>
		page.getByRole('navigation', { name: T('nav.label') }).getByRole('link', { name: new RegExp(escape(T(key))) });

	/** The status of the guides' sheet on the server, as the coordinator reads it. */
	let coordinator;
	const serverStatus = async () => {
		const res = await coordinator.page.request.post(`${origin}/api/sync/pull`, {
			data: { protocol: protocol.PROTOCOL, schemaVersion: protocol.SCHEMA_VERSION, clientId: 'guide-screens-0001', cursor: 0 },
			headers: { Origin: origin }
		});
		const changes = /** @type {{ changes: { fields: Record<string, { v: unknown }> }[] }} */ (await res.json()).changes;
		return changes.find((c) => c.fields.name?.v === DATA.sheet)?.fields.status?.v;
	};
	/** Waits until the server holds the sheet in `status` (what a person's sync sent). */
	const serverHas = async (/** @type {string} */ status) => {
		for (const end = Date.now() + WAIT; Date.now() < end; await sleep(300)) if ((await serverStatus()) === status) return;
		throw new Error(`the server never received the sheet as « ${status} » (now: ${await serverStatus()})`);
	};
	/**
	 * « Synchroniser maintenant », wherever the person's screens offer it (« Mes fiches » today).
	 * @param {import('@playwright/test').Page} page
	 */
	const syncNow = async (page) => {
		await page.goto(`${origin}/`);
		// The button's name changes while it runs: found again by that name, it is done.
		const button = page
			.getByRole('button', { name: T('syncbar.now') })
			.filter({ visible: true })
			.first();
		await button.click();
		await sleep(200);
		await button.waitFor();
		for (const end = Date.now() + WAIT; !(await button.isEnabled()) && Date.now() < end;) await sleep(200);
	};
	/**
	 * Waits until `locator` shows on `path`, synchronising as a person would when it does not.
	 * @param {import('@playwright/test').Page} page @param {string} path @param {(p: import('@playwright/test').Page) => import('@playwright/test').Locator} locator
	 */
	const waitForSynced = async (page, path, locator) => {
		const shown = () => locator(page).filter({ visible: true }).first();
		for (let attempt = 0; attempt < 4; attempt++) {
			// Opening the app pulls; « Synchroniser maintenant » too, where the screens offer it.
			await syncNow(page).catch(() => undefined);
			await page.goto(`${origin}${path}`);
			if (
				await shown()
					.waitFor({ timeout: 3000 })
					.then(
						() => true,
						() => false
					)
			)
				return;
		}
		await shown().waitFor();
	};
	/** @param {import('@playwright/test').Page} page */
	const chooseLanguage = async (page) => {
		if (locale === 'fr') return; // the app's default
		await page.goto(`${origin}/appareil`);
		await page
			.getByRole('radiogroup', { name: T('locale.title') })
			.getByLabel(T('locale.name.en'))
			.check();
		await page.getByRole('heading', { level: 1, name: T('devicepage.title') }).waitFor();
	};
	/** The service worker controls the page: the next screens open without network. */
	const waitForWorker = (/** @type {import('@playwright/test').Page} */ page) =>
		page.waitForFunction(async () => (await navigator.serviceWorker.ready) && navigator.serviceWorker.controller !== null, null, { timeout: 30_000 });

	try {
		coordinator = await person('coordinator', { worker: false });
		await step('the coordinator creates the team', async () => {
			const { page } = coordinator;
			await page.goto(server.setupLink());
			await page.getByLabel(fr['setup.name'] ?? '', { exact: true }).fill(DATA.coordinator);
			await page.getByRole('button', { name: fr['setup.submit'] }).click();
			await page.waitForURL((url) => !url.pathname.startsWith('/bienvenue'), { waitUntil: 'commit' });
		});
		const invite = async (/** @type {object} */ body) => {
			const res = await coordinator.page.request.post(`${origin}/api/team/invitations`, { data: body, headers: { Origin: origin } });
			if (!res.ok()) throw new Error(`invitation refused: ${res.status()} ${await res.text()}`);
			return /** @type {{ link: string }} */ (await res.json()).link;
		};
		const volunteerLink = await invite({ role: 'benevole' });
		const mairieLink = await invite({ role: 'mairie', communes: [COMMUNE.insee] });

		// ----- The volunteer ----------------------------------------------------------------------
		const marie = await person('volunteer');
		const square = stubs.gridSquare(stubs.communesOfCdc(CDC).findIndex((/** @type {{ code: string }} */ c) => c.code === COMMUNE.insee));
		await marie.context.grantPermissions(['geolocation'], { origin });
		await marie.context.setGeolocation({ latitude: (square.south + square.north) / 2, longitude: (square.west + square.east) / 2, accuracy: 8 });
		const v = marie.page;

		await step('benevole: join', async () => {
			await chooseLanguage(v);
			await v.goto(volunteerLink);
			await v.getByLabel(T('joinpage.name')).fill(DATA.volunteer);
			await shoot(v, 'benevole', 'join');
			await v.getByRole('button', { name: T('joinpage.submit') }).click();
			await v.waitForURL(`${origin}/`);
		});
		await step('benevole: install (the first screen)', async () => {
			await v.getByRole('heading', { level: 1 }).first().waitFor();
			await waitForWorker(v);
			await shoot(v, 'benevole', 'install');
		});
		await step('benevole: new sheet', async () => {
			await tab(v, 'nav.new').click();
			await v.getByRole('heading', { level: 1, name: T('new.title') }).waitFor();
			await shoot(v, 'benevole', 'new');
		});
		await step('benevole: fill (name, commune, GPS point, photo)', async () => {
			await v.getByRole('button', { name: T('category.pressoir'), exact: true }).click();
			await v.waitForURL(/\/fiches\/[^/]+\/modifier$/);
			await v.getByLabel(T('field.name'), { exact: true }).fill(DATA.sheet);
			await v.getByRole('button', { name: T('gps.take') }).click();
			await v.getByRole('button', { name: T('gps.take') }).waitFor({ state: 'detached' });
			// The point names its commune from the outlines on the phone; without them, the person picks it.
			const picker = v.getByRole('combobox', { name: T('field.commune') });
			if (await picker.isVisible()) {
				await picker.fill(COMMUNE.query);
				await v.getByRole('option').first().click();
			}
			await v.getByLabel(T('photos.take')).setInputFiles({ name: 'pressoir.jpg', mimeType: 'image/jpeg', buffer: await photo(v) });
			await v.getByRole('img', { name: T('photos.alt', { n: '1' }) }).waitFor();
			await v.getByText(T('form.saved'), { exact: true }).filter({ visible: true }).first().waitFor();
			await scrollToTop(v, v.getByRole('heading', { level: 2, name: T('section.place'), exact: true }));
			await shoot(v, 'benevole', 'fill');
		});
		await step('benevole: finish the sheet, without signal', async () => {
			await marie.context.setOffline(true);
			const finish = v.getByRole('button', { name: T('form.hand_in') });
			await finish.click();
			await finish.waitFor({ state: 'hidden' });
			await sleep(300);
			await shoot(v, 'benevole', 'finish', { keepToasts: true });
		});
		await step('benevole: offline, the sheet waits on the phone', async () => {
			await tab(v, 'nav.sheets').click();
			await v
				.getByRole('link', { name: new RegExp(escape(DATA.sheet)) })
				.first()
				.waitFor();
			await shoot(v, 'benevole', 'offline');
			await marie.context.setOffline(false);
			await syncNow(v);
			await serverHas('soumis');
		});

		// ----- The town hall ----------------------------------------------------------------------
		const mairie = await person('mairie');
		const m = mairie.page;
		/** The guides' sheet in a list (with its status, when given: the card names it). */
		const sheetLink = (/** @type {import('@playwright/test').Page} */ p, status = '') =>
			p.getByRole('link', { name: new RegExp(`${escape(DATA.sheet)}.*${escape(status)}`) });
		await step('mairie: join', async () => {
			await chooseLanguage(m);
			await m.goto(mairieLink);
			await m.getByLabel(T('joinpage.name')).fill(DATA.mairie);
			await shoot(m, 'mairie', 'join');
			await m.getByRole('button', { name: T('joinpage.submit') }).click();
			await m.waitForURL((url) => !url.pathname.startsWith('/rejoindre'));
			await waitForWorker(m);
		});
		await step('mairie: her commune’s sheets', async () => {
			await waitForSynced(m, '/commune', sheetLink);
			await tab(m, 'nav.commune').click();
			await sheetLink(m).first().waitFor();
			await shoot(m, 'mairie', 'commune');
		});
		await step('mairie: read the sheet', async () => {
			await sheetLink(m).first().click();
			await m.getByRole('heading', { level: 1, name: DATA.sheet }).waitFor();
			await shoot(m, 'mairie', 'read');
		});
		await step('mairie: send back with a message', async () => {
			await m.getByRole('button', { name: T('review.send_back'), exact: true }).click();
			const message = m.getByLabel(T('review.send_back_label'));
			await message.fill(DATA.sendBack[locale]);
			await centre(m, message);
			await shoot(m, 'mairie', 'decide');
			await m.getByRole('button', { name: T('review.send_back_confirm') }).click();
			await m.getByText(T('status.a_corriger')).filter({ visible: true }).first().waitFor();
			await syncNow(m);
			await serverHas('a_corriger');
		});

		// ----- The volunteer corrects ---------------------------------------------------------------
		await step('benevole: a sheet sent back', async () => {
			await waitForSynced(v, '/', (p) => sheetLink(p, T('status.a_corriger')));
			await sheetLink(v).first().click();
			await v.getByText(DATA.sendBack[locale]).filter({ visible: true }).first().waitFor();
			await shoot(v, 'benevole', 'fix');
			await v
				.getByRole('link', { name: T('detail.edit'), exact: true })
				.first()
				.click();
			await v.getByLabel(T('field.orgPhone'), { exact: true }).fill(DATA.phone);
			await v.getByText(T('form.saved'), { exact: true }).filter({ visible: true }).first().waitFor();
			await v
				.getByRole('button', { name: T('review.resend') })
				.first()
				.click();
			await v.getByRole('button', { name: T('review.resend') }).waitFor({ state: 'detached' });
			await syncNow(v);
			await serverHas('soumis');
		});

		// ----- The town hall sees the change, validates, prints ------------------------------------
		await step('mairie: what changed', async () => {
			await waitForSynced(m, '/commune', (p) => sheetLink(p, T('status.soumis')));
			await sheetLink(m).first().click();
			const changed = m.getByText(DATA.phone).filter({ visible: true }).first();
			await changed.waitFor();
			await centre(m, changed);
			await shoot(m, 'mairie', 'changes');
			await m.getByRole('button', { name: T('review.validate'), exact: true }).click();
			await m.getByText(T('status.valide')).filter({ visible: true }).first().waitFor();
			await syncNow(m);
			await serverHas('valide');
		});
		await step('mairie: print the summary', async () => {
			await tab(m, 'nav.commune').click();
			await m
				.getByRole('link', { name: new RegExp(escape(T('commune.print', { commune: '' }).trim())) })
				.first()
				.click();
			await m.getByRole('button', { name: T('print.button'), exact: true }).waitFor();
			await shoot(m, 'mairie', 'print');
		});
	} finally {
		await server.dispose();
	}

	// Every image the guides name, and only those (a step renamed leaves no stale file behind).
	const expected = guides.allGuideImages().filter((/** @type {{ locale: string }} */ i) => i.locale === locale);
	const missing = expected.filter((/** @type {{ path: string }} */ i) => !shots.has(i.path)).map((/** @type {{ path: string }} */ i) => i.path);
	if (missing.length > 0) throw new Error(`guide screenshots (${locale}): no screenshot taken for ${missing.join(', ')}`);
	const dir = join(root, 'static', guides.GUIDE_IMAGE_DIR, locale);
	mkdirSync(dir, { recursive: true });
	for (const name of readdirSync(dir)) if (name.endsWith('.webp')) rmSync(join(dir, name));
	const encoder = await browser.newPage();
	for (const [path, png] of shots) {
		const webp = await toWebp(encoder, png);
		writeFileSync(join(root, 'static', path), webp);
		console.log(`  ${path}  ${(webp.length / 1024).toFixed(1)} KiB`);
	}
	await encoder.close();
	return shots.size;
}

/**
 * A 360 px wide WebP of a screenshot taken at twice that (the phone's pixels), drawn smoothly down:
 * small enough not to weigh on a phone, sharp enough to read the buttons.
 * @param {import('@playwright/test').Page} page @param {Buffer} png @returns {Promise<Buffer>}
 */
async function toWebp(page, png) {
	const base64 = await page.evaluate(
		async ({ data, width, height }) => {
			const bytes = Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
			const bitmap = await createImageBitmap(new Blob([bytes], { type: 'image/png' }));
			const canvas = new OffscreenCanvas(width, height);
			const ctx = /** @type {OffscreenCanvasRenderingContext2D} */ (canvas.getContext('2d'));
			ctx.imageSmoothingQuality = 'high';
			ctx.drawImage(bitmap, 0, 0, width, height);
			const blob = await canvas.convertToBlob({ type: 'image/webp', quality: 0.82 });
			const out = new Uint8Array(await blob.arrayBuffer());
			let binary = '';
			for (let i = 0; i < out.length; i += 0x8000) binary += String.fromCharCode(...out.subarray(i, i + 0x8000));
			return btoa(binary);
		},
		{ data: png.toString('base64'), width: 360, height: 740 }
	);
	return Buffer.from(base64, 'base64');
}

/**
 * A photo of a tool, for the sheet (drawn: no real photo is needed).
 * @param {import('@playwright/test').Page} page @returns {Promise<Buffer>}
 */
async function photo(page) {
	const bytes = await page.evaluate(async () => {
		const canvas = new OffscreenCanvas(1200, 900);
		const ctx = /** @type {OffscreenCanvasRenderingContext2D} */ (canvas.getContext('2d'));
		const sky = ctx.createLinearGradient(0, 0, 0, 900);
		sky.addColorStop(0, '#a9c7e0');
		sky.addColorStop(0.6, '#e6efe0');
		sky.addColorStop(1, '#6f8f4e');
		ctx.fillStyle = sky;
		ctx.fillRect(0, 0, 1200, 900);
		ctx.fillStyle = '#7a5532'; // the press's frame and its screw
		ctx.fillRect(380, 260, 60, 480);
		ctx.fillRect(760, 260, 60, 480);
		ctx.fillRect(380, 240, 440, 60);
		ctx.fillStyle = '#4a4a4a';
		ctx.fillRect(585, 300, 30, 220);
		ctx.fillStyle = '#9b7045'; // the basket
		ctx.fillRect(440, 520, 320, 200);
		const blob = await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.85 });
		return Array.from(new Uint8Array(await blob.arrayBuffer()));
	});
	return Buffer.from(bytes);
}

/**
 * Brings an element to the top of the screen, below the app's sticky bars.
 * @param {import('@playwright/test').Page} page @param {import('@playwright/test').Locator} locator
 */
async function scrollToTop(page, locator) {
	await locator.scrollIntoViewIfNeeded();
	await locator.evaluate((el) => window.scrollBy(0, el.getBoundingClientRect().top - 100));
	await page.waitForTimeout(150);
}

/**
 * Brings an element to the middle of the screen.
 * @param {import('@playwright/test').Page} page @param {import('@playwright/test').Locator} locator
 */
async function centre(page, locator) {
	await locator.scrollIntoViewIfNeeded();
	await locator.evaluate((el) => el.scrollIntoView({ block: 'center' }));
	await page.waitForTimeout(150);
}

/** @param {string} text */
function escape(text) {
	return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
