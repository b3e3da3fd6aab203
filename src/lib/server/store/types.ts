/**
 * The server store: one small contract, implemented by SQLite (sqlite/store.ts, the default) and
 * by PostgreSQL (postgres/store.ts, when DATABASE_URL is set), so routes never see SQL. Every method is async (PostgreSQL's driver is), and
 * every value in and out is a plain domain object. Secrets are passed and stored as hashes only.
 */
import type { Role } from '$lib/domain/access';
import type { PhotoBytes } from '../photo-bytes/types';

export interface User {
	id: string;
	name: string;
	role: Role;
	/** INSEE codes a mairie reviews (empty for other roles). */
	communes: string[];
	/** Sign-in name for a password (mairies and coordinator), null when none is set. */
	login: string | null;
	passwordHash: string | null;
	createdAt: string;
	lastSeenAt: string | null;
	revokedAt: string | null;
}

export interface Invitation {
	id: string;
	tokenHash: string;
	role: Role;
	communes: string[];
	/** Free label shown in the team list ("Bénévoles du marché de Mortagne"). */
	label: string;
	maxUses: number | null;
	uses: number;
	expiresAt: string | null;
	createdBy: string | null;
	createdAt: string;
	revokedAt: string | null;
	/** Set when the invitation re-admits one existing person (a reissued link). */
	forUserId: string | null;
}

/** A signed-in device: one session cookie. */
export interface Session {
	id: string;
	tokenHash: string;
	userId: string;
	device: string;
	createdAt: string;
	lastSeenAt: string;
	expiresAt: string;
	revokedAt: string | null;
}

export interface SetupToken {
	tokenHash: string;
	createdAt: string;
	expiresAt: string;
	usedAt: string | null;
}

export type AuditAction =
	| 'setup.link_created'
	| 'setup.coordinator_created'
	| 'signin.password'
	| 'signin.failed'
	| 'signout'
	| 'invitation.created'
	| 'invitation.accepted'
	| 'invitation.revoked'
	| 'invitation.refused'
	| 'user.revoked'
	| 'user.role_changed'
	| 'user.password_set'
	| 'user.link_reissued'
	| 'session.revoked'
	| 'backup.imported'
	/** An export with the private contact data of named persons. */
	| 'export.private'
	| 'territory.outlines_uploaded'
	| 'territory.outlines_reset'
	| 'territory.changed'
	/** The coordinator lifted the sign-in delay of an account (its failures are forgotten). */
	| 'signin.delay_lifted';

export interface AuditEntry {
	id: number;
	at: string;
	actorId: string | null;
	action: AuditAction;
	target: string | null;
	detail: Record<string, unknown>;
	ip: string | null;
}

export type NewAuditEntry = Omit<AuditEntry, 'id' | 'at'> & { at?: string };

/** A sheet as the server holds it: who made it, where, its version, and each field's value + HLC. */
export interface StoredRecord {
	id: string;
	createdBy: string;
	commune: string | null;
	version: number;
	createdAt: string;
	updatedAt: string;
	fields: Record<string, { v: unknown; hlc: string; by: string | null }>;
	/** Set when this record was merged into another (a duplicate): the one that carries on. */
	mergedInto?: string | null;
}

/** One field write (putFields): a sheet field (a plain name: letters, digits, `_`), the value the merge chose, its HLC, who wrote it. */
export interface FieldWrite {
	field: string;
	value: unknown;
	hlc: string;
	by: string | null;
}

/** A record with its current values only (no stamps): what the census and exports read. */
export interface RecordValues {
	id: string;
	createdBy: string;
	commune: string | null;
	version: number;
	createdAt: string;
	updatedAt: string;
	mergedInto: string | null;
	values: Record<string, unknown>;
}

export interface SyncClient {
	clientId: string;
	userId: string;
	lastSeq: number;
	createdAt: string;
	lastPushAt: string | null;
}

export interface Conflict {
	id: number;
	recordId: string;
	field: string;
	kept: { v: unknown; hlc: string; by: string | null };
	lost: { v: unknown; hlc: string; by: string | null };
	at: string;
	resolvedAt: string | null;
	resolvedBy: string | null;
}

export interface RejectedMutation {
	clientId: string;
	seq: number;
	recordId: string;
	code: string;
	at: string;
}

/** A photo announced for upload (its bytes: files with SQLite, rows of photo_chunks with PostgreSQL, see server/photo-bytes); complete once verified. */
export interface StoredPhoto {
	sha: string;
	size: number;
	mime: string;
	uploadedBy: string | null;
	createdAt: string;
	completedAt: string | null;
}

/** A sheet that refers to a photo, as the access policy needs to see it. */
export interface PhotoReference {
	recordId: string;
	createdBy: string;
	commune: string | null;
}

/** One field write, as the history keeps it. */
export interface HistoryEntry {
	id: number;
	recordId: string;
	field: string;
	old: unknown;
	new: unknown;
	hlc: string;
	by: string | null;
	/** Where the write came from: 'sync' (a device's push), 'server' (a screen of the server), 'import'. */
	via: string;
	at: string;
	/** The install that pushed it, and the device it was signed in from ("Chrome sur Android"). */
	clientId?: string | null;
	device?: string | null;
	/** Why the server itself made this write ('edited_after_validation'), null for a person's write. */
	reason?: string | null;
}

