/**
 * The SQLite implementation of the server store (better-sqlite3 12, WAL, foreign keys on).
 * better-sqlite3 is synchronous; the async methods keep the contract PostgreSQL will share.
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
import type { AuditEntry, Invitation, NewAuditEntry, Session, SetupToken, Store, User } from '../store/types';
import { MIGRATIONS } from './migrations';

type Row = Record<string, unknown>;

const str = (v: unknown): string => String(v);
const strOrNull = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));
const list = (v: unknown): string[] => {
	try {
		const parsed: unknown = JSON.parse(String(v ?? '[]'));
		return Array.isArray(parsed) ? parsed.map(String) : [];
	} catch {
		return [];
	}
};

function toUser(r: Row): User {
	return {
		id: str(r.id),
		name: str(r.name),
		role: str(r.role) as User['role'],
		communes: list(r.communes),
		login: strOrNull(r.login),
		passwordHash: strOrNull(r.password_hash),
		createdAt: str(r.created_at),
		lastSeenAt: strOrNull(r.last_seen_at),
		revokedAt: strOrNull(r.revoked_at)
	};
}

function toInvitation(r: Row): Invitation {
	return {
		id: str(r.id),
		tokenHash: str(r.token_hash),
		role: str(r.role) as Invitation['role'],
		communes: list(r.communes),
		label: str(r.label),
		maxUses: r.max_uses === null ? null : Number(r.max_uses),
		uses: Number(r.uses),
		expiresAt: strOrNull(r.expires_at),
		createdBy: strOrNull(r.created_by),
		createdAt: str(r.created_at),
		revokedAt: strOrNull(r.revoked_at),
		forUserId: strOrNull(r.for_user_id)
	};
}

function toSession(r: Row): Session {
	return {
		id: str(r.id),
		tokenHash: str(r.token_hash),
		userId: str(r.user_id),
		device: str(r.device),
		createdAt: str(r.created_at),
		lastSeenAt: str(r.last_seen_at),
		expiresAt: str(r.expires_at),
		revokedAt: strOrNull(r.revoked_at)
	};
}

function toAudit(r: Row): AuditEntry {
	let detail: Record<string, unknown> = {};
	try {
		detail = JSON.parse(String(r.detail)) as Record<string, unknown>;
	} catch {
		// a damaged detail is shown empty rather than breaking the log
	}
	return {
		id: Number(r.id),
		at: str(r.at),
		actorId: strOrNull(r.actor_id),
		action: str(r.action) as AuditEntry['action'],
		target: strOrNull(r.target),
		detail,
		ip: strOrNull(r.ip)
	};
}

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

export class SqliteStore implements Store {
	readonly db: Database.Database;
	#depth = 0;
	#queue: Promise<unknown> = Promise.resolve();
	/** Marks the async context of an open transaction: only calls made from it nest inside it. */
	#inside = new AsyncLocalStorage<true>();

	constructor(file: string) {
		if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
		this.db = new Database(file);
		this.db.pragma('journal_mode = WAL');
		this.db.pragma('foreign_keys = ON');
		this.db.pragma('busy_timeout = 5000');
		migrate(this.db);
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

	async close(): Promise<void> {
		this.db.close();
	}

	async countUsers(): Promise<number> {
		return Number((this.db.prepare('SELECT COUNT(*) AS n FROM users').get() as Row).n);
	}

	async insertUser(u: User): Promise<void> {
		this.db
			.prepare(
				`INSERT INTO users (id, name, role, communes, login, password_hash, created_at, last_seen_at, revoked_at)
				 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`
			)
			.run(u.id, u.name, u.role, JSON.stringify(u.communes), u.login, u.passwordHash, u.createdAt, u.lastSeenAt, u.revokedAt);
	}

	async getUser(id: string): Promise<User | null> {
		const r = this.db.prepare('SELECT * FROM users WHERE id = ?').get(id) as Row | undefined;
		return r ? toUser(r) : null;
	}

	async getUserByLogin(login: string): Promise<User | null> {
		const r = this.db.prepare('SELECT * FROM users WHERE login = ?').get(login) as Row | undefined;
		return r ? toUser(r) : null;
	}

	async listUsers(): Promise<User[]> {
		return (this.db.prepare('SELECT * FROM users ORDER BY revoked_at IS NOT NULL, role, name').all() as Row[]).map(toUser);
	}

	async countActive(role: User['role']): Promise<number> {
		return Number((this.db.prepare('SELECT COUNT(*) AS n FROM users WHERE role = ? AND revoked_at IS NULL').get(role) as Row).n);
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
		this.db.prepare(`UPDATE users SET ${sets.join(', ')} WHERE id = ?`).run(...values, id);
	}

	async insertSetupToken(t: SetupToken): Promise<void> {
		this.db
			.prepare('INSERT INTO setup_tokens (token_hash, created_at, expires_at, used_at) VALUES (?, ?, ?, ?)')
			.run(t.tokenHash, t.createdAt, t.expiresAt, t.usedAt);
	}

	async getSetupToken(tokenHash: string): Promise<SetupToken | null> {
		const r = this.db.prepare('SELECT * FROM setup_tokens WHERE token_hash = ?').get(tokenHash) as Row | undefined;
		return r
			? { tokenHash: str(r.token_hash), createdAt: str(r.created_at), expiresAt: str(r.expires_at), usedAt: strOrNull(r.used_at) }
			: null;
	}

	async markSetupTokenUsed(tokenHash: string, at: string): Promise<boolean> {
		const res = this.db
			.prepare('UPDATE setup_tokens SET used_at = ? WHERE token_hash = ? AND used_at IS NULL AND expires_at > ?')
			.run(at, tokenHash, at);
		return res.changes === 1;
	}

	async insertInvitation(i: Invitation): Promise<void> {
		this.db
			.prepare(
				`INSERT INTO invitations (id, token_hash, role, communes, label, max_uses, uses, expires_at, created_by, created_at, revoked_at, for_user_id)
				 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
			)
			.run(i.id, i.tokenHash, i.role, JSON.stringify(i.communes), i.label, i.maxUses, i.uses, i.expiresAt, i.createdBy, i.createdAt, i.revokedAt, i.forUserId);
	}

	async getInvitationByTokenHash(tokenHash: string): Promise<Invitation | null> {
		const r = this.db.prepare('SELECT * FROM invitations WHERE token_hash = ?').get(tokenHash) as Row | undefined;
		return r ? toInvitation(r) : null;
	}

	async getInvitation(id: string): Promise<Invitation | null> {
		const r = this.db.prepare('SELECT * FROM invitations WHERE id = ?').get(id) as Row | undefined;
		return r ? toInvitation(r) : null;
	}

	async listInvitations(): Promise<Invitation[]> {
		return (this.db.prepare('SELECT * FROM invitations ORDER BY created_at DESC').all() as Row[]).map(toInvitation);
	}

	async useInvitation(id: string, at: string): Promise<boolean> {
		const res = this.db
			.prepare(
				`UPDATE invitations SET uses = uses + 1
				 WHERE id = ? AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > ?) AND (max_uses IS NULL OR uses < max_uses)`
			)
			.run(id, at);
		return res.changes === 1;
	}

	async revokeInvitationsBy(userId: string, at: string): Promise<number> {
		return this.db.prepare('UPDATE invitations SET revoked_at = ? WHERE created_by = ? AND revoked_at IS NULL').run(at, userId).changes;
	}

	async revokeInvitationsFor(userId: string, at: string): Promise<number> {
		return this.db.prepare('UPDATE invitations SET revoked_at = ? WHERE for_user_id = ? AND revoked_at IS NULL').run(at, userId).changes;
	}

	async revokeInvitation(id: string, at: string): Promise<void> {
		this.db.prepare('UPDATE invitations SET revoked_at = COALESCE(revoked_at, ?) WHERE id = ?').run(at, id);
	}

	async insertSession(s: Session): Promise<void> {
		this.db
			.prepare(
				`INSERT INTO sessions (id, token_hash, user_id, device, created_at, last_seen_at, expires_at, revoked_at)
				 VALUES (?, ?, ?, ?, ?, ?, ?, ?)`
			)
			.run(s.id, s.tokenHash, s.userId, s.device, s.createdAt, s.lastSeenAt, s.expiresAt, s.revokedAt);
	}

	async getSessionByTokenHash(tokenHash: string): Promise<Session | null> {
		const r = this.db.prepare('SELECT * FROM sessions WHERE token_hash = ?').get(tokenHash) as Row | undefined;
		return r ? toSession(r) : null;
	}

	async listSessions(userId?: string): Promise<Session[]> {
		const rows = userId
			? this.db.prepare('SELECT * FROM sessions WHERE user_id = ? ORDER BY last_seen_at DESC').all(userId)
			: this.db.prepare('SELECT * FROM sessions ORDER BY last_seen_at DESC').all();
		return (rows as Row[]).map(toSession);
	}

	async touchSession(id: string, at: string, expiresAt: string): Promise<void> {
		this.db.prepare('UPDATE sessions SET last_seen_at = ?, expires_at = ? WHERE id = ?').run(at, expiresAt, id);
		this.db.prepare('UPDATE users SET last_seen_at = ? WHERE id = (SELECT user_id FROM sessions WHERE id = ?)').run(at, id);
	}

	async revokeSession(id: string, at: string): Promise<void> {
		this.db.prepare('UPDATE sessions SET revoked_at = COALESCE(revoked_at, ?) WHERE id = ?').run(at, id);
	}

	async revokeUserSessions(userId: string, at: string): Promise<void> {
		this.db.prepare('UPDATE sessions SET revoked_at = COALESCE(revoked_at, ?) WHERE user_id = ?').run(at, userId);
	}

	async audit(e: NewAuditEntry): Promise<void> {
		this.db
			.prepare('INSERT INTO audit (at, actor_id, action, target, detail, ip) VALUES (?, ?, ?, ?, ?, ?)')
			.run(e.at ?? new Date().toISOString(), e.actorId, e.action, e.target, JSON.stringify(e.detail ?? {}), e.ip);
	}

	async listAudit(limit: number, before?: number): Promise<AuditEntry[]> {
		const rows = before
			? this.db.prepare('SELECT * FROM audit WHERE id < ? ORDER BY id DESC LIMIT ?').all(before, limit)
			: this.db.prepare('SELECT * FROM audit ORDER BY id DESC LIMIT ?').all(limit);
		return (rows as Row[]).map(toAudit);
	}
}
