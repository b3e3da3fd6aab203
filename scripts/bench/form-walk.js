#!/usr/bin/env node
/**
 * `node scripts/bench/form-walk.js [--build=DIR] [--runs=3] [--shots=DIR]`: how long the sheet form is to walk, on a
 * phone of 360 × 740, against the production build (BENCH_BUILD_DIR or --build; build/ by default)
 * and Debian's Chromium. Prints two figures, for a person's note (not a test: no target, no failure
 * on a number):
 * - the form's height in screens for a new sheet of a few categories: the page's height (header
 *   and tab bar included, as a person scrolls it) ÷ 740;
 * - the time a scripted volunteer takes to record a full cider-press sheet (every section filled
 *   through labels and taps, from « Nouvelle fiche » to « Terminer la fiche » accepted), pauses of
 *   a real person left out: the script's wall time, median of the runs, and the number of actions.
 *
 * --shots=DIR also saves what a person sees: each new form whole, and the filled form, as PNG.
 *
 * It starts its own server (port FORM_WALK_PORT, 4650 by default) on an empty data folder: the
 * coordinator is created from the printed first-run link, a volunteer joins by invitation.
 * The walk finds each answer by what the screen says, and takes either form of a closed question
 * (a list to choose in or buttons to tap), so it measures an older build and a newer one alike.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from '@playwright/test';
import { CHROMIUM, CHROMIUM_FLAGS, ROOT } from './paths.js';
import { median } from './stats.js';

const arg = (/** @type {string} */ name) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
const buildDir = resolve(ROOT, arg('build') ?? process.env.BENCH_BUILD_DIR ?? 'build');
const runs = Number(arg('runs') ?? 3);
const shots = arg('shots') ? resolve(arg('shots') ?? '') : null;
const port = Number(process.env.FORM_WALK_PORT ?? 4650);
const origin = `http://127.0.0.1:${port}`;
const VIEWPORT = { width: 360, height: 740 };
const CATEGORIES = ['pressoir', 'moulin_farine', 'cuisine_partagee', 'chambre_froide'];
const say = (/** @type {string} */ s) => console.error(`[form-walk] ${s}`);

/** The app's server on an empty data folder; resolves with its output so far (the first-run link). */
async function startServer(/** @type {string} */ dataDir) {
	const child = spawn(process.execPath, [join(buildDir, 'index.js')], {
		env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', ATLAS_DATA_DIR: dataDir, ORIGIN: origin, BODY_SIZE_LIMIT: '16M', NODE_ENV: 'production' },
		stdio: ['ignore', 'pipe', 'pipe']
	});
	let output = '';
	child.stdout.on('data', (d) => (output += d));
	child.stderr.on('data', (d) => (output += d));
	for (let i = 0; i < 150; i++) {
		try {
			if ((await fetch(`${origin}/`)).ok) return { child, output: () => output };
		} catch {
			// not listening yet
		}
		await new Promise((r) => setTimeout(r, 100));
	}
	child.kill();
	throw new Error(`the server did not start:\n${output}`);
}

/** @param {import('@playwright/test').Page} page */
async function waitForTerritory(page) {
	await page.waitForFunction(
		() =>
			new Promise((done) => {
				const req = indexedDB.open('atlas-outils');
				req.onsuccess = () => {
					const db = req.result;
					if (!db.objectStoreNames.contains('territory')) return done(false);
					const get = db.transaction('territory').objectStore('territory').get('current');
					get.onsuccess = () => done(!!get.result);
					get.onerror = () => done(false);
				};
				req.onerror = () => done(false);
			}),
		null,
		{ polling: 250, timeout: 30_000 }
	);
	await page.waitForFunction(async () => (await navigator.serviceWorker.getRegistration()) !== undefined, null, { timeout: 30_000 });
}

/** @param {import('@playwright/test').Page} page */
async function openNewSheet(page, /** @type {string} */ category) {
	await page.goto(`${origin}/`);
	await page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Nouvelle fiche' }).click();
	await page.locator(`[data-category="${category}"]`).click();
	await page.waitForURL(/\/fiches\/[^/]+\/modifier$/);
	// The sections below the first are loaded after the first paint: the last one is « Notes ».
	await page.getByRole('heading', { name: 'Notes', level: 2 }).waitFor();
}

/**
 * The walk's actions, each counted. A closed question is answered whichever way it is drawn: a
 * list (`<select id="f-NAME">`) or buttons to tap (inputs named NAME, tapped through their label).
 * @param {import('@playwright/test').Page} page
 */
function actions(page) {
	let count = 0;
	const tap = async (/** @type {import('@playwright/test').Locator} */ l) => {
		count++;
		await l.click();
	};
	const type = async (/** @type {import('@playwright/test').Locator} */ l, /** @type {string} */ text) => {
		count++;
		await l.fill(text);
	};
	const choose = async (/** @type {string} */ name, /** @type {string} */ value) => {
		const select = page.locator(`select#f-${name}`);
		count++;
		if ((await select.count()) > 0) await select.selectOption(value);
		else await page.locator(`label:has(input[name="${name}"][value="${value}"])`).click();
	};
	const upload = async (/** @type {import('@playwright/test').Locator} */ l, /** @type {Buffer} */ buffer) => {
		count++;
		await l.setInputFiles({ name: 'pressoir.jpg', mimeType: 'image/jpeg', buffer });
	};
	return { tap, type, choose, upload, count: () => count };
}