/** One comment of a sheet's thread (append-only). */
export interface StoredComment {
	id: string;
	recordId: string;
	by: string | null;
	/** The author's role when writing. */
	role: string;
	text: string;
	/** The status set together with the comment (a send back), or null. */
	status: string | null;
	clientId: string | null;
	at: string;
}

/** What sync needs of the store (implemented by the same classes as Store). */
export interface SyncStore {
	getClient(clientId: string): Promise<SyncClient | null>;
	/** Adds an install; nothing changes when its id is already there (another request added it first: read it again). */
	insertClient(client: SyncClient): Promise<void>;
	setLastSeq(clientId: string, seq: number, at: string): Promise<void>;

	getRecord(id: string): Promise<StoredRecord | null>;
	insertRecord(record: Omit<StoredRecord, 'fields' | 'version'>): Promise<void>;
	putField(recordId: string, field: string, value: unknown, hlc: string, by: string | null): Promise<void>;
	/**
	 * Writes several fields of one record, as putField would one after the other (the last write of
	 * a field wins), all or none. The record's snapshot of current fields (read by getRecord,
	 * listChanges, scanValues) changes in the same transaction as the per-field rows.
	 */
	putFields(recordId: string, writes: readonly FieldWrite[]): Promise<void>;
	/** Marks a record as merged into another, and gives it the next version (devices learn it at their pull). */
	setMergedInto(recordId: string, target: string, at: string): Promise<void>;
	/** Gives a record its author (a sheet's creation arriving after an edit recreated it bare, see sync/service.ts). */
	setAuthor(recordId: string, createdBy: string): Promise<void>;
	/** Gives the record the next global version (and its current commune): it will be pulled again. */
	bumpVersion(recordId: string, commune: string | null, at: string): Promise<number>;
	currentVersion(): Promise<number>;
	/** Records with version > `after`, in version order, at most `limit`. */
	listChanges(after: number, limit: number): Promise<StoredRecord[]>;
	/**
	 * Every record, in version order, with its current values: one pass over the census, read a
	 * page at a time as the consumer pulls (never the whole census in memory, the store never held
	 * while the consumer waits). A record changed during the pass may also be seen at its new version.
	 */
	scanValues(): AsyncIterable<RecordValues>;

	insertConflict(conflict: Omit<Conflict, 'id' | 'resolvedAt' | 'resolvedBy'>): Promise<void>;
	/** Appends to the history (never updated, never deleted). */
	insertHistory(entry: Omit<HistoryEntry, 'id'>): Promise<void>;
	/** Appends several entries, in this order (one statement on PostgreSQL: a push's fields, one round trip). */
	insertHistories(entries: readonly Omit<HistoryEntry, 'id'>[]): Promise<void>;
	listHistory(recordId: string): Promise<HistoryEntry[]>;
	/** Adds a comment; false (nothing changed) when its id is already stored (a retried push). */
	insertComment(comment: StoredComment): Promise<boolean>;
	/** The comments of these records, oldest first. */
	listComments(recordIds: readonly string[]): Promise<StoredComment[]>;
	getSetting(key: string): Promise<string | null>;
	putSetting(key: string, value: string): Promise<void>;
	listConflicts(open: boolean): Promise<Conflict[]>;
	resolveConflict(id: number, by: string, at: string): Promise<void>;

	insertRejected(rejected: RejectedMutation): Promise<void>;
	/** Refusals already given to this install for these numbers (to repeat them to a retry). */
	listRejected(clientId: string, seqs: number[]): Promise<RejectedMutation[]>;
}

/** How a transaction runs (PostgreSQL uses it; SQLite has one writer and runs every transaction alike). */
export interface TransactionOptions {
	/**
	 * Mostly reads, on one consistent snapshot, concurrently with writers (no writer lock). The few
	 * writes it makes must be idempotent (`ON CONFLICT DO NOTHING`): on a serialization failure the
	 * whole callback is run again.
	 */
	read?: boolean;
}

/** Attempts counted in one fixed window (rate limits shared by every app instance). */
export interface RateWindow {
	/** Attempts in the current window, this one included. */
	count: number;
	/** When the window ends (milliseconds since 1970). */
	resetAt: number;
}

/**
 * One address's failed sign-ins on one account (src/lib/server/signin-limits.ts). Times in
 * milliseconds since 1970.
 */
export interface SigninPair {
	/** Failures of this address on this account since they were last cleared or forgotten. */
	failures: number;
	/** The stricter count of this pair: failures since `windowStart`. */
	windowStart: number;
	windowFailures: number;
	/** This pair's clock: its last failure, or when it was first told to wait. */
	turnAt: number;
}

/** An account's failed sign-ins from every address (pairs forgotten before `since` left out). */
export interface SigninFailureSummary {
	account: string;
	failures: number;
	/** Addresses that failed at least once. */
	addresses: number;
	firstAt: number | null;
	lastAt: number | null;
}

