/**
 * ZIP archives through yazl, a streaming ZIP writer (MIT, one small dependency, by the author of
 * yauzl, which the tests read archives with): it writes ZIP64 records by itself when offsets pass
 * 4 GiB, entries pass 65,535 or an entry passes 4 GiB — a census's photos can — and it compresses
 * with Node's zlib, on libuv's thread pool. fflate's streaming Zip writes no ZIP64; archiver
 * brings a dozen packages for the same job. The bytes come out as the consumer takes them:
 * the consumer's pace is the writer's pace.
 *
 * Two kinds of entries:
 * - stored (`data`): photos are JPEG/PNG/WebP, already compressed, so they are stored as they are.
 *   Each is given whole (a photo is at most 10 MB): its CRC-32 and size go in the local header, so
 *   no data descriptor is needed (some readers handle stored entries with descriptors badly).
 *   The next entry is taken from the source only once the consumer has taken every byte of this
 *   one: memory holds the photo being sent and the one the source reads ahead, never the archive.
 * - deflated (`text`, for the XLSX workbook's sheets, whose text is far too big to hold): the text
 *   is pulled only as its compressed bytes are taken (a few hundred kB ahead at most); its CRC-32
 *   and sizes follow it in a data descriptor, as spreadsheet writers do.
 *
 * Dates are DOS wall-clock times only (no extended timestamp field): the export's time zone is
 * the one a reader of the archive lives in, not the server's.
 */
import { Readable } from 'node:stream';
import { ZipFile } from 'yazl';

/** A wall-clock time (the export's time zone): what the entry's DOS date and time say. */
export interface WallClock {
	y: number;
	mo: number;
	d: number;
	h: number;
	mi: number;
	s: number;
}

export type ZipEntry = { name: string; mtime: WallClock; data: Uint8Array } | { name: string; mtime: WallClock; text: AsyncIterable<string>; level?: number };

/**
 * zlib level of deflated entries: 2 compresses an XLSX sheet about as well as the default (6)
 * (+14 %), three to four times faster — a 100,000-sheet workbook is 190 MB of XML.
 */
const DEFLATE_LEVEL = 2;

/** Bytes of a stored entry: a 30-byte local header, the UTF-8 name (no extra field), the data. */
const storedLength = (name: string, data: Uint8Array) => 30 + Buffer.byteLength(name, 'utf8') + data.byteLength;

/**
 * yazl turns a Date into DOS fields with the server's local-time getters: a Date whose local
 * fields are the wall clock gives the wall clock, whatever the server's zone.
 */
const dosDate = (w: WallClock) => new Date(w.y, w.mo - 1, w.d, w.h, w.mi, w.s);

/** The part of yazl's entries that `forgetWritten` touches (not its public API: see there). */
interface YazlEntry {
	state: number;
	doFileDataPump: unknown;
}
/** yazl's Entry.FILE_DATA_DONE. */
const WRITTEN = 3;

/**
 * yazl keeps every entry until the end (they are its central directory), and with each the function
 * that writes its data — which holds a stored entry's whole buffer: a census's photos would all
 * stay in memory until the last one is sent. Entries already written (`from` on) lose that
 * function; returns where to start next time. This reaches into yazl's entries (3.3.1):
 * tests/unit/xlsx-writer.test.ts checks that the fields are still there after an upgrade.
 */
export function forgetWritten(zip: ZipFile, from: number): number {
	const entries = (zip as unknown as { entries: YazlEntry[] }).entries;
	let i = from;
	for (; i < entries.length; i++) {
		const entry = entries[i] as YazlEntry;
		if (entry.state !== WRITTEN) break;
		entry.doFileDataPump = null;
	}
	return i;
}

async function* utf8(text: AsyncIterable<string>): AsyncGenerator<Buffer> {
	for await (const piece of text) yield Buffer.from(piece, 'utf8');
}

/**
 * The archive of `entries`, in pieces, pulled by the consumer. Entries are taken from their source
 * one at a time (see the header); ending the iteration early (a cancelled download) stops the
 * source and the text being deflated; an error of either ends the archive with that error, never
 * a truncated file that looks whole.
 */
export async function* zipChunks(entries: AsyncIterable<ZipEntry>, o: { forceZip64?: boolean } = {}): AsyncGenerator<Uint8Array> {
	const zip = new ZipFile();
	const out = zip.outputStream as unknown as Readable;
	const forceZip64Format = o.forceZip64 ?? false;
	const source = entries[Symbol.asyncIterator]();
	const texts: Readable[] = [];

	// One waiter at a time; a signal that comes while nobody waits is kept for the next wait.
	let signalled = false;
	let wake: (() => void) | null = null;
	const signal = () => {
		signalled = true;
		wake?.();
	};
	const failure: { error?: unknown } = {};
	const fail = (error: unknown) => {
		if (!('error' in failure)) failure.error = error;
		signal();
	};
	let finished = false;
	zip.on('error', fail);
	out.on('error', fail);
	out.on('readable', signal);
	out.on('end', () => {
		finished = true;
		signal();
	});

	let taken = 0;
	/** Bytes the consumer must have taken before the next entry is added (see the header). */
	let due = 0;
	/** Offset where the next stored entry starts, while every entry so far had a known length. */
	let offset: number | null = 0;
	/** A deflated entry whose text is still being read: the next entry waits for its end. */
	let reading = false;
	let more = true;
	/** Entries before this one have let go of their data (forgetWritten). */
	let forgotten = 0;

	function add(e: ZipEntry): void {
		const options = { mtime: dosDate(e.mtime), forceDosTimestamp: true, forceZip64Format };
		if ('data' in e) {
			const data = Buffer.from(e.data.buffer, e.data.byteOffset, e.data.byteLength);
			zip.addBuffer(data, e.name, { ...options, compress: false });
			if (offset !== null) {
				offset += storedLength(e.name, data);
				due = offset;
			}
			return;
		}
		// After a deflated entry the offsets are not known here: later stored entries go in at once.
		offset = null;
		due = 0;
		reading = true;
		const level = e.level ?? DEFLATE_LEVEL;
		zip.addReadStreamLazy(e.name, { ...options, compressionLevel: level }, (give) => {
			// One piece waits in the stream at most; zlib's own buffers hold a few tens of kB.
			const text = Readable.from(utf8(e.text), { highWaterMark: 1 });
			texts.push(text);
			text.on('error', fail);
			text.on('end', () => {
				reading = false;
				signal();
			});
			give(null, text);
		});
	}

	try {
		for (;;) {
			if ('error' in failure) throw failure.error;
			const chunk = out.read() as Buffer | null;
			if (chunk !== null) {
				taken += chunk.length;
				yield chunk;
				continue;
			}
			if (finished) return;
			if (more && !reading && taken >= due) {
				forgotten = forgetWritten(zip, forgotten);
				const next = await source.next();
				if (next.done) {
					more = false;
					zip.end({ forceZip64Format, comment: '' });
				} else add(next.value);
				continue;
			}
			if (!signalled) await new Promise<void>((resolve) => (wake = resolve));
			wake = null;
			signalled = false;
		}
	} finally {
		if (more) await source.return?.(undefined);
		for (const text of texts) text.destroy();
		out.destroy();
	}
}
