/**
 * The SQLite side of `copy-to-postgres`: the data folder's database, read while the app is stopped.
 *
 * Held still for the whole run: the command first checks that no process has the file open (the
 * app holds it as long as it runs, see restore.ts), then keeps SQLite's write lock (BEGIN
 * IMMEDIATE, never committed: nothing is written) so an app started meanwhile cannot change what is
 * being copied. `counters.version` and `PRAGMA data_version` (which moves when another connection
 * commits) are compared at the start and the end all the same: a copy taken while something wrote
 * is refused, never reported as verified.
 */
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { t } from '$lib/i18n';
import { migrate } from '$lib/server/sqlite/store';
import { MIGRATIONS } from '$lib/server/sqlite/migrations';
import { OUTLINES_FILE, OUTLINES_SETTING, OUTLINES_VERSION_SETTING } from '$lib/server/map/outlines';
import { TERRITORY_FILE, TERRITORY_SETTING } from '$lib/server/territory';
import { failure } from '../errors';
import { databaseInUse } from '../commands/restore';
import { quote, TABLES, type TableSpec } from './tables';

export interface Column {
	name: string;
	/** INTEGER affinity (SQLite's rule: the declared type contains "INT"): compared as numbers. */
	integer: boolean;
}

export interface SourceTable extends TableSpec {
	columns: Column[];
	/** Primary key columns, in key order. */
	pk: Column[];
}

/** A value as read from either database: text, a number (int8 arrives as a string from PostgreSQL), null. */
export type Value = string | number | bigint | null;

/** A setting still held in a data-folder file (older versions), copied into `settings` when SQLite lacks it. */
export interface LegacySetting {
	key: string;
	value: string;
	file: string;
}

/**
 * Data-folder files that became settings, imported as the app itself imports them once
 * (territory.ts, map/outlines.ts) — the app on PostgreSQL may not see this data folder at all:
 * - territory.json → `territory` (its text), unless that setting exists;
 * - outlines.json → `outlines` (its text) and `outlines_version` (the token the app compares to
 *   re-read them: here derived from the text, so a resumed copy or a verification gives the same),
 *   unless `outlines_version` exists.
 */
function legacySettings(db: Database.Database, dataDir: string): LegacySetting[] {
	const out: LegacySetting[] = [];
	const known = db.prepare('SELECT 1 FROM settings WHERE key = ?');
	const read = (file: string) => {
		const path = join(dataDir, file);
		return existsSync(path) ? { path, text: readFileSync(path, 'utf8') } : null;
	};
	const territory = known.get(TERRITORY_SETTING) ? null : read(TERRITORY_FILE);
	if (territory) out.push({ key: TERRITORY_SETTING, value: territory.text, file: territory.path });
	const outlines = known.get(OUTLINES_VERSION_SETTING) ? null : read(OUTLINES_FILE);
	if (outlines) {
		out.push({ key: OUTLINES_SETTING, value: outlines.text, file: outlines.path });
		const token = `copie-${createHash('sha256').update(outlines.text).digest('hex').slice(0, 32)}`;
		out.push({ key: OUTLINES_VERSION_SETTING, value: token, file: outlines.path });
	}
	return out;
}

/** A row holding U+0000, which PostgreSQL's text type cannot store. */
export interface NulRow {
	table: string;
	key: string;
	columns: string[];
}

export class SqliteSource {
	readonly tables: SourceTable[];
	readonly legacy: LegacySetting[];
	readonly #db: Database.Database;
	readonly #startVersion: number;
	readonly #startData: number;

	private constructor(db: Database.Database, dataDir: string) {
		this.#db = db;
		this.tables = describe(db);
		this.legacy = legacySettings(db, dataDir);
		this.#startVersion = this.version();
		this.#startData = this.#dataVersion();
	}

	/** Opens the data folder's database: refuses a missing file, a running app, a schema newer than this code. */
	static open(file: string, dataDir: string): SqliteSource {
		if (!existsSync(file)) throw failure(t('cli.error.no_database', { file }));
		if (databaseInUse(file)) throw failure(t('cli.copy.error.server_running', { file }));
		const db = new Database(file, { fileMustExist: true, timeout: 0 });
		try {
			const schema = Number(db.pragma('user_version', { simple: true }));
			if (schema > MIGRATIONS.length) throw failure(t('cli.copy.error.too_new', { found: schema, known: MIGRATIONS.length }));
			// An older database is brought to this version's schema, as the app itself does when it starts.
			if (schema < MIGRATIONS.length) migrate(db);
			db.exec('BEGIN IMMEDIATE');
			return new SqliteSource(db, dataDir);
		} catch (e) {
			db.close();
			if ((e as { code?: unknown }).code === 'SQLITE_BUSY') throw failure(t('cli.copy.error.server_running', { file }));
			throw e;
		}
	}

	version(): number {
		const row = this.#db.prepare("SELECT value FROM counters WHERE name = 'version'").get() as { value: number } | undefined;
		return Number(row?.value ?? 0);
	}

	#dataVersion(): number {
		return Number(this.#db.pragma('data_version', { simple: true }));
	}

