/**
 * Photo bytes, from the data folder's files (SQLite) to `photo_chunks` rows (PostgreSQL), after the
 * `photos` rows themselves were copied like any table.
 *
 * What a photo's bytes are on the SQLite side: its final file `photos/<2 hex>/<sha>` when it is
 * there and its SHA-256 is its name (a complete photo); else its upload in progress,
 * `photos/.partial/<sha>` (copied as it is, still incomplete: the phone resumes where it was);
 * else nothing. On PostgreSQL: chunks of 1 MiB in offset order, `photos.received` = their length
 * (photo-bytes.ts reads the same layout). One transaction per photo; a photo whose chunks are
 * already all there (a resumed copy) is left alone.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type postgres from 'postgres';
import { PHOTOS, photoPath } from '../commands/backup';
import { inTransaction } from '../../postgres/begin';
import { PHOTO_CHUNK } from './tables';

export interface SourcePhoto {
	sha: string;
	size: number;
	completedAt: string | null;
}

/** The bytes the SQLite side holds for a photo, and whether they are the verified complete photo. */
export interface PhotoSource {
	bytes: Buffer;
	complete: boolean;
}

function readOrNull(path: string): Buffer | null {
	try {
		return readFileSync(path);
	} catch {
		return null;
	}
}

export const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

export function photoSource(dataDir: string, photo: SourcePhoto): PhotoSource {
	const final = readOrNull(photoPath(dataDir, photo.sha));
	if (final && sha256(final) === photo.sha) return { bytes: final, complete: true };
	const partial = readOrNull(join(dataDir, PHOTOS, '.partial', photo.sha));
	// A partial file longer than announced is thrown away by the upload code too (it restarts).
	if (partial && partial.length <= photo.size) return { bytes: partial, complete: false };
	return { bytes: Buffer.alloc(0), complete: false };
}

/** Writes one photo's bytes unless PostgreSQL already holds exactly that many; true when written. */
export async function copyPhotoBytes(sql: postgres.Sql, sha: string, bytes: Buffer): Promise<boolean> {
	const [row] = await sql<{ received: string; stored: string }[]>`
		SELECT received::text AS received,
		       (SELECT COALESCE(SUM(length(bytes)), 0) FROM photo_chunks WHERE sha = ${sha})::text AS stored
		FROM photos WHERE sha = ${sha}`;
	if (!row) throw new Error(`photo ${sha} missing from PostgreSQL`);
	if (Number(row.received) === bytes.length && Number(row.stored) === bytes.length) return false;
	await inTransaction(sql, async (tx) => {
		await tx`DELETE FROM photo_chunks WHERE sha = ${sha}`;
		for (let offset = 0; offset < bytes.length; offset += PHOTO_CHUNK) {
			await tx`INSERT INTO photo_chunks (sha, "offset", bytes) VALUES (${sha}, ${offset}, ${bytes.subarray(offset, offset + PHOTO_CHUNK)})`;
		}
		await tx`UPDATE photos SET received = ${bytes.length} WHERE sha = ${sha}`;
	});
	return true;
}

/** What PostgreSQL holds for a photo: its chunks in order (length and SHA-256) and `received`. */
export async function targetPhoto(sql: postgres.Sql, sha: string): Promise<{ length: number; sha: string; received: number }> {
	const hash = createHash('sha256');
	let length = 0;
	const rows = await sql<{ bytes: Buffer }[]>`SELECT bytes FROM photo_chunks WHERE sha = ${sha} ORDER BY "offset"`;
	for (const { bytes } of rows) {
		hash.update(bytes);
		length += bytes.length;
	}
	const [row] = await sql<{ received: string }[]>`SELECT received::text AS received FROM photos WHERE sha = ${sha}`;
	return { length, sha: hash.digest('hex'), received: Number(row?.received ?? -1) };
}
