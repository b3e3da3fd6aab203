#!/usr/bin/env node
/**
 * A throw-away PostgreSQL server for the tests: Debian's binaries, a fresh cluster in a temporary
 * folder, trust authentication for the superuser `atlas`, on 127.0.0.1 and a free port, durability
 * off (fsync, synchronous commit, full-page writes: a crash only loses test data). Nothing is
 * printed on success (the last line of `npm test` must stay `N passed, N failed`); the server's log
 * is shown when it does not start.
 *
 *   node scripts/pg-cluster.js start        prints `ATLAS_TEST_DATABASE_URL=… PG_CLUSTER_DIR=…`
 *   node scripts/pg-cluster.js stop DIR     stops that cluster and deletes its folder
 *
 * scripts/test-all.js imports `startCluster()` instead. initdb refuses to run as root: as root, the
 * folder is given to the `postgres` user (created by Debian's package) and every binary runs as it.
 */
import { spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The session's development server listens there: never take it. */
const RESERVED_PORTS = new Set([54329]);

/** Debian's newest PostgreSQL binaries folder, or null when the package is not installed. */
export function findPgBin() {
	const base = '/usr/lib/postgresql';
	if (!existsSync(base)) return null;
	const versions = readdirSync(base)
		.filter((v) => /^\d+$/.test(v) && existsSync(join(base, v, 'bin', 'initdb')))
		.sort((a, b) => Number(b) - Number(a));
	return versions.length > 0 ? join(base, versions[0], 'bin') : null;
}

/** A TCP port nobody listens on right now on 127.0.0.1. @returns {Promise<number>} */
async function freePort() {
	for (;;) {
		const port = await new Promise((resolve, reject) => {
			const server = createServer();
			server.once('error', reject);
			server.listen(0, '127.0.0.1', () => {
				const address = server.address();
				server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
			});
		});
		if (port && !RESERVED_PORTS.has(/** @type {number} */ (port))) return /** @type {number} */ (port);
	}
}

/** Runs as the `postgres` user when we are root (initdb and postgres refuse root). */
function asOwner() {
	return process.getuid?.() === 0 ? ['runuser', '-u', 'postgres', '--'] : [];
}

/**
 * Runs a PostgreSQL binary quietly; throws with its output (and the server log) on failure.
 * @param {string} bin @param {string} tool @param {string[]} args @param {string} [log]
 */
function pg(bin, tool, args, log) {
	const [command, ...prefix] = [...asOwner(), join(bin, tool)];
	const result = spawnSync(/** @type {string} */ (command), [...prefix, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
	if (result.status !== 0) {
		const serverLog = log && existsSync(log) ? `\n--- server log ---\n${readFileSync(log, 'utf8')}` : '';
		throw new Error(`${tool} failed (${result.error?.message ?? `exit ${result.status}`}):\n${result.stdout}${result.stderr}${serverLog}`);
	}
}

/**
 * Starts a fresh cluster. `url` is the server's `postgres` database (tests create their own).
 * @returns {Promise<{ url: string, dir: string, stop: () => void }>}
 */
export async function startCluster() {
	const bin = findPgBin();
	if (!bin) throw new Error('PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb)');
	const dir = mkdtempSync(join(tmpdir(), 'atlas-pg-'));
	if (process.getuid?.() === 0) chownSync(dir, uidOf('postgres'), gidOf('postgres'));
	const data = join(dir, 'data');
	const log = join(dir, 'log');
	const port = await freePort();
	try {
		pg(bin, 'initdb', ['-D', data, '-U', 'atlas', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8', '--no-sync']);
		const options = [
			`-c listen_addresses=127.0.0.1 -p ${port} -k ${dir}`,
			'-c fsync=off -c synchronous_commit=off -c full_page_writes=off',
			// Every vitest worker opens a few pools, the two-instance browser test two servers' worth.
			'-c max_connections=300'
		].join(' ');
		pg(bin, 'pg_ctl', ['-D', data, '-l', log, '-w', '-o', options, 'start'], log);
	} catch (error) {
		rmSync(dir, { recursive: true, force: true });
		throw error;
	}
	let stopped = false;
	return {
		url: `postgres://atlas@127.0.0.1:${port}/postgres`,
		dir,
		stop() {
			if (stopped) return;
			stopped = true;
			stopCluster(dir);
		}
	};
}

/** Stops the cluster in `dir` (fast: open sessions are ended) and deletes the folder. @param {string} dir */
export function stopCluster(dir) {
	const bin = findPgBin();
	const data = join(dir, 'data');
	try {
		if (bin && existsSync(join(data, 'postmaster.pid'))) pg(bin, 'pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']);
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
}

/** @param {string} name */
function uidOf(name) {
	return Number(spawnSync('id', ['-u', name], { encoding: 'utf8' }).stdout.trim() || NaN);
}
/** @param {string} name */
function gidOf(name) {
	return Number(spawnSync('id', ['-g', name], { encoding: 'utf8' }).stdout.trim() || NaN);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
	const [command, dir] = process.argv.slice(2);
	if (command === 'start') {
		const cluster = await startCluster();
		console.log(`ATLAS_TEST_DATABASE_URL=${cluster.url} PG_CLUSTER_DIR=${cluster.dir}`);
	} else if (command === 'stop' && dir) {
		stopCluster(dir);
	} else {
		console.error(`usage: node scripts/pg-cluster.js start | stop DIR   (run as ${userInfo().username})`);
		process.exitCode = 2;
	}
}
