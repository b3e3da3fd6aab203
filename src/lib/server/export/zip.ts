/**
 * A store-only ZIP writer (APPNOTE 6.3.x), as an async generator of byte chunks: the consumer's
 * pace is the writer's pace. Photos are JPEG/PNG/WebP, already compressed, so entries are stored
 * as they are (method 0), which every unzip tool reads.
 *
 * Each entry is given whole (a photo is at most 10 MB): its CRC-32 and size go in the local header,
 * so no data descriptor is needed (some readers handle stored entries with descriptors badly).
 * Only the central directory is kept until the end (about 100 bytes per entry: ZIP puts it last).
 * ZIP64 records are added when offsets pass 4 GiB or entries pass 65,535 — a census's photos can.
 */
import { crc32 } from 'node:zlib';

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

	/** The bytes of one entry: its local header, then its data (not copied). */
	entry(e: ZipEntry): Uint8Array[] {
		const name = Buffer.from(e.name, 'utf8');
		const size = e.data.byteLength;
		if (size >= MAX32) throw new Error('zip entry too large');
		const crc = crc32(e.data);
		const { date, time } = dosTime(e.mtime);

		const local = Buffer.alloc(30 + name.length);
		local.writeUInt32LE(0x04034b50, 0);
		local.writeUInt16LE(20, 4); // version needed: 2.0
		local.writeUInt16LE(UTF8_NAMES, 6);
		local.writeUInt16LE(0, 8); // stored
		local.writeUInt16LE(time, 10);
		local.writeUInt16LE(date, 12);
		local.writeUInt32LE(crc, 14);
		local.writeUInt32LE(size, 18);
		local.writeUInt32LE(size, 22);
		local.writeUInt16LE(name.length, 26);
		local.writeUInt16LE(0, 28);
		name.copy(local, 30);

		const zip64 = this.#forceZip64 || this.#offset >= MAX32;
		const extra = zip64 ? 12 : 0;
		const central = Buffer.alloc(46 + name.length + extra);
		central.writeUInt32LE(0x02014b50, 0);
		central.writeUInt16LE(zip64 ? 45 : 20, 4); // made by: spec version, MS-DOS attributes
		central.writeUInt16LE(zip64 ? 45 : 20, 6);
		central.writeUInt16LE(UTF8_NAMES, 8);
		central.writeUInt16LE(0, 10);
		central.writeUInt16LE(time, 12);
		central.writeUInt16LE(date, 14);
		central.writeUInt32LE(crc, 16);
		central.writeUInt32LE(size, 20);
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
		this.#offset += local.length + size;
		return [local, e.data];
	}

	/** The central directory and the end records (ZIP64 ones when needed). */
	*end(): Generator<Uint8Array> {
		const start = this.#offset;
		for (const c of this.#central) yield c;
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
