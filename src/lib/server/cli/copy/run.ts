/**
 * `copy-to-postgres`: the whole census of a data folder (SQLite database + photo files + legacy
 * settings files) into a PostgreSQL database, then verified table by table.
 *
 * Order (docs/postgresql-design.md §5): SQLite held still (sqlite-source.ts) → PostgreSQL schema
 * (the store's migrations) → refusals before anything is written (text with U+0000, a non-empty
 * target without --resume) → tables in foreign-key order, a page of rows per INSERT → merged
 * records' pointers → photo bytes → identity sequences → the version counter checked → a new
 * restore generation (sync/identity.ts: the phones re-send what the copy may lack) → the
 * verification (also alone: --verify-only), which decides the exit code.
 */
import { formatBytes, formatNumber, t } from '$lib/i18n';
import { databaseFile } from '$lib/server/config';
import { maskUrl } from '$lib/server/postgres/connect';
import { failure } from '../errors';
import { table as formatTable } from '../format';
import type { Io } from '../types';
import { TableDigest } from './checksum';
import { copyPhotoBytes, photoSource, sha256, targetPhoto, type SourcePhoto } from './photo-copy';
import { PgTarget } from './pg-target';
import { SqliteSource, type SourceTable, type Value } from './sqlite-source';
import { BATCH_ROWS } from './tables';
import { newIdentityToken, SERVER_GENERATION_SETTING } from '$lib/server/sync/identity';

export interface CopyOptions {
	dataDir: string;
	/** postgres://… */
	url: string;
	/** Continue into a target that already holds rows (a copy interrupted earlier). */
	resume?: boolean;
	/** Only compare the two databases. */
	verifyOnly?: boolean;
	io: Io;
	/** Progress every this many rows of a table (default 50,000). */
	progressEvery?: number;
}

/** One line of the verification table. */
export interface Check {
	name: string;
	sourceRows: number;
	targetRows: number;
	source: string;
	target: string;
	ok: boolean;
}

export interface CopyReport {
	checks: Check[];
	ok: boolean;
	rows: number;
	photos: number;
	photoBytes: number;
	seconds: number;
}

const short = (hex: string) => hex.slice(0, 16);

/** INSERT statements sent before the first is awaited (the pool has as many connections). */
const IN_FLIGHT = 3;
/** Rows per page read for the checksums. */
const VERIFY_ROWS = 5000;

export async function copyToPostgres(options: CopyOptions): Promise<CopyReport> {
	const started = Date.now();
	const { io, dataDir } = options;
	const file = databaseFile(dataDir);
	const source = SqliteSource.open(file, dataDir);
	let target: PgTarget | null = null;
	try {
		if (!options.verifyOnly) {
			io.err(t('cli.copy.progress.start', { file, target: maskUrl(options.url) }));
			refuseNul(source); // before PostgreSQL is even opened
		}
		target = await PgTarget.open(options.url);
		target.checkSchema(source.tables);
		let copied = { rows: 0, photos: 0, photoBytes: 0 };
		if (!options.verifyOnly) {
			const filled = await target.nonEmpty(source.tables);
			if (filled.length > 0 && !options.resume) throw failure(t('cli.copy.error.not_empty', { tables: filled.join(', ') }));
			if (filled.length > 0) io.err(t('cli.copy.progress.resume', { tables: filled.join(', ') }));
			copied = await copyAll(source, target, options);
		}
		io.err(t('cli.copy.progress.verify'));
		const verified = await verify(source, target, dataDir);
		// Read under SQLite's write lock, so only a process ignoring it could have changed anything; checked all the same.
		source.checkUnchanged();
		const checks = verified.checks;
		const rows = checks.filter((c) => c.name !== PHOTO_CHECK).reduce((n, c) => n + c.sourceRows, 0);
		const report: CopyReport = {
			checks,
			ok: checks.every((c) => c.ok),
			rows,
			photos: verified.photos,
			photoBytes: verified.photoBytes,
			seconds: (Date.now() - started) / 1000
		};
		printReport(io, report, options, copied.rows);
		return report;
	} finally {
		source.close();
		await target?.close();
	}
}

/** Stops before anything is written when some text holds U+0000, listing where. */
function refuseNul(source: SqliteSource): void {
	const rows = source.nulRows();
	if (rows.length === 0) return;
	const lines = rows.map((r) => t('cli.copy.error.nul_row', { table: r.table, key: r.key, columns: r.columns.join(', ') }));
	throw failure([t('cli.copy.error.nul', { count: rows.length }), ...lines, t('cli.copy.error.nul_hint')].join('\n'));
}

