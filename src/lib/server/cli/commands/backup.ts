/**
 * backup FOLDER: the server's whole state, copied while it runs and writes.
 *
 * WHAT A BACKUP IS: a folder that is itself a complete data folder — `atlas.sqlite` (one
 * self-contained file, which also holds the territory's choice and the commune outlines: settings
 * `territory` and `outlines`), `photos/<2 hex>/<sha>` (the photos' bytes live in files, not in
 * SQLite), the other files of the data folder (older versions' `territory.json` and `outlines.json`,
 * imported into the database once and then no longer read, are copied as they are), and
 * `sauvegarde.json` (what it holds, and when it was taken). A folder rather than an archive: no
 * extra program to write or read it, the operator can look into it, copy it with `cp -a`/`rsync`
 * or compress it with `tar`, and a server can even be started on it directly (ATLAS_DATA_DIR).
 *
 * CONSISTENCY while the server writes:
 * 1. the database is copied with SQLite's online backup API (better-sqlite3 `db.backup`), all pages
 *    in ONE step: the copy is one read transaction, a snapshot of committed transactions only (a
 *    step-by-step copy would restart whenever the server commits, possibly forever); the server's
 *    writes go on meanwhile (WAL: a reader never blocks the writer);
 * 2. then the photos that snapshot records as complete are copied, each checked against its
 *    SHA-256 (its name). A photo is complete only once its verified file is in its final place and
 *    files are never changed afterwards, so every photo the snapshot knows is there to copy. Uploads
 *    in progress are left out: the phone resumes them from the start after a restore.
 *
 * The folder appears whole or not at all: it is written beside (`FOLDER.part-<pid>`), every file
 * flushed to disk, checked (PRAGMA integrity_check on the copy), then renamed. An existing FOLDER is
 * never overwritten.
 */
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { formatBytes, t, tn } from '$lib/i18n';
import { databaseFile } from '$lib/server/config';
import { fsyncDir } from '$lib/server/photos';
import { failure, usageError } from '../errors';
import type { Command } from '../types';

export const BACKUP_DATABASE = 'atlas.sqlite';
export const MANIFEST = 'sauvegarde.json';
export const PHOTOS = 'photos';

export interface Manifest {
	format: 'atlas-des-outils/sauvegarde';
	version: 1;
	createdAt: string;
	/** The data folder it was taken from. */
	source: string;
	/** Schema version of the database (its migrations). */
	schema: number;
	sheets: number;
	photos: number;
}

/** A path as the operator typed it: relative to where `npm run` was started. */
export function operatorPath(raw: string): string {
	return resolve(process.env.INIT_CWD ?? process.cwd(), raw);
}

/** "ok", or the first problems PRAGMA integrity_check reports. */
export function integrity(db: Database.Database): string {
	const rows = db.pragma('integrity_check') as { integrity_check: string }[];
	const problems = rows.map((r) => r.integrity_check);
	return problems.length === 1 && problems[0] === 'ok' ? 'ok' : problems.slice(0, 3).join('; ');
}

/** Sheets a person sees: neither deleted nor merged into another. */
export function countSheets(db: Database.Database): number {
	const row = db
		.prepare(
			`SELECT COUNT(*) AS n FROM records r
			 WHERE r.merged_into IS NULL
			   AND NOT EXISTS (SELECT 1 FROM record_fields f WHERE f.record_id = r.id AND f.field = 'deleted' AND f.value = 'true')`
		)
		.get() as { n: number };
	return Number(row.n);
}

/** The photos the database records as complete (their files must exist). */
export function completePhotos(db: Database.Database): string[] {
	return (db.prepare('SELECT sha FROM photos WHERE completed_at IS NOT NULL ORDER BY sha').all() as { sha: string }[]).map((r) => r.sha);
}

export function schemaVersion(db: Database.Database): number {
	return Number(db.pragma('user_version', { simple: true }));
}

export const photoPath = (dir: string, sha: string) => join(dir, PHOTOS, sha.slice(0, 2), sha);

/** The photo's bytes if its file is there and matches its name (its SHA-256), else null. */
export function readVerifiedPhoto(dir: string, sha: string): Buffer | null {
	let bytes: Buffer;
	try {
		bytes = readFileSync(photoPath(dir, sha));
	} catch {
		return null;
	}
	return createHash('sha256').update(bytes).digest('hex') === sha ? bytes : null;
}

/** Writes a file and flushes it to disk. */
export function writeDurably(path: string, bytes: Uint8Array): void {
	mkdirSync(dirname(path), { recursive: true });
	const fd = openSync(path, 'w');
	try {
		for (let at = 0; at < bytes.byteLength;) at += writeSync(fd, bytes, at, bytes.byteLength - at);
		fsyncSync(fd);
	} finally {
		closeSync(fd);
	}
}

/** Flushes a file or a folder's entries to disk (the photo store's own fsync). */
export const flush = fsyncDir;