/** @param {import('@playwright/test').Page} page */
async function walkFullSheet(page, /** @type {Buffer} */ photo) {
	const a = actions(page);
	const t0 = performance.now();
	await page.goto(`${origin}/`);
	await a.tap(page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Nouvelle fiche' }));
	await a.tap(page.locator('[data-category="pressoir"]'));
	await page.waitForURL(/\/fiches\/[^/]+\/modifier$/);
	// L'outil
	await a.type(page.getByLabel(/^Nom de l.outil ou du lieu/), 'Pressoir des Pommes du Perche');
	await a.type(page.getByLabel('Description', { exact: true }), 'Pressoir à bande, broyeur, 10 à 15 groupes par jour.');
	await a.tap(page.getByRole('button', { name: /Ajouter un équipement/ }));
	await a.type(page.getByLabel('Équipement 1'), 'Broyeur');
	await a.type(page.getByLabel('Nombre'), '1');
	// Lieu
	await a.type(page.locator('#f-commune'), 'perche en noce');
	await a.tap(page.getByRole('option', { name: /Perche en Nocé/ }).first());
	await a.type(page.getByLabel('Adresse ou lieu-dit'), 'La Grande Noë');
	await a.tap(page.getByRole('button', { name: 'Prendre la position GPS' }));
	await page
		.getByText(/Précision/)
		.first()
		.waitFor();
	// Capacité
	await a.type(page.locator('#f-capacityValue'), '300');
	await a.choose('capacityUnit', 'kg_h');
	// Énergie
	await a.choose('energy', 'electrique');
	await a.choose('energy', 'manuelle');
	await a.choose('worksWithoutMains', 'non');
	// État
	await a.choose('condition', 'en_service');
	await a.tap(page.getByRole('button', { name: /^Aujourd.hui$/ }));
	// Propriété et accès
	await a.choose('ownership', 'association');
	await a.choose('access', 'adherents');
	await a.type(page.getByLabel('Tarif'), '0,40 € le kg');
	await a.type(page.getByLabel('Lot minimum'), '200 kg');
	// Statut sanitaire, saison
	await a.choose('sanitary', 'declaration');
	for (const m of ['9', '10', '11']) await a.choose('months', m);
	// Contact
	await a.type(page.getByLabel(/^Organisme gestionnaire/), 'Les Pommes du Perche');
	await a.type(page.getByLabel(/^Téléphone de l.organisme/), '02 33 25 00 00');
	await a.type(page.getByLabel(/^E-mail de l.organisme/), 'pommes@example.org');
	await a.tap(page.getByRole('checkbox', { name: /personne est d.accord/ }));
	await a.type(page.getByLabel('Nom de la personne'), 'Jeanne Martin');
	await a.type(page.getByLabel('Téléphone', { exact: true }), '06 12 34 56 78');
	// Photos (the gallery: the camera is not there in a headless browser)
	await a.upload(page.locator('input[type="file"]:not([capture])'), photo);
	await page.getByRole('img', { name: /Photo 1/ }).waitFor();
	// Notes, then hand it in
	await a.type(page.locator('#f-notes'), 'Clé chez le voisin, ouvert le samedi en saison.');
	await a.tap(page.getByRole('button', { name: 'Terminer la fiche' }));
	await page.getByRole('button', { name: 'Terminer la fiche' }).waitFor({ state: 'detached' });
	return { ms: performance.now() - t0, actions: a.count() };
}

/** A small camera-like JPEG, made by the browser. @param {import('@playwright/test').Page} page */
async function makePhoto(page) {
	const bytes = await page.evaluate(async () => {
		const canvas = document.createElement('canvas');
		canvas.width = 1200;
		canvas.height = 900;
		const ctx = /** @type {CanvasRenderingContext2D} */ (canvas.getContext('2d'));
		ctx.fillStyle = '#8a6d3b';
		ctx.fillRect(0, 0, 1200, 900);
		ctx.fillStyle = '#f0e6d2';
		ctx.fillRect(300, 200, 600, 500);
		const blob = await new Promise((done) => canvas.toBlob(done, 'image/jpeg', 0.9));
		return Array.from(new Uint8Array(await /** @type {Blob} */ (blob).arrayBuffer()));
	});
	return Buffer.from(bytes);
}

async function main() {
	say(`build ${buildDir}, port ${port}, ${runs} runs`);
	if (shots) mkdirSync(shots, { recursive: true });
	const dataDir = mkdtempSync(join(tmpdir(), 'atlas-form-walk-'));
	const server = await startServer(dataDir);
	const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS });
	try {
		const ctxOptions = {
			viewport: VIEWPORT,
			deviceScaleFactor: 2,
			hasTouch: true,
			locale: 'fr-FR',
			timezoneId: 'Europe/Paris',
			serviceWorkers: /** @type {'allow'} */ ('allow')
		};
		const coordContext = await browser.newContext(ctxOptions);
		const coord = await coordContext.newPage();
		const link = /\/bienvenue#([A-Za-z0-9_-]{43})/.exec(server.output())?.[1];
		if (!link) throw new Error(`no first-run link in the server output:\n${server.output()}`);
		await coord.goto(`${origin}/bienvenue#${link}`);
		await coord.getByLabel('Votre nom').fill('Claire Coordination');
		await coord.getByRole('button', { name: 'Créer le compte de coordination' }).click();
		// The coordinator lands on « Équipe » (older builds) or on her home.
		await coord.waitForURL((url) => !url.pathname.startsWith('/bienvenue'));
		const res = await coord.request.post(`${origin}/api/team/invitations`, { data: { role: 'benevole' }, headers: { Origin: origin } });
		const invitation = /** @type {{ link: string }} */ (await res.json()).link;

		const context = await browser.newContext(ctxOptions);
		await context.grantPermissions(['geolocation']);
		await context.setGeolocation({ latitude: 48.3521, longitude: 0.7142, accuracy: 12 });
		const page = await context.newPage();
		await page.goto(invitation);
		await page.getByLabel(/^Votre nom/).fill('Marie Lefèvre');
		await page.getByRole('button', { name: 'Rejoindre' }).click();
		await page.waitForURL(`${origin}/`);
		await waitForTerritory(page);

		/** @type {Record<string, number>} */
		const screens = {};
		for (const category of CATEGORIES) {
			await openNewSheet(page, category);
			const height = await page.evaluate(() => document.documentElement.scrollHeight);
			screens[category] = Math.round((height / VIEWPORT.height) * 10) / 10;
			if (shots) await page.screenshot({ path: join(shots, `form-${category}.png`), fullPage: true });
			// The first category, screen by screen, as a person scrolls it.
			if (shots && category === CATEGORIES[0]) {
				for (let i = 0; i * VIEWPORT.height < height; i++) {
					await page.evaluate((y) => window.scrollTo(0, y), i * (VIEWPORT.height - 100));
					await page.waitForTimeout(200);
					await page.screenshot({ path: join(shots, `form-${category}-screen-${i + 1}.png`) });
					if (process.env.FORM_WALK_RECTS)
						say(
							JSON.stringify(
								await page.evaluate(() =>
									['header.top', '.save-state', 'nav.progress'].map((q) => {
										const r = document.querySelector(q)?.getBoundingClientRect();
										return [q, r?.top, r?.bottom];
									})
								)
							)
						);
				}
			}
			// Wider than the phone? Say so, with the elements that stick out (the height would be a lie).
			const wide = await page.evaluate(() => {
				const w = document.documentElement.clientWidth;
				if (document.documentElement.scrollWidth <= w) return null;
				/** Inside a box that scrolls or clips on its own, an element does not widen the page. */
				const clipped = (/** @type {Element} */ e) => {
					for (let p = e.parentElement; p && p !== document.body; p = p.parentElement) if (getComputedStyle(p).overflowX !== 'visible') return true;
					return false;
				};
				const out = [...document.querySelectorAll('body *')].filter((e) => e.getBoundingClientRect().right > w + 1 && !clipped(e)).slice(0, 5);
				return {
					scrollWidth: document.documentElement.scrollWidth,
					clientWidth: w,
					elements: out.map((e) => `${e.tagName.toLowerCase()}.${[...e.classList].join('.')}#${e.id} ${Math.round(e.getBoundingClientRect().right)}`)
				};
			});
			say(`${category}: ${height} px = ${screens[category]} screens${wide ? `; WIDER THAN THE PHONE: ${JSON.stringify(wide)}` : ''}`);
		}

		const photo = await makePhoto(page);
		/** @type {{ ms: number; actions: number }[]} */
		const walks = [];
		for (let i = 0; i < runs; i++) {
			const w = await walkFullSheet(page, photo);
			say(`run ${i + 1}: ${(w.ms / 1000).toFixed(2)} s, ${w.actions} actions`);
			walks.push(w);
		}
		if (shots) {
			await page.screenshot({ path: join(shots, 'form-filled.png'), fullPage: true });
			await page.evaluate(() => window.scrollTo(0, 1500));
			await page.waitForTimeout(300);
			await page.screenshot({ path: join(shots, 'form-scrolled.png') });
		}
		const result = {
			build: buildDir,
			screens,
			fullSheet: {
				medianSeconds: Math.round(median(walks.map((w) => w.ms)) / 10) / 100,
				runsSeconds: walks.map((w) => Math.round(w.ms) / 1000),
				actions: walks[0]?.actions ?? 0
			}
		};
		console.log(JSON.stringify(result, null, 2));
	} finally {
		await browser.close();
		server.child.kill('SIGTERM');
		rmSync(dataDir, { recursive: true, force: true });
	}
}

main().catch((e) => {
	console.error(e);
	process.exit(1);
});
