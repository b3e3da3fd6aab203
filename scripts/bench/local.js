/**
 * Section `local`: the phone's database in real Chromium (Debian's, as the e2e suite drives it).
 * The page (tests/bench/browser/entry.ts) runs the app's own save and list code against raw
 * IndexedDB on the same objects; here we bundle it, serve it on loopback and read its samples.
 * A persistent profile, so IndexedDB is on disk as on a phone (a throwaway context keeps it in memory).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import { bundleBrowser } from './bundle.js';
import { CHROMIUM, CHROMIUM_FLAGS, PORTS, WORK } from './paths.js';
import { serveStatic } from './processes.js';
import { percentile } from './stats.js';

/** @typedef {import('./stats.js').Row} Row */

/**
 * @param {import('./paths.js').Context} ctx
 * @returns {Promise<{ rows: Row[]; details: unknown }>}
 */
export async function runLocal({ sizes, log }) {
	const dir = join(WORK, 'browser');
	log('bundling the page (tests/bench/browser/entry.ts)…');
	await bundleBrowser('tests/bench/browser/entry.ts', dir);
	const server = await serveStatic(dir, PORTS.localPage);
	const profile = mkdtempSync(join(tmpdir(), 'atlas-bench-chromium-'));
	try {
		const context = await chromium.launchPersistentContext(profile, {
			executablePath: CHROMIUM,
			args: CHROMIUM_FLAGS,
			headless: true,
			viewport: { width: 360, height: 740 }
		});
		try {
			const page = await context.newPage();
			/** @type {string[]} */
			const errors = [];
			page.on('pageerror', (e) => errors.push(String(e)));
			await page.goto(`${server.origin}/`);
			await page.waitForFunction(() => 'atlasBench' in globalThis);
			const options = { sheets: sizes.localSheets, saves: sizes.localSaves, warmup: Math.min(20, sizes.localSaves), lists: sizes.localLists };
			log(`${options.sheets} sheets stored, ${options.saves} saves, ${options.lists} lists…`);
			const r = /** @type {import('../../tests/bench/browser/entry').LocalResult} */ (
				await page.evaluate((o) => /** @type {any} */ (globalThis).atlasBench.run(o), options)
			);
			if (errors.length) throw new Error(`errors in the page: ${errors.join('; ')}`);
			if (r.damaged !== 0) throw new Error(`${r.damaged} seeded sheets were read as damaged`);
			if (r.matchedApp !== r.matchedRaw) throw new Error(`the app's filter kept ${r.matchedApp} sheets, the raw one ${r.matchedRaw}`);
			const n = sizes.localSheets.toLocaleString('en-US');
			const label = 'raw IndexedDB put';
			/** @type {Row[]} */
			const rows = [
				{
					section: 'local',
					figure: `Chromium: save one sheet + outbox row, p50 (${n} stored)`,
					unit: 'ms',
					ours: percentile(r.saveApp, 50),
					baseline: percentile(r.saveRaw, 50),
					baselineLabel: label,
					targets: [{ on: 'ratio', op: '<=', limit: 1.3, text: '≤ 1.3× raw' }]
				},
				{
					section: 'local',
					figure: `Chromium: save one sheet + outbox row, p95 (${n} stored)`,
					unit: 'ms',
					ours: percentile(r.saveApp, 95),
					baseline: percentile(r.saveRaw, 95),
					baselineLabel: label,
					targets: [
						{ on: 'value', op: '<=', limit: 16, text: '≤ 16 ms' },
						{ on: 'ratio', op: '<=', limit: 1.3, text: '≤ 1.3× raw' }
					]
				},
				{
					section: 'local',
					figure: `Chromium: list + filter ${n} sheets, p50`,
					unit: 'ms',
					ours: percentile(r.listApp, 50),
					baseline: percentile(r.listRaw, 50),
					baselineLabel: 'raw getAll + same filter',
					targets: []
				}
			];
			const summary = (/** @type {number[]} */ s) => ({ n: s.length, p50: percentile(s, 50), p95: percentile(s, 95), max: Math.max(...s) });
			return {
				rows,
				details: {
					options,
					seedMs: r.seedMs,
					matched: r.matchedApp,
					outboxRows: r.outboxRows,
					saveApp: summary(r.saveApp),
					saveRaw: summary(r.saveRaw),
					listApp: summary(r.listApp),
					listRaw: summary(r.listRaw),
					chromium: context.browser()?.version() ?? null
				}
			};
		} finally {
			await context.close();
		}
	} finally {
		await server.close();
		rmSync(profile, { recursive: true, force: true });
	}
}
