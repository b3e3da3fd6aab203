/**
 * The PostgreSQL connection pool (postgres.js) and the migrations run on first use.
 */
import postgres from 'postgres';
import { inTransaction } from './begin';
import { MIGRATIONS } from './migrations';

/** The pool, or the handle of an open transaction: what queries run on. */
export type Handle = postgres.Sql | postgres.ReservedSql;

/**
 * Advisory lock keys (one namespace per database: each census has its own database). The writer
 * lock is taken by every write transaction (one writer at a time, as with SQLite); the migration
 * lock by whoever applies migrations.
 */
export const WRITER_LOCK = 0x41544c01;
export const MIGRATION_LOCK = 0x41544c02;

/** Whether a connection string designates PostgreSQL (anything else means SQLite). */
export function isPostgresUrl(url: string | undefined): url is string {
	return !!url && /^postgres(ql)?:\/\//i.test(url);
}

export interface PoolOptions {
	/** Connections at most (default: DATABASE_POOL_MAX, else 10). */
	max?: number;
}

/**
 * A pool: lazy (nothing connects before the first query), statements prepared per connection,
 * notices (e.g. "relation already exists, skipping") not printed. Waiters on the writer lock each
 * hold a connection: instances × max must stay under the server's max_connections (100 by default).
 */
export function openPool(url: string, options: PoolOptions = {}): postgres.Sql {
	const fromEnv = Number(process.env.DATABASE_POOL_MAX);
	const max = options.max ?? (Number.isInteger(fromEnv) && fromEnv > 0 ? fromEnv : 10);
	return postgres(url, {
		max,
		prepare: true,
		onnotice: () => {},
		// An absent optional value is stored as NULL, as better-sqlite3 binds `undefined`.
		transform: { undefined: null },
		connection: { application_name: 'atlas' }
	});
}

/**
 * Applies the migrations not yet applied, one transaction each; returns the level reached. Each
 * transaction first takes the migration lock, then reads the level: an instance that waited for
 * another sees its work done. A database newer than this code is left alone (a rolling upgrade).
 */
export async function migrate(sql: postgres.Sql): Promise<number> {
	for (;;) {
		const level = await inTransaction(sql, async (tx) => {
			await tx`SELECT pg_advisory_xact_lock(${MIGRATION_LOCK})`;
			await tx`CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, applied_at text NOT NULL)`;
			const [row] = await tx`SELECT COALESCE(MAX(version), 0)::int AS level FROM schema_migrations`;
			const reached = Number(row?.level ?? 0);
			const next = MIGRATIONS[reached];
			if (next === undefined) return { reached, done: true };
			await tx.unsafe(next).simple();
			await tx`INSERT INTO schema_migrations (version, applied_at) VALUES (${reached + 1}, ${new Date().toISOString()})`;
			return { reached: reached + 1, done: false };
		});
		if (level.done) return level.reached;
	}
}

/** A database address as printed to people: without its password. */
export function maskUrl(url: string): string {
	try {
		const u = new URL(url);
		if (u.password) u.password = '***';
		return u.toString();
	} catch {
		return url.replace(/:[^:@/]*@/, ':***@');
	}
}
