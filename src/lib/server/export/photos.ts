/**
 * The photos of the census as one ZIP, each file named by its sheet:
 * `<commune>_<sheet name>_<n>.jpg` (n = its place among the sheet's photos), in plain ASCII
 * (accents dropped, anything else a dash) so every system and unzip tool keeps the names, and
 * made unique (`-2`, `-3`… when two sheets of a commune share a name; compared without case,
 * as Windows and macOS do). Photos not on the server yet (still on a phone) are skipped.
 *
 * Photos are read as the consumer asks for more (the next one while the current one is taken):
 * memory holds two photos and the ZIP's central directory (names and offsets), never the archive.
 * They are read through the store's PhotoBytes (files for SQLite, the database for PostgreSQL).
 */
import { t } from '$lib/i18n';
import { wallClock, type ExportContext } from '$lib/domain/export-columns';
import type { CensusRow } from '$lib/domain/census';
import { isPhotoSha } from '../photos';
import { FilePhotoBytes, type PhotoBytes } from '../photo-bytes';
import { exportTimeZone } from './labels';
import { zipChunks, type ZipEntry } from './zip';

/** Where the photos are read: the store's bytes, or (tests, SQLite) the photos folder of files. */
export type PhotosSource = { bytes: PhotoBytes } | { dir: string };

export type PhotosOptions = PhotosSource & {
	ctx: ExportContext;
	timeZone?: string;
	/** Tests: write ZIP64 records even for a small archive. */
	forceZip64?: boolean;
};

const bytesOf = (o: PhotosSource): PhotoBytes => ('bytes' in o ? o.bytes : new FilePhotoBytes(o.dir));

const EXTENSION: Record<string, string> = { 'image/jpeg': 'jpg', 'image/png': 'png', 'image/webp': 'webp' };

/** "Préaux-du-Perche" → "Preaux-du-Perche"; "L'atelier « bio »" → "L-atelier-bio"; at most 60 characters. */
export function fileSafe(text: string): string {
	return text
		.normalize('NFD')
		.replace(/[\u0300-\u036f]/g, '')
		.replace(/œ/g, 'oe')
		.replace(/Œ/g, 'OE')
		.replace(/æ/g, 'ae')
		.replace(/Æ/g, 'AE')
		.replace(/[^A-Za-z0-9]+/g, '-')
		.replace(/^-+|-+$/g, '')
		.slice(0, 60)
		.replace(/-+$/, '');
}

/** Names already given, without case: a name met again gets `-2`, `-3`… before its extension. */
export class UniqueNames {
	#used = new Set<string>();

	take(base: string, ext: string): string {
		let name = `${base}.${ext}`;
		for (let i = 2; this.#used.has(name.toLowerCase()); i++) name = `${base}-${i}.${ext}`;
		this.#used.add(name.toLowerCase());
		return name;
	}
}

/** A photo to put in the ZIP: its name before making it unique, its date, and its sha. */
interface Candidate {
	base: string;
	ext: string;
	mtime: NonNullable<ReturnType<typeof wallClock>>;
	sha: string;
}

async function* candidates(rows: AsyncIterable<CensusRow>, o: PhotosOptions, timeZone: string): AsyncGenerator<Candidate> {
	const now = new Date().toISOString();
	for await (const row of rows) {
		const photos = row.fields.photos ?? [];
		if (photos.length === 0) continue;
		const insee = row.fields.commune;
		const commune = fileSafe(insee ? (o.ctx.commune(insee)?.name ?? insee) : '') || t('export.photos.no_commune');
		const sheet = fileSafe(row.fields.name ?? '') || t('export.photos.no_name');
		for (const [i, photo] of photos.entries()) {
			// The sha comes from a device: only a real sha may become a path (or a key).
			if (!isPhotoSha(photo.sha)) continue;
			yield {
				base: `${commune}_${sheet}_${i + 1}`,
				ext: EXTENSION[photo.mime] ?? 'jpg',
				mtime: wallClock(photo.takenAt, timeZone) ?? wallClock(now, timeZone)!,
				sha: photo.sha
			};
		}
	}
}

/**
 * Reads a complete photo (null when not on the server), its failure handled even if nobody waits
 * for it any more (a cancelled download).
 */
function reading(bytes: PhotoBytes, sha: string): Promise<Uint8Array | null> {
	const read = bytes.read(sha);
	read.catch(() => undefined);
	return read;
}

/**
 * The photos as ZIP entries, in order. The next photo is read while the consumer takes the current
 * one (reading photos one after the other, each waiting for the disk, was most of the time); the
 * ZIP takes an entry only once the previous one is sent, so memory holds two photos at most.
 */
async function* photoEntries(rows: AsyncIterable<CensusRow>, o: PhotosOptions): AsyncGenerator<ZipEntry> {
	const names = new UniqueNames();
	const source = bytesOf(o);
	const list = candidates(rows, o, o.timeZone ?? exportTimeZone());
	try {
		let next = await list.next();
		let data = next.done ? null : reading(source, next.value.sha);
		while (!next.done) {
			const current = next.value;
			const bytes = await data;
			next = await list.next();
			data = next.done ? null : reading(source, next.value.sha);
			// Photos not on the server (still on a phone) are skipped; names are given in order to those present.
			if (bytes) yield { name: names.take(current.base, current.ext), data: bytes, mtime: current.mtime };
		}
	} finally {
		// A download cancelled halfway stops the census being read (as a for-await loop would).
		await list.return(undefined);
	}
}

/** The ZIP's bytes, in pieces, pulled by the consumer (ending the iteration stops the export). */
export function photosZipChunks(rows: AsyncIterable<CensusRow>, o: PhotosOptions): AsyncGenerator<Uint8Array> {
	return zipChunks(photoEntries(rows, o), { forceZip64: o.forceZip64 });
}
