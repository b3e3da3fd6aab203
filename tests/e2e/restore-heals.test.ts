/**
 * A coordinator restores last night's backup with the real command line (`admin backup` while the
 * server runs, then the server stopped, `admin restore`, started again): the phones that synced
 * after the backup heal the server by themselves on their next sync. The scenario and its timeline
 * are in restore-scenario.ts.
 */
import { test } from '@playwright/test';
import { readdirSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { admin, restoreScenario } from './restore-scenario';
import { TestServer } from './server';

const server = new TestServer(Number(process.env.E2E_RESTORE_PORT ?? 4701));
server.env = { DATABASE_URL: '' };
const backupDir = join(dirname(server.dataDir), `restore-backup-${server.port}`);
test.beforeAll(async () => {
	rmSync(backupDir, { recursive: true, force: true });
	await server.start();
});
test.afterAll(async () => {
	await server.dispose();
	rmSync(backupDir, { recursive: true, force: true });
	// restore keeps the replaced data folder beside it (`<data>.avant-restauration-<date>`).
	const kept = `${basename(server.dataDir)}.avant-restauration-`;
	for (const name of readdirSync(dirname(server.dataDir)))
		if (name.startsWith(kept)) rmSync(join(dirname(server.dataDir), name), { recursive: true, force: true });
});

test('after `admin restore` of an earlier backup, the phones re-send what the server lost, and a newer edit made since is kept', async ({ browser }) => {
	test.setTimeout(300_000);
	await restoreScenario(
		browser,
		server,
		{
			async snapshot() {
				// Taken while the server runs, as a nightly cron job does.
				admin(server, ['backup', backupDir]);
			},
			async rewind() {
				await server.stop();
				admin(server, ['restore', backupDir]);
				await server.start();
			}
		},
		join('test-results', 'restore-heals')
	);
});
