/**
 * The SQLite implementation of the server store (better-sqlite3 12, WAL, foreign keys on).
 * better-sqlite3 is synchronous; the async methods keep the contract PostgreSQL will share.
 * Statements are prepared once and kept (preparing cost more than running most of them). A sheet is
 * read from its snapshot columns (migration 7: field_values + field_stamps, one JSON text each),
 * which every field write updates together with record_fields, in one statement per table.
 * `transaction()` uses SAVEPOINTs so nested calls (made from inside the callback, tracked with
 * AsyncLocalStorage) work, and queues top-level transactions one after the other (one connection,
 * one writer). The callback should await store methods only — no network, no timers, no password
 * hashing: a statement of another request issued meanwhile would run on the same connection, inside
 * the open transaction.
 */
import Database from 'better-sqlite3';
import { AsyncLocalStorage } from 'node:async_hooks';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type {
	AuditEntry,
	Conflict,
	FieldWrite,
	HistoryEntry,
	StoredComment,
	Invitation,
	NewAuditEntry,
	PhotoReference,
	RateWindow,
	SigninFailureSummary,
	SigninPair,
	RecordValues,
	RejectedMutation,
	Session,
	SetupToken,
	Store,
	StoredPhoto,
	StoredRecord,
	SyncClient,
	User
} from '../store/types';
import {
	str,
	strOrNull,
	toAudit,
	toClient,
	toComment,
	toConflict,
	toHistory,
	toInvitation,
	toPhoto,
	toRecord,
	toSession,
	toSigninPair,
	toSigninSummary,
	toUser,
	type Row,
	type Stamps
} from '../store/rows';
import { MIGRATIONS } from './migrations';
import { FilePhotoBytes } from '../photo-bytes/files';
import type { PhotoBytes } from '../photo-bytes/types';

/** Records read per query by scanValues (about 1 MB of JSON text). */
const SCAN_PAGE = 1000;

/** hitRateLimit sweeps expired windows once every this many hits. */
const RATE_SWEEP_EVERY = 200;

/** Applies the migrations not yet applied; returns the schema version reached. */
export function migrate(db: Database.Database): number {
	let version = Number(db.pragma('user_version', { simple: true }));
	for (let i = version; i < MIGRATIONS.length; i++) {
		db.transaction(() => {
			db.exec(MIGRATIONS[i] as string);
			db.pragma(`user_version = ${i + 1}`);
		})();
		version = i + 1;
	}
	return version;
}

/**
 * A field name as a JSON path of the snapshot columns. Only plain names are accepted (the sheet's
 * field names are): a quote or a dot would change the path, `__proto__` the parsed object.
 */
const FIELD_NAME = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;
function fieldPath(field: string): string {
	if (!FIELD_NAME.test(field)) throw new Error(`invalid field name: ${JSON.stringify(field).slice(0, 80)}`);
	return `$."${field}"`;
}

/**
 * Up to this many fields, a write sets them in the snapshot with json_set (faster for a few fields;
 * json_set takes 1 + 2 per field arguments, SQLite allows 127 at least); more, in JavaScript.
 */
const FEW_WRITES = 8;

/** The columns of a record as domain objects read them (everything but record_fields). */
const RECORD_COLUMNS = 'id, created_by, commune, version, created_at, updated_at, merged_into, field_values, field_stamps';

export class SqliteStore implements Store {
	readonly kind = 'sqlite' as const;
	readonly db: Database.Database;
	/** Prepared statements by their SQL text (only texts built from constants: a bounded set). */
	#statements = new Map<string, Database.Statement>();
	#depth = 0;
	#queue: Promise<unknown> = Promise.resolve();
	/** Marks the async context of an open transaction: only calls made from it nest inside it. */
	#inside = new AsyncLocalStorage<true>();
	/** Rate-limit hits counted by this instance (to sweep expired windows every RATE_SWEEP_EVERY). */
	#rateHits = 0;

