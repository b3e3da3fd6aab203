/**
 * What the server holds, read from its SQLite file (read-only, while it runs) and its photos folder:
 * every table's rows, so that "no partial write" is checked on all of it, tables added later too.
 *
 * Left out, because they change by design when a request is refused or only read:
 * - `audit` and `rejected_mutations`: the log of attempts and of refused mutations (a retry must be
 *   told again which mutation was refused) — their growth is reported, and the audit's new actions
 *   are checked by the test;
 * - `rate_limits` and `signin_failures`: every attempt at a guarded route counts, refused or not
 *   (that is their purpose);
 * - the "last seen" and sliding-expiry columns of users and sessions, and an install's `last_seq`
 *   (a refused mutation still moves the queue on);
 * - sqlite_sequence (autoincrement counters of the tables above).
 */
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const SKIPPED_TABLES = new Set(['audit', 'rate_limits', 'rejected_mutations', 'signin_failures', 'sqlite_sequence']);
const SKIPPED_COLUMNS: Record<string, string[]> = {
	users: ['last_seen_at'],
	sessions: ['last_seen_at', 'expires_at'],
	sync_clients: ['last_seq', 'last_push_at']
};
/** Tables whose rows belong to one sheet, and the column naming it. */
const RECORD_COLUMN: Record<string, string> = {
	records: 'id',
	record_fields: 'record_id',
	history: 'record_id',
	comments: 'record_id',
	conflicts: 'record_id'
};

export interface Fingerprint {
	/** Table → its rows (kept columns, as JSON), sorted. */
	tables: Record<string, string[]>;
	/** Row counts of every table, skipped ones included. */
	counts: Record<string, number>;
	/** Data folder (photos, outlines, territory...): relative path, size and digest of every file. */
	files: string[];
	/** The newest audit id (to read what a storm added). */
	lastAuditId: number;
}

function walk(dir: string, root: string): string[] {
	if (!existsSync(dir)) return [];
	return readdirSync(dir).flatMap((name) => {
		const path = join(dir, name);
		const st = statSync(path);
		if (st.isDirectory()) return walk(path, root);
		const rel = relative(root, path);
		// The database's own files change with every write: their content is the tables above.
		const digest = /^atlas\.sqlite/.test(rel) ? '' : createHash('sha1').update(readFileSync(path)).digest('hex');
		return [`${rel} ${st.size} ${digest}`];
	});
}

/**
 * The fingerprint of the data folder. `apart`: sheets made by legitimate requests during the storm,
 * left out of the per-sheet tables (the test checks them on their own), and of the version counter.
 */
export function fingerprint(dataDir: string, apart: ReadonlySet<string> = new Set()): Fingerprint {
	const db = new Database(join(dataDir, 'atlas.sqlite'), { readonly: true, fileMustExist: true });
	try {
		const names = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[]).map((t) => t.name);
		const tables: Record<string, string[]> = {};
		const counts: Record<string, number> = {};
		for (const name of names) {
			const quoted = `"${name.replace(/"/g, '""')}"`;
			counts[name] = (db.prepare(`SELECT count(*) AS n FROM ${quoted}`).get() as { n: number }).n;
			if (SKIPPED_TABLES.has(name)) continue;
			const skip = new Set(SKIPPED_COLUMNS[name] ?? []);
			const byRecord = RECORD_COLUMN[name];
			const rows = db.prepare(`SELECT * FROM ${quoted}`).all() as Record<string, unknown>[];
			tables[name] = rows
				.filter((row) => !(byRecord && apart.has(String(row[byRecord]))))
				.map((row) => {
					const kept = Object.entries(row).filter(([k]) => !skip.has(k));
					if (name === 'counters' && row.name === 'version')
						return JSON.stringify([
							['name', 'version'],
							['value', '(checked apart)']
						]);
					return JSON.stringify(kept, (_k, v: unknown) => (Buffer.isBuffer(v) ? v.toString('hex') : v));
				})
				.sort();
		}
		const lastAuditId = names.includes('audit') ? ((db.prepare('SELECT max(id) AS id FROM audit').get() as { id: number | null }).id ?? 0) : 0;
		// Every file of the data folder but the database itself (outlines, territory, photos...).
		const files = walk(dataDir, dataDir).filter((f) => !/^atlas\.sqlite(-wal|-shm|-journal)? /.test(f));
		return { tables, counts, files: files.sort(), lastAuditId };
	} finally {
		db.close();
	}
}

/** Differences between two fingerprints, in words (empty: the same data). */
export function differences(before: Fingerprint, after: Fingerprint, max = 20): string[] {
	const out: string[] = [];
	const names = new Set([...Object.keys(before.tables), ...Object.keys(after.tables)]);
	for (const name of names) {
		const a = new Set(before.tables[name] ?? []);
		const b = new Set(after.tables[name] ?? []);
		for (const row of b) if (!a.has(row)) out.push(`${name}: new or changed row ${row.slice(0, 300)}`);
		for (const row of a) if (!b.has(row)) out.push(`${name}: row gone or changed ${row.slice(0, 300)}`);
	}
	const fa = new Set(before.files);
	const fb = new Set(after.files);
	for (const f of fb) if (!fa.has(f)) out.push(`data folder: new or changed file ${f}`);
	for (const f of fa) if (!fb.has(f)) out.push(`data folder: file gone or changed ${f}`);
	return out.slice(0, max);
}

/** Audit entries written after `afterId`: their actions, counted. */
export function auditActionsSince(dataDir: string, afterId: number): Record<string, number> {
	const db = new Database(join(dataDir, 'atlas.sqlite'), { readonly: true, fileMustExist: true });
	try {
		const rows = db.prepare('SELECT action, count(*) AS n FROM audit WHERE id > ? GROUP BY action').all(afterId) as { action: string; n: number }[];
		return Object.fromEntries(rows.map((r) => [r.action, r.n]));
	} finally {
		db.close();
	}
}

/** The version counter and the highest record version (they must agree). */
export function versions(dataDir: string): { counter: number; maxRecord: number } {
	const db = new Database(join(dataDir, 'atlas.sqlite'), { readonly: true, fileMustExist: true });
	try {
		const counter = (db.prepare("SELECT value FROM counters WHERE name = 'version'").get() as { value: number } | undefined)?.value ?? -1;
		const maxRecord = (db.prepare('SELECT max(version) AS v FROM records').get() as { v: number | null }).v ?? 0;
		return { counter, maxRecord };
	} finally {
		db.close();
	}
}