/** Files of a data folder that are not settings: the live database, its journals, files being written. */
export function isCopiedSetting(name: string): boolean {
	return !name.startsWith(BACKUP_DATABASE) && name !== MANIFEST && !name.endsWith('.tmp') && !/\.part/.test(name) && !name.startsWith('.');
}

/** Total size of the files under `path`. */
export function sizeOf(path: string): number {
	const stat = statSync(path);
	if (!stat.isDirectory()) return stat.size;
	return readdirSync(path).reduce((n, name) => n + sizeOf(join(path, name)), 0);
}

const ALL_PAGES = 0x7fffffff;

export interface BackupOutcome {
	path: string;
	bytes: number;
	sheets: number;
	photos: number;
	/** Photos recorded complete whose file was missing or damaged (left out). */
	photosMissing: string[];
}

/** Writes the backup of `dataDir` into `target` (which must not exist). */
export async function writeBackup(dataDir: string, target: string, now: Date): Promise<BackupOutcome> {
	const part = `${target}.part-${process.pid}`;
	rmSync(part, { recursive: true, force: true });
	mkdirSync(part);
	try {
		// 1. The database: one consistent snapshot, taken in one step (see the file's comment).
		const source = new Database(databaseFile(dataDir), { fileMustExist: true });
		try {
			source.pragma('busy_timeout = 5000');
			await source.backup(join(part, BACKUP_DATABASE), { progress: () => ALL_PAGES });
		} finally {
			source.close();
		}
		const copy = new Database(join(part, BACKUP_DATABASE));
		let sheets: number;
		let shas: string[];
		let schema: number;
		try {
			// One self-contained file (no -wal beside it); the server turns WAL on again when it opens it.
			copy.pragma('journal_mode = DELETE');
			const check = integrity(copy);
			if (check !== 'ok') throw failure(t('cli.backup.error.integrity', { message: check }));
			sheets = countSheets(copy);
			shas = completePhotos(copy);
			schema = schemaVersion(copy);
		} finally {
			copy.close();
		}
		flush(join(part, BACKUP_DATABASE));

		// 2. The photos the snapshot knows, each checked against its name.
		const photosMissing: string[] = [];
		for (const sha of shas) {
			const bytes = readVerifiedPhoto(dataDir, sha);
			if (bytes) writeDurably(photoPath(part, sha), bytes);
			else photosMissing.push(sha);
		}
		if (existsSync(join(part, PHOTOS))) {
			for (const sub of readdirSync(join(part, PHOTOS))) flush(join(part, PHOTOS, sub));
			flush(join(part, PHOTOS));
		}

		// 3. The settings beside the database (territory, commune outlines), as they are.
		for (const entry of readdirSync(dataDir, { withFileTypes: true })) {
			if (entry.isFile() && isCopiedSetting(entry.name)) writeDurably(join(part, entry.name), readFileSync(join(dataDir, entry.name)));
		}
		const photos = shas.length - photosMissing.length;
		const manifest: Manifest = {
			format: 'atlas-des-outils/sauvegarde',
			version: 1,
			createdAt: now.toISOString(),
			source: resolve(dataDir),
			schema,
			sheets,
			photos
		};
		writeDurably(join(part, MANIFEST), Buffer.from(`${JSON.stringify(manifest, null, '\t')}\n`));
		flush(part);

		// 4. In place, whole. Checked again: another backup may have taken the name meanwhile.
		if (existsSync(target)) throw failure(t('cli.backup.error.exists', { path: target }));
		renameSync(part, target);
		flush(dirname(target));
		return { path: target, bytes: sizeOf(target), sheets, photos, photosMissing };
	} catch (e) {
		rmSync(part, { recursive: true, force: true });
		throw e;
	}
}

export const backupCommand: Command = {
	spec: { options: {}, maxPositionals: 1 },
	database: 'existing',
	prepare(args) {
		const raw = args.positionals[0];
		if (raw === undefined || raw.trim() === '') throw usageError(t('cli.backup.error.target_missing'));
		const target = operatorPath(raw);
		if (existsSync(target)) throw failure(t('cli.backup.error.exists', { path: target }));
		const folder = dirname(target);
		if (!existsSync(folder) || !statSync(folder).isDirectory()) throw failure(t('cli.backup.error.folder_missing', { folder }));

		return async (c) => {
			const done = await writeBackup(c.dataDir, target, c.now);
			if (done.photosMissing.length > 0) {
				c.io.err(
					t('cli.backup.warning.photos_missing', {
						count: done.photosMissing.length,
						dir: join(resolve(c.dataDir), PHOTOS),
						shas: done.photosMissing.slice(0, 3).join(', ')
					})
				);
			}
			c.io.out(t('cli.backup.done', { path: done.path }));
			c.io.out(
				t('cli.backup.summary', { size: formatBytes(done.bytes), sheets: tn('cli.backup.sheets', done.sheets), photos: tn('cli.backup.photos', done.photos) })
			);
			c.io.out(t('cli.backup.hint', { path: done.path }));
		};
	}
};
