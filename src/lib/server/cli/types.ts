/** The shape every command has, so main.ts can treat them alike (a typed command map). */
import type { Context } from '$lib/server/accounts';
import type { Store } from '$lib/server/store/types';
import type { ArgSpec, ParsedArgs } from './args';

/** Where a command writes: stdout for results, stderr for errors and warnings. One call, one line (or block). */
export interface Io {
	out(text: string): void;
	err(text: string): void;
}

/** What the command line runs against; each field defaults to the server's own setting. */
export interface CliEnv {
	/** The data folder (default: ATLAS_DATA_DIR, else ./data). */
	dataDir?: string;
	/** The public address put in links (default: ORIGIN, else http://localhost:PORT). */
	origin?: string;
	/** The clock (tests). */
	now?: Date;
	/** Time zone of printed dates (default: the machine's, TZ). */
	timeZone?: string;
	/** postgres://… to work on PostgreSQL (default: DATABASE_URL); anything else means the data folder's SQLite. */
	databaseUrl?: string;
}

/** Known before the database is opened: enough to check arguments. */
export interface PrepareContext {
	command: string;
	dataDir: string;
	io: Io;
}

export interface CommandContext {
	store: Store;
	/** For the functions of accounts.ts: the store, the clock, no address, device "cli". */
	ctx: Context;
	io: Io;
	now: Date;
	origin: string;
	dataDir: string;
	/** A stored ISO date as printed ("28/11/2026 14:05"). */
	date(iso: string): string;
}

export type Action = (c: CommandContext) => Promise<void>;

export interface Command {
	spec: ArgSpec;
	/**
	 * `none`: needs no database; `create`: opens it, creating it on a fresh install; `existing`:
	 * refuses a missing database file (most likely a wrong ATLAS_DATA_DIR, not a fresh install).
	 */
	database: 'none' | 'create' | 'existing';
	/**
	 * Checks the arguments before anything is opened or written, throwing a usage error (exit 2),
	 * and returns what to do.
	 */
	prepare(args: ParsedArgs, p: PrepareContext): Action;
	/**
	 * Work on the data folder's files with no store opened by the command line (`database: 'none'`):
	 * restore, which must see whether the server holds the database and may replace the folder.
	 */
	offline?(args: ParsedArgs, c: OfflineContext): Promise<void>;
}

/** What an offline command gets: no store. */
export interface OfflineContext {
	io: Io;
	now: Date;
	dataDir: string;
	date(iso: string): string;
}
