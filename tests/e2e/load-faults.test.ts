/**
 * The load and fault test (scripts/load, `npm run load`) in a size that fits CI: 40 volunteers,
 * each joined through the invitation link with its own session and install, pushing 5 sheets and a
 * real photo to the production server and pulling until up to date.
 *  1. Under load, a backup is taken with `admin backup` while the phones write, restored with
 *     `admin restore` into a new data folder, and a second server started on it holds every
 *     mutation acknowledged before the backup started.
 *  2. The server is killed with SIGKILL three times during the load and restarted: nothing it
 *     acknowledged is lost, nothing is applied twice, every phone converges.
 *  3. The server is restored in the middle of the load from a backup taken earlier under load, and
 *     killed too: the phones heal it (they send again what it forgot), and every mutation it ever
 *     acknowledged, before or after the restore, is there at the end.
 * Both check afterwards that the server holds exactly 200 sheets, none lost, none doubled, every
 * field as written, every photo intact, and every phone at the server's version.
 * (The full size, 500 × 20, runs with `npm run load`; its figures are in the README.)
 */
import { expect, test } from '@playwright/test';
import { runLoad, type LoadResult } from '../../scripts/load/index';
import { formatReport } from '../../scripts/load/report';

const PORT = Number(process.env.E2E_LOAD_PORT ?? 4421);
const common = {
	volunteers: 40,
	sheets: 5,
	buildDir: process.env.E2E_BUILD_DIR ?? 'build',
	workDir: 'test-results',
	timeoutMs: 45_000
};

/** The failed checks, with the whole report as the message when one fails. */
function failures(result: LoadResult): string[] {
	return [...result.checks.filter((c) => !c.ok).map((c) => `${c.name}: ${c.detail}`), ...(result.error ? [result.error] : [])];
}

test('40 volunteers push 5 sheets and a photo each; a backup taken meanwhile restores with everything acknowledged before it', async () => {
	const result = await runLoad({ ...common, port: PORT, restorePort: PORT + 1, backupAt: 0.4 });
	const report = formatReport(result);
	expect(failures(result), report).toEqual([]);
	expect(result.counts.sheets).toBe(200);
	expect(result.counts.photos).toBe(40);
	// The backup was really taken while the phones wrote: some before, some during it.
	expect(result.backup?.acksBefore, report).toBeGreaterThanOrEqual(80);
	expect(result.backup?.acksDuring, report).toBeGreaterThan(0);
	expect(result.backup?.photosBefore.length, report).toBeGreaterThan(0);
	expect(result.checks.map((c) => c.name)).toEqual(
		expect.arrayContaining(['no mutation applied twice', 'every mutation acknowledged before the backup is in it', 'every photo served back intact (40)'])
	);
	for (const kind of ['join', 'push', 'pull', 'photo-create', 'photo-append'] as const)
		expect(result.kinds.find((k) => k.kind === kind)?.count, kind).toBeGreaterThan(0);
	console.log(report);
});

test('the server killed (kill -9) three times during the load loses nothing it acknowledged, and every phone converges', async () => {
	// Killed when a quarter, half and three quarters of the sheets are acknowledged: three kills in
	// the middle of the pushes, however fast the machine (`npm run load -- --kill-every S` kills on a timer).
	const result = await runLoad({ ...common, port: PORT + 2, killAt: [0.25, 0.5, 0.75], sessionMax: 2, thinkMs: 600, seed: 2 });
	const report = formatReport(result);
	expect(failures(result), report).toEqual([]);
	expect(result.kills, report).toHaveLength(3);
	// Killed while the phones were working: mutations acknowledged before, rows still waiting.
	for (const [i, k] of result.kills.entries()) {
		expect(k.acksBefore, report).toBeGreaterThanOrEqual([50, 100, 150][i] as number);
		expect(k.acksBefore, report).toBeLessThan(result.counts.mutations);
	}
	expect(
		result.kills.some((k) => k.pending > 0 || k.inFlight > 0),
		report
	).toBe(true);
	expect(result.checks.find((c) => c.name.startsWith('every mutation acknowledged before each of the 3 kills'))?.ok, report).toBe(true);
	expect(result.counts.sheets).toBe(200);
	console.log(report);
});

test('a server restored from an earlier backup in the middle of the load, and killed, ends with every acknowledged mutation: the phones heal it', async () => {
	// Backup at 30 %, restore at 60 % of the sheets acknowledged, a kill at 80 %: the same moments
	// however fast the machine (`npm run load -- --restore-at S` restores on a timer).
	const result = await runLoad({ ...common, port: PORT + 3, restoreAtShares: [0.3, 0.6], killAt: [0.8], sessionMax: 2, thinkMs: 600, seed: 3 });
	const report = formatReport(result);
	expect(failures(result), report).toEqual([]);
	// The restore took back acknowledged mutations, which the phones sent again.
	expect(result.restore?.lostByRestore, report).toBeGreaterThan(0);
	expect(result.heals.resentRows, report).toBeGreaterThan(0);
	expect(result.checks.map((c) => c.name)).toEqual(
		expect.arrayContaining([
			'every phone acknowledged after the backup healed the restored server',
			'every acknowledged mutation is there (before and after the restore, those it lost sent again)',
			'no mutation applied twice'
		])
	);
	expect(result.counts.sheets).toBe(200);
	console.log(report);
});
