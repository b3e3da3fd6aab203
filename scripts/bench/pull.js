/**
 * Section `pull`: an empty client pulls the whole census from the production server (`node build`
 * on a private port and data folder, seeded through the store), against a raw SQLite scan +
 * JSON.stringify + gzip of the same rows in pages of the same size.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { nodeBundle } from './bundle.js';
import { PORTS, ROOT, WORK } from './paths.js';
import { runNode, startAppServer } from './processes.js';
import { median } from './stats.js';

/** @typedef {import('./stats.js').Row} Row */

/**
 * @param {import('./paths.js').Context} ctx
 * @returns {Promise<{ rows: Row[]; details: unknown }>}
 */
export async function runPull({ sizes, log, buildDir }) {
	const bundles = await nodeBundle();
	const dataDir = mkdtempSync(join(WORK, 'pull-'));
	try {
		const n = sizes.pullSheets;
		log(`seeding ${n} sheets…`);
		const seeded = await runNode(join(bundles, 'seed.js'), { dataDir, sheets: n, session: 'coordinateur' });
		const server = await startAppServer(buildDir, PORTS.pullServer, dataDir);
		/** @type {{ page: number; runs: { ms: number; pages: number; sheets: number; wire: number; plain: number; gzipped: number; encodings: string[] }[] }} */
		let client;
		try {
			log(`pulling ${n} sheets from ${server.origin}, ${sizes.pullRuns} runs…`);
			client = await runNode(join(bundles, 'pull-client.js'), { origin: server.origin, token: seeded.token, runs: sizes.pullRuns });
		} finally {
			await server.stop();
		}
		for (const r of client.runs) if (r.sheets !== n) throw new Error(`a pull brought ${r.sheets} sheets, not ${n}`);
		const page = client.page;
		log('raw scan baseline…');
		const raw = await runNode(join(ROOT, 'scripts/bench/raw-scan.js'), { mode: 'pull', dbFile: seeded.dbFile, page, runs: sizes.pullRuns });
		if (raw.sheets !== n) throw new Error(`the raw scan read ${raw.sheets} sheets, not ${n}`);
		const last = /** @type {(typeof client.runs)[number]} */ (client.runs[client.runs.length - 1]);
		const encoding = last.encodings.join('+');
		const count = n.toLocaleString('en-US');
		/** @type {Row[]} */
		const rows = [
			{
				section: 'pull',
				figure: `pull ${count} sheets to an empty client, time`,
				unit: 'ms',
				ours: median(client.runs.map((r) => r.ms)),
				baseline: median(raw.times),
				baselineLabel: 'raw scan + JSON + gzip',
				targets: []
			},
			{
				section: 'pull',
				figure: `pull, bytes on the wire per sheet (server sent ${encoding})`,
				unit: 'B',
				ours: last.wire / n,
				baseline: raw.gzipBytes / n,
				baselineLabel: 'raw rows, JSON gzip',
				targets: []
			}
		];
		if (!last.encodings.includes('gzip')) {
			rows.push({
				section: 'pull',
				figure: 'pull, gzip bytes per sheet (if a proxy compresses)',
				unit: 'B',
				ours: last.gzipped / n,
				baseline: raw.gzipBytes / n,
				baselineLabel: 'raw rows, JSON gzip',
				targets: [],
				note: 'the server sent the pages uncompressed; these are the same pages gzip-compressed at zlib level 6'
			});
		}
		return { rows, details: { page, seedMs: seeded.ms, runs: client.runs, raw } };
	} finally {
		rmSync(dataDir, { recursive: true, force: true });
	}
}
