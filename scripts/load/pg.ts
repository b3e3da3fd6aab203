/**
 * PostgreSQL for the load and the two-instance test: a fresh database made on a server for one run
 * (dropped afterwards), and the checks that read the database itself, as databaseChecks of
 * checks.ts does for SQLite — here through SQL, the servers stopped or still running (PostgreSQL
 * shows every committed row to a new connection).
 */
import { createHash, randomBytes } from 'node:crypto';
import postgres from 'postgres';
import type { Check } from './checks';
import type { Ack, Volunteer } from './volunteer';

export interface ScratchDatabase {
	/** The URL of the new database (the server's URL with its name). */
	url: string;
	name: string;
	drop(): Promise<void>;
}

/** The server URL with another database name (postgres://user@host:port/<name>?options). */
export function databaseUrl(serverUrl: string, name: string): string {
	const url = new URL(serverUrl);
	url.pathname = `/${name}`;
	return url.toString();
}

/**
 * An empty database on the server of `serverUrl` (any database of it: `postgres` will do), named
 * `<prefix>_<random>` — a plain CREATE DATABASE, as a deployer would make it. Dropped by drop(),
 * with any connection still open to it (WITH (FORCE): a server killed mid-run leaves none, but a
 * pool still closing may).
 */
export async function createScratchDatabase(serverUrl: string, prefix: string): Promise<ScratchDatabase> {
	if (!/^[a-z][a-z0-9_]*$/.test(prefix)) throw new Error(`bad database prefix ${prefix}`);
	const name = `${prefix}_${randomBytes(5).toString('hex')}`;
	const admin = postgres(serverUrl, { max: 1, onnotice: () => undefined });
	try {
		await admin.unsafe(`CREATE DATABASE "${name}"`);
	} finally {
		await admin.end();
	}
	let dropped = false;
	return {
		url: databaseUrl(serverUrl, name),
		name,
		async drop() {
			if (dropped) return;
			dropped = true;
			const sql = postgres(serverUrl, { max: 1, onnotice: () => undefined });
			try {
				await sql.unsafe(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
			} finally {
				await sql.end();
			}
		}
	};
}

const check = (name: string, wrong: number, detail: string): Check => ({ name, ok: wrong === 0, detail });
const sample = (list: readonly string[]) => (list.length === 0 ? '' : ` — e.g. ${list.slice(0, 3).join('; ')}`);

/**
 * The database after the load, on PostgreSQL: exactly the sheets expected, no write applied twice
 * (one history row per field and stamp), and — when the acknowledgements are given — as many
 * history rows for the phones' sheets as field writes acknowledged (each acknowledged write has a
 * newer stamp than the one before it, so each is applied exactly once); every photo complete, its
 * bytes (the chunks in the database) intact.
 */
export async function pgDatabaseChecks(url: string, volunteers: readonly Volunteer[], expectedSheets: number, acks?: readonly Ack[]): Promise<Check[]> {
	const sql = postgres(url, { max: 1, onnotice: () => undefined });
	try {
		const [{ n: rows } = { n: 0 }] = await sql<{ n: number }[]>`SELECT count(*)::int AS n FROM records`;
		const twice = await sql<{ record_id: string; field: string; hlc: string; n: number }[]>`
			SELECT record_id, field, hlc, count(*)::int AS n FROM history GROUP BY record_id, field, hlc HAVING count(*) > 1 LIMIT 10`;
		const [{ n: writes } = { n: 0 }] = await sql<{ n: number }[]>`SELECT count(*)::int AS n FROM history`;
		const checks: Check[] = [
			check(`the database holds exactly ${expectedSheets} sheets`, Math.abs(rows - expectedSheets), `${rows} rows`),
			check(
				'no mutation applied twice',
				twice.length,
				`${writes} field writes in the history, ${twice.length} twice${sample(twice.map((t) => `${t.record_id}.${t.field} ${t.hlc} ×${t.n}`))}`
			)
		];
		if (acks) {
			const made = new Set(volunteers.flatMap((v) => [...v.sheets.keys()]));
			const expected = acks.filter((a) => made.has(a.recordId)).reduce((n, a) => n + Object.keys(a.fields).length, 0);
			const ids = [...made];
			const [{ n: held } = { n: 0 }] = await sql<{ n: number }[]>`SELECT count(*)::int AS n FROM history WHERE record_id = ANY(${ids}::text[])`;
			checks.push(
				check('history rows = acknowledged field writes', Math.abs(held - expected), `${held} history rows for ${expected} acknowledged field writes`)
			);
		}
		const photoWrong: string[] = [];
		for (const v of volunteers) {
			if (!v.photo) continue;
			const [row] = await sql<{ completed_at: string | null; size: number }[]>`SELECT completed_at, size::int AS size FROM photos WHERE sha = ${v.photo.sha}`;
			if (!row?.completed_at) {
				photoWrong.push(`${v.name}: not complete in the database`);
				continue;
			}
			const hash = createHash('sha256');
			let bytes = 0;
			for (const chunk of await sql<{ bytes: Buffer }[]>`SELECT bytes FROM photo_chunks WHERE sha = ${v.photo.sha} ORDER BY "offset"`) {
				hash.update(chunk.bytes);
				bytes += chunk.bytes.byteLength;
			}
			if (bytes !== row.size || hash.digest('hex') !== v.photo.sha) photoWrong.push(`${v.name}: bytes damaged (${bytes} of ${row.size})`);
		}
		const [{ n: complete } = { n: 0 }] = await sql<{ n: number }[]>`SELECT count(*)::int AS n FROM photos WHERE completed_at IS NOT NULL`;
		const photos = volunteers.filter((v) => v.photo).length;
		checks.push(
			check(
				`every photo stored once, complete and intact (${photos})`,
				photoWrong.length + Math.abs(complete - photos),
				`${complete} complete in the database${sample(photoWrong)}`
			)
		);
		return checks;
	} finally {
		await sql.end();
	}
}
