/**
 * The photos of the census as one ZIP, each file named by its sheet:
 * `<commune>_<sheet name>_<n>.jpg` (n = its place among the sheet's photos), in plain ASCII
 * (accents dropped, anything else a dash) so every system and unzip tool keeps the names, and
 * made unique (`-2`, `-3`… when two sheets of a commune share a name; compared without case,
 * as Windows and macOS do). Photos not on the server yet (still on a phone) are skipped.
 *
 * One photo is read at a time, when the consumer asks for more: memory holds one photo and the
 * ZIP's central directory (names and offsets), never the archive.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { t } from '$lib/i18n';
import { wallClock, type ExportContext } from '$lib/domain/export-columns';
import type { CensusRow } from '$lib/domain/census';
import { isPhotoSha } from '../photos';
import { exportTimeZone } from './labels';
import { ZipWriter } from './zip';

export interface PhotosOptions {
	/** The photos folder (photosDir() on the server). */
	dir: string;
	ctx: ExportContext;
	timeZone?: string;
	/** Tests: write ZIP64 records even for a small archive. */
	forceZip64?: boolean;
}

/** Where server/photos.ts keeps a complete photo: `<dir>/<first 2 hex>/<sha>`. */
const photoPath = (dir: string, sha: string) => join(dir, sha.slice(0, 2), sha);

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

async function readIfThere(path: string): Promise<Uint8Array | null> {
	try {
		return await readFile(path);
	} catch (e) {
		if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
		throw e;
	}
}

/** The ZIP's bytes, in pieces; each photo is read only when the previous pieces were taken. */
export async function* photosZipChunks(rows: AsyncIterable<CensusRow>, o: PhotosOptions): AsyncGenerator<Uint8Array> {
	const zip = new ZipWriter({ forceZip64: o.forceZip64 });
	const names = new UniqueNames();
	const timeZone = o.timeZone ?? exportTimeZone();
	const now = new Date().toISOString();
	for await (const row of rows) {
		const photos = row.fields.photos ?? [];
		if (photos.length === 0) continue;
		const insee = row.fields.commune;
		const commune = fileSafe(insee ? (o.ctx.commune(insee)?.name ?? insee) : '') || t('export.photos.no_commune');
		const sheet = fileSafe(row.fields.name ?? '') || t('export.photos.no_name');
		for (const [i, photo] of photos.entries()) {
			// The sha comes from a device: only a real sha may become a path.
			if (!isPhotoSha(photo.sha)) continue;
			const data = await readIfThere(photoPath(o.dir, photo.sha));
			if (!data) continue;
			const name = names.take(`${commune}_${sheet}_${i + 1}`, EXTENSION[photo.mime] ?? 'jpg');
			const mtime = wallClock(photo.takenAt, timeZone) ?? wallClock(now, timeZone)!;
			yield* zip.entry({ name, data, mtime });
		}
	}
	yield* zip.end();
}
