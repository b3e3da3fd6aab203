/**
 * The PostgreSQL side of `copy-to-postgres`: the target database, brought to the schema by the
 * PostgreSQL store's own migrations, then written with plain multi-row INSERTs.
 *
 * Every INSERT is `ON CONFLICT DO NOTHING` (one statement: its own transaction), so running the copy
 * again (`--resume`, after a crash or a stop) adds only what is missing; original ids, versions
 * and sequence numbers are written as they are (`OVERRIDING SYSTEM VALUE` for identity ids).
 */
import type postgres from 'postgres';
import { t } from '$lib/i18n';
import { PgStore } from '$lib/server/postgres/store';
import { failure } from '../errors';
import { MAX_PARAMETERS, quote } from './tables';
import type { SourceTable, Value } from './sqlite-source';

interface TargetColumn {
	table: string;
	column: string;
	identity: boolean;
}

/** The text primary-key columns compare byte-wise ("C"), as SQLite's BINARY order the pages were read in. */
const keyExpr = (c: { name: string; integer: boolean }) => (c.integer ? quote(c.name) : `${quote(c.name)} COLLATE "C"`);

export class PgTarget {
	readonly #columns: Map<string, TargetColumn[]>;
	/** The store's pool: the copy writes with its own SQL, outside the store's transactions (the app is stopped). */
	readonly sql: postgres.Sql;

	private constructor(
		readonly store: PgStore,
		columns: TargetColumn[]
	) {
		this.sql = store.sql;
		this.#columns = new Map();
		for (const c of columns) this.#columns.set(c.table, [...(this.#columns.get(c.table) ?? []), c]);
	}

	/** Connects and applies the PostgreSQL store's migrations (a fresh database gets the whole schema). */
	static async open(url: string): Promise<PgTarget> {
		const store = new PgStore(url, { max: 4 });
		try {
			await store.open();
			const rows = await store.sql<{ table_name: string; column_name: string; is_identity: string }[]>`
				SELECT table_name, column_name, is_identity FROM information_schema.columns
				WHERE table_schema = current_schema() ORDER BY table_name, ordinal_position`;
			return new PgTarget(
				store,
				rows.map((r) => ({ table: r.table_name, column: r.column_name, identity: r.is_identity === 'YES' }))
			);
		} catch (e) {
			await store.sql.end({ timeout: 1 }).catch(() => undefined);
			throw failure(t('cli.copy.error.connect', { message: (e as Error).message }));
		}
	}

	/** Refuses a source table or column PostgreSQL's schema lacks (this code and the target disagree). */
	checkSchema(tables: readonly SourceTable[]): void {
		for (const table of tables) {
			const target = this.#columns.get(table.name);
			const missing = table.columns.filter((c) => !target?.some((t) => t.column === c.name)).map((c) => `${table.name}.${c.name}`);
			if (missing.length > 0) throw failure(t('cli.copy.error.missing_column', { columns: missing.join(', ') }));
		}
	}

	/** The copied tables that already hold rows (the PostgreSQL migrations' own rows aside). */
	async nonEmpty(tables: readonly SourceTable[]): Promise<string[]> {
		const found: string[] = [];
		for (const table of tables) {
			const query =
				table.name === 'counters'
					? `SELECT EXISTS (SELECT 1 FROM counters WHERE value <> 0) AS found`
					: table.name === 'rate_limits' || table.name === 'signin_failures'
						? 'SELECT false AS found'
						: `SELECT EXISTS (SELECT 1 FROM ${quote(table.name)}) AS found`;
			const [row] = await this.sql.unsafe<{ found: boolean }[]>(query);
			if (row?.found) found.push(table.name);
		}
		return found;
	}

	/**
	 * Inserts rows (values in `table.columns` order); returns how many were new. Deferred columns
	 * are written NULL (set by a later pass). Split so that no statement exceeds PostgreSQL's
	 * parameter limit.
	 */
	async insert(table: SourceTable, rows: readonly (readonly Value[])[]): Promise<number> {
		const per = Math.max(1, Math.floor(MAX_PARAMETERS / table.columns.length));
		let added = 0;
		for (let from = 0; from < rows.length; from += per) added += await this.#insertSome(table, rows.slice(from, from + per));
		return added;
	}