	/** Throws when the database changed since it was opened (another process wrote to it). */
	checkUnchanged(): void {
		const after = this.version();
		if (after !== this.#startVersion || this.#dataVersion() !== this.#startData) {
			throw failure(t('cli.copy.error.changed', { before: this.#startVersion, after }));
		}
	}

	table(name: string): SourceTable | undefined {
		return this.tables.find((table) => table.name === name);
	}

	count(table: SourceTable): number {
		const row = this.#db.prepare(`SELECT COUNT(*) AS n FROM ${quote(table.name)}`).get() as { n: number };
		return Number(row.n) + (table.name === 'settings' ? this.legacy.length : 0);
	}

	/** SQLite's AUTOINCREMENT counters (never reused ids: the next one PostgreSQL must give). */
	sequences(): Map<string, number> {
		const rows = this.#db.prepare('SELECT name, seq FROM sqlite_sequence').all() as { name: string; seq: number }[];
		return new Map(rows.map((r) => [r.name, Number(r.seq)]));
	}

	/**
	 * The table's rows in primary-key order (SQLite's BINARY order: bytes, as PostgreSQL's "C"
	 * collation), a page at a time, each row its values in `table.columns` order. `settings` also
	 * yields the legacy files' settings (in key order with the others).
	 */
	*pages(table: SourceTable, size: number): Generator<Value[][]> {
		const columns = table.columns.map((c) => quote(c.name)).join(', ');
		const key = table.pk.map((c) => quote(c.name));
		const order = key.join(', ');
		const first = this.#db.prepare(`SELECT ${columns} FROM ${quote(table.name)} ORDER BY ${order} LIMIT ?`).raw(true);
		const next = this.#db
			.prepare(`SELECT ${columns} FROM ${quote(table.name)} WHERE (${order}) > (${key.map(() => '?').join(', ')}) ORDER BY ${order} LIMIT ?`)
			.raw(true);
		const keyAt = table.pk.map((c) => table.columns.findIndex((col) => col.name === c.name));
		if (table.name === 'settings' && this.legacy.length > 0) {
			yield withLegacy(first.all(Number.MAX_SAFE_INTEGER) as Value[][], table, this.legacy);
			return;
		}
		let rows = first.all(size) as Value[][];
		while (rows.length > 0) {
			yield rows;
			if (rows.length < size) return;
			const last = rows[rows.length - 1] as Value[];
			rows = next.all(...keyAt.map((i) => last[i]), size) as Value[][];
		}
	}

	/** Records that point to another (merged duplicates): [id, merged_into]. */
	mergedPairs(): [string, string][] {
		return this.#db.prepare('SELECT id, merged_into FROM records WHERE merged_into IS NOT NULL ORDER BY id').raw(true).all() as [string, string][];
	}

	/** Every row with a U+0000 in a text value, found by SQLite itself (as bytes: a NUL may cut a string short elsewhere). */
	nulRows(limit = 200): NulRow[] {
		const found: NulRow[] = [];
		for (const table of this.tables) {
			const texts = table.columns.filter((c) => !c.integer);
			if (texts.length === 0) continue;
			const has = (c: Column) => `instr(CAST(${quote(c.name)} AS BLOB), X'00') > 0`;
			const names = texts.map((c) => `(CASE WHEN ${has(c)} THEN '${c.name} ' ELSE '' END)`).join(' || ');
			const key = table.pk.map((c) => quote(c.name)).join(` || ' / ' || `);
			const rows = this.#db
				.prepare(`SELECT ${key} AS k, ${names} AS cols FROM ${quote(table.name)} WHERE ${texts.map(has).join(' OR ')} LIMIT ?`)
				.all(limit) as { k: string; cols: string }[];
			for (const r of rows) found.push({ table: table.name, key: String(r.k).replace(/\0/g, '\\0'), columns: r.cols.trim().split(' ') });
		}
		for (const s of this.legacy) if (s.value.includes('\0')) found.push({ table: 'settings', key: s.key, columns: ['value'] });
		return found;
	}

	close(): void {
		if (this.#db.inTransaction) this.#db.exec('ROLLBACK');
		this.#db.close();
	}
}

/** The copied tables as SQLite has them; a table this code does not know stops the copy. */
function describe(db: Database.Database): SourceTable[] {
	const present = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all() as { name: string }[]).map(
		(r) => r.name
	);
	const unknown = present.filter((name) => !TABLES.some((table) => table.name === name));
	if (unknown.length > 0) throw failure(t('cli.copy.error.unknown_table', { tables: unknown.join(', ') }));
	const tables: SourceTable[] = [];
	for (const spec of TABLES) {
		if (!present.includes(spec.name)) {
			if (spec.optional) continue;
			throw failure(t('cli.copy.error.unknown_table', { tables: spec.name }));
		}
		const info = db.prepare(`PRAGMA table_info(${quote(spec.name)})`).all() as { name: string; type: string; pk: number }[];
		const columns = info.map((c) => ({ name: c.name, integer: /INT/i.test(c.type) }));
		const pk = info
			.filter((c) => c.pk > 0)
			.sort((a, b) => a.pk - b.pk)
			.map((c) => ({ name: c.name, integer: /INT/i.test(c.type) }));
		tables.push({ ...spec, columns, pk });
	}
	return tables;
}

/** The settings rows plus the legacy ones, in key order (byte order, as both databases sort keys). */
function withLegacy(rows: Value[][], table: SourceTable, legacy: readonly LegacySetting[]): Value[][] {
	const keyAt = table.columns.findIndex((c) => c.name === 'key');
	const valueAt = table.columns.findIndex((c) => c.name === 'value');
	const all = [...rows];
	for (const s of legacy) {
		const row: Value[] = table.columns.map(() => null);
		row[keyAt] = s.key;
		row[valueAt] = s.value;
		all.push(row);
	}
	return all.sort((a, b) => Buffer.compare(Buffer.from(String(a[keyAt])), Buffer.from(String(b[keyAt]))));
}