export interface Store extends SyncStore {
	/** Which database this is: photo bytes live in files with SQLite, in the database with PostgreSQL. */
	readonly kind: 'sqlite' | 'postgres';
	/**
	 * Where this store keeps photo bytes: files in `dir` (the photos folder) for SQLite, the database
	 * itself for PostgreSQL (`dir` unused: instances share no disk). Each store says it itself, so
	 * no caller picks a backend by the store's class.
	 */
	photoBytes(dir: string): PhotoBytes;
	/**
	 * Runs `fn` in one transaction: every write inside commits together or not at all. Write
	 * transactions are serialised (one writer at a time, across every app instance): the code inside
	 * may read, then write on what it read. The callback awaits store methods only, and may be run
	 * again (PostgreSQL retries a serialization failure or a deadlock).
	 */
	transaction<T>(fn: () => Promise<T>, options?: TransactionOptions): Promise<T>;
	close(): Promise<void>;

	countUsers(): Promise<number>;
	insertUser(user: User): Promise<void>;
	getUser(id: string): Promise<User | null>;
	getUserByLogin(login: string): Promise<User | null>;
	listUsers(): Promise<User[]>;
	/** Active (not revoked) people with this role. */
	countActive(role: User['role']): Promise<number>;
	updateUser(id: string, patch: Partial<Omit<User, 'id' | 'createdAt'>>): Promise<void>;

	insertSetupToken(token: SetupToken): Promise<void>;
	getSetupToken(tokenHash: string): Promise<SetupToken | null>;
	markSetupTokenUsed(tokenHash: string, at: string): Promise<boolean>;

	insertInvitation(inv: Invitation): Promise<void>;
	getInvitationByTokenHash(tokenHash: string): Promise<Invitation | null>;
	getInvitation(id: string): Promise<Invitation | null>;
	listInvitations(): Promise<Invitation[]>;
	/** Counts one use if the invitation is still usable at `at`; false when it is not. Atomic. */
	useInvitation(id: string, at: string): Promise<boolean>;
	revokeInvitation(id: string, at: string): Promise<void>;
	/** Cancels every still-open invitation made by `userId` (they lost the right to invite). */
	revokeInvitationsBy(userId: string, at: string): Promise<number>;
	/** Cancels every still-open link that re-admits `userId`. */
	revokeInvitationsFor(userId: string, at: string): Promise<number>;

	insertSession(session: Session): Promise<void>;
	getSessionByTokenHash(tokenHash: string): Promise<Session | null>;
	listSessions(userId?: string): Promise<Session[]>;
	touchSession(id: string, at: string, expiresAt: string): Promise<void>;
	revokeSession(id: string, at: string): Promise<void>;
	revokeUserSessions(userId: string, at: string): Promise<void>;

	audit(entry: NewAuditEntry): Promise<void>;
	listAudit(limit: number, before?: number): Promise<AuditEntry[]>;

	getPhoto(sha: string): Promise<StoredPhoto | null>;
	/** Announces a photo; false (and nothing changed) when this sha is already known. */
	insertPhoto(photo: StoredPhoto): Promise<boolean>;
	/** Marks a photo complete (its verified file is in place); keeps the first completion time. */
	completePhoto(sha: string, at: string): Promise<void>;
	/** Forgets an announced photo that never completed (its bytes did not match its sha). */
	deleteIncompletePhoto(sha: string): Promise<void>;
	/** The sheets whose `photos` field refers to this sha. */
	photoReferences(sha: string): Promise<PhotoReference[]>;

	/**
	 * Counts one attempt for `key` (atomic, shared by every instance): a new window of `windowMs`
	 * starts when none is open at `now`. Expired windows are swept now and then.
	 */
	hitRateLimit(key: string, windowMs: number, now: number): Promise<RateWindow>;

	/**
	 * Failed sign-ins of `account` from every address whose pair was active after `since`, and the
	 * row of (`account`, `address`) — null when absent or forgotten (last active at or before `since`).
	 */
	signinFailures(account: string, address: string, since: number): Promise<{ summary: SigninFailureSummary; pair: SigninPair | null }>;
	/**
	 * Starts the clock of (`account`, `address`) at `now` without counting a failure (an address told
	 * to wait before its first try). Keeps a pair active after `since` as it is.
	 */
	startSigninTurn(account: string, address: string, now: number, since: number): Promise<void>;
	/**
	 * Counts one failure of (`account`, `address`) at `now` (atomic): its clock restarts at `now`; its
	 * stricter count starts again when its window of `windowMs` has ended; a pair last active at or
	 * before `since` starts from nothing. Pairs inactive since then are swept now and then.
	 */
	addSigninFailure(account: string, address: string, now: number, windowMs: number, since: number): Promise<void>;
	/** Forgets every failure of `account` (a sign-in succeeded, or the coordinator lifted its delay); how many pairs. */
	clearSigninFailures(account: string): Promise<number>;
	/** Accounts with failures from pairs active after `since`, most failures first, at most `limit`. */
	listSigninFailures(since: number, limit: number): Promise<SigninFailureSummary[]>;
}
