/**
 * The PostgreSQL implementation of the server store (postgres.js), chosen when DATABASE_URL is a
 * postgres:// address: several app instances may then share one database. Same tables and same
 * observable behaviour as SqliteStore (sqlite/store.ts); what differs:
 * - Transactions (transactions.ts): a pooled connection per transaction, bound in AsyncLocalStorage;
 *   write transactions take a global writer lock (one writer at a time, across instances);
 *   `{ read: true }` runs on one snapshot without it. Calls outside any transaction autocommit.
 * - Migrations run on first use (`open()`, awaited by every method: the constructor never touches
 *   the network, so context.ts's synchronous getStore() can build the store).
 * - Versions: the counters row is incremented in the same statement as the record it versions (a
 *   CTE), so its row lock is held until that write commits: versions become visible in commit
 *   order, without gaps (a sequence would not).
 * - Photo bytes live in the database (photo_chunks, see photo-bytes.ts), not in files.
 * - PostgreSQL text cannot hold the NUL character: such a write throws an Error saying so.
 */
import type postgres from 'postgres';
import type {
	AuditEntry,
	Conflict,
	FieldWrite,
	HistoryEntry,
	Invitation,
	NewAuditEntry,
	PhotoReference,
	RateWindow,
	RecordValues,
	RejectedMutation,
	Session,
	SetupToken,
	SigninFailureSummary,
	SigninPair,
	Store,
	StoredComment,
	StoredPhoto,
	StoredRecord,
	SyncClient,
	TransactionOptions,
	User
} from '../store/types';
import { migrate, openPool, type Handle, type PoolOptions } from './connect';
import {
	type Row,
	type Stamps,
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
	toRecordValues,
	toSession,
	toSigninPair,
	toSigninSummary,
	toUser
} from '../store/rows';
import { sqlState, Transactions } from './transactions';
import { PgPhotoBytes } from './photo-bytes';
import type { PhotoBytes } from '../photo-bytes/types';

/** Records read per query by scanValues (about 1 MB of JSON text). */
const SCAN_PAGE = 1000;
/** One hitRateLimit call in this many also deletes the expired windows. */
const SWEEP_EVERY = 100;
/** Type oids for array parameters (postgres.js cannot infer the type of an empty or all-null array). */
const TEXT = 25;
const INT8 = 20;

/** A sheet field name (letters, digits, `_`): the same check as SQLite's, which puts it in a JSON path. */
const FIELD_NAME = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;
function checkField(field: string): void {
	if (!FIELD_NAME.test(field)) throw new Error(`invalid field name: ${JSON.stringify(field).slice(0, 80)}`);
}

/** PostgreSQL's errors for a NUL character in text (invalid byte sequence / untranslatable character). */
const NUL_ERRORS = new Set(['22021', '22P05']);

/** A driver error as the store throws it: a NUL character gets a message saying what to do. */
function storeError(e: unknown): unknown {
	if (NUL_ERRORS.has(sqlState(e) ?? '')) {
		return new Error('PostgreSQL cannot store the NUL character (\\u0000) in text: remove it from the value', { cause: e });
	}
	return e;
}

export class PgStore implements Store {
	readonly kind = 'postgres' as const;
	/**
	 * The postgres.js pool. Outside this class, prefer `handle()`, which is the open transaction's
	 * handle when there is one (photo-bytes.ts, the copy command).
	 */
	readonly sql: postgres.Sql;
	readonly #tx: Transactions;
	#ready: Promise<void> | null = null;
	/** One per store: it only holds the pool. */
	#photoBytes: PhotoBytes | null = null;

	constructor(url: string, options: PoolOptions = {}) {
		this.sql = openPool(url, options);
		this.#tx = new Transactions(this.sql);
	}

