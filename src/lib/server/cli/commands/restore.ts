/**
 * restore FOLDER: puts a backup (made by `backup`, see backup.ts) back as the data folder.
 *
 * Safe by construction, in this order, and nothing is changed until the last step:
 * 1. the server must not be running on the data folder: the command asks SQLite for an exclusive
 *    lock on the live database — the server holds the file open for as long as it runs, so the
 *    lock is refused (SQLITE_BUSY) exactly while it runs (also after a crash, a stopped server holds
 *    nothing);
 * 2. the backup is copied beside the data folder (`<data>.restauration-<pid>`), and the COPY is
 *    checked: PRAGMA integrity_check, a schema this version of the app knows, every photo the
 *    database records as complete present and matching its SHA-256;
 * 3. the copy gets a new restore generation (sync/identity.ts): at their next exchange, phones see
 *    that the server went back in time and send again what it no longer holds;
 * 4. the old data folder is renamed `<data>.avant-restauration-<date>` (kept, never deleted), and
 *    the checked copy takes its place (renames, on the same disk).
 * The backup folder itself is only read.
 */
import Database from 'better-sqlite3';
import { existsSync, mkdirSync, readdirSync, readFileSync, realpathSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { t, tn } from '$lib/i18n';
import { databaseFile } from '$lib/server/config';
import { MIGRATIONS } from '$lib/server/sqlite/migrations';
import { newIdentityToken, SERVER_GENERATION_SETTING } from '$lib/server/sync/identity';
import { CliError, failure, usageError } from '../errors';
import type { Command } from '../types';
import {
	BACKUP_DATABASE,
	completePhotos,
	countSheets,
	flush,
	integrity,
	MANIFEST,
	operatorPath,
	readVerifiedPhoto,
	schemaVersion,
	writeDurably,
	type Manifest
} from './backup';

/** Is a process (the server) holding this database open? Leaves it as it was. */
export function databaseInUse(file: string): boolean {
	if (!existsSync(file)) return false;
	const db = new Database(file, { fileMustExist: true, timeout: 0 });
	try {
		// An exclusive lock is granted only when no other connection, of any process, has the file.
		db.pragma('locking_mode = EXCLUSIVE');
		db.exec('BEGIN EXCLUSIVE');
		db.exec('COMMIT');
		return false;
	} catch (e) {
		const code = (e as { code?: unknown }).code;
		if (typeof code === 'string' && (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'))) return true;
		throw e;
	} finally {
		db.close();
	}
}

/** Copies a folder, every file flushed to disk. */
function copyTree(from: string, to: string, skip: (name: string) => boolean = () => false): void {
	mkdirSync(to, { recursive: true });
	for (const entry of readdirSync(from, { withFileTypes: true })) {
		if (skip(entry.name)) continue;
		const source = join(from, entry.name);
		if (entry.isDirectory()) copyTree(source, join(to, entry.name));
		else if (entry.isFile()) writeDurably(join(to, entry.name), readFileSync(source));
	}
	flush(to);
}

const sameFolder = (a: string, b: string) => existsSync(a) && existsSync(b) && realpathSync(a) === realpathSync(b);

/** 2026-11-28T14-05-00: a name part that sorts by date and is valid everywhere. */
const stamp = (d: Date) => d.toISOString().slice(0, 19).replace(/:/g, '-');

function backupDate(source: string): string {
	try {
		const manifest = JSON.parse(readFileSync(join(source, MANIFEST), 'utf8')) as Partial<Manifest>;
		if (typeof manifest.createdAt === 'string' && !Number.isNaN(Date.parse(manifest.createdAt))) return manifest.createdAt;
	} catch {
		// a backup made otherwise (a copy of a stopped server's folder): its database file's date
	}
	return statSync(join(source, BACKUP_DATABASE)).mtime.toISOString();
}

/** Checks the copied database and photos; returns what they hold, or throws a failure (nothing changed). */
function checkCopy(part: string): { sheets: number; photos: number } {
	let db: Database.Database;
	try {
		db = new Database(join(part, BACKUP_DATABASE), { fileMustExist: true });
	} catch (e) {
		throw failure(t('cli.restore.error.damaged', { message: (e as Error).message }));
	}
	let sheets: number;
	let shas: string[];
	try {
		const check = integrity(db);
		if (check !== 'ok') throw failure(t('cli.restore.error.damaged', { message: check }));
		const schema = schemaVersion(db);
		if (schema > MIGRATIONS.length) throw failure(t('cli.restore.error.too_new', { found: schema, known: MIGRATIONS.length }));
		sheets = countSheets(db);
		shas = completePhotos(db);
	} catch (e) {
		if (e instanceof CliError) throw e;
		throw failure(t('cli.restore.error.damaged', { message: (e as Error).message }));
	} finally {
		db.close();
	}
	const bad = shas.filter((sha) => readVerifiedPhoto(part, sha) === null);
	if (bad.length > 0) throw failure(t('cli.restore.error.photos', { count: bad.length, shas: bad.slice(0, 3).join(', ') }));
	return { sheets, photos: shas.length };
}

/**
 * Marks the copy as a new generation of the server (its id is kept). A backup from before the
 * settings table existed gets both at the app's start, which the phones take as a new server too.
 */
function newGeneration(part: string): void {
	const db = new Database(join(part, BACKUP_DATABASE), { fileMustExist: true });
	try {
		const hasSettings = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'settings'").get();
		if (!hasSettings) return;
		db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(
			SERVER_GENERATION_SETTING,
			newIdentityToken()
		);
	} finally {
		db.close();
	}
}

export const restoreCommand: Command = {
	spec: { options: {}, maxPositionals: 1 },
	database: 'none',
	prepare(args) {
		const raw = args.positionals[0];
		if (raw === undefined || raw.trim() === '') throw usageError(t('cli.restore.error.source_missing'));
		const source = operatorPath(raw);
		if (!existsSync(join(source, BACKUP_DATABASE))) throw failure(t('cli.restore.error.not_backup', { path: source }));
		return async () => undefined;
	},
	async offline(args, c) {
		const source = operatorPath(args.positionals[0] as string);
		const dataDir = resolve(c.dataDir);
		if (sameFolder(source, dataDir)) throw failure(t('cli.restore.error.same_folder'));
		const live = databaseFile(dataDir);
		const refuseIfRunning = () => {
			if (databaseInUse(live)) throw failure(t('cli.restore.error.server_running', { file: live }));
		};
		refuseIfRunning();
		// Read now: the backup may sit inside the data folder about to be renamed.
		const takenAt = backupDate(source);

		const part = `${dataDir}.restauration-${process.pid}`;
		rmSync(part, { recursive: true, force: true });
		mkdirSync(dirname(dataDir), { recursive: true });
		let held: { sheets: number; photos: number };
		try {
			copyTree(source, part, (name) => name === MANIFEST);
			held = checkCopy(part);
			newGeneration(part);
			refuseIfRunning(); // the server may have been started meanwhile
		} catch (e) {
			rmSync(part, { recursive: true, force: true });
			throw e;
		}

		let old: string | null = null;
		if (existsSync(dataDir)) {
			old = `${dataDir}.avant-restauration-${stamp(c.now)}`;
			try {
				renameSync(dataDir, old);
			} catch (e) {
				rmSync(part, { recursive: true, force: true });
				throw failure(t('cli.restore.error.move_failed', { message: (e as Error).message, dataDir }));
			}
		}
		renameSync(part, dataDir);
		flush(dirname(dataDir));
		c.io.out(t('cli.restore.done', { dataDir, sheets: tn('cli.backup.sheets', held.sheets), photos: tn('cli.backup.photos', held.photos) }));
		if (old) c.io.out(t('cli.restore.kept', { old }));
		c.io.out(t('cli.restore.dated', { date: c.date(takenAt) }));
	}
};
