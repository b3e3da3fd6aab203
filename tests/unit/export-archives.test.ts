/**
 * The archives the atlas gives out — the census workbook, the photos ZIP and the coverage workbook
 * — hold the same things whatever library writes their ZIP or their spreadsheet: each is made from
 * a fixed census and compared with tests/fixtures/export-archives.json, recorded once.
 *
 * - Census workbook and photos ZIP: every entry, in order, with its name, compression method, DOS
 *   date and time, size and SHA-256 of its unzipped bytes. What may differ between two writers is
 *   the ZIP's own metadata only (headers, extra fields, "made by", the compressed bytes).
 * - Coverage workbook: what a spreadsheet shows — sheets, column widths and formats, frozen panes,
 *   filters, each filled cell's value, type, number format, bold and alignment — and its creation date, as
 *   read back by a standard reader (its XML is not the same from one writer to the next; nor is its
 *   "creator" property, metadata no screen shows).
 *
 * A deliberate change of an export is recorded again with `UPDATE_EXPORT_ARCHIVES=1 npx vitest run
 * tests/unit/export-archives.test.ts --project sqlite`, and the fixture's diff reviewed.
 */
import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import yauzl from 'yauzl';
import type { CensusRow } from '$lib/domain/census';
import type { Territory } from '$lib/domain/territory';
import { exportContext } from '$lib/server/export/labels';
import { photosZipChunks } from '$lib/server/export/photos';
import { xlsxChunks } from '$lib/server/export/xlsx';
import type { PhotoBytes } from '$lib/server/photo-bytes';
import { coverageXlsx } from '$lib/server/coverage/files';
import type { CoverageAnswer } from '$lib/server/coverage/analysis';
import { ciderPress, farmMill, poultryAbattoir } from '../fixtures/sheets';

const FIXTURE = join(import.meta.dirname, '../fixtures/export-archives.json');
const TZ = 'Europe/Paris';
const NOW = new Date('2026-11-28T13:05:00.000Z');
const T0 = NOW.toISOString();

const TERRITORY: Territory = {
	id: 'essai',
	name: 'Essai',
	version: '1',
	cdcs: [{ siren: '200068435', name: 'CC Cœur du Perche' }],
	communes: [
		{ insee: '61079', name: 'Ceton', department: '61', cdc: { siren: '200068435', name: 'CC Cœur du Perche' }, population: 1900, postalCodes: ['61260'] },
		{
			insee: '61309',
			name: 'Perche en Nocé',
			department: '61',
			cdc: { siren: '200068435', name: 'CC Cœur du Perche' },
			population: 1800,
			postalCodes: ['61340']
		}
	]
};
const CTX = exportContext(TERRITORY);

/** Bytes that look like a JPEG and are the same on every run (the fixture holds their hash). */
function photo(seed: number, size: number): Buffer {
	const b = Buffer.alloc(size);
	for (let i = 0; i < size; i++) b[i] = (i * 31 + seed * 7 + (i >> 5)) & 0xff;
	b.set([0xff, 0xd8, 0xff, 0xe0], 0);
	return b;
}
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const PHOTOS = [photo(1, 3000), photo(2, 70_000), photo(3, 500)];
const ref = (b: Buffer, takenAt: string) => ({ sha: sha(b), mime: 'image/jpeg', bytes: b.length, width: 4, height: 3, takenAt });

const ROWS: CensusRow[] = [
	{
		id: 'PressoirPreaux000001',
		createdBy: 'marie',
		createdByName: 'Marie Lebrun',
		createdAt: T0,
		updatedAt: T0,
		fields: ciderPress({
			personName: 'Jeanne Duval',
			personPhone: '06 12 34 56 78',
			notes: 'Clé chez le voisin ; demander « Paul »\r\nDeuxième ligne, <b>&amp;</b> "guillemets"\u0007',
			photos: [ref(PHOTOS[0]!, '2026-10-12T09:16:00.000Z'), ref(PHOTOS[1]!, '2026-07-01T22:30:59.000Z')]
		})
	},
	{
		id: 'AbattoirCeton0000001',
		createdBy: 'paul',
		createdByName: 'Paul Girard',
		createdAt: T0,
		updatedAt: T0,
		fields: poultryAbattoir({ notes: '  espaces  ', photos: [ref(PHOTOS[2]!, '2026-11-02T10:00:00.000Z')] })
	},
	// Same name and commune as the first: its photo gets « -2 »; a photo not on the server is skipped.
	{
		id: 'PressoirPreaux000002',
		createdBy: 'paul',
		createdByName: 'Paul Girard',
		createdAt: T0,
		updatedAt: T0,
		fields: ciderPress({ photos: [ref(photo(9, 10), '2026-10-12T09:16:00.000Z'), ref(PHOTOS[0]!, '2026-10-12T09:17:00.000Z')] })
	},
	{
		id: 'MoulinMortagne000001',
		createdBy: 'marie',
		createdByName: 'Marie Lebrun',
		createdAt: T0,
		updatedAt: T0,
		fields: farmMill({ commune: null, condition: null })
	}
];

async function* rows(): AsyncGenerator<CensusRow> {
	yield* ROWS;
}

/** Only the photos of PHOTOS are on the server. */
const onServer = { read: async (s: string) => PHOTOS.find((p) => sha(p) === s) ?? null } as unknown as PhotoBytes;

async function collect(bytes: AsyncIterable<Uint8Array>): Promise<Buffer> {
	const parts: Buffer[] = [];
	for await (const b of bytes) parts.push(Buffer.from(b));
	return Buffer.concat(parts);
}

