/**
 * `npm run load -- [options]` (scripts/load/run.js bundles and runs this file): the load and fault
 * test of scripts/load/index.ts, with a plain-text summary. Exit code 0 when every check passed,
 * 1 when one failed, 2 when the command line is wrong.
 */
import { writeFileSync } from 'node:fs';
import { DEFAULTS, runLoad, type LoadOptions } from './index';
import { formatReport } from './report';

const USAGE = `npm run load -- [options]

Starts the production server (build/, built if missing) on a private port with a fresh data folder,
joins a coordinator and N volunteers through the invitation link, and has every volunteer push
its sheets and a photo, then pull until up to date; then checks that nothing was lost or doubled.

  --volunteers N     volunteers, each its own session and install (default ${DEFAULTS.volunteers})
  --sheets N         sheets per volunteer (default ${DEFAULTS.sheets})
  --kill-every S     kill the server (SIGKILL) every S seconds ±50 % and restart it (default: never)
  --kills N          at most N kills
  --kill-at A,B,…    instead: kill once each share of the sheets is acknowledged (e.g. 0.25,0.5,0.75)
  --backup [F]       take a backup (npm run admin -- backup) when a share F of the sheets is
                     acknowledged (default 0.5), restore it at the end and check it
  --restore-at S     after S seconds, restore the server from a backup taken at S/2 (npm run admin
                     -- backup, then the server stopped, admin restore, started again); the phones
                     heal it as the app does (re-send what it lost, under new numbers)
  --seed N           random seed of the census (default ${DEFAULTS.seed})
  --time-scale X     multiplies the app's sync delays (3 s after an edit, backoff from 5 s);
                     default ${DEFAULTS.timeScale}
  --think MS         longest pause between two sessions of a volunteer (default ${DEFAULTS.thinkMs})
  --session-max N    most sheets made between two syncs (default ${DEFAULTS.sessionMax})
  --timeout S        give up after S seconds (default ${DEFAULTS.timeoutMs / 1000})
  --build-dir DIR    the build to run (default build)
  --port P           server port (default: a free one)
  --work-dir DIR     where the data folders go (default: the system's temporary folder)
  --keep             keep the data folders (and the PostgreSQL database)
  --database-url URL run the app on PostgreSQL: a fresh database is made on the server of URL
                     (e.g. postgres://atlas@127.0.0.1:5432/postgres) and dropped afterwards;
                     default: DATABASE_URL when set, else SQLite
  --instances N      N app instances (own port and data folder each) on the one PostgreSQL
                     database, every phone alternating between them (default 1)
  --json FILE        also write the full result as JSON
`;

class Usage extends Error {}

function parse(argv: readonly string[]): { options: Partial<LoadOptions>; json: string | null } {
	const options: Partial<LoadOptions> = {};
	let json: string | null = null;
	const num = (name: string, raw: string | undefined, min: number, integer = true): number => {
		const n = Number(raw);
		if (raw === undefined || !Number.isFinite(n) || n < min || (integer && !Number.isInteger(n)))
			throw new Usage(`--${name} needs a number ≥ ${min}${integer ? ' (whole)' : ''}, got ${raw ?? 'nothing'}`);
		return n;
	};
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i] as string;
		const [name, inline] =
			arg.startsWith('--') && arg.includes('=') ? [arg.slice(2, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg.slice(2), undefined];
		const value = () => inline ?? argv[++i];
		switch (arg.startsWith('--') ? name : arg) {
			case 'volunteers':
				options.volunteers = num(name, value(), 1);
				break;
			case 'sheets':
				options.sheets = num(name, value(), 1);
				break;
			case 'kill-every':
				options.killEvery = num(name, value(), 0.1, false);
				break;
			case 'kills':
				options.maxKills = num(name, value(), 0);
				break;
			case 'kill-at': {
				const raw = value() ?? '';
				options.killAt = raw.split(',').map((x) => num(name, x.trim(), 0, false));
				if (options.killAt.length === 0 || options.killAt.some((x) => x >= 1)) throw new Usage('--kill-at takes shares below 1, e.g. 0.25,0.5,0.75');
				break;
			}
			case 'backup': {
				const next = inline ?? argv[i + 1];
				if (next !== undefined && !next.startsWith('--')) {
					if (inline === undefined) i++;
					options.backupAt = num(name, next, 0, false);
					if (options.backupAt >= 1) throw new Usage('--backup takes a share below 1, e.g. 0.5');
				} else options.backupAt = 0.5;
				break;
			}
			case 'restore-at':
				options.restoreAt = num(name, value(), 0.1, false);
				break;
			case 'seed':
				options.seed = num(name, value(), 0);
				break;
			case 'time-scale':
				options.timeScale = num(name, value(), 0, false);
				break;
			case 'think':
				options.thinkMs = num(name, value(), 0);
				break;
			case 'session-max':
				options.sessionMax = num(name, value(), 1);
				break;
			case 'timeout':
				options.timeoutMs = num(name, value(), 1) * 1000;
				break;
			case 'build-dir':
				options.buildDir = value() ?? '';
				if (!options.buildDir) throw new Usage('--build-dir needs a folder');
				break;
			case 'port':
				options.port = num(name, value(), 1);
				options.restorePort = options.port + 1;
				break;
			case 'work-dir':
				options.workDir = value() ?? '';
				if (!options.workDir) throw new Usage('--work-dir needs a folder');
				break;
			case 'database-url':
				options.databaseUrl = value() ?? '';
				if (!/^postgres(ql)?:\/\//.test(options.databaseUrl)) throw new Usage('--database-url needs a postgres:// URL');
				break;
			case 'instances':
				options.instances = num(name, value(), 1);
				break;
			case 'keep':
				options.keep = true;
				break;
			case 'json':
				json = value() ?? null;
				if (!json) throw new Usage('--json needs a file');
				break;
			default:
				throw new Usage(`unknown option: ${arg}`);
		}
	}
	if (options.databaseUrl === undefined && process.env.DATABASE_URL) options.databaseUrl = process.env.DATABASE_URL;
	if ((options.instances ?? 1) > 1 && !options.databaseUrl) throw new Usage('--instances above 1 needs PostgreSQL (--database-url)');
	if (options.backupAt != null && options.databaseUrl) throw new Usage('--backup runs admin backup on the SQLite file: not with PostgreSQL');
	if (options.restoreAt != null && options.databaseUrl) throw new Usage('--restore-at runs admin restore on the SQLite file: not with PostgreSQL');
	return { options, json };
}

async function main(): Promise<number> {
	const argv = process.argv.slice(2);
	if (argv.includes('--help') || argv.includes('-h')) {
		process.stdout.write(USAGE);
		return 0;
	}
	let parsed;
	try {
		parsed = parse(argv);
	} catch (e) {
		if (!(e instanceof Usage)) throw e;
		process.stderr.write(`${e.message}\n\n${USAGE}`);
		return 2;
	}
	const result = await runLoad({ ...parsed.options, log: (line) => process.stdout.write(`${line}\n`) });
	process.stdout.write(`\n${formatReport(result)}\n`);
	if (parsed.json) writeFileSync(parsed.json, JSON.stringify(result, null, '\t'));
	return result.ok ? 0 : 1;
}

process.exitCode = await main();