/** The checks' line for the photos' bytes (not a table: files on SQLite, photo_chunks on PostgreSQL). */
export const PHOTO_CHECK = 'photo_bytes';

async function copyAll(source: SqliteSource, target: PgTarget, options: CopyOptions): Promise<{ rows: number; photos: number; photoBytes: number }> {
	const { io } = options;
	const every = options.progressEvery ?? 50_000;
	let rows = 0;
	for (const table of source.tables) {
		const total = source.count(table);
		let done = 0;
		let added = 0;
		let shown = 0;
		// A few INSERTs in flight (each its own statement): SQLite reads the next page meanwhile.
		const inFlight: Promise<number>[] = [];
		for (const page of source.pages(table, BATCH_ROWS)) {
			const insert = target.insert(table, page);
			insert.catch(() => undefined); // awaited below, in order; not "unhandled" meanwhile
			inFlight.push(insert);
			if (inFlight.length >= IN_FLIGHT) added += await (inFlight.shift() as Promise<number>);
			done += page.length;
			if (done - shown >= every && done < total) {
				shown = done;
				io.err(t('cli.copy.progress.rows', { table: table.name, done: formatNumber(done), total: formatNumber(total) }));
			}
		}
		for (const pending of inFlight) added += await pending;
		rows += added;
		io.err(t('cli.copy.progress.table', { table: table.name, total: formatNumber(total), added: formatNumber(added) }));
		if (table.name === 'settings') for (const legacy of source.legacy) io.err(t('cli.copy.progress.legacy', { key: legacy.key, file: legacy.file }));
		if (table.name === 'records') {
			const merged = source.mergedPairs();
			if (merged.length > 0) {
				await target.setMergedInto(merged);
				io.err(t('cli.copy.progress.merged', { count: formatNumber(merged.length) }));
			}
		}
	}

	const photos = await copyPhotos(source, target, options);
	const sequences = await target.setSequences(source.sequences());
	if (sequences.length > 0) io.err(t('cli.copy.progress.sequences', { tables: sequences.join(', ') }));
	await target.checkVersions();
	// The server's id is copied; its generation is new: a phone that pushed to the SQLite server after
	// the copy was taken (or whose writes the copy missed) sends them again to this one.
	await target.sql`INSERT INTO settings (key, value) VALUES (${SERVER_GENERATION_SETTING}, ${newIdentityToken()})
		ON CONFLICT (key) DO UPDATE SET value = excluded.value`;
	return { rows, ...photos };
}

/** The photos rows of SQLite, as the photo steps need them. */
function* sourcePhotos(source: SqliteSource): Generator<SourcePhoto> {
	const table = source.table('photos');
	if (!table) return;
	const at = (name: string) => table.columns.findIndex((c) => c.name === name);
	const [sha, size, completed] = [at('sha'), at('size'), at('completed_at')];
	for (const page of source.pages(table, BATCH_ROWS)) {
		for (const row of page) {
			yield { sha: String(row[sha]), size: Number(row[size]), completedAt: row[completed] === null ? null : String(row[completed]) };
		}
	}
}

async function copyPhotos(source: SqliteSource, target: PgTarget, options: CopyOptions): Promise<{ photos: number; photoBytes: number }> {
	const { io, dataDir } = options;
	const total = source.table('photos') ? source.count(source.table('photos') as SourceTable) : 0;
	let done = 0;
	let photos = 0;
	let photoBytes = 0;
	let partial = 0;
	const missing: string[] = [];
	for (const photo of sourcePhotos(source)) {
		const held = photoSource(dataDir, photo);
		if (photo.completedAt !== null && !held.complete) missing.push(photo.sha);
		if (!held.complete && held.bytes.length > 0) partial++;
		await copyPhotoBytes(target.sql, photo.sha, held.bytes);
		if (held.complete) photos++;
		photoBytes += held.bytes.length;
		done++;
		if (done % 500 === 0 && done < total) io.err(t('cli.copy.progress.photos_some', { done: formatNumber(done), total: formatNumber(total) }));
	}
	io.err(t('cli.copy.progress.photos', { photos: formatNumber(photos), partial: formatNumber(partial), bytes: formatBytes(photoBytes) }));
	if (missing.length > 0) {
		io.err(t('cli.copy.warning.photos_missing', { count: missing.length, shas: missing.slice(0, 3).join(', ') }));
	}
	return { photos, photoBytes };
}

