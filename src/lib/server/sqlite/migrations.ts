/**
 * Numbered migrations of the SQLite database, applied in order at start-up inside one transaction
 * each; the number reached is kept in `PRAGMA user_version`. Never edit a migration that shipped:
 * add the next one.
 */
export const MIGRATIONS: readonly string[] = [
	// 1 — accounts, invitations, sessions, first-run link, audit log
	`
	CREATE TABLE users (
		id TEXT PRIMARY KEY,
		name TEXT NOT NULL,
		role TEXT NOT NULL CHECK (role IN ('benevole', 'mairie', 'coordinateur')),
		communes TEXT NOT NULL DEFAULT '[]',
		login TEXT UNIQUE,
		password_hash TEXT,
		created_at TEXT NOT NULL,
		last_seen_at TEXT,
		revoked_at TEXT
	);
	CREATE TABLE invitations (
		id TEXT PRIMARY KEY,
		token_hash TEXT NOT NULL UNIQUE,
		role TEXT NOT NULL CHECK (role IN ('benevole', 'mairie', 'coordinateur')),
		communes TEXT NOT NULL DEFAULT '[]',
		label TEXT NOT NULL DEFAULT '',
		max_uses INTEGER,
		uses INTEGER NOT NULL DEFAULT 0,
		expires_at TEXT,
		created_by TEXT REFERENCES users(id),
		created_at TEXT NOT NULL,
		revoked_at TEXT,
		for_user_id TEXT REFERENCES users(id)
	);
	CREATE TABLE sessions (
		id TEXT PRIMARY KEY,
		token_hash TEXT NOT NULL UNIQUE,
		user_id TEXT NOT NULL REFERENCES users(id),
		device TEXT NOT NULL DEFAULT '',
		created_at TEXT NOT NULL,
		last_seen_at TEXT NOT NULL,
		expires_at TEXT NOT NULL,
		revoked_at TEXT
	);
	CREATE INDEX sessions_user ON sessions(user_id);
	CREATE TABLE setup_tokens (
		token_hash TEXT PRIMARY KEY,
		created_at TEXT NOT NULL,
		expires_at TEXT NOT NULL,
		used_at TEXT
	);
	CREATE TABLE audit (
		id INTEGER PRIMARY KEY AUTOINCREMENT,
		at TEXT NOT NULL,
		actor_id TEXT,
		action TEXT NOT NULL,
		target TEXT,
		detail TEXT NOT NULL DEFAULT '{}',
		ip TEXT
	);
	CREATE INDEX audit_at ON audit(at);
	`,
	// 2 — sheets on the server (sync): records with per-field values and HLCs, the global version
	// counter (the pull cursor), each install's last applied mutation, conflicts, refusals
	`
	CREATE TABLE records (
		id TEXT PRIMARY KEY,
		created_by TEXT NOT NULL REFERENCES users(id),
		commune TEXT,
		version INTEGER NOT NULL,
		created_at TEXT NOT NULL,
		updated_at TEXT NOT NULL
	);
	CREATE UNIQUE INDEX records_version ON records(version);
	CREATE TABLE record_fields (
		record_id TEXT NOT NULL REFERENCES records(id),
		field TEXT NOT NULL,
		value TEXT NOT NULL,
		hlc TEXT NOT NULL,
		written_by TEXT,
		PRIMARY KEY (record_id, field)
	);
	CREATE TABLE counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
	INSERT INTO counters (name, value) VALUES ('version', 0);
	CREATE TABLE sync_clients (
		client_id TEXT PRIMARY KEY,
		user_id TEXT NOT NULL REFERENCES users(id),
		last_seq INTEGER NOT NULL DEFAULT 0,
		created_at TEXT NOT NULL,
		last_push_at TEXT
	);
	CREATE TABLE conflicts (
		id INTEGER PRIMARY KEY AUTOINCREMENT,
		record_id TEXT NOT NULL REFERENCES records(id),
		field TEXT NOT NULL,
		kept_value TEXT NOT NULL,
		kept_hlc TEXT NOT NULL,
		kept_by TEXT,
		lost_value TEXT NOT NULL,
		lost_hlc TEXT NOT NULL,
		lost_by TEXT,
		at TEXT NOT NULL,
		resolved_at TEXT,
		resolved_by TEXT
	);
	CREATE INDEX conflicts_open ON conflicts(resolved_at);
	CREATE TABLE rejected_mutations (
		client_id TEXT NOT NULL,
		seq INTEGER NOT NULL,
		record_id TEXT NOT NULL,
		code TEXT NOT NULL,
		at TEXT NOT NULL,
		PRIMARY KEY (client_id, seq)
	);
	`,
	// 3 — photos (content-addressed by their SHA-256, uploaded in resumable chunks): the bytes live
	// in files under <data>/photos/, this table says what was announced, by whom, and when complete
	`
	CREATE TABLE photos (
		sha TEXT PRIMARY KEY,
		size INTEGER NOT NULL,
		mime TEXT NOT NULL,
		uploaded_by TEXT REFERENCES users(id),
		created_at TEXT NOT NULL,
		completed_at TEXT
	);
	`,
	// 4 — the history of every field write (append-only: rows are never updated or deleted)
	`
	CREATE TABLE history (
		id INTEGER PRIMARY KEY AUTOINCREMENT,
		record_id TEXT NOT NULL REFERENCES records(id),
		field TEXT NOT NULL,
		old_value TEXT,
		new_value TEXT NOT NULL,
		hlc TEXT NOT NULL,
		by_user TEXT,
		via TEXT NOT NULL,
		at TEXT NOT NULL
	);
	CREATE INDEX history_record ON history(record_id, id);
	CREATE TRIGGER history_append_only_update BEFORE UPDATE ON history BEGIN SELECT RAISE(ABORT, 'history is append-only'); END;
	CREATE TRIGGER history_append_only_delete BEFORE DELETE ON history BEGIN SELECT RAISE(ABORT, 'history is append-only'); END;
	`,
	// 5 — review: the device each write came from and why the server made it; the comment
	// thread of each sheet (append-only like the history); settings the coordinator chooses
	`
	ALTER TABLE history ADD COLUMN client_id TEXT;
	ALTER TABLE history ADD COLUMN device TEXT;
	ALTER TABLE history ADD COLUMN reason TEXT;
	CREATE TABLE comments (
		id TEXT PRIMARY KEY,
		record_id TEXT NOT NULL REFERENCES records(id),
		by_user TEXT,
		role TEXT NOT NULL,
		text TEXT NOT NULL,
		status TEXT,
		client_id TEXT,
		at TEXT NOT NULL
	);
	CREATE INDEX comments_record ON comments(record_id, at);
	CREATE TRIGGER comments_append_only_update BEFORE UPDATE ON comments BEGIN SELECT RAISE(ABORT, 'comments are append-only'); END;
	CREATE TRIGGER comments_append_only_delete BEFORE DELETE ON comments BEGIN SELECT RAISE(ABORT, 'comments are append-only'); END;
	CREATE TABLE settings (
		key TEXT PRIMARY KEY,
		value TEXT NOT NULL
	);
	`,
	// 6 — merged duplicates: a record merged into another keeps its id, its history and its
	// comments, and points to the record that carries on (devices still holding it are redirected)
	`
	ALTER TABLE records ADD COLUMN merged_into TEXT REFERENCES records(id);
	`,
	// 7 — a snapshot of each record's current fields, kept on the record itself (reading a
	// sheet was one row per field and one JSON.parse per value; a census export of 100,000 sheets
	// took seconds for that alone). field_values: {"name": value}; field_stamps: {"name": [hlc, by]}.
	// record_fields stays the per-field truth; every field write updates both in the same statement
	// group (sqlite/store.ts putFields). Filled here from record_fields for existing databases; a
	// value that is not JSON (none is expected: every writer used JSON.stringify) is kept as a string
	// rather than stopping the server's start.
	`
	ALTER TABLE records ADD COLUMN field_values TEXT NOT NULL DEFAULT '{}';
	ALTER TABLE records ADD COLUMN field_stamps TEXT NOT NULL DEFAULT '{}';
	UPDATE records SET
		field_values = COALESCE((SELECT json_group_object(f.field, CASE WHEN json_valid(f.value) THEN json(f.value) ELSE f.value END) FROM record_fields f WHERE f.record_id = records.id), '{}'),
		field_stamps = COALESCE((SELECT json_group_object(f.field, json_array(f.hlc, f.written_by)) FROM record_fields f WHERE f.record_id = records.id), '{}');
	`,
	// 8 — rate limits in the database (several app instances share one count per key, a
	// limiter in process memory let N instances allow N times the attempts). One fixed window per
	// key; reset_at in milliseconds since 1970; expired rows are swept now and then by the store.
	`
	CREATE TABLE rate_limits (
		key TEXT PRIMARY KEY,
		count INTEGER NOT NULL,
		reset_at INTEGER NOT NULL
	);
	`,
	// 9 — failed sign-ins per (account, address), shared by every instance (signin-limits.ts): an
	// account is slowed down by its failures from everywhere, never locked, while each address keeps
	// its own clock and its own stricter count. account: the person's id, or a hash of a sign-in
	// name that names nobody (what was typed is not kept). Times in milliseconds since 1970.
	`
	CREATE TABLE signin_failures (
		account TEXT NOT NULL,
		address TEXT NOT NULL,
		failures INTEGER NOT NULL DEFAULT 0,
		window_start INTEGER NOT NULL,
		window_failures INTEGER NOT NULL DEFAULT 0,
		first_failure_at INTEGER,
		last_failure_at INTEGER,
		turn_at INTEGER NOT NULL,
		PRIMARY KEY (account, address)
	);
	CREATE INDEX signin_failures_turn ON signin_failures(turn_at);
	`
];
