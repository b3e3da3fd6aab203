/**
 * Transactions of the PostgreSQL store. A top-level transaction reserves a pooled connection
 * (begin.ts: BEGIN and COMMIT sent by hand, not `sql.begin`) and binds its handle in AsyncLocalStorage: every store method called from inside
 * the callback runs on that handle (`handle()`), while statements of other requests use other
 * pooled connections and never see it. A nested call is a SAVEPOINT.
 *
 * - A write transaction (the default) first takes the writer lock (`pg_advisory_xact_lock`): one
 *   writer at a time across every instance, as SQLite has, so code that reads then writes on what
 *   it read stays correct (push's per-install sequence, the HLC merge, "keep one coordinator"). The
 *   version counter (a counters row updated in the transaction) makes versions visible in commit
 *   order without gaps.
 * - A read transaction (`{ read: true }`: pull, exports) runs on one REPEATABLE READ snapshot without
 *   the lock; its few writes are idempotent inserts, which may collide with a concurrent writer
 *   (serialization failure, or a unique violation for a plain INSERT): the whole callback is run again.
 * Both are retried on a serialization failure or a deadlock, a few times with a jittered backoff.
 * A nested transaction keeps the mode of the outermost one.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type postgres from 'postgres';
import type { TransactionOptions } from '../store/types';
import { inSavepoint, inTransaction } from './begin';
import { WRITER_LOCK, type Handle } from './connect';

const SERIALIZATION_FAILURE = '40001';
const DEADLOCK = '40P01';
const UNIQUE_VIOLATION = '23505';
/** Attempts in all before a retryable error is given up and thrown. */
const ATTEMPTS = 5;

/** The SQLSTATE of a PostgreSQL error, if it is one. */
export function sqlState(e: unknown): string | undefined {
	const code = (e as { code?: unknown } | null)?.code;
	return typeof code === 'string' ? code : undefined;
}

function retryable(e: unknown, read: boolean): boolean {
	const code = sqlState(e);
	return code === SERIALIZATION_FAILURE || code === DEADLOCK || (read && code === UNIQUE_VIOLATION);
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

interface Open {
	tx: postgres.ReservedSql;
	read: boolean;
	/** Savepoints open around this context (their names: sp1, sp2...). */
	depth: number;
}

export class Transactions {
	readonly #als = new AsyncLocalStorage<Open>();

	constructor(readonly sql: postgres.Sql) {}

	/** The open transaction's handle in this async context, else the pool (autocommit). */
	handle(): Handle {
		return this.#als.getStore()?.tx ?? this.sql;
	}

	/** Whether this async context is inside a transaction. */
	inside(): boolean {
		return this.#als.getStore() !== undefined;
	}

	async run<T>(fn: () => Promise<T>, options: TransactionOptions = {}): Promise<T> {
		const open = this.#als.getStore();
		if (open) {
			const inner = { ...open, depth: open.depth + 1 };
			return inSavepoint(open.tx, `sp${inner.depth}`, () => this.#als.run(inner, fn));
		}
		const read = options.read === true;
		for (let attempt = 1; ; attempt++) {
			try {
				return await (read ? this.#begin(fn, true) : this.#oneWriterHere(() => this.#begin(fn, false)));
			} catch (e) {
				if (attempt >= ATTEMPTS || !retryable(e, read)) throw e;
				// 2, 4, 8, 16 ms on average, jittered so that the colliding ones do not collide again.
				await sleep(Math.random() * 2 ** attempt * 2);
			}
		}
	}

	/**
	 * Write transactions of this instance wait their turn here, in memory, before taking a pooled
	 * connection: only one of them at a time waits for (or holds) the database's writer lock, so a
	 * burst of pushes never holds every connection of the pool while pulls and sign-ins wait for one.
	 * Writers are serialised by the writer lock anyway: this costs no throughput. (Not state another
	 * instance needs: each instance queues its own writers.)
	 */
	#oneWriterHere<T>(fn: () => Promise<T>): Promise<T> {
		const next = this.#writers.then(fn);
		this.#writers = next.catch(() => undefined);
		return next;
	}
	#writers: Promise<unknown> = Promise.resolve();

	async #begin<T>(fn: () => Promise<T>, read: boolean): Promise<T> {
		const body = async (tx: postgres.ReservedSql): Promise<T> => {
			if (!read) await tx`SELECT pg_advisory_xact_lock(${WRITER_LOCK})`;
			return this.#als.run({ tx, read, depth: 0 }, fn);
		};
		return inTransaction(this.sql, body, read ? 'BEGIN ISOLATION LEVEL REPEATABLE READ' : 'BEGIN');
	}
}
