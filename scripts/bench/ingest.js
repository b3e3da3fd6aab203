/**
 * Section `ingest`: pushed sheets per second into SQLite through the sync service, against raw
 * better-sqlite3 inserts of the same rows (tests/bench/node/ingest.ts does both, in one process).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { nodeBundle } from './bundle.js';
import { WORK } from './paths.js';
import { runNode } from './processes.js';
import { median } from './stats.js';

/** @typedef {import('./stats.js').Row} Row */

/**
 * @param {import('./paths.js').Context} ctx
 * @returns {Promise<{ rows: Row[]; details: unknown }>}
 */
export async function runIngest({ sizes, log }) {
	const bundles = await nodeBundle();
	const dir = mkdtempSync(join(WORK, 'ingest-'));
	try {
		log(`${sizes.ingestSheets} sheets pushed, ${sizes.ingestRuns} runs each (service, raw)…`);
		const r = await runNode(join(bundles, 'ingest.js'), { dir, sheets: sizes.ingestSheets, runs: sizes.ingestRuns });
		const service = median(r.service);
		const raw = median(r.raw);
		const n = sizes.ingestSheets.toLocaleString('en-US');
		const perSecond = (/** @type {number} */ ms) => (sizes.ingestSheets * 1000) / ms;
		/** @type {Row[]} */
		const rows = [
			{
				section: 'ingest',
				figure: `push ${n} sheets (${r.fields} fields) into SQLite, time`,
				unit: 'ms',
				ours: service,
				baseline: raw,
				baselineLabel: 'raw SQLite inserts',
				targets: [{ on: 'ratio', op: '<=', limit: 3, text: '≤ 3× raw' }]
			},
			{
				section: 'ingest',
				figure: 'push throughput',
				unit: 'sheets/s',
				ours: perSecond(service),
				baseline: perSecond(raw),
				baselineLabel: 'raw SQLite inserts',
				targets: [{ on: 'value', op: '>=', limit: 1000, text: '≥ 1,000/s' }]
			}
		];
		return { rows, details: { runsMs: { service: r.service, raw: r.raw }, batch: r.batch, fieldsPerSheet: r.fields, pushBytesPerSheet: r.bytesPerSheet } };
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
}