	async #insertSome(table: SourceTable, rows: readonly (readonly Value[])[]): Promise<number> {
		if (rows.length === 0) return 0;
		const deferred = new Set(table.deferred ?? []);
		const width = table.columns.length;
		const params: Value[] = [];
		const tuples: string[] = [];
		for (const row of rows) {
			const marks: string[] = [];
			table.columns.forEach((c, i) => {
				params.push(deferred.has(c.name) ? null : (row[i] ?? null));
				marks.push(`$${params.length}`);
			});
			tuples.push(`(${marks.join(', ')})`);
		}
		if (params.length !== rows.length * width) throw new Error('row width');
		const identity = (this.#columns.get(table.name) ?? []).some((c) => c.identity);
		const others = table.columns.filter((c) => !table.pk.some((k) => k.name === c.name));
		const conflict =
			table.upsert && others.length > 0
				? `ON CONFLICT (${table.pk.map((c) => quote(c.name)).join(', ')}) DO UPDATE SET ${others.map((c) => `${quote(c.name)} = EXCLUDED.${quote(c.name)}`).join(', ')}`
				: 'ON CONFLICT DO NOTHING';
		const text =
			`INSERT INTO ${quote(table.name)} (${table.columns.map((c) => quote(c.name)).join(', ')})` +
			`${identity ? ' OVERRIDING SYSTEM VALUE' : ''} VALUES ${tuples.join(', ')} ${conflict}`;
		const result = await this.sql.unsafe(text, params as postgres.ParameterOrJSON<never>[]);
		return result.count;
	}

	/** Sets records.merged_into (the second pass): [id, target] pairs, idempotent. */
	async setMergedInto(pairs: readonly [string, string][]): Promise<number> {
		let changed = 0;
		for (let from = 0; from < pairs.length; from += 1000) {
			const slice = pairs.slice(from, from + 1000);
			const params = slice.flat();
			const values = slice.map((_, i) => `($${2 * i + 1}::text, $${2 * i + 2}::text)`).join(', ');
			const result = await this.sql.unsafe(
				`UPDATE records AS r SET merged_into = v.target FROM (VALUES ${values}) AS v(id, target)
				 WHERE r.id = v.id AND r.merged_into IS DISTINCT FROM v.target`,
				params
			);
			changed += result.count;
		}
		return changed;
	}

	/**
	 * Points each identity to where SQLite's AUTOINCREMENT stands (its sqlite_sequence value, never
	 * lower than the largest id copied): the next id PostgreSQL gives is the one SQLite would have.
	 */
	async setSequences(sequences: ReadonlyMap<string, number>): Promise<string[]> {
		const set: string[] = [];
		for (const [table, columns] of this.#columns) {
			for (const c of columns.filter((col) => col.identity)) {
				const [max] = await this.sql.unsafe<{ n: string | null }[]>(`SELECT MAX(${quote(c.column)})::text AS n FROM ${quote(table)}`);
				const last = Math.max(sequences.get(table) ?? 0, Number(max?.n ?? 0));
				// setval(seq, 1, false): nothing given yet, the next is 1.
				await this.sql`SELECT setval(pg_get_serial_sequence(${quote(table)}, ${c.column}), ${Math.max(last, 1)}, ${last > 0})`;
				set.push(table);
			}
		}
		return set;
	}

	/** The version counter must be at least the largest record version (else the next write would reuse one). */
	async checkVersions(): Promise<void> {
		const [row] = await this.sql<{ counter: string | null; max: string | null }[]>`
			SELECT (SELECT value FROM counters WHERE name = 'version')::text AS counter, (SELECT MAX(version) FROM records)::text AS max`;
		const counter = Number(row?.counter ?? 0);
		const max = Number(row?.max ?? 0);
		if (counter < max) throw failure(t('cli.copy.error.version_behind', { counter, max }));
	}

	/**
	 * The table's rows in primary-key order, a page at a time (as SqliteSource.pages). The next
	 * page is asked for before this one is handed over: PostgreSQL reads it while the caller hashes.
	 */
	async *pages(table: SourceTable, size: number): AsyncGenerator<Value[][]> {
		const columns = table.columns.map((c) => quote(c.name)).join(', ');
		const order = table.pk.map(keyExpr).join(', ');
		const keyAt = table.pk.map((c) => table.columns.findIndex((col) => col.name === c.name));
		const page = (after: Value[] | null): Promise<Value[][]> => {
			const where = after ? `WHERE (${order}) > (${after.map((_, i) => `$${i + 1}`).join(', ')})` : '';
			const query = this.sql.unsafe(
				`SELECT ${columns} FROM ${quote(table.name)} ${where} ORDER BY ${order} LIMIT ${size}`,
				(after ?? []) as postgres.ParameterOrJSON<never>[]
			);
			return query.values() as unknown as Promise<Value[][]>;
		};
		let next = page(null);
		for (;;) {
			const rows = await next;
			const last = rows[rows.length - 1];
			const more = rows.length === size && last !== undefined;
			if (more) next = page(keyAt.map((i) => last[i] ?? null));
			if (rows.length > 0) yield rows;
			if (!more) return;
		}
	}

	async count(table: string): Promise<number> {
		const [row] = await this.sql.unsafe<{ n: string }[]>(`SELECT COUNT(*)::text AS n FROM ${quote(table)}`);
		return Number(row?.n ?? 0);
	}

	async close(): Promise<void> {
		await this.store.close();
	}
}
