/**
 * The tables `copy-to-postgres` copies, in an order where every row's foreign keys are already
 * there (users first; records before what refers to them). Columns and primary keys are read from
 * SQLite itself (PRAGMA table_info), so a column added by a later migration is copied without
 * changing this list; a TABLE added by a later migration must be listed here, else the copy
 * refuses to start (it would otherwise be silently left behind).
 */
export interface TableSpec {
	name: string;
	/**
	 * `merged_into` points to another record, possibly one copied later: the rows go in with NULL
	 * there, and a second pass sets it once every record is in.
	 */
	deferred?: readonly string[];
	/** Rows the PostgreSQL migrations already create (the `version` counter): overwritten, not skipped. */
	upsert?: boolean;
	/** Absent from older SQLite schemas: skipped when SQLite does not have it. */
	optional?: boolean;
}

export const TABLES: readonly TableSpec[] = [
	{ name: 'users' },
	{ name: 'setup_tokens' },
	{ name: 'invitations' },
	{ name: 'sessions' },
	{ name: 'audit' },
	{ name: 'records', deferred: ['merged_into'] },
	{ name: 'record_fields' },
	{ name: 'counters', upsert: true },
	{ name: 'sync_clients' },
	{ name: 'conflicts' },
	{ name: 'rejected_mutations' },
	// The rows only: their bytes (files on SQLite) go into photo_chunks afterwards (photo-copy.ts).
	{ name: 'photos' },
	{ name: 'history' },
	{ name: 'comments' },
	{ name: 'settings' },
	{ name: 'rate_limits', optional: true },
	{ name: 'signin_failures', optional: true }
];

/** Size of a multi-row INSERT, and of a page read for the checksums. */
export const BATCH_ROWS = 1000;
/** PostgreSQL takes at most 65,535 parameters per statement. */
export const MAX_PARAMETERS = 60_000;
/** Photo bytes are stored in chunks of this size (the upload's own largest chunk). */
export const PHOTO_CHUNK = 1024 * 1024;

/** An identifier quoted for SQL (both databases): only names read from SQLite's own schema reach here. */
export const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;
