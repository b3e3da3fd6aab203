/**
 * A ZIP writer (APPNOTE 6.3.x) that hands out byte chunks: the consumer's pace is the writer's pace.
 *
 * Stored entries (method 0, `entry`): photos are JPEG/PNG/WebP, already compressed, so they are
 * stored as they are, which every unzip tool reads. Each is given whole (a photo is at most 10 MB):
 * its CRC-32 and size go in the local header, so no data descriptor is needed (some readers handle
 * stored entries with descriptors badly).
 *
 * Deflated entries written as they are produced (`deflated`, for the XLSX workbook's sheets, whose
 * text is far too big to hold): the data is raw deflate from zlib (compressed on libuv's thread
 * pool, beside the JavaScript that writes the next rows), and the CRC-32 and sizes follow the data
 * in a data descriptor (general purpose bit 3), as spreadsheet writers do.
 *
 * Only the central directory is kept until the end (about 100 bytes per entry: ZIP puts it last).
 * ZIP64 records are added when offsets pass 4 GiB or entries pass 65,535 — a census's photos can.
 * A deflated entry must stay under 4 GiB (its sizes are 32-bit in its descriptor): an XLSX sheet
 * of a million rows is about 2 GB.
 */
import { Readable, pipeline } from 'node:stream';
import { crc32, createDeflateRaw } from 'node:zlib';

export interface ZipEntry {
	/** Path inside the archive, `/`-separated, UTF-8. */
	name: string;
	data: Uint8Array;
	/** Modification time, stored as the DOS local time of this instant's wall clock. */
	mtime: { y: number; mo: number; d: number; h: number; mi: number; s: number };
}

const MAX32 = 0xffffffff;
const MAX16 = 0xffff;
/** General purpose flag bit 11: names are UTF-8. */
const UTF8_NAMES = 0x0800;
/** General purpose flag bit 3: CRC-32 and sizes are in a data descriptor after the data. */
const DESCRIPTOR = 0x0008;
const STORED = 0;
const DEFLATED = 8;
/**
 * zlib level of deflated entries: 2 compresses an XLSX sheet about as well as the default (6)
 * (+14 %), three to four times faster — a 100,000-sheet workbook is 190 MB of XML.
 */
const DEFLATE_LEVEL = 2;

function dosTime(t: ZipEntry['mtime']): { date: number; time: number } {
	const y = Math.min(Math.max(t.y, 1980), 2107);
	return { date: ((y - 1980) << 9) | (t.mo << 5) | t.d, time: (t.h << 11) | (t.mi << 5) | Math.floor(t.s / 2) };
}

/** The writer's state: where the next entry starts and the central directory so far. */
export class ZipWriter {
	#offset = 0;
	#central: Buffer[] = [];
	#centralSize = 0;
	readonly #forceZip64: boolean;

	constructor(opts: { forceZip64?: boolean } = {}) {
		this.#forceZip64 = opts.forceZip64 ?? false;
	}

	get entries(): number {
		return this.#central.length;
	}

	/** The bytes of one stored entry: its local header, then its data (not copied). */
	entry(e: ZipEntry): Uint8Array[] {
		const size = e.data.byteLength;
		if (size >= MAX32) throw new Error('zip entry too large');
		const crc = crc32(e.data);
		const name = Buffer.from(e.name, 'utf8');
		const local = this.#local(name, e.mtime, UTF8_NAMES, STORED, crc, size, size);
		this.#record(name, e.mtime, UTF8_NAMES, STORED, crc, size, size, local.length + size);
		return [local, e.data];
	}

	/**
	 * The bytes of one deflated entry whose text comes in pieces (strings, encoded as UTF-8): its
	 * local header, the compressed data as zlib gives it, then its data descriptor. Pieces are
	 * pulled only as the compressed bytes are taken (a few hundred kB ahead at most); ending the
	 * iteration early stops the pieces' source too.
	 */
	async *deflated(name: string, mtime: ZipEntry['mtime'], pieces: AsyncIterable<string>, level = DEFLATE_LEVEL): AsyncGenerator<Uint8Array> {
		const encoded = Buffer.from(name, 'utf8');
		const flags = UTF8_NAMES | DESCRIPTOR;
		const local = this.#local(encoded, mtime, flags, DEFLATED, 0, 0, 0);
		yield local;
		let crc = 0;
		let size = 0;
		async function* bytes() {
			for await (const piece of pieces) {
				const b = Buffer.from(piece, 'utf8');
				crc = crc32(b, crc);
				size += b.length;
				yield b;
			}
		}
		// One piece waits in the source at most; zlib's own buffers hold a few tens of kB.
		const source = Readable.from(bytes(), { highWaterMark: 1 });
		const deflate = createDeflateRaw({ level, chunkSize: 64 * 1024 });
		const out = pipeline(source, deflate, () => undefined);
		let compressed = 0;
		try {
			for await (const chunk of out as AsyncIterable<Buffer>) {
				compressed += chunk.length;
				yield chunk;
			}
		} finally {
			// Stops the pieces when the consumer leaves early (destroying a finished stream does nothing).
			source.destroy();
			deflate.destroy();
		}
		if (size >= MAX32 || compressed >= MAX32) throw new Error('zip entry too large');
		const descriptor = Buffer.alloc(16);
		descriptor.writeUInt32LE(0x08074b50, 0);
		descriptor.writeUInt32LE(crc, 4);
		descriptor.writeUInt32LE(compressed, 8);
		descriptor.writeUInt32LE(size, 12);
		this.#record(encoded, mtime, flags, DEFLATED, crc, compressed, size, local.length + compressed + descriptor.length);
		yield descriptor;
	}

