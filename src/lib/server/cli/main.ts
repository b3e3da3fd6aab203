/**
 * The operator's command line: `npm run admin -- <command>` (scripts/admin.js runs the bundle of
 * this file, built by vite.cli.config.ts). It works on the server's own data folder and database,
 * through the same account functions as the routes, so what it does shows in the team screen and
 * the audit log like any other change.
 *
 * Exit codes: 0 done; 2 the command line is wrong (nothing was opened or changed); 1 it could not
 * be done (unknown person, no database, database error...). Results go to stdout, with every link
 * alone on its line; errors and warnings to stderr, in French then English.
 */
import { existsSync, realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { switchLocale, t, type MessageKey } from '$lib/i18n';
import { localeFromEnv } from '$lib/i18n/locales';
import { AccountError } from '$lib/server/accounts';
import { dataDir as defaultDataDir, databaseFile, publicOrigin } from '$lib/server/config';
import { isPostgresUrl, maskUrl } from '$lib/server/postgres/connect';
import { PgStore } from '$lib/server/postgres/store';
import { SqliteStore } from '$lib/server/sqlite/store';
import type { Store } from '$lib/server/store/types';
import { parseArgs } from './args';
import { invitations, revokeInvitation } from './commands/invitations';
import { invite } from './commands/invite';
import { exportCommand, formatChoices } from './commands/export';
import { backupCommand } from './commands/backup';
import { restoreCommand } from './commands/restore';
import { copyToPostgresCommand } from './commands/copy-to-postgres';
import { createCoordinator } from './commands/setup';
import { reissue, revoke, users } from './commands/users';
import { CliError, EXIT_FAILURE, EXIT_OK, EXIT_USAGE, failure } from './errors';
import { formatDate } from './format';
import type { CliEnv, Command, Io } from './types';

export type { CliEnv, Io } from './types';

const help: Command = {
	spec: { options: {}, maxPositionals: 1 },
	database: 'none',
	prepare: () => async () => undefined // main.ts prints the usage for `help`
};

export const COMMANDS: Readonly<Record<string, Command>> = {
	'create-coordinator': createCoordinator,
	invite,
	users,
	revoke,
	reissue,
	invitations,
	'revoke-invitation': revokeInvitation,
	export: exportCommand,
	backup: backupCommand,
	restore: restoreCommand,
	'copy-to-postgres': copyToPostgresCommand,
	help
};

/** Runs one command line; returns the exit code (never calls process.exit, so tests can drive it). */
export async function run(argv: readonly string[], io: Io, env: CliEnv = {}): Promise<number> {
	const dataDir = env.dataDir ?? defaultDataDir();
	const origin = (env.origin ?? publicOrigin()).replace(/\/$/, '');
	const usage = () =>
		`${t('cli.usage', { dataDir: databaseFile(dataDir), origin, formats: formatChoices().formats })}\n\n${t('cli.backup.usage')}\n\n${t('cli.copy.usage')}`;
	// DATABASE_URL=postgres://… : the commands work on PostgreSQL, as the app does (context.ts).
	const databaseUrl = env.databaseUrl ?? process.env.DATABASE_URL;
	const [name, ...rest] = argv;

	if (name === undefined) {
		io.err(t('cli.error.no_command'));
		io.err('');
		io.err(usage());
		return EXIT_USAGE;
	}
	if (name === 'help' || name === '--help' || name === '-h') {
		io.out(usage());
		return EXIT_OK;
	}
	const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
	if (!command) {
		io.err(t('cli.error.unknown_command', { command: name }));
		io.err(t('cli.hint.help'));
		return EXIT_USAGE;
	}

	let store: Store | null = null;
	try {
		const args = parseArgs(name, rest, command.spec);
		if (args.options.has('help')) {
			io.out(usage());
			return EXIT_OK;
		}
		// The data folder's database file and photo files: pg_dump is the tool for PostgreSQL.
		if (SQLITE_ONLY.has(name) && isPostgresUrl(databaseUrl)) throw failure(t('cli.copy.error.sqlite_only', { command: name }));
		const action = command.prepare(args, { command: name, dataDir, io });
		if (command.database === 'none') {
			await command.offline?.(args, { io, now: env.now ?? new Date(), dataDir, date: (iso) => formatDate(iso, env.timeZone) });
			return EXIT_OK;
		}

		if (isPostgresUrl(databaseUrl)) {
			const pg = new PgStore(databaseUrl, { max: 2 });
			store = pg;
			try {
				await pg.open();
			} catch (e) {
				throw failure(t('cli.error.postgres_unreachable', { target: maskUrl(databaseUrl), reason: e instanceof Error ? e.message : String(e) }));
			}
		} else {
			const file = databaseFile(dataDir);
			if (command.database === 'existing' && !existsSync(file)) throw failure(t('cli.error.no_database', { file }));
			store = new SqliteStore(file);
		}
		const now = env.now ?? new Date();
		await action({
			store,
			ctx: { store, now, ip: null, device: 'cli' },
			io,
			now,
			origin,
			dataDir,
			date: (iso) => formatDate(iso, env.timeZone)
		});
		return EXIT_OK;
	} catch (e) {
		return report(e, io);
	} finally {
		await store?.close();
	}
}

/** Commands on the SQLite file and the photo files themselves, refused when DATABASE_URL names PostgreSQL. */
const SQLITE_ONLY = new Set(['backup', 'restore']);

function report(e: unknown, io: Io): number {
	if (e instanceof CliError) {
		io.err(e.message);
		if (e.exitCode === EXIT_USAGE) io.err(t('cli.hint.help'));
		return e.exitCode;
	}
	const message = e instanceof AccountError ? t(`api.error.${e.code}` satisfies MessageKey) : e instanceof Error ? e.message : String(e);
	io.err(t('cli.error.failed', { message }));
	return EXIT_FAILURE;
}

/** True when this module is the program node was started with (not imported by a test). */
function isEntryPoint(): boolean {
	const script = process.argv[1];
	if (!script) return false;
	try {
		return realpathSync(script) === realpathSync(fileURLToPath(import.meta.url));
	} catch {
		return false;
	}
}

if (isEntryPoint()) {
	// The terminal's language: ATLAS_LANG, else LC_ALL / LC_MESSAGES / LANG; French by default.
	await switchLocale(localeFromEnv(process.env));
	const io: Io = {
		out: (text) => process.stdout.write(`${text}\n`),
		err: (text) => process.stderr.write(`${text}\n`)
	};
	// exitCode rather than exit(): lets piped stdout flush before the process ends.
	process.exitCode = await run(process.argv.slice(2), io);
}