interface EntryFacts {
	name: string;
	method: number;
	dosDate: number;
	dosTime: number;
	size: number;
	sha256: string;
}

/** Every entry of a ZIP, in the order of its central directory, unzipped and checked (CRC, sizes). */
function entries(body: Buffer): Promise<EntryFacts[]> {
	return new Promise((resolve, reject) => {
		yauzl.fromBuffer(body, { lazyEntries: true, strictFileNames: true, validateEntrySizes: true }, (err, zip) => {
			if (err || !zip) return reject(err ?? new Error('no zip'));
			const out: EntryFacts[] = [];
			zip.on('entry', (entry: yauzl.Entry) => {
				zip.openReadStream(entry, (e, stream) => {
					if (e || !stream) return reject(e ?? new Error('no stream'));
					const parts: Buffer[] = [];
					stream.on('data', (d: Buffer) => parts.push(d));
					stream.on('error', reject);
					stream.on('end', () => {
						const data = Buffer.concat(parts);
						out.push({
							name: entry.fileName,
							method: entry.compressionMethod,
							dosDate: entry.lastModFileDate,
							dosTime: entry.lastModFileTime,
							size: data.length,
							sha256: sha(data)
						});
						zip.readEntry();
					});
				});
			});
			zip.on('end', () => resolve(out));
			zip.on('error', reject);
			zip.readEntry();
		});
	});
}

/** What a spreadsheet shows of a workbook (see the header). */
async function shown(bytes: Uint8Array): Promise<unknown> {
	const wb = new ExcelJS.Workbook();
	await wb.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
	const cellValue = (v: ExcelJS.CellValue) => (v instanceof Date ? { date: v.toISOString() } : v);
	return {
		created: wb.created?.toISOString() ?? null,
		sheets: wb.worksheets.map((ws) => {
			const rows: unknown[] = [];
			ws.eachRow({ includeEmpty: false }, (row, r) => {
				const cells: unknown[] = [];
				row.eachCell({ includeEmpty: false }, (cell, c) => {
					// An empty text shows nothing, like no cell at all (writers differ on which they write).
					if (cell.value === '') return;
					cells.push({
						c,
						value: cellValue(cell.value),
						type: cell.type,
						numFmt: cell.numFmt ?? null,
						bold: cell.font?.bold ?? false,
						alignment: cell.alignment ?? null
					});
				});
				rows.push({ r, cells });
			});
			return {
				name: ws.name,
				columns: (ws.columns ?? []).map((c) => ({ width: c.width ?? null, numFmt: c.numFmt ?? null })),
				views: (ws.views ?? []).map((v) => ({ state: v.state ?? null, ySplit: 'ySplit' in v ? (v.ySplit ?? null) : null })),
				autoFilter: ws.autoFilter ?? null,
				rows
			};
		})
	};
}

const COVERAGE: CoverageAnswer = {
	view: 'mains',
	family: 'grains',
	category: null,
	threshold: 12.5,
	counted: 2,
	unlocated: 1,
	communes: [
		{
			insee: '61001',
			name: 'Aunay',
			cdc: 'CDC Nord',
			distanceKm: 35.582,
			nearest: { id: 'SheetFourCeton0001', name: 'Four « banal »', commune: '61079' },
			beyond: true
		},
		{ insee: '61002', name: 'Bellou', cdc: null, distanceKm: null, nearest: null, beyond: true },
		{ insee: '61079', name: 'Ceton', cdc: 'CDC Nord', distanceKm: 0, nearest: { id: 'SheetFourCeton0001', name: '', commune: '61079' }, beyond: false },
		{
			insee: '61005',
			name: 'Écouché',
			cdc: 'CDC <Sud> & co',
			distanceKm: 7.1,
			nearest: { id: 'SheetMoulin0000001', name: '=1+1', commune: '61309' },
			beyond: false
		}
	],
	withoutOutline: [{ insee: '61006', name: 'Feings' }],
	tools: [],
	computedAt: '2026-11-28T13:05:00.000Z'
};
const communeName = (insee: string) => TERRITORY.communes.find((c) => c.insee === insee)?.name ?? insee;

async function made(): Promise<Record<string, unknown>> {
	const census = await collect(xlsxChunks(rows(), { withPrivate: true, ctx: CTX, timeZone: TZ, now: NOW }));
	const photos = await collect(photosZipChunks(rows(), { bytes: onServer, ctx: CTX, timeZone: TZ }));
	const photos64 = await collect(photosZipChunks(rows(), { bytes: onServer, ctx: CTX, timeZone: TZ, forceZip64: true }));
	return {
		'census.xlsx': await entries(census),
		'photos.zip': await entries(photos),
		'photos-zip64.zip': await entries(photos64),
		'coverage.xlsx': await shown(await coverageXlsx(COVERAGE, 'Territoire de test', communeName))
	};
}

describe('exported archives', () => {
	it('hold the recorded entries and cells, whichever library writes them', { timeout: 30_000 }, async () => {
		const now = JSON.parse(JSON.stringify(await made())) as Record<string, unknown>;
		if (process.env.UPDATE_EXPORT_ARCHIVES) writeFileSync(FIXTURE, `${JSON.stringify(now, null, '\t')}\n`);
		const recorded = JSON.parse(readFileSync(FIXTURE, 'utf8')) as Record<string, unknown>;
		expect(Object.keys(now)).toEqual(Object.keys(recorded));
		for (const key of Object.keys(recorded)) expect(now[key], key).toEqual(recorded[key]);
	});
});
