/**
 * Section `lighthouse`: Lighthouse 12.2.3 (its default config: the mobile preset, simulated slow 4G
 * and 4× CPU slowdown) on the first page and the sheet form, performance and accessibility scores,
 * against the production server on a private port and a fresh data folder, signed in as a volunteer
 * (a session cookie in the browser's jar, as a phone that joined holds). Chromium is Debian's, started by chrome-launcher
 * with the e2e suite's network-quietening flags; nothing downloads a browser. The median score of
 * `lighthouseRuns` runs per page. No baseline: there is no "raw" page to compare with.
 * The sheet form is /fiches/nouvelle (the category choice that opens it): the form itself,
 * /fiches/<id>/modifier, shows a sheet held in the phone's IndexedDB, which Lighthouse empties first.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import { chromium } from '@playwright/test';
import { nodeBundle } from './bundle.js';
import { CHROMIUM, CHROMIUM_FLAGS, PORTS, WORK } from './paths.js';
import { runNode, startAppServer } from './processes.js';
import { median } from './stats.js';

/** @typedef {import('./stats.js').Row} Row */

const PAGES = { 'first page /': '/', 'sheet form /fiches/nouvelle': '/fiches/nouvelle' };

/**
 * Puts the volunteer's session cookie in the browser's cookie jar (Lighthouse keeps cookies when it
 * clears the site's storage). Lighthouse's `extraHeaders` would not do: the requests the service
 * worker makes for the page do not carry them, and /api/me would answer 401.
 * @param {number} port  the Chromium's DevTools port
 * @param {string} origin
 * @param {string} token
 */
async function signIn(port, origin, token) {
	const browser = await chromium.connectOverCDP(`http://127.0.0.1:${port}`);
	try {
		const context = browser.contexts()[0];
		if (!context) throw new Error('the browser has no default context');
		await context.addCookies([{ name: 'atlas_session', value: token, url: origin, httpOnly: true, sameSite: 'Lax' }]);
	} finally {
		// Disconnects; the browser, started by chrome-launcher, stays.
		await browser.close();
	}
}

/**
 * @param {import('./paths.js').Context} ctx
 * @returns {Promise<{ rows: Row[]; details: unknown }>}
 */
export async function runLighthouse({ sizes, log, buildDir }) {
	const bundles = await nodeBundle();
	const dataDir = mkdtempSync(join(WORK, 'lighthouse-'));
	const profile = mkdtempSync(join(tmpdir(), 'atlas-bench-lighthouse-'));
	try {
		const seeded = await runNode(join(bundles, 'seed.js'), { dataDir, sheets: 0, session: 'benevole' });
		const server = await startAppServer(buildDir, PORTS.lighthouseServer, dataDir);
		try {
			const chrome = await chromeLauncher.launch({
				chromePath: CHROMIUM,
				port: PORTS.lighthouseChrome,
				userDataDir: profile,
				chromeFlags: ['--headless=new', ...CHROMIUM_FLAGS],
				logLevel: 'silent'
			});
			try {
				await signIn(chrome.port, server.origin, seeded.token);
				/** @type {Record<string, { performance: number[]; accessibility: number[]; lighthouse: string; warnings: string[]; finalUrl: string }>} */
				const scores = {};
				for (const [name, path] of Object.entries(PAGES)) {
					/** @type {(typeof scores)[string]} */
					const s = { performance: [], accessibility: [], lighthouse: '', warnings: [], finalUrl: '' };
					scores[name] = s;
					for (let run = 0; run < sizes.lighthouseRuns; run++) {
						log(`${path}, run ${run + 1}/${sizes.lighthouseRuns}…`);
						const audit = () =>
							lighthouse(`${server.origin}${path}`, {
								port: chrome.port,
								output: 'json',
								logLevel: 'error',
								onlyCategories: ['performance', 'accessibility']
							});
						let result = await audit();
						// NO_NAVSTART: Lighthouse's trace missed the navigation's start (its own flake, it says
						// « run Lighthouse again »): the run is made again once, never more.
						if (result?.lhr?.runtimeError?.code === 'NO_NAVSTART') {
							log(`${path}: Lighthouse's trace missed the start (NO_NAVSTART), run again`);
							result = await audit();
						}
						const lhr = result?.lhr;
						if (!lhr) throw new Error(`Lighthouse gave no result for ${path}`);
						if (lhr.runtimeError) throw new Error(`Lighthouse could not load ${path}: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`);
						s.lighthouse = lhr.lighthouseVersion;
						s.warnings.push(...lhr.runWarnings);
						s.finalUrl = lhr.finalDisplayedUrl;
						if (process.env.BENCH_LIGHTHOUSE_DUMP)
							(await import('node:fs')).writeFileSync(
								`${process.env.BENCH_LIGHTHOUSE_DUMP}-${run}-${path.replace(/\W/g, '_')}.json`,
								JSON.stringify({ lhr, log: result.artifacts.DevtoolsLog })
							);
						s.performance.push(100 * (lhr.categories.performance?.score ?? NaN));
						s.accessibility.push(100 * (lhr.categories.accessibility?.score ?? NaN));
					}
				}
				/** @type {Row[]} */
				const rows = Object.entries(scores).flatMap(([name, s]) =>
					/** @type {const} */ (['performance', 'accessibility']).map((category) => ({
						section: 'lighthouse',
						figure: `Lighthouse ${s.lighthouse} mobile ${category}, ${name}`,
						unit: '/100',
						ours: median(s[category]),
						baseline: null,
						baselineLabel: 'no baseline',
						targets: []
					}))
				);
				return { rows, details: { runs: sizes.lighthouseRuns, scores, chromium: CHROMIUM } };
			} finally {
				chrome.kill();
			}
		} finally {
			await server.stop();
		}
	} finally {
		rmSync(dataDir, { recursive: true, force: true });
		rmSync(profile, { recursive: true, force: true });
	}
}
