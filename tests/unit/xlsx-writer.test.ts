/**
 * The project's XLSX writer (export/workbook.ts, export/xlsx.ts) and the ZIP entries it relies on
 * (export/zip.ts, over yazl): text that XML or Excel would alter comes back as written (or without
 * the characters XML cannot carry), a deflated entry is a valid ZIP entry (CRC, sizes, data
 * descriptor) that a standard reader inflates back, its pieces and the entries are pulled only as
 * the bytes are taken. The workbook as a whole is read back in exports.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { crc32 } from 'node:zlib';
import ExcelJS from 'exceljs';
import yauzl from 'yauzl';
import { xlsxChunks } from '$lib/server/export/xlsx';
import { xmlText } from '$lib/server/export/workbook';
import { ZipFile } from 'yazl';
import { forgetWritten, zipChunks, type ZipEntry } from '$lib/server/export/zip';
import { exportContext } from '$lib/server/export/labels';
import type { CensusRow } from '$lib/domain/census';
import { ciderPress } from '../fixtures/sheets';

const MTIME = { y: 2026, mo: 11, d: 28, h: 14, mi: 5, s: 0 };
const CTX = exportContext({ id: 't', name: 'T', version: '1', cdcs: [], communes: [] });

async function collect(bytes: AsyncIterable<Uint8Array>): Promise<Buffer> {
	const parts: Buffer[] = [];
	for await (const b of bytes) parts.push(Buffer.from(b));
	return Buffer.concat(parts);
}

interface Entry {
	data: Buffer;
	crc32: number;
	method: number;
	flags: number;
}

function unzip(body: Buffer): Promise<Map<string, Entry>> {
	return new Promise((resolve, reject) => {
		yauzl.fromBuffer(body, { lazyEntries: true }, (err, zip) => {
			if (err || !zip) return reject(err ?? new Error('no zip'));
			const files = new Map<string, Entry>();
			zip.on('entry', (entry: yauzl.Entry) => {
				zip.openReadStream(entry, (e, stream) => {
					if (e || !stream) return reject(e ?? new Error('no stream'));
					const parts: Buffer[] = [];
					stream.on('data', (d: Buffer) => parts.push(d));
					stream.on('end', () => {
						files.set(entry.fileName, { data: Buffer.concat(parts), crc32: entry.crc32, method: entry.compressionMethod, flags: entry.generalPurposeBitFlag });
						zip.readEntry();
					});
				});
			});
			zip.on('end', () => resolve(files));
			zip.on('error', reject);
			zip.readEntry();
		});
	});
}

async function* pieces(texts: readonly string[], pulled?: { n: number }) {
	for (const text of texts) {
		if (pulled) pulled.n++;
		yield text;
	}
}

async function* listed(entries: readonly ZipEntry[], pulled?: { n: number }): AsyncGenerator<ZipEntry> {
	for (const e of entries) {
		if (pulled) pulled.n++;
		yield e;
	}
}

describe('ZIP entries', () => {
	it('inflate back byte for byte, with their CRC-32 and sizes in a data descriptor, beside stored entries', async () => {
		const texts = Array.from({ length: 300 }, (_, i) => `<row r="${i}">ligne ${i} — « é » ${'x'.repeat(i % 97)}</row>\n`);
		const body = await collect(
			zipChunks(
				listed([
					{ name: 'a.txt', data: Buffer.from('stored'), mtime: MTIME },
					{ name: 'dossier/b.xml', mtime: MTIME, text: pieces(texts) },
					{ name: 'c.txt', data: Buffer.from('after'), mtime: MTIME }
				])
			)
		);
		const files = await unzip(body);
		const b = files.get('dossier/b.xml')!;
		const expected = Buffer.from(texts.join(''), 'utf8');
		expect(b.data.equals(expected)).toBe(true);
		expect(b.crc32).toBe(crc32(expected));
		expect(b.method).toBe(8);
		expect(b.flags & 0x0008).toBe(0x0008);
		// Stored entries carry their CRC and sizes in their header: no data descriptor.
		expect(files.get('a.txt')!.data.toString()).toBe('stored');
		expect(files.get('a.txt')!.flags & 0x0008).toBe(0);
		expect(files.get('a.txt')!.method).toBe(0);
		expect(files.get('c.txt')!.data.toString()).toBe('after');
	});

	it('pulls its pieces only as its bytes are taken, and stops them when the consumer leaves', async () => {
		const pulled = { n: 0 };
		// Text that does not compress much (1 kB pieces), so that zlib gives bytes while the pieces come.
		const texts = Array.from({ length: 2000 }, () => randomBytes(768).toString('base64'));
		const it = zipChunks(listed([{ name: 'big.xml', mtime: MTIME, text: pieces(texts, pulled) }]))[Symbol.asyncIterator]();
		await it.next(); // the local header
		await it.next(); // the first compressed bytes
		await new Promise((r) => setTimeout(r, 100));
		const early = pulled.n;
		expect(early).toBeLessThan(texts.length / 4);
		await it.return?.(undefined);
		await new Promise((r) => setTimeout(r, 100));
		expect(pulled.n).toBe(early);
	});

	it('takes the next stored entry only once the previous one is sent (two photos in memory at most)', async () => {
		const pulled = { n: 0 };
		const photo = (i: number): ZipEntry => ({ name: `p${i}.jpg`, data: randomBytes(200_000), mtime: MTIME });
		const it = zipChunks(listed([photo(1), photo(2), photo(3), photo(4)], pulled))[Symbol.asyncIterator]();
		await it.next();
		await new Promise((r) => setTimeout(r, 100));
		expect(pulled.n).toBe(1);
		let total = 0;
		for (let next = await it.next(); !next.done; next = await it.next()) total += next.value.byteLength;
		expect(pulled.n).toBe(4);
		expect(total).toBeGreaterThan(600_000);
	});

	it('lets go of the photos already written (yazl keeps its entries until the end)', async () => {
		const zip = new ZipFile();
		const fields = () => (zip as unknown as { entries: { state: number; doFileDataPump: unknown }[] }).entries;
		const done = collect(zip.outputStream as unknown as AsyncIterable<Uint8Array>);
		zip.addBuffer(randomBytes(1000), 'a.jpg', { compress: false });
		zip.addBuffer(randomBytes(1000), 'b.jpg', { compress: false });
		zip.end();
		await done;
		// The fields forgetWritten relies on: if a yazl upgrade renames them, photos stay in memory.
		expect(fields().map((e) => [e.state, typeof e.doFileDataPump])).toEqual([
			[3, 'function'],
			[3, 'function']
		]);
		expect(forgetWritten(zip, 0)).toBe(2);
		expect(fields().map((e) => e.doFileDataPump)).toEqual([null, null]);
	});

	it('writes ZIP64 end records when asked (as a census past 4 GiB or 65,535 photos needs)', async () => {
		const body = await collect(zipChunks(listed([{ name: 'a.jpg', data: Buffer.from('photo'), mtime: MTIME }]), { forceZip64: true }));
		expect(body.includes(Buffer.from([0x50, 0x4b, 0x06, 0x06]))).toBe(true);
		expect((await unzip(body)).get('a.jpg')!.data.toString()).toBe('photo');
	});

	it('fails with the error of its source (a census that cannot be read), not with a truncated file', async () => {
		const failing = (async function* () {
			yield 'début';
			throw new Error('database is locked');
		})();
		await expect(collect(zipChunks(listed([{ name: 'x.xml', mtime: MTIME, text: failing }])))).rejects.toThrow('database is locked');
		const failingList = (async function* (): AsyncGenerator<ZipEntry> {
			yield { name: 'a.jpg', data: Buffer.from('photo'), mtime: MTIME };
			throw new Error('disk unreadable');
		})();
		await expect(collect(zipChunks(failingList))).rejects.toThrow('disk unreadable');
	});
});

describe('XLSX text', () => {
	it('escapes what XML would read as markup, and drops the characters XML cannot carry', () => {
		expect(xmlText('Pressoir')).toBe('Pressoir');
		expect(xmlText('a < b & c > "d"')).toBe('a &lt; b &amp; c &gt; &quot;d&quot;');
		expect(xmlText('bip\u0007\u0000 tab\there\nline\r')).toBe('bip tab\there\nline\r');
	});

	it('reads back as written: spaces, line breaks, markup, entities, emoji', async () => {
		const notes = ['  espaces devant et derrière  ', 'ligne 1\nligne 2', '<b>gras</b> &amp; « guillemets » "x"', 'sonnette\u0007 ôtée', '🍎 pomme'];
		const rows = (async function* () {
			for (const [i, note] of notes.entries())
				yield {
					id: `Row${i}`,
					createdBy: 'marie',
					createdByName: 'Marie',
					createdAt: '2026-11-28T13:05:00.000Z',
					updatedAt: '2026-11-28T13:05:00.000Z',
					fields: ciderPress({ notes: note })
				} satisfies CensusRow;
		})();
		const body = await collect(xlsxChunks(rows, { withPrivate: false, ctx: CTX, timeZone: 'Europe/Paris' }));
		const book = new ExcelJS.Workbook();
		await book.xlsx.load(body as unknown as ArrayBuffer);
		const ws = book.worksheets[0]!;
		const headers = (ws.getRow(1).values as unknown[]).slice(1);
		const notesCol = headers.indexOf('Notes') + 1;
		expect(notesCol).toBeGreaterThan(0);
		const read = notes.map((_, i) => ws.getRow(i + 2).getCell(notesCol).value);
		expect(read).toEqual(['  espaces devant et derrière  ', 'ligne 1\nligne 2', '<b>gras</b> &amp; « guillemets » "x"', 'sonnette ôtée', '🍎 pomme']);
		expect(book.creator).toBe('Atlas des outils');
	});
});