	#local(name: Buffer, mtime: ZipEntry['mtime'], flags: number, method: number, crc: number, compressed: number, size: number): Buffer {
		const { date, time } = dosTime(mtime);
		const local = Buffer.alloc(30 + name.length);
		local.writeUInt32LE(0x04034b50, 0);
		local.writeUInt16LE(20, 4); // version needed: 2.0
		local.writeUInt16LE(flags, 6);
		local.writeUInt16LE(method, 8);
		local.writeUInt16LE(time, 10);
		local.writeUInt16LE(date, 12);
		local.writeUInt32LE(crc, 14);
		local.writeUInt32LE(compressed, 18);
		local.writeUInt32LE(size, 22);
		local.writeUInt16LE(name.length, 26);
		local.writeUInt16LE(0, 28);
		name.copy(local, 30);
		return local;
	}

	/** Adds the central directory record of an entry that starts at the current offset and is `length` bytes long. */
	#record(name: Buffer, mtime: ZipEntry['mtime'], flags: number, method: number, crc: number, compressed: number, size: number, length: number): void {
		const { date, time } = dosTime(mtime);
		const zip64 = this.#forceZip64 || this.#offset >= MAX32;
		const extra = zip64 ? 12 : 0;
		const central = Buffer.alloc(46 + name.length + extra);
		central.writeUInt32LE(0x02014b50, 0);
		central.writeUInt16LE(zip64 ? 45 : 20, 4); // made by: spec version, MS-DOS attributes
		central.writeUInt16LE(zip64 ? 45 : 20, 6);
		central.writeUInt16LE(flags, 8);
		central.writeUInt16LE(method, 10);
		central.writeUInt16LE(time, 12);
		central.writeUInt16LE(date, 14);
		central.writeUInt32LE(crc, 16);
		central.writeUInt32LE(compressed, 20);
		central.writeUInt32LE(size, 24);
		central.writeUInt16LE(name.length, 28);
		central.writeUInt16LE(extra, 30);
		// comment length, disk number, internal and external attributes: 0
		central.writeUInt32LE(zip64 ? MAX32 : this.#offset, 42);
		name.copy(central, 46);
		if (zip64) {
			// ZIP64 extra field: only the offset, whose 32-bit field above says "see extra".
			central.writeUInt16LE(0x0001, 46 + name.length);
			central.writeUInt16LE(8, 48 + name.length);
			central.writeBigUInt64LE(BigInt(this.#offset), 50 + name.length);
		}
		this.#central.push(central);
		this.#centralSize += central.length;
		this.#offset += length;
	}

	/** The central directory and the end records (ZIP64 ones when needed). */
	*end(): Generator<Uint8Array> {
		const start = this.#offset;
		// One piece (it is in memory already): thousands of 100-byte writes would each cost a call.
		if (this.#central.length > 0) yield Buffer.concat(this.#central, this.#centralSize);
		const count = this.#central.length;
		const size = this.#centralSize;
		const zip64 = this.#forceZip64 || start >= MAX32 || count >= MAX16 || size >= MAX32;
		if (zip64) {
			const record = Buffer.alloc(56);
			record.writeUInt32LE(0x06064b50, 0);
			record.writeBigUInt64LE(44n, 4); // size of the rest of this record
			record.writeUInt16LE(45, 12);
			record.writeUInt16LE(45, 14);
			// this disk, disk of the central directory: 0
			record.writeBigUInt64LE(BigInt(count), 24);
			record.writeBigUInt64LE(BigInt(count), 32);
			record.writeBigUInt64LE(BigInt(size), 40);
			record.writeBigUInt64LE(BigInt(start), 48);
			const locator = Buffer.alloc(20);
			locator.writeUInt32LE(0x07064b50, 0);
			locator.writeBigUInt64LE(BigInt(start + size), 8);
			locator.writeUInt32LE(1, 16); // total number of disks
			yield record;
			yield locator;
		}
		const eocd = Buffer.alloc(22);
		eocd.writeUInt32LE(0x06054b50, 0);
		eocd.writeUInt16LE(zip64 ? MAX16 : count, 8);
		eocd.writeUInt16LE(zip64 ? MAX16 : count, 10);
		eocd.writeUInt32LE(zip64 ? MAX32 : size, 12);
		eocd.writeUInt32LE(zip64 ? MAX32 : start, 16);
		yield eocd;
		this.#central = [];
	}
}
