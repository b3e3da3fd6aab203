/**
 * The move from SQLite to PostgreSQL, done as the README says but with the app started again on
 * SQLite between the copy and the switch (the operator copied on Friday, switched on Monday):
 * `admin copy-to-postgres` into a fresh database, the phones keep working on SQLite, then the server
 * is restarted with DATABASE_URL. What the phones sent after the copy is not in PostgreSQL; the copy
 * carries a new generation, so their next sync re-sends it. The scenario and its timeline are in
 * restore-scenario.ts.
 * PostgreSQL: ATLAS_TEST_DATABASE_URL when set (`npm test` starts one), otherwise a throw-away
 * cluster of this test (scripts/pg-cluster.js); a database of its own is made there and dropped.
 */
import { test } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { createScratchDatabase, type ScratchDatabase } from '../../scripts/load/pg';
import { admin, restoreScenario } from './restore-scenario';
import { TestServer } from './server';

const server = new TestServer(Number(process.env.E2E_RESTORE_PG_PORT ?? 4702));
server.env = { DATABASE_URL: '' };
/** The folder of the throw-away cluster this test started (none when ATLAS_TEST_DATABASE_URL is given). */
let clusterDir: string | null = null;

/** `node scripts/pg-cluster.js start`: a fresh cluster; its URL. */
function startCluster(): string {
	const run = spawnSync(process.execPath, ['scripts/pg-cluster.js', 'start'], { encoding: 'utf8' });
	const url = /ATLAS_TEST_DATABASE_URL=(\S+)/.exec(run.stdout)?.[1];
	clusterDir = /PG_CLUSTER_DIR=(\S+)/.exec(run.stdout)?.[1] ?? null;
	if (run.status !== 0 || !url) throw new Error(`no PostgreSQL cluster:\n${run.stdout}\n${run.stderr}`);
	return url;
}
let database: ScratchDatabase | null = null;

test.beforeAll(async () => {
	const serverUrl = process.env.ATLAS_TEST_DATABASE_URL ?? startCluster();
	database = await createScratchDatabase(serverUrl, 'e2e_restore');
	await server.start();
});
test.afterAll(async () => {
	// Stopped as a service manager does (SIGTERM), and waited for: the server closes its PostgreSQL
	// connections once the HTTP server has closed, or this hook never ends (a pool kept open).
	await server.stop();
	await server.dispose();
	await database?.drop();
	if (clusterDir) spawnSync(process.execPath, ['scripts/pg-cluster.js', 'stop', clusterDir]);
});

test('after `admin copy-to-postgres` and the switch, what the phones sent to SQLite since the copy comes back from them', async ({ browser }) => {
	test.setTimeout(300_000);
	const url = () => {
		if (!database) throw new Error('no database');
		return database.url;
	};
	await restoreScenario(
		browser,
		server,
		{
			async snapshot() {
				// The copy needs the app stopped; it then runs on SQLite again until the switch.
				await server.stop();
				admin(server, ['copy-to-postgres', url()]);
				await server.start();
			},
			async rewind() {
				await server.stop();
				server.env = { DATABASE_URL: url() };
				await server.start();
			}
		},
		join('test-results', 'restore-postgres')
	);
});
