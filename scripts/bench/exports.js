/**
 * Section `export`: the census seeded once into a SQLite file (through the store, a photo on every
 * 20th sheet), then each export format in its own process (tests/bench/node/export-one.ts), so
 * that its peak RSS (scripts/bench/peak-rss.js: the whole process, Node itself, the modules and the
 * export) is that export's alone; the baseline, a raw scan + JSON.stringify written to a file
 * (scripts/bench/raw-scan.js), in its own process too. Every file is checked to hold every sheet,
 * then deleted.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { nodeBundle } from './bundle.js';
import { ROOT, WORK } from './paths.js';
import { runNode } from './processes.js';

/** @typedef {import('./stats.js').Row} Row */

const MB = 1024;

/**
 * @param {import('./paths.js').Context} ctx
 * @returns {Promise<{ rows: Row[]; details: unknown }>}
 */
export async function runExports({ sizes, log }) {
	const bundles = await nodeBundle();
	const dataDir = mkdtempSync(join(WORK, 'export-'));
	try {
		const n = sizes.exportSheets;
		const count = n.toLocaleString('en-US');
		log(`seeding ${count} sheets…`);
		const seeded = await runNode(join(bundles, 'seed.js'), { dataDir, sheets: n, photos: true });
		log(`seeded in ${(seeded.ms / 1000).toFixed(1)} s`);
		const { formats } = /** @type {{ formats: string[] }} */ (await runNode(join(bundles, 'export-one.js'), { list: true }));

		const out = join(dataDir, 'export.out');
		// The baseline runs before and after the formats; the faster run counts (the limit is the best the
		// machine did, and the first read after seeding may find a cold cache).
		const rawRun = async () => {
			log('raw scan + JSON.stringify baseline…');
			const r = await runNode(join(ROOT, 'scripts/bench/raw-scan.js'), { mode: 'export', dbFile: seeded.dbFile, out });
			rmSync(out, { force: true });
			if (r.rows !== n) throw new Error(`the raw scan wrote ${r.rows} sheets, not ${n}`);
			return r;
		};
		const rawRuns = [await rawRun()];

		/** @type {Row[]} */
		const rows = [];
		/** @type {unknown[]} */
		const runs = [];
		for (const format of formats) {
			log(`${format}…`);
			const r = await runNode(join(bundles, 'export-one.js'), { dbFile: seeded.dbFile, photosDir: seeded.photosDir, format, out });
			rmSync(out, { force: true });
			if (r.rows !== n) throw new Error(`the ${format} export held ${r.rows} sheets, not ${n}`);
			runs.push(r);
			rows.push(
				{
					section: 'export',
					figure: `export ${format}, ${count} sheets, time`,
					unit: 'ms',
					ours: r.ms,
					baseline: null,
					baselineLabel: 'raw scan + JSON',
					targets: [{ on: 'value', op: '<=', limit: 3000, text: '≤ 3 s' }]
				},
				{
					section: 'export',
					figure: `export ${format}, peak RSS of its process`,
					unit: 'MB',
					ours: r.maxRssKB / MB,
					baseline: null,
					baselineLabel: 'raw scan + JSON',
					targets: [{ on: 'value', op: '<=', limit: 200, text: '≤ 200 MB' }]
				}
			);
		}
		rawRuns.push(await rawRun());
		const raw = rawRuns.reduce((a, b) => (b.ms < a.ms ? b : a));
		for (const row of rows) row.baseline = row.unit === 'ms' ? raw.ms : raw.maxRssKB / MB;
		return { rows, details: { seedMs: seeded.ms, rawRuns, runs } };
	} finally {
		rmSync(dataDir, { recursive: true, force: true });
	}
}