	/**
	 * Brings the schema up to date (once; every method awaits it). A failure (database unreachable)
	 * is thrown to the caller and tried again at the next call.
	 */
	open(): Promise<void> {
		this.#ready ??= migrate(this.sql).then(
			() => undefined,
			(e: unknown) => {
				this.#ready = null;
				throw e;
			}
		);
		return this.#ready;
	}

	/**
	 * What to run queries on: the transaction open in this async context (store.transaction), else
	 * the pool (each statement commits on its own). Awaits the migrations. For code that keeps its
	 * own tables in this database (photo bytes) or reads it in bulk (the copy command).
	 */
	async handle(): Promise<Handle> {
		await this.open();
		return this.#tx.handle();
	}

	/** Test hook: runs SQL text as is (several statements allowed), in the open transaction if any. */
	async rawExec(text: string): Promise<void> {
		await this.#q((q) => q.unsafe(text).simple());
	}

	/** Runs one method's queries on the current handle, once the schema is ready. */
	async #q<T>(fn: (q: Handle) => Promise<T>): Promise<T> {
		await this.open();
		try {
			return await fn(this.#tx.handle());
		} catch (e) {
			throw storeError(e);
		}
	}

	async transaction<T>(fn: () => Promise<T>, options?: TransactionOptions): Promise<T> {
		await this.open();
		return this.#tx.run(fn, options);
	}

	photoBytes(): PhotoBytes {
		return (this.#photoBytes ??= new PgPhotoBytes(this.sql, () => this.open()));
	}

	async close(): Promise<void> {
		await this.sql.end({ timeout: 5 });
	}

	async countUsers(): Promise<number> {
		return this.#q(async (q) => Number((await q`SELECT COUNT(*) AS n FROM users`)[0]?.n));
	}

	async insertUser(u: User): Promise<void> {
		await this.#q(
			(q) => q`INSERT INTO users (id, name, role, communes, login, password_hash, created_at, last_seen_at, revoked_at)
				VALUES (${u.id}, ${u.name}, ${u.role}, ${JSON.stringify(u.communes)}, ${u.login}, ${u.passwordHash}, ${u.createdAt}, ${u.lastSeenAt}, ${u.revokedAt})`
		);
	}

	async getUser(id: string): Promise<User | null> {
		return this.#q(async (q) => {
			const [r] = await q`SELECT * FROM users WHERE id = ${id}`;
			return r ? toUser(r) : null;
		});
	}

	async getUserByLogin(login: string): Promise<User | null> {
		return this.#q(async (q) => {
			const [r] = await q`SELECT * FROM users WHERE login = ${login}`;
			return r ? toUser(r) : null;
		});
	}

	async listUsers(): Promise<User[]> {
		return this.#q(async (q) => (await q`SELECT * FROM users ORDER BY revoked_at IS NOT NULL, role, name`).map(toUser));
	}

	async countActive(role: User['role']): Promise<number> {
		return this.#q(async (q) => Number((await q`SELECT COUNT(*) AS n FROM users WHERE role = ${role} AND revoked_at IS NULL`)[0]?.n));
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
		const set: Record<string, string | null> = {};
		for (const [key, value] of Object.entries(patch)) {
			// Only known keys map to columns (the column names are never taken from the input).
			if (!Object.hasOwn(columns, key)) continue;
			const column = columns[key];
			if (!column) continue;
			set[column] = key === 'communes' ? JSON.stringify(value) : ((value ?? null) as string | null);
		}
		const names = Object.keys(set);
		if (names.length === 0) return;
		await this.#q((q) => q`UPDATE users SET ${q(set, names)} WHERE id = ${id}`);
	}

	async insertSetupToken(t: SetupToken): Promise<void> {
		await this.#q(
			(q) => q`INSERT INTO setup_tokens (token_hash, created_at, expires_at, used_at) VALUES (${t.tokenHash}, ${t.createdAt}, ${t.expiresAt}, ${t.usedAt})`
		);
	}

	async getSetupToken(tokenHash: string): Promise<SetupToken | null> {
		return this.#q(async (q) => {
			const [r] = await q`SELECT * FROM setup_tokens WHERE token_hash = ${tokenHash}`;
			return r ? { tokenHash: str(r.token_hash), createdAt: str(r.created_at), expiresAt: str(r.expires_at), usedAt: strOrNull(r.used_at) } : null;
		});
	}

	async markSetupTokenUsed(tokenHash: string, at: string): Promise<boolean> {
		return this.#q(
			async (q) => (await q`UPDATE setup_tokens SET used_at = ${at} WHERE token_hash = ${tokenHash} AND used_at IS NULL AND expires_at > ${at}`).count === 1
		);
	}

	async insertInvitation(i: Invitation): Promise<void> {
		await this.#q(
			(q) => q`INSERT INTO invitations (id, token_hash, role, communes, label, max_uses, uses, expires_at, created_by, created_at, revoked_at, for_user_id)
				VALUES (${i.id}, ${i.tokenHash}, ${i.role}, ${JSON.stringify(i.communes)}, ${i.label}, ${i.maxUses}, ${i.uses}, ${i.expiresAt}, ${i.createdBy}, ${i.createdAt}, ${i.revokedAt}, ${i.forUserId})`
		);
	}

	async getInvitationByTokenHash(tokenHash: string): Promise<Invitation | null> {
		return this.#q(async (q) => {
			const [r] = await q`SELECT * FROM invitations WHERE token_hash = ${tokenHash}`;
			return r ? toInvitation(r) : null;
		});
	}

	async getInvitation(id: string): Promise<Invitation | null> {
		return this.#q(async (q) => {
			const [r] = await q`SELECT * FROM invitations WHERE id = ${id}`;
			return r ? toInvitation(r) : null;
		});
	}

	async listInvitations(): Promise<Invitation[]> {
		return this.#q(async (q) => (await q`SELECT * FROM invitations ORDER BY created_at DESC`).map(toInvitation));
	}

	async useInvitation(id: string, at: string): Promise<boolean> {
		// One conditional UPDATE: two concurrent uses of the last place cannot both pass (the second
		// waits for the first's row lock, then re-checks the condition on the updated row).
		return this.#q(
			async (q) =>
				(
					await q`UPDATE invitations SET uses = uses + 1
						WHERE id = ${id} AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > ${at}) AND (max_uses IS NULL OR uses < max_uses)`
				).count === 1
		);
	}

	async revokeInvitationsBy(userId: string, at: string): Promise<number> {
		return this.#q(async (q) => (await q`UPDATE invitations SET revoked_at = ${at} WHERE created_by = ${userId} AND revoked_at IS NULL`).count);
	}

	async revokeInvitationsFor(userId: string, at: string): Promise<number> {
		return this.#q(async (q) => (await q`UPDATE invitations SET revoked_at = ${at} WHERE for_user_id = ${userId} AND revoked_at IS NULL`).count);
	}

	async revokeInvitation(id: string, at: string): Promise<void> {
		await this.#q((q) => q`UPDATE invitations SET revoked_at = COALESCE(revoked_at, ${at}) WHERE id = ${id}`);
	}

	async insertSession(s: Session): Promise<void> {
		await this.#q(
			(q) => q`INSERT INTO sessions (id, token_hash, user_id, device, created_at, last_seen_at, expires_at, revoked_at)
				VALUES (${s.id}, ${s.tokenHash}, ${s.userId}, ${s.device}, ${s.createdAt}, ${s.lastSeenAt}, ${s.expiresAt}, ${s.revokedAt})`
		);
	}

	async getSessionByTokenHash(tokenHash: string): Promise<Session | null> {
		return this.#q(async (q) => {
			const [r] = await q`SELECT * FROM sessions WHERE token_hash = ${tokenHash}`;
			return r ? toSession(r) : null;
		});
	}

	async listSessions(userId?: string): Promise<Session[]> {
		return this.#q(async (q) =>
			(userId
				? await q`SELECT * FROM sessions WHERE user_id = ${userId} ORDER BY last_seen_at DESC`
				: await q`SELECT * FROM sessions ORDER BY last_seen_at DESC`
			).map(toSession)
		);
	}

	async touchSession(id: string, at: string, expiresAt: string): Promise<void> {
		await this.#q(async (q) => {
			await q`UPDATE sessions SET last_seen_at = ${at}, expires_at = ${expiresAt} WHERE id = ${id}`;
			await q`UPDATE users SET last_seen_at = ${at} WHERE id = (SELECT user_id FROM sessions WHERE id = ${id})`;
		});
	}

	async revokeSession(id: string, at: string): Promise<void> {
		await this.#q((q) => q`UPDATE sessions SET revoked_at = COALESCE(revoked_at, ${at}) WHERE id = ${id}`);
	}

	async revokeUserSessions(userId: string, at: string): Promise<void> {
		await this.#q((q) => q`UPDATE sessions SET revoked_at = COALESCE(revoked_at, ${at}) WHERE user_id = ${userId}`);
	}

	async audit(e: NewAuditEntry): Promise<void> {
		await this.#q(
			(q) => q`INSERT INTO audit (at, actor_id, action, target, detail, ip)
				VALUES (${e.at ?? new Date().toISOString()}, ${e.actorId}, ${e.action}, ${e.target}, ${JSON.stringify(e.detail ?? {})}, ${e.ip})`
		);
	}

	async listAudit(limit: number, before?: number): Promise<AuditEntry[]> {
		return this.#q(async (q) =>
			(before
				? await q`SELECT * FROM audit WHERE id < ${before} ORDER BY id DESC LIMIT ${limit}`
				: await q`SELECT * FROM audit ORDER BY id DESC LIMIT ${limit}`
			).map(toAudit)
		);
	}

	// ---------- sync ----------

	async getClient(clientId: string): Promise<SyncClient | null> {
		return this.#q(async (q) => {
			const [r] = await q`SELECT * FROM sync_clients WHERE client_id = ${clientId}`;
			return r ? toClient(r) : null;
		});
	}

	async insertClient(c: SyncClient): Promise<void> {
		await this.#q(
			(q) =>
				q`INSERT INTO sync_clients (client_id, user_id, last_seq, created_at, last_push_at) VALUES (${c.clientId}, ${c.userId}, ${c.lastSeq}, ${c.createdAt}, ${c.lastPushAt}) ON CONFLICT (client_id) DO NOTHING`
		);
	}

	async setLastSeq(clientId: string, seq: number, at: string): Promise<void> {
		await this.#q((q) => q`UPDATE sync_clients SET last_seq = ${seq}, last_push_at = ${at} WHERE client_id = ${clientId}`);
	}

	async getRecord(id: string): Promise<StoredRecord | null> {
		return this.#q(async (q) => {
			const [r] =
				await q`SELECT id, created_by, commune, version, created_at, updated_at, merged_into, field_values, field_stamps FROM records WHERE id = ${id}`;
			return r ? toRecord(r) : null;
		});
	}

	// The version counter is incremented in the same statement as the write it versions: the
	// counters row stays locked until that write commits (never a version visible before a smaller one).

	async insertRecord(rec: Omit<StoredRecord, 'fields' | 'version'>): Promise<void> {
		// A new record takes a fresh version at once (bumpVersion gives it its real one when written).
		await this.#q(
			(q) => q`WITH v AS (UPDATE counters SET value = value + 1 WHERE name = 'version' RETURNING value)
				INSERT INTO records (id, created_by, commune, version, created_at, updated_at)
				SELECT ${rec.id}, ${rec.createdBy}, ${rec.commune}, v.value, ${rec.createdAt}, ${rec.updatedAt} FROM v`
		);
	}

	async putField(recordId: string, field: string, value: unknown, hlc: string, by: string | null): Promise<void> {
		await this.putFields(recordId, [{ field, value, hlc, by }]);
	}

	async putFields(recordId: string, writes: readonly FieldWrite[]): Promise<void> {
		if (writes.length === 0) return;
		for (const w of writes) checkField(w.field);
		// Rows and snapshot all or none: a savepoint inside the caller's transaction (a caller that
		// catches an error and goes on keeps none of it), else a write transaction of their own.
		await this.transaction(() => this.#q((q) => this.#writeFields(q, recordId, writes)));
	}

	/**
	 * The rows of record_fields (one statement; a field written twice keeps its last write), then
	 * the snapshot columns, read under a row lock and rewritten in JavaScript: a field keeps its
	 * place, new ones are added at the end, as SQLite's json_set does.
	 */
	async #writeFields(q: Handle, recordId: string, writes: readonly FieldWrite[]): Promise<void> {
		const last = new Map<string, FieldWrite>();
		for (const w of writes) last.set(w.field, w);
		const rows = [...last.values()];
		await q`INSERT INTO record_fields (record_id, field, value, hlc, written_by)
			SELECT ${recordId}, w.field, w.value, w.hlc, w.by
			FROM unnest(${q.array(
				rows.map((w) => w.field),
				TEXT
			)}::text[], ${q.array(
				rows.map((w) => JSON.stringify(w.value)),
				TEXT
			)}::text[],
				${q.array(
					rows.map((w) => w.hlc),
					TEXT
				)}::text[], ${q.array(
					rows.map((w) => w.by),
					TEXT
				)}::text[]) AS w(field, value, hlc, by)
			ON CONFLICT (record_id, field) DO UPDATE SET value = excluded.value, hlc = excluded.hlc, written_by = excluded.written_by`;
		const [current] = await q`SELECT field_values, field_stamps FROM records WHERE id = ${recordId} FOR UPDATE`;
		if (!current) return; // (the upsert above already failed: record_fields refers to records)
		const document = JSON.parse(str(current.field_values)) as Record<string, unknown>;
		const stamped = JSON.parse(str(current.field_stamps)) as Stamps;
		for (const w of writes) {
			// Serialised below exactly as JSON.stringify(w.value) was for record_fields.
			document[w.field] = w.value;
			stamped[w.field] = [w.hlc, w.by];
		}
		await q`UPDATE records SET field_values = ${JSON.stringify(document)}, field_stamps = ${JSON.stringify(stamped)} WHERE id = ${recordId}`;
	}

	async setMergedInto(recordId: string, target: string, at: string): Promise<void> {
		await this.#q(
			(q) => q`WITH v AS (UPDATE counters SET value = value + 1 WHERE name = 'version' RETURNING value)
				UPDATE records SET merged_into = ${target}, version = v.value, updated_at = ${at} FROM v WHERE records.id = ${recordId}`
		);
	}

	async setAuthor(recordId: string, createdBy: string): Promise<void> {
		await this.#q((q) => q`UPDATE records SET created_by = ${createdBy} WHERE id = ${recordId}`);
	}

	async bumpVersion(recordId: string, commune: string | null, at: string): Promise<number> {
		return this.#q(async (q) => {
			const [r] = await q`WITH v AS (UPDATE counters SET value = value + 1 WHERE name = 'version' RETURNING value),
				r AS (UPDATE records SET version = (SELECT value FROM v), commune = ${commune}, updated_at = ${at} WHERE id = ${recordId})
				SELECT value FROM v`;
			return Number(r?.value);
		});
	}

	async currentVersion(): Promise<number> {
		return this.#q(async (q) => Number((await q`SELECT value FROM counters WHERE name = 'version'`)[0]?.value));
	}

	async listChanges(after: number, limit: number): Promise<StoredRecord[]> {
		return this.#q(async (q) =>
			(
				await q`SELECT id, created_by, commune, version, created_at, updated_at, merged_into, field_values, field_stamps FROM records WHERE version > ${after} ORDER BY version LIMIT ${limit}`
			).map(toRecord)
		);
	}

	async *scanValues(pageSize = SCAN_PAGE): AsyncGenerator<RecordValues> {
		// Keyset pages by version: each page is one short query (no connection held by an open cursor
		// while the consumer takes its time), and no row is parsed before it is wanted.
		let after = 0;
		for (;;) {
			const rows = await this.#q(
				(q) => q`SELECT id, created_by, commune, version, created_at, updated_at, merged_into, field_values
					FROM records WHERE version > ${after} ORDER BY version LIMIT ${pageSize}`
			);
			for (const r of rows) yield toRecordValues(r);
			if (rows.length < pageSize) return;
			after = Number((rows[rows.length - 1] as Row).version);
		}
	}

	async insertConflict(c: Omit<Conflict, 'id' | 'resolvedAt' | 'resolvedBy'>): Promise<void> {
		await this.#q(
			(q) => q`INSERT INTO conflicts (record_id, field, kept_value, kept_hlc, kept_by, lost_value, lost_hlc, lost_by, at)
				VALUES (${c.recordId}, ${c.field}, ${JSON.stringify(c.kept.v)}, ${c.kept.hlc}, ${c.kept.by}, ${JSON.stringify(c.lost.v)}, ${c.lost.hlc}, ${c.lost.by}, ${c.at})`
		);
	}

	async listConflicts(open: boolean): Promise<Conflict[]> {
		return this.#q(async (q) =>
			(open ? await q`SELECT * FROM conflicts WHERE resolved_at IS NULL ORDER BY id DESC` : await q`SELECT * FROM conflicts ORDER BY id DESC`).map(toConflict)
		);
	}

	async resolveConflict(id: number, by: string, at: string): Promise<void> {
		await this.#q((q) => q`UPDATE conflicts SET resolved_at = ${at}, resolved_by = ${by} WHERE id = ${id} AND resolved_at IS NULL`);
	}

	async insertHistory(e: Omit<HistoryEntry, 'id'>): Promise<void> {
		await this.#q(
			(q) => q`INSERT INTO history (record_id, field, old_value, new_value, hlc, by_user, via, at, client_id, device, reason)
				VALUES (${e.recordId}, ${e.field}, ${e.old === undefined ? null : JSON.stringify(e.old)}, ${JSON.stringify(e.new)}, ${e.hlc}, ${e.by},
					${e.via}, ${e.at}, ${e.clientId ?? null}, ${e.device ?? null}, ${e.reason ?? null})`
		);
	}

	async insertHistories(entries: readonly Omit<HistoryEntry, 'id'>[]): Promise<void> {
		if (entries.length === 0) return;
		if (entries.length === 1) return this.insertHistory(entries[0] as Omit<HistoryEntry, 'id'>);
		const column = (pick: (e: Omit<HistoryEntry, 'id'>) => string | null) => entries.map(pick);
		// One statement; ids are given in the order of the rows (ORDER BY the position in the arrays).
		await this.#q(
			(q) => q`INSERT INTO history (record_id, field, old_value, new_value, hlc, by_user, via, at, client_id, device, reason)
				SELECT record_id, field, old_value, new_value, hlc, by_user, via, at, client_id, device, reason
				FROM unnest(
					${q.array(
						column((e) => e.recordId),
						TEXT
					)}::text[], ${q.array(
						column((e) => e.field),
						TEXT
					)}::text[],
					${q.array(
						column((e) => (e.old === undefined ? null : JSON.stringify(e.old))),
						TEXT
					)}::text[],
					${q.array(
						column((e) => JSON.stringify(e.new)),
						TEXT
					)}::text[], ${q.array(
						column((e) => e.hlc),
						TEXT
					)}::text[],
					${q.array(
						column((e) => e.by),
						TEXT
					)}::text[], ${q.array(
						column((e) => e.via),
						TEXT
					)}::text[], ${q.array(
						column((e) => e.at),
						TEXT
					)}::text[],
					${q.array(
						column((e) => e.clientId ?? null),
						TEXT
					)}::text[], ${q.array(
						column((e) => e.device ?? null),
						TEXT
					)}::text[],
					${q.array(
						column((e) => e.reason ?? null),
						TEXT
					)}::text[]
				) WITH ORDINALITY AS h(record_id, field, old_value, new_value, hlc, by_user, via, at, client_id, device, reason, n)
				ORDER BY n`
		);
	}

	async listHistory(recordId: string): Promise<HistoryEntry[]> {
		return this.#q(async (q) => (await q`SELECT * FROM history WHERE record_id = ${recordId} ORDER BY id`).map(toHistory));
	}

	async insertComment(c: StoredComment): Promise<boolean> {
		return this.#q(
			async (q) =>
				(
					await q`INSERT INTO comments (id, record_id, by_user, role, text, status, client_id, at)
						VALUES (${c.id}, ${c.recordId}, ${c.by}, ${c.role}, ${c.text}, ${c.status}, ${c.clientId}, ${c.at})
						ON CONFLICT (id) DO NOTHING`
				).count === 1
		);
	}

	async listComments(recordIds: readonly string[]): Promise<StoredComment[]> {
		if (recordIds.length === 0) return [];
		return this.#q(async (q) =>
			(await q`SELECT * FROM comments WHERE record_id = ANY(${q.array([...recordIds], TEXT)}::text[]) ORDER BY at, id`).map(toComment)
		);
	}

	async getSetting(key: string): Promise<string | null> {
		return this.#q(async (q) => {
			const [r] = await q`SELECT value FROM settings WHERE key = ${key}`;
			return r ? str(r.value) : null;
		});
	}

	async putSetting(key: string, value: string): Promise<void> {
		await this.#q((q) => q`INSERT INTO settings (key, value) VALUES (${key}, ${value}) ON CONFLICT (key) DO UPDATE SET value = excluded.value`);
	}

	async insertRejected(rej: RejectedMutation): Promise<void> {
		await this.#q(
			(
				q
			) => q`INSERT INTO rejected_mutations (client_id, seq, record_id, code, at) VALUES (${rej.clientId}, ${rej.seq}, ${rej.recordId}, ${rej.code}, ${rej.at})
				ON CONFLICT DO NOTHING`
		);
	}

	async listRejected(clientId: string, seqs: number[]): Promise<RejectedMutation[]> {
		if (seqs.length === 0) return [];
		return this.#q(async (q) =>
			(await q`SELECT * FROM rejected_mutations WHERE client_id = ${clientId} AND seq = ANY(${q.array(seqs, INT8)}::bigint[]) ORDER BY seq`).map((r) => ({
				clientId: str(r.client_id),
				seq: Number(r.seq),
				recordId: str(r.record_id),
				code: str(r.code),
				at: str(r.at)
			}))
		);
	}

	// ---------- photos ----------

	async getPhoto(sha: string): Promise<StoredPhoto | null> {
		return this.#q(async (q) => {
			const [r] = await q`SELECT sha, size, mime, uploaded_by, created_at, completed_at FROM photos WHERE sha = ${sha}`;
			return r ? toPhoto(r) : null;
		});
	}

	async insertPhoto(p: StoredPhoto): Promise<boolean> {
		return this.#q(
			async (q) =>
				(
					await q`INSERT INTO photos (sha, size, mime, uploaded_by, created_at, completed_at)
						VALUES (${p.sha}, ${p.size}, ${p.mime}, ${p.uploadedBy}, ${p.createdAt}, ${p.completedAt})
						ON CONFLICT (sha) DO NOTHING`
				).count === 1
		);
	}

	async completePhoto(sha: string, at: string): Promise<void> {
		await this.#q((q) => q`UPDATE photos SET completed_at = COALESCE(completed_at, ${at}) WHERE sha = ${sha}`);
	}

	async deleteIncompletePhoto(sha: string): Promise<void> {
		// Its chunks go with it (ON DELETE CASCADE).
		await this.#q((q) => q`DELETE FROM photos WHERE sha = ${sha} AND completed_at IS NULL`);
	}

	async photoReferences(sha: string): Promise<PhotoReference[]> {
		// Exact match on an element's `sha` (jsonb containment), not a substring search; the substring
		// test only skips parsing values that cannot match (values are stored as JSON.stringify wrote
		// them, so the sha appears as its JSON string). try_jsonb: invalid JSON matches nothing.
		return this.#q(async (q) =>
			(
				await q`SELECT DISTINCT r.id, r.created_by, r.commune
					FROM record_fields f
					JOIN records r ON r.id = f.record_id
					CROSS JOIN LATERAL (SELECT try_jsonb(f.value) AS doc) j
					WHERE f.field = 'photos' AND strpos(f.value, ${JSON.stringify(sha)}) > 0
						AND jsonb_typeof(j.doc) = 'array' AND j.doc @> jsonb_build_array(jsonb_build_object('sha', ${sha}::text))
					ORDER BY r.id`
			).map((r) => ({ recordId: str(r.id), createdBy: str(r.created_by), commune: strOrNull(r.commune) }))
		);
	}

	// ---------- rate limits ----------

	async hitRateLimit(key: string, windowMs: number, now: number): Promise<RateWindow> {
		return this.#q(async (q) => {
			// One statement: concurrent attempts on one key (from any instance) each count once.
			const [r] = await q`INSERT INTO rate_limits (key, count, reset_at) VALUES (${key}, 1, ${now + windowMs})
				ON CONFLICT (key) DO UPDATE SET
					count = CASE WHEN rate_limits.reset_at <= ${now} THEN 1 ELSE rate_limits.count + 1 END,
					reset_at = CASE WHEN rate_limits.reset_at <= ${now} THEN excluded.reset_at ELSE rate_limits.reset_at END
				RETURNING count, reset_at`;
			if (Math.random() * SWEEP_EVERY < 1) await q`DELETE FROM rate_limits WHERE reset_at <= ${now}`;
			return { count: Number(r?.count), resetAt: Number(r?.reset_at) };
		});
	}

	// ---------- failed sign-ins ----------

	async signinFailures(account: string, address: string, since: number): Promise<{ summary: SigninFailureSummary; pair: SigninPair | null }> {
		return this.#q(async (q) => {
			const [sum] = await q`SELECT COALESCE(SUM(failures), 0) AS failures, COUNT(*) FILTER (WHERE failures > 0) AS addresses,
					MIN(first_failure_at) AS first_at, MAX(last_failure_at) AS last_at
				FROM signin_failures WHERE account = ${account} AND turn_at > ${since}`;
			const [pair] = await q`SELECT * FROM signin_failures WHERE account = ${account} AND address = ${address} AND turn_at > ${since}`;
			return { summary: toSigninSummary(account, sum ?? {}), pair: pair ? toSigninPair(pair) : null };
		});
	}

	async startSigninTurn(account: string, address: string, now: number, since: number): Promise<void> {
		// A forgotten pair (inactive since `since`) starts again as a new one; an active one is kept.
		await this.#q(
			(q) => q`INSERT INTO signin_failures (account, address, failures, window_start, window_failures, turn_at)
				VALUES (${account}, ${address}, 0, ${now}, 0, ${now})
				ON CONFLICT (account, address) DO UPDATE SET
					failures = 0, window_start = ${now}, window_failures = 0, first_failure_at = NULL, last_failure_at = NULL, turn_at = ${now}
				WHERE signin_failures.turn_at <= ${since}`
		);
	}

	async addSigninFailure(account: string, address: string, now: number, windowMs: number, since: number): Promise<void> {
		await this.#q(async (q) => {
			// One statement: concurrent failures of one pair (from any instance) each count once.
			await q`INSERT INTO signin_failures (account, address, failures, window_start, window_failures, first_failure_at, last_failure_at, turn_at)
				VALUES (${account}, ${address}, 1, ${now}, 1, ${now}, ${now}, ${now})
				ON CONFLICT (account, address) DO UPDATE SET
					failures = CASE WHEN signin_failures.turn_at <= ${since} THEN 1 ELSE signin_failures.failures + 1 END,
					window_failures = CASE WHEN signin_failures.turn_at <= ${since} OR signin_failures.window_start + ${windowMs} <= ${now} THEN 1 ELSE signin_failures.window_failures + 1 END,
					window_start = CASE WHEN signin_failures.turn_at <= ${since} OR signin_failures.window_start + ${windowMs} <= ${now} THEN ${now} ELSE signin_failures.window_start END,
					first_failure_at = CASE WHEN signin_failures.turn_at <= ${since} THEN ${now} ELSE COALESCE(signin_failures.first_failure_at, ${now}) END,
					last_failure_at = ${now},
					turn_at = ${now}`;
			if (Math.random() * SWEEP_EVERY < 1) await q`DELETE FROM signin_failures WHERE turn_at <= ${since}`;
		});
	}

	async clearSigninFailures(account: string): Promise<number> {
		return this.#q(async (q) => (await q`DELETE FROM signin_failures WHERE account = ${account}`).count);
	}

	async listSigninFailures(since: number, limit: number): Promise<SigninFailureSummary[]> {
		return this.#q(async (q) =>
			(
				await q`SELECT account, SUM(failures) AS failures, COUNT(*) FILTER (WHERE failures > 0) AS addresses,
						MIN(first_failure_at) AS first_at, MAX(last_failure_at) AS last_at
					FROM signin_failures WHERE turn_at > ${since} GROUP BY account HAVING SUM(failures) > 0
					ORDER BY SUM(failures) DESC, MAX(last_failure_at) DESC, account LIMIT ${limit}`
			).map((r) => toSigninSummary(str(r.account), r))
		);
	}
}
