/**
 * One PostgreSQL transaction on a connection of its own: the connection is reserved from the pool
 * first, then BEGIN, COMMIT or ROLLBACK are sent on it by hand, and it goes back to the pool at the
 * end whatever happened.
 *
 * Why not postgres.js's `sql.begin`: in postgres 3.4.9 it may send its BEGIN on a pooled connection
 * before reserving it (porsager/postgres#823, #1189). That query fails with UNSAFE_TRANSACTION (seen
 * about once in 5,000 pulls under load), and statements of other requests may run inside the stray
 * transaction. A reserved connection never carries anyone else's statement.
 */
import type postgres from 'postgres';

/** `begin`: the statement that opens it (`BEGIN`, `BEGIN ISOLATION LEVEL REPEATABLE READ`). */
export async function inTransaction<T>(sql: postgres.Sql, fn: (tx: postgres.ReservedSql) => Promise<T>, begin = 'BEGIN'): Promise<T> {
	const tx = await sql.reserve();
	try {
		await tx.unsafe(begin);
		let result: T;
		try {
			result = await fn(tx);
		} catch (e) {
			// A broken connection has lost the transaction anyway; the first error is the one to tell.
			await tx.unsafe('ROLLBACK').catch(() => undefined);
			throw e;
		}
		// A COMMIT that fails (a serialization failure found at commit) ends the transaction too.
		await tx.unsafe('COMMIT');
		return result;
	} finally {
		tx.release();
	}
}

/** A SAVEPOINT inside an open transaction: `fn`'s writes are undone alone when it throws. */
export async function inSavepoint<T>(tx: postgres.ReservedSql, name: string, fn: () => Promise<T>): Promise<T> {
	await tx.unsafe(`SAVEPOINT ${name}`);
	let result: T;
	try {
		result = await fn();
	} catch (e) {
		await tx.unsafe(`ROLLBACK TO SAVEPOINT ${name}`).catch(() => undefined);
		throw e;
	}
	await tx.unsafe(`RELEASE SAVEPOINT ${name}`);
	return result;
}
