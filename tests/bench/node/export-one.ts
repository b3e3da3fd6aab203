/**
 * Section `export`, one format per process (so that the process's peak RSS is this export's alone):
 * the coordinator's export of the whole census through the real export module (openExport, the
 * same code as GET /api/export/<format> and `npm run admin -- export`), streamed to a file.
 * Argument: { dbFile, photosDir, format, out } or { list: true } (prints the formats).
 * Result: rows, time (from opening the export to the last byte written), file size, peak RSS
 * (before the export: Node, the modules and the store; after it: the whole process's peak).
 */
import { createWriteStream, statSync } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { EXPORT_FORMATS, openExport, type ExportFormat } from '$lib/server/export';
import { SqliteStore } from '$lib/server/sqlite/store';
import { EMPTY_CENSUS_FILTER } from '$lib/domain/census';
import { BENCH_TERRITORY } from '../sheets';
import { peakRssKB } from '../../../scripts/bench/peak-rss.js';
import { args, CLAIRE, done } from './common';

const a = args<{ list?: boolean; dbFile: string; photosDir: string; format: ExportFormat; out: string }>();
if (a.list) {
	done({ formats: EXPORT_FORMATS });
} else {
	const store = new SqliteStore(a.dbFile);
	const startRssKB = peakRssKB();
	const t0 = performance.now();
	const opened = await openExport(store, {
		format: a.format,
		filter: EMPTY_CENSUS_FILTER,
		withPrivate: a.format !== 'photos',
		user: CLAIRE,
		territory: BENCH_TERRITORY,
		photosDir: a.photosDir,
		audit: { actorId: CLAIRE.id, ip: null },
		timeZone: 'Europe/Paris'
	});
	await pipeline(Readable.from(opened.bytes), createWriteStream(a.out));
	const ms = performance.now() - t0;
	await store.close();
	done({ format: a.format, rows: opened.stats.rows, ms, bytes: statSync(a.out).size, startRssKB, maxRssKB: peakRssKB() });
}