/** Counts and checksums of every table on both sides, then the photos' bytes. */
async function verify(source: SqliteSource, target: PgTarget, dataDir: string): Promise<{ checks: Check[]; photos: number; photoBytes: number }> {
	const checks: Check[] = [];
	for (const table of source.tables) {
		const from = new TableDigest(table.columns);
		const to = new TableDigest(table.columns);
		// The restore generation differs on purpose (made new in the target): left out on both sides.
		const key = table.columns.findIndex((c) => c.name === 'key');
		const kept = (page: Value[][]) => (table.name === 'settings' ? page.filter((row) => row[key] !== SERVER_GENERATION_SETTING) : page);
		// Interleaved: PostgreSQL reads its next page while SQLite's is hashed.
		const pages = target.pages(table, VERIFY_ROWS);
		let pending: Promise<IteratorResult<Value[][]>> | null = pages.next();
		for (const page of source.pages(table, VERIFY_ROWS)) {
			from.add(kept(page));
			const got: IteratorResult<Value[][]> | null = pending ? await pending : null;
			if (got && !got.done) {
				to.add(kept(got.value));
				pending = pages.next();
			} else pending = null;
		}
		for (let got = pending ? await pending : null; got && !got.done; got = await pages.next()) to.add(kept(got.value));
		const [a, b] = [from.hex(), to.hex()];
		checks.push({ name: table.name, sourceRows: from.rows, targetRows: to.rows, source: a, target: b, ok: from.rows === to.rows && a === b });
	}

	const fromHash = sha256Lines();
	const toHash = sha256Lines();
	let photos = 0;
	let photoBytes = 0;
	let bad = 0;
	let withBytes = 0;
	let targetWithBytes = 0;
	for (const photo of sourcePhotos(source)) {
		const held = photoSource(dataDir, photo);
		const there = await targetPhoto(target.sql, photo.sha);
		const heldSha = sha256(held.bytes);
		fromHash.add(`${photo.sha} ${held.bytes.length} ${heldSha}`);
		toHash.add(`${photo.sha} ${there.length} ${there.sha}`);
		if (held.bytes.length > 0) withBytes++;
		if (there.length > 0) targetWithBytes++;
		if (held.complete) {
			photos++;
			photoBytes += held.bytes.length;
		}
		// A complete photo's chunks must hash to its name; every photo's `received` is its bytes' length.
		const fine = there.sha === heldSha && there.length === held.bytes.length && there.received === there.length && (!held.complete || there.sha === photo.sha);
		if (!fine) bad++;
	}
	const [a, b] = [fromHash.hex(), toHash.hex()];
	checks.push({ name: PHOTO_CHECK, sourceRows: withBytes, targetRows: targetWithBytes, source: a, target: b, ok: bad === 0 && a === b });
	return { checks, photos, photoBytes };
}

function sha256Lines(): { add(line: string): void; hex(): string } {
	const digest = new TableDigest([{ name: 'line', integer: false }]);
	return { add: (line) => digest.add([[line]]), hex: () => digest.hex() };
}

/** What the command says (on stderr, exit 1) when the verification found differences. */
export function mismatchError(report: CopyReport) {
	const bad = report.checks.filter((c) => !c.ok);
	return failure(t('cli.copy.summary.mismatch', { count: bad.length, tables: bad.map((c) => c.name).join(', ') }));
}

function printReport(io: Io, report: CopyReport, options: CopyOptions, added: number): void {
	const yes = t('cli.copy.verify.yes');
	const no = t('cli.copy.verify.no');
	const rows = report.checks.map((c) => [
		c.name === PHOTO_CHECK ? t('cli.copy.verify.photo_bytes') : c.name,
		c.sourceRows === c.targetRows ? formatNumber(c.sourceRows) : `${formatNumber(c.sourceRows)} / ${formatNumber(c.targetRows)}`,
		short(c.source),
		short(c.target),
		c.ok ? yes : no
	]);
	for (const line of formatTable(t('cli.copy.verify.header').split('|'), rows)) io.out(line);
	const seconds = report.seconds.toFixed(1);
	if (!report.ok) return; // the caller fails with mismatchError (exit 1)
	const photos = `${formatNumber(report.photos)} (${formatBytes(report.photoBytes)})`;
	if (options.verifyOnly) {
		io.out(t('cli.copy.summary.verified', { tables: report.checks.length - 1, rows: formatNumber(report.rows), photos, seconds }));
	} else {
		io.out(t('cli.copy.summary.copied', { tables: report.checks.length - 1, rows: formatNumber(report.rows), added: formatNumber(added), photos, seconds }));
		io.out(t('cli.copy.summary.next'));
	}
}