	constructor(file: string) {
		if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
		this.db = new Database(file);
		this.db.pragma('journal_mode = WAL');
		this.db.pragma('foreign_keys = ON');
		this.db.pragma('busy_timeout = 5000');
		migrate(this.db);
	}

	#sql(sql: string): Database.Statement {
		let statement = this.#statements.get(sql);
		if (!statement) this.#statements.set(sql, (statement = this.db.prepare(sql)));
		return statement;
	}

	transaction<T>(fn: () => Promise<T>): Promise<T> {
		if (this.#inside.getStore()) return this.#run(fn);
		const next = this.#queue.then(() => this.#inside.run(true, () => this.#run(fn)));
		this.#queue = next.catch(() => undefined);
		return next;
	}

	async #run<T>(fn: () => Promise<T>): Promise<T> {
		const name = `sp${this.#depth}`;
		this.db.exec(this.#depth === 0 ? 'BEGIN IMMEDIATE' : `SAVEPOINT ${name}`);
		this.#depth++;
		try {
			const result = await fn();
			this.#depth--;
			this.db.exec(this.#depth === 0 ? 'COMMIT' : `RELEASE ${name}`);
			return result;
		} catch (e) {
			this.#depth--;
			this.db.exec(this.#depth === 0 ? 'ROLLBACK' : `ROLLBACK TO ${name}; RELEASE ${name}`);
			throw e;
		}
	}

	photoBytes(dir: string): PhotoBytes {
		return new FilePhotoBytes(dir);
	}

	async close(): Promise<void> {
		this.db.close();
	}

	/** Raw SQL, for tests only: proves the database itself refuses what the store never does (append-only tables). */
	async rawExec(sql: string): Promise<void> {
		this.db.exec(sql);
	}

	async countUsers(): Promise<number> {
		return Number((this.#sql('SELECT COUNT(*) AS n FROM users').get() as Row).n);
	}

	async insertUser(u: User): Promise<void> {
		this.#sql(
			`INSERT INTO users (id, name, role, communes, login, password_hash, created_at, last_seen_at, revoked_at)
			 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`
		).run(u.id, u.name, u.role, JSON.stringify(u.communes), u.login, u.passwordHash, u.createdAt, u.lastSeenAt, u.revokedAt);
	}

	async getUser(id: string): Promise<User | null> {
		const r = this.#sql('SELECT * FROM users WHERE id = ?').get(id) as Row | undefined;
		return r ? toUser(r) : null;
	}

	async getUserByLogin(login: string): Promise<User | null> {
		const r = this.#sql('SELECT * FROM users WHERE login = ?').get(login) as Row | undefined;
		return r ? toUser(r) : null;
	}

	async listUsers(): Promise<User[]> {
		return (this.#sql('SELECT * FROM users ORDER BY revoked_at IS NOT NULL, role, name').all() as Row[]).map(toUser);
	}

	async countActive(role: User['role']): Promise<number> {
		return Number((this.#sql('SELECT COUNT(*) AS n FROM users WHERE role = ? AND revoked_at IS NULL').get(role) as Row).n);
	}

	async updateUser(id: string, patch: Partial<Omit<User, 'id' | 'createdAt'>>): Promise<void> {
		const columns: Record<string, string> = {
			name: 'name',
			role: 'role',
			communes: 'communes',
			login: 'login',
			passwordHash: 'password_hash',
			lastSeenAt: 'last_seen_at',
			revokedAt: 'revoked_at'
		};
		const sets: string[] = [];
		const values: unknown[] = [];
		for (const [key, value] of Object.entries(patch)) {
			// Only known keys map to columns (the column names are never taken from the input).
			if (!Object.hasOwn(columns, key)) continue;
			const column = columns[key];
			if (!column) continue;
			sets.push(`${column} = ?`);
			values.push(key === 'communes' ? JSON.stringify(value) : value);
		}
		if (sets.length === 0) return;
		this.#sql(`UPDATE users SET ${sets.join(', ')} WHERE id = ?`).run(...values, id);
	}

	async insertSetupToken(t: SetupToken): Promise<void> {
		this.#sql('INSERT INTO setup_tokens (token_hash, created_at, expires_at, used_at) VALUES (?, ?, ?, ?)').run(
			t.tokenHash,
			t.createdAt,
			t.expiresAt,
			t.usedAt
		);
	}

	async getSetupToken(tokenHash: string): Promise<SetupToken | null> {
		const r = this.#sql('SELECT * FROM setup_tokens WHERE token_hash = ?').get(tokenHash) as Row | undefined;
		return r ? { tokenHash: str(r.token_hash), createdAt: str(r.created_at), expiresAt: str(r.expires_at), usedAt: strOrNull(r.used_at) } : null;
	}

	async markSetupTokenUsed(tokenHash: string, at: string): Promise<boolean> {
		const res = this.#sql('UPDATE setup_tokens SET used_at = ? WHERE token_hash = ? AND used_at IS NULL AND expires_at > ?').run(at, tokenHash, at);
		return res.changes === 1;
	}

	async insertInvitation(i: Invitation): Promise<void> {
		this.#sql(
			`INSERT INTO invitations (id, token_hash, role, communes, label, max_uses, uses, expires_at, created_by, created_at, revoked_at, for_user_id)
			 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
		).run(i.id, i.tokenHash, i.role, JSON.stringify(i.communes), i.label, i.maxUses, i.uses, i.expiresAt, i.createdBy, i.createdAt, i.revokedAt, i.forUserId);
	}

	async getInvitationByTokenHash(tokenHash: string): Promise<Invitation | null> {
		const r = this.#sql('SELECT * FROM invitations WHERE token_hash = ?').get(tokenHash) as Row | undefined;
		return r ? toInvitation(r) : null;
	}

	async getInvitation(id: string): Promise<Invitation | null> {
		const r = this.#sql('SELECT * FROM invitations WHERE id = ?').get(id) as Row | undefined;
		return r ? toInvitation(r) : null;
	}

	async listInvitations(): Promise<Invitation[]> {
		return (this.#sql('SELECT * FROM invitations ORDER BY created_at DESC').all() as Row[]).map(toInvitation);
	}

	async useInvitation(id: string, at: string): Promise<boolean> {
		const res = this.#sql(
			`UPDATE invitations SET uses = uses + 1
			 WHERE id = ? AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > ?) AND (max_uses IS NULL OR uses < max_uses)`
		).run(id, at);
		return res.changes === 1;
	}

	async revokeInvitationsBy(userId: string, at: string): Promise<number> {
		return this.#sql('UPDATE invitations SET revoked_at = ? WHERE created_by = ? AND revoked_at IS NULL').run(at, userId).changes;
	}

	async revokeInvitationsFor(userId: string, at: string): Promise<number> {
		return this.#sql('UPDATE invitations SET revoked_at = ? WHERE for_user_id = ? AND revoked_at IS NULL').run(at, userId).changes;
	}

	async revokeInvitation(id: string, at: string): Promise<void> {
		this.#sql('UPDATE invitations SET revoked_at = COALESCE(revoked_at, ?) WHERE id = ?').run(at, id);
	}

	async insertSession(s: Session): Promise<void> {
		this.#sql(
			`INSERT INTO sessions (id, token_hash, user_id, device, created_at, last_seen_at, expires_at, revoked_at)
			 VALUES (?, ?, ?, ?, ?, ?, ?, ?)`
		).run(s.id, s.tokenHash, s.userId, s.device, s.createdAt, s.lastSeenAt, s.expiresAt, s.revokedAt);
	}

	async getSessionByTokenHash(tokenHash: string): Promise<Session | null> {
		const r = this.#sql('SELECT * FROM sessions WHERE token_hash = ?').get(tokenHash) as Row | undefined;
		return r ? toSession(r) : null;
	}

	async listSessions(userId?: string): Promise<Session[]> {
		const rows = userId
			? this.#sql('SELECT * FROM sessions WHERE user_id = ? ORDER BY last_seen_at DESC').all(userId)
			: this.#sql('SELECT * FROM sessions ORDER BY last_seen_at DESC').all();
		return (rows as Row[]).map(toSession);
	}

	async touchSession(id: string, at: string, expiresAt: string): Promise<void> {
		this.#sql('UPDATE sessions SET last_seen_at = ?, expires_at = ? WHERE id = ?').run(at, expiresAt, id);
		this.#sql('UPDATE users SET last_seen_at = ? WHERE id = (SELECT user_id FROM sessions WHERE id = ?)').run(at, id);
	}

	async revokeSession(id: string, at: string): Promise<void> {
		this.#sql('UPDATE sessions SET revoked_at = COALESCE(revoked_at, ?) WHERE id = ?').run(at, id);
	}

	async revokeUserSessions(userId: string, at: string): Promise<void> {
		this.#sql('UPDATE sessions SET revoked_at = COALESCE(revoked_at, ?) WHERE user_id = ?').run(at, userId);
	}

	async audit(e: NewAuditEntry): Promise<void> {
		this.#sql('INSERT INTO audit (at, actor_id, action, target, detail, ip) VALUES (?, ?, ?, ?, ?, ?)').run(
			e.at ?? new Date().toISOString(),
			e.actorId,
			e.action,
			e.target,
			JSON.stringify(e.detail ?? {}),
			e.ip
		);
	}

	async listAudit(limit: number, before?: number): Promise<AuditEntry[]> {
		const rows = before
			? this.#sql('SELECT * FROM audit WHERE id < ? ORDER BY id DESC LIMIT ?').all(before, limit)
			: this.#sql('SELECT * FROM audit ORDER BY id DESC LIMIT ?').all(limit);
		return (rows as Row[]).map(toAudit);
	}

	// ---------- sync ----------

	async getClient(clientId: string): Promise<SyncClient | null> {
		const r = this.#sql('SELECT * FROM sync_clients WHERE client_id = ?').get(clientId) as Row | undefined;
		return r ? toClient(r) : null;
	}

	async insertClient(c: SyncClient): Promise<void> {
		this.#sql(
			'INSERT INTO sync_clients (client_id, user_id, last_seq, created_at, last_push_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (client_id) DO NOTHING'
		).run(c.clientId, c.userId, c.lastSeq, c.createdAt, c.lastPushAt);
	}

	async setLastSeq(clientId: string, seq: number, at: string): Promise<void> {
		this.#sql('UPDATE sync_clients SET last_seq = ?, last_push_at = ? WHERE client_id = ?').run(seq, at, clientId);
	}

	async getRecord(id: string): Promise<StoredRecord | null> {
		const r = this.#sql(`SELECT ${RECORD_COLUMNS} FROM records WHERE id = ?`).get(id) as Row | undefined;
		return r ? toRecord(r) : null;
	}

	async insertRecord(rec: Omit<StoredRecord, 'fields' | 'version'>): Promise<void> {
		// A new record takes a fresh version at once (bumpVersion gives it its real one when written).
		const version = this.#nextVersion();
		this.#sql('INSERT INTO records (id, created_by, commune, version, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)').run(
			rec.id,
			rec.createdBy,
			rec.commune,
			version,
			rec.createdAt,
			rec.updatedAt
		);
	}

	async putField(recordId: string, field: string, value: unknown, hlc: string, by: string | null): Promise<void> {
		await this.putFields(recordId, [{ field, value, hlc, by }]);
	}

	async putFields(recordId: string, writes: readonly FieldWrite[]): Promise<void> {
		if (writes.length === 0) return;
		// Rows and snapshot all or none: a savepoint inside the caller's transaction (a caller that
		// catches an error and goes on never keeps half of it), or a transaction of their own.
		this.#putFieldsTx ??= this.db.transaction((id: string, list: readonly FieldWrite[]) => this.#writeFieldRows(id, list));
		this.#putFieldsTx(recordId, writes);
	}
	#putFieldsTx: ((recordId: string, writes: readonly FieldWrite[]) => void) | undefined;

	/**
	 * The rows of record_fields, then the snapshot columns. A few fields are set in SQL (json_set,
	 * which re-reads the document once per field); many (a new sheet) in JavaScript, the document
	 * read and written once — both keep a field's place and add new ones at the end.
	 */
	#writeFieldRows(recordId: string, writes: readonly FieldWrite[]): void {
		const upsert = this.#sql(
			`INSERT INTO record_fields (record_id, field, value, hlc, written_by) VALUES (?, ?, ?, ?, ?)
			 ON CONFLICT (record_id, field) DO UPDATE SET value = excluded.value, hlc = excluded.hlc, written_by = excluded.written_by`
		);
		const values: unknown[] = [];
		const stamps: unknown[] = [];
		for (const w of writes) {
			const path = fieldPath(w.field);
			const json = JSON.stringify(w.value);
			upsert.run(recordId, w.field, json, w.hlc, w.by);
			values.push(path, json);
			stamps.push(path, w.hlc, w.by);
		}
		if (writes.length <= FEW_WRITES) {
			// json_set applies its pairs left to right: a field written twice keeps its last write, as record_fields does.
			this.#snapshotUpdate(writes.length).run(...values, ...stamps, recordId);
			return;
		}
		const current = this.#sql('SELECT field_values, field_stamps FROM records WHERE id = ?').get(recordId) as Row | undefined;
		if (!current) return; // (the upserts above already failed: record_fields refers to records)
		const document = JSON.parse(str(current.field_values)) as Record<string, unknown>;
		const stamped = JSON.parse(str(current.field_stamps)) as Stamps;
		for (const w of writes) {
			// Serialised below exactly as JSON.stringify(w.value) was for record_fields.
			document[w.field] = w.value;
			stamped[w.field] = [w.hlc, w.by];
		}
		this.#sql('UPDATE records SET field_values = ?, field_stamps = ? WHERE id = ?').run(JSON.stringify(document), JSON.stringify(stamped), recordId);
	}

	/** UPDATE of both snapshot columns for `n` writes: (path, value) × n, then (path, hlc, by) × n, then the record. */
	#snapshotUpdate(n: number): Database.Statement {
		let statement = this.#snapshotUpdates[n];
		if (!statement) {
			const values = Array.from({ length: n }, () => '?, json(?)').join(', ');
			const stamps = Array.from({ length: n }, () => '?, json_array(?, ?)').join(', ');
			statement = this.#snapshotUpdates[n] = this.db.prepare(
				`UPDATE records SET field_values = json_set(field_values, ${values}), field_stamps = json_set(field_stamps, ${stamps}) WHERE id = ?`
			);
		}
		return statement;
	}
	#snapshotUpdates: Database.Statement[] = [];

	#nextVersion(): number {
		const r = this.#sql("UPDATE counters SET value = value + 1 WHERE name = 'version' RETURNING value").get() as Row;
		return Number(r.value);
	}

	async setMergedInto(recordId: string, target: string, at: string): Promise<void> {
		const version = this.#nextVersion();
		this.#sql('UPDATE records SET merged_into = ?, version = ?, updated_at = ? WHERE id = ?').run(target, version, at, recordId);
	}

	async setAuthor(recordId: string, createdBy: string): Promise<void> {
		this.#sql('UPDATE records SET created_by = ? WHERE id = ?').run(createdBy, recordId);
	}

	async bumpVersion(recordId: string, commune: string | null, at: string): Promise<number> {
		const version = this.#nextVersion();
		this.#sql('UPDATE records SET version = ?, commune = ?, updated_at = ? WHERE id = ?').run(version, commune, at, recordId);
		return version;
	}

	async currentVersion(): Promise<number> {
		return Number((this.#sql("SELECT value FROM counters WHERE name = 'version'").get() as Row).value);
	}

	async listChanges(after: number, limit: number): Promise<StoredRecord[]> {
		const rows = this.#sql(`SELECT ${RECORD_COLUMNS} FROM records WHERE version > ? ORDER BY version LIMIT ?`).all(after, limit) as Row[];
		return rows.map(toRecord);
	}

	async *scanValues(pageSize = SCAN_PAGE): AsyncGenerator<RecordValues> {
		// Keyset pages by version: each page is one short read (the connection is never held by an
		// open cursor while the consumer takes its time), and no row is parsed before it is wanted.
		const page = this.#sql(
			'SELECT id, created_by, commune, version, created_at, updated_at, merged_into, field_values FROM records WHERE version > ? ORDER BY version LIMIT ?'
		);
		let after = 0;
		for (;;) {
			const rows = page.raw(true).all(after, pageSize) as unknown[][];
			for (const r of rows) {
				yield {
					id: str(r[0]),
					createdBy: str(r[1]),
					commune: strOrNull(r[2]),
					version: Number(r[3]),
					createdAt: str(r[4]),
					updatedAt: str(r[5]),
					mergedInto: strOrNull(r[6]),
					values: JSON.parse(str(r[7])) as Record<string, unknown>
				};
			}
			if (rows.length < pageSize) return;
			after = Number((rows[rows.length - 1] as unknown[])[3]);
		}
	}

	async insertConflict(c: Omit<Conflict, 'id' | 'resolvedAt' | 'resolvedBy'>): Promise<void> {
		this.#sql(
			`INSERT INTO conflicts (record_id, field, kept_value, kept_hlc, kept_by, lost_value, lost_hlc, lost_by, at)
			 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`
		).run(c.recordId, c.field, JSON.stringify(c.kept.v), c.kept.hlc, c.kept.by, JSON.stringify(c.lost.v), c.lost.hlc, c.lost.by, c.at);
	}

	async listConflicts(open: boolean): Promise<Conflict[]> {
		const rows = this.#sql(`SELECT * FROM conflicts ${open ? 'WHERE resolved_at IS NULL' : ''} ORDER BY id DESC`).all() as Row[];
		return rows.map(toConflict);
	}

	async insertHistory(e: Omit<HistoryEntry, 'id'>): Promise<void> {
		this.#sql(
			`INSERT INTO history (record_id, field, old_value, new_value, hlc, by_user, via, at, client_id, device, reason)
			 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
		).run(
			e.recordId,
			e.field,
			e.old === undefined ? null : JSON.stringify(e.old),
			JSON.stringify(e.new),
			e.hlc,
			e.by,
			e.via,
			e.at,
			e.clientId ?? null,
			e.device ?? null,
			e.reason ?? null
		);
	}

	async insertHistories(entries: readonly Omit<HistoryEntry, 'id'>[]): Promise<void> {
		// In-process statements: one each costs no round trip.
		for (const e of entries) await this.insertHistory(e);
	}

	async listHistory(recordId: string): Promise<HistoryEntry[]> {
		const rows = this.#sql('SELECT * FROM history WHERE record_id = ? ORDER BY id').all(recordId) as Row[];
		return rows.map(toHistory);
	}

	async insertComment(c: StoredComment): Promise<boolean> {
		const res = this.#sql(
			`INSERT INTO comments (id, record_id, by_user, role, text, status, client_id, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
			 ON CONFLICT (id) DO NOTHING`
		).run(c.id, c.recordId, c.by, c.role, c.text, c.status, c.clientId, c.at);
		return res.changes === 1;
	}

	async listComments(recordIds: readonly string[]): Promise<StoredComment[]> {
		if (recordIds.length === 0) return [];
		// The ids as one JSON array (one prepared statement, however many ids).
		const rows = this.#sql('SELECT * FROM comments WHERE record_id IN (SELECT value FROM json_each(?)) ORDER BY at, id').all(
			JSON.stringify(recordIds)
		) as Row[];
		return rows.map(toComment);
	}

	async getSetting(key: string): Promise<string | null> {
		const r = this.#sql('SELECT value FROM settings WHERE key = ?').get(key) as Row | undefined;
		return r ? str(r.value) : null;
	}

	async putSetting(key: string, value: string): Promise<void> {
		this.#sql('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(key, value);
	}

	// ---------- rate limits ----------

	async hitRateLimit(key: string, windowMs: number, now: number): Promise<RateWindow> {
		// Every SET expression reads the row as it was before the update: a window that ended at or
		// before `now` starts again at 1, otherwise the count goes up by one (one statement: atomic).
		const r = this.#sql(
			`INSERT INTO rate_limits (key, count, reset_at) VALUES (@key, 1, @reset)
			 ON CONFLICT (key) DO UPDATE SET
			   count = CASE WHEN rate_limits.reset_at <= @now THEN 1 ELSE rate_limits.count + 1 END,
			   reset_at = CASE WHEN rate_limits.reset_at <= @now THEN excluded.reset_at ELSE rate_limits.reset_at END
			 RETURNING count, reset_at`
		).get({ key, now, reset: now + windowMs }) as Row;
		// Expired windows are dropped now and then (a key tried once stays until the next sweep).
		if (++this.#rateHits % RATE_SWEEP_EVERY === 0) this.#sql('DELETE FROM rate_limits WHERE reset_at <= ?').run(now);
		return { count: Number(r.count), resetAt: Number(r.reset_at) };
	}

	// ---------- failed sign-ins ----------

	async signinFailures(account: string, address: string, since: number): Promise<{ summary: SigninFailureSummary; pair: SigninPair | null }> {
		const sum = this.#sql(
			`SELECT COALESCE(SUM(failures), 0) AS failures, COUNT(CASE WHEN failures > 0 THEN 1 END) AS addresses,
				MIN(first_failure_at) AS first_at, MAX(last_failure_at) AS last_at
			 FROM signin_failures WHERE account = ? AND turn_at > ?`
		).get(account, since) as Row;
		const pair = this.#sql('SELECT * FROM signin_failures WHERE account = ? AND address = ? AND turn_at > ?').get(account, address, since) as Row | undefined;
		return { summary: toSigninSummary(account, sum), pair: pair ? toSigninPair(pair) : null };
	}

	async startSigninTurn(account: string, address: string, now: number, since: number): Promise<void> {
		// A forgotten pair (inactive since `since`) starts again as a new one; an active one is kept.
		this.#sql(
			`INSERT INTO signin_failures (account, address, failures, window_start, window_failures, turn_at)
			 VALUES (@account, @address, 0, @now, 0, @now)
			 ON CONFLICT (account, address) DO UPDATE SET
			   failures = 0, window_start = @now, window_failures = 0, first_failure_at = NULL, last_failure_at = NULL, turn_at = @now
			 WHERE signin_failures.turn_at <= @since`
		).run({ account, address, now, since });
	}

	async addSigninFailure(account: string, address: string, now: number, windowMs: number, since: number): Promise<void> {
		// One statement (atomic); every SET expression reads the row as it was before the update.
		this.#sql(
			`INSERT INTO signin_failures (account, address, failures, window_start, window_failures, first_failure_at, last_failure_at, turn_at)
			 VALUES (@account, @address, 1, @now, 1, @now, @now, @now)
			 ON CONFLICT (account, address) DO UPDATE SET
			   failures = CASE WHEN signin_failures.turn_at <= @since THEN 1 ELSE signin_failures.failures + 1 END,
			   window_failures = CASE WHEN signin_failures.turn_at <= @since OR signin_failures.window_start + @windowMs <= @now THEN 1 ELSE signin_failures.window_failures + 1 END,
			   window_start = CASE WHEN signin_failures.turn_at <= @since OR signin_failures.window_start + @windowMs <= @now THEN @now ELSE signin_failures.window_start END,
			   first_failure_at = CASE WHEN signin_failures.turn_at <= @since THEN @now ELSE COALESCE(signin_failures.first_failure_at, @now) END,
			   last_failure_at = @now,
			   turn_at = @now`
		).run({ account, address, now, windowMs, since });
		if (++this.#rateHits % RATE_SWEEP_EVERY === 0) this.#sql('DELETE FROM signin_failures WHERE turn_at <= ?').run(since);
	}

	async clearSigninFailures(account: string): Promise<number> {
		return this.#sql('DELETE FROM signin_failures WHERE account = ?').run(account).changes;
	}

	async listSigninFailures(since: number, limit: number): Promise<SigninFailureSummary[]> {
		const rows = this.#sql(
			`SELECT account, SUM(failures) AS failures, COUNT(CASE WHEN failures > 0 THEN 1 END) AS addresses,
				MIN(first_failure_at) AS first_at, MAX(last_failure_at) AS last_at
			 FROM signin_failures WHERE turn_at > ? GROUP BY account HAVING SUM(failures) > 0
			 ORDER BY SUM(failures) DESC, MAX(last_failure_at) DESC, account LIMIT ?`
		).all(since, limit) as Row[];
		return rows.map((r) => toSigninSummary(str(r.account), r));
	}

	async resolveConflict(id: number, by: string, at: string): Promise<void> {
		this.#sql('UPDATE conflicts SET resolved_at = ?, resolved_by = ? WHERE id = ? AND resolved_at IS NULL').run(at, by, id);
	}

	async insertRejected(rej: RejectedMutation): Promise<void> {
		this.#sql('INSERT OR IGNORE INTO rejected_mutations (client_id, seq, record_id, code, at) VALUES (?, ?, ?, ?, ?)').run(
			rej.clientId,
			rej.seq,
			rej.recordId,
			rej.code,
			rej.at
		);
	}

	async listRejected(clientId: string, seqs: number[]): Promise<RejectedMutation[]> {
		if (seqs.length === 0) return [];
		const rows = this.#sql('SELECT * FROM rejected_mutations WHERE client_id = ? AND seq IN (SELECT value FROM json_each(?)) ORDER BY seq').all(
			clientId,
			JSON.stringify(seqs)
		) as Row[];
		return rows.map((r) => ({ clientId: str(r.client_id), seq: Number(r.seq), recordId: str(r.record_id), code: str(r.code), at: str(r.at) }));
	}

	// ---------- photos ----------

	async getPhoto(sha: string): Promise<StoredPhoto | null> {
		const r = this.#sql('SELECT * FROM photos WHERE sha = ?').get(sha) as Row | undefined;
		return r ? toPhoto(r) : null;
	}

	async insertPhoto(p: StoredPhoto): Promise<boolean> {
		const res = this.#sql(
			`INSERT INTO photos (sha, size, mime, uploaded_by, created_at, completed_at) VALUES (?, ?, ?, ?, ?, ?)
			 ON CONFLICT (sha) DO NOTHING`
		).run(p.sha, p.size, p.mime, p.uploadedBy, p.createdAt, p.completedAt);
		return res.changes === 1;
	}

	async completePhoto(sha: string, at: string): Promise<void> {
		this.#sql('UPDATE photos SET completed_at = COALESCE(completed_at, ?) WHERE sha = ?').run(at, sha);
	}

	async deleteIncompletePhoto(sha: string): Promise<void> {
		this.#sql('DELETE FROM photos WHERE sha = ? AND completed_at IS NULL').run(sha);
	}

	async photoReferences(sha: string): Promise<PhotoReference[]> {
		// Exact match on each element's `sha` (json_each over the array), not a substring search.
		const rows = this.#sql(
			`SELECT DISTINCT r.id, r.created_by, r.commune
			 FROM record_fields f
			 JOIN records r ON r.id = f.record_id
			 JOIN json_each(CASE WHEN json_valid(f.value) AND json_type(f.value) = 'array' THEN f.value ELSE '[]' END) j
			 WHERE f.field = 'photos' AND json_extract(f.value, j.fullkey || '.sha') = ?`
		).all(sha) as Row[];
		return rows.map((r) => ({ recordId: str(r.id), createdBy: str(r.created_by), commune: strOrNull(r.commune) }));
	}
}
