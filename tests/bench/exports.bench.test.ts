/**
 * Benchmark (npm run bench, not part of npm test): "an export of 100,000 generated sheets
 * completes with flat memory". 100,000 realistic sheets are written straight into SQLite (one
 * transaction per 10,000), then each format is exported through the real path (censusRows a page
 * at a time → writer → file) while the process's memory is sampled every 50 ms. Prints time,
 * size and peak memory per format; asserts every row arrived and the peak stays under 300 MB
 * above the start of each export.
 */
import { describe, expect, it } from 'vitest';
import { createReadStream, createWriteStream, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createHash, randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { SqliteStore } from '$lib/server/sqlite/store';
import { openExport, type ExportFormat } from '$lib/server/export';
import { EMPTY_CENSUS_FILTER } from '$lib/domain/census';
import { CATEGORY_DEFS } from '$lib/domain/categories';
import { formatHlc } from '$lib/domain/hlc';
import type { Territory } from '$lib/domain/territory';
import type { User } from '$lib/server/store/types';
import { ciderPress } from '../fixtures/sheets';

const SHEETS = 100_000;
const BATCH = 10_000;
/** Every PHOTO_EVERY-th sheet has a photo (the ZIP then holds 5,000 files). */
const PHOTO_EVERY = 20;
const LIMIT_MB = 300;
const MB = 1024 * 1024;

const T0 = Date.parse('2026-11-28T13:05:00.000Z');
const COMMUNES = Array.from({ length: 128 }, (_, i) => `61${String(100 + i).padStart(3, '0')}`);
const territory: Territory = {
	id: 'bench',
	name: 'Bench',
	version: '1',
	cdcs: [{ siren: '200068435', name: 'CC Cœur du Perche' }],
	communes: COMMUNES.map((insee, i) => ({ insee, name: `Commune ${i}`, department: '61', cdc: { siren: '200068435', name: 'CC Cœur du Perche' }, population: 1000, postalCodes: [] }))
};

// A full garbage collection before each export, so each starts from the same clean heap.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** Peak RSS and heap while `fn` runs, sampled every 50 ms. */
async function measured<T>(fn: () => Promise<T>): Promise<{ result: T; ms: number; startRss: number; peakRss: number; peakHeap: number }> {
	gc();
	const startRss = process.memoryUsage().rss;
	let peakRss = startRss;
	let peakHeap = process.memoryUsage().heapUsed;
	const sample = () => {
		const m = process.memoryUsage();
		peakRss = Math.max(peakRss, m.rss);
		peakHeap = Math.max(peakHeap, m.heapUsed);
	};
	const timer = setInterval(sample, 50);
	const t0 = performance.now();
	try {
		const result = await fn();
		sample();
		return { result, ms: performance.now() - t0, startRss, peakRss, peakHeap };
	} finally {
		clearInterval(timer);
	}
}

/** Line breaks in a file, read as a stream. */
async function lines(path: string): Promise<number> {
	let n = 0;
	for await (const chunk of createReadStream(path)) for (const b of chunk as Buffer) if (b === 10) n++;
	return n;
}

describe('exports benchmark', () => {
	it(`exports ${SHEETS.toLocaleString('en')} sheets in every format with flat memory`, { timeout: 1_800_000 }, async () => {
		const dir = mkdtempSync(join(tmpdir(), 'atlas-bench-export-'));
		const store = new SqliteStore(join(dir, 'atlas.sqlite'));
		const claire: User = { id: 'claire', name: 'Claire', role: 'coordinateur', communes: [], login: null, passwordHash: null, createdAt: new Date(T0).toISOString(), lastSeenAt: null, revokedAt: null };
		await store.insertUser(claire);

		const photo = randomBytes(20_000);
		photo.set([0xff, 0xd8, 0xff, 0xe0], 0);
		const sha = createHash('sha256').update(photo).digest('hex');
		const photosDir = join(dir, 'photos');
		mkdirSync(join(photosDir, sha.slice(0, 2)), { recursive: true });
		writeFileSync(join(photosDir, sha.slice(0, 2), sha), photo);

		const g0 = performance.now();
		for (let start = 0; start < SHEETS; start += BATCH) {
			await store.transaction(async () => {
				for (let i = start; i < start + BATCH; i++) {
					const id = `Bench${String(i).padStart(15, '0')}`;
					const commune = COMMUNES[i % COMMUNES.length] as string;
					const at = new Date(T0 - i * 60_000).toISOString();
					const fields = ciderPress({
						category: CATEGORY_DEFS[i % CATEGORY_DEFS.length]!.id,
						name: `Outil n° ${i} ; « atelier » de la commune`,
						commune,
						location: { lat: 48.2 + (i % 1000) / 5000, lon: 0.5 + (i % 997) / 3000, accuracy: 5 + (i % 20), source: 'gps', at },
						notes: i % 3 === 0 ? `Remarque ${i}, avec "guillemets"\net une deuxième ligne` : '',
						personName: i % 10 === 0 ? `Personne ${i}` : '',
						personPhone: i % 10 === 0 ? '06 00 00 00 00' : '',
						photos: i % PHOTO_EVERY === 0 ? [{ sha, mime: 'image/jpeg', bytes: photo.length, width: 4, height: 3, takenAt: at }] : []
					});
					await store.insertRecord({ id, createdBy: 'claire', commune, createdAt: at, updatedAt: at });
					const hlc = formatHlc(T0, 0, 'benchnode01');
					for (const [k, v] of Object.entries(fields)) await store.putField(id, k, v, hlc, 'claire');
				}
			});
		}
		const generation = performance.now() - g0;

		const results: { format: string; rows: number; ms: number; size: number; startRss: number; peakRss: number; peakHeap: number }[] = [];
		for (const format of ['csv', 'csv-plain', 'xlsx', 'geojson', 'photos'] as ExportFormat[]) {
			const file = join(dir, `export.${format}`);
			const m = await measured(async () => {
				const opened = await openExport(store, {
					format,
					filter: EMPTY_CENSUS_FILTER,
					withPrivate: format !== 'photos',
					user: claire,
					territory,
					photosDir,
					audit: { actorId: 'claire', ip: null },
					timeZone: 'Europe/Paris'
				});
				await pipeline(Readable.from(opened.bytes), createWriteStream(file));
				return opened.stats.rows;
			});
			results.push({ format, rows: m.result, ms: m.ms, size: statSync(file).size, startRss: m.startRss, peakRss: m.peakRss, peakHeap: m.peakHeap });
			expect(m.result).toBe(SHEETS);
			// The French and plain CSV hold a line per sheet plus the header (and the notes' line breaks).
			if (format === 'csv' || format === 'csv-plain') expect(await lines(file)).toBe(SHEETS + 1 + Math.ceil(SHEETS / 3));
			if (format === 'geojson') expect(await lines(file)).toBe(SHEETS + 2);
			rmSync(file);
		}

		const f = (n: number) => (n / MB).toFixed(0).padStart(6);
		console.log(`\ngenerated ${SHEETS} sheets in SQLite in ${(generation / 1000).toFixed(1)} s`);
		console.log('format      rows      time     size MB   start RSS   peak RSS   peak Δ RSS   peak heap  (MB)');
		for (const r of results) {
			console.log(
				`${r.format.padEnd(10)} ${String(r.rows).padStart(7)} ${(r.ms / 1000).toFixed(1).padStart(7)} s ${f(r.size)}     ${f(r.startRss)}      ${f(r.peakRss)}     ${f(r.peakRss - r.startRss)}       ${f(r.peakHeap)}`
			);
		}
		for (const r of results) expect((r.peakRss - r.startRss) / MB, r.format).toBeLessThan(LIMIT_MB);

		await store.close();
		rmSync(dir, { recursive: true, force: true });
	});
});
