#!/usr/bin/env node
/**
 * `npm test`: the single test command, used as is by CI.
 *   1. npm run lint             import boundaries, svelte-check, ESLint, Prettier's check: counted as one
 *                               test (1 passed or 1 failed) in the last line
 *      svelte-kit sync          (generated types and tsconfig)
 *   2. vitest                   unit tests        → test-results/unit.json, projects `sqlite` (every unit
 *                               test) and `postgres` (the server tests again, on PostgreSQL)
 *   3. npm run build            the production build the browser tests run against
 *   4. playwright test          end-to-end tests  → test-results/e2e.json  (Debian's Chromium)
 * The LAST line printed is exactly `N passed, N failed` (unit + e2e). A step that crashes, or a suite
 * that leaves no report, counts as at least one failure: a broken suite never looks green.
 * Browser tests are required: without Chromium this fails, it does not skip them.
 * PostgreSQL: a throw-away server (scripts/pg-cluster.js, Debian's `postgresql` package) runs from
 * before the unit tests to the end, its address in ATLAS_TEST_DATABASE_URL for every child (the
 * browser tests' two-instance test too); an address already in ATLAS_TEST_DATABASE_URL is used as is.
 * Without PostgreSQL: a failure in CI; elsewhere a loud notice, and the `postgres` half does not run.
 * ATLAS_TEST_UNIT_ONLY=1 stops after the unit tests (to debug them): counted as one failure, the
 * browser tests not having run.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findPgBin, startCluster } from './pg-cluster.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const resultsDir = join(root, 'test-results');
const unitReport = join(resultsDir, 'unit.json');
const e2eReport = join(resultsDir, 'e2e.json');
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

let passed = 0;
let failed = 0;
/** @type {string[]} */
const problems = [];

/**
 * Runs a command in the project, output shown as it comes; returns its exit code.
 * @param {string} label @param {string} command @param {string[]} args
 */
function run(label, command, args) {
	console.log(`\n=== ${label}: ${command} ${args.join(' ')}`);
	const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: process.env });
	if (result.error) {
		console.error(result.error);
		return 1;
	}
	return result.status ?? 1;
}

/** @param {string} path @returns {any} */
function readJson(path) {
	try {
		return JSON.parse(readFileSync(path, 'utf8'));
	} catch {
		return null;
	}
}

/** @param {string} message */
function fail(message, count = 1) {
	failed += count;
	problems.push(message);
}

mkdirSync(resultsDir, { recursive: true });
// An old report must never be read as this run's.
rmSync(unitReport, { force: true });
rmSync(e2eReport, { force: true });

// 0. A PostgreSQL server for the `postgres` test project
if (!process.env.ATLAS_TEST_DATABASE_URL) {
	if (!findPgBin()) {
		const install = 'sudo apt-get update && sudo apt-get install -y --no-install-recommends postgresql';
		console.error(
			`\n!!! PostgreSQL introuvable (/usr/lib/postgresql/*/bin) : la moitié PostgreSQL des tests unitaires ne tourne pas.\n` +
				`!!! Installez-le : ${install}\n` +
				`!!! PostgreSQL not found (/usr/lib/postgresql/*/bin): the PostgreSQL half of the unit tests does not run.\n` +
				`!!! Install it: ${install}\n` +
				`!!! (or set ATLAS_TEST_DATABASE_URL=postgres://user@host:port/postgres, a server where the tests may create databases).\n`
		);
		if (process.env.CI) fail(`PostgreSQL missing: the store's tests on PostgreSQL could not run (install Debian's postgresql: ${install})`);
	} else {
		try {
			const cluster = await startCluster();
			process.env.ATLAS_TEST_DATABASE_URL = cluster.url;
			// Stopped whatever happens: normal end, a failure, Ctrl-C (which vitest or playwright gets
			// too: this handler runs once the running step has returned).
			process.on('exit', () => cluster.stop());
			for (const signal of /** @type {const} */ (['SIGINT', 'SIGTERM', 'SIGHUP'])) {
				process.on(signal, () => {
					cluster.stop();
					process.exit(128 + (signal === 'SIGINT' ? 2 : signal === 'SIGTERM' ? 15 : 1));
				});
			}
		} catch (error) {
			console.error(error);
			fail(`the PostgreSQL test server did not start: ${error instanceof Error ? error.message.split('\n')[0] : error}`);
		}
	}
}

// 1. Lint (the code's rules before its behaviour), then sync
if (run('lint', 'npm', ['run', 'lint']) === 0) passed += 1;
else fail('npm run lint failed (boundaries, svelte-check, ESLint or Prettier: see its output above; `npm run format` formats)');
if (run('sync', 'npx', ['svelte-kit', 'sync']) !== 0) fail('svelte-kit sync failed');

// 2. Unit tests
{
	const code = run('unit', 'npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile=${unitReport}`]);
	const report = readJson(unitReport);
	if (!report) {
		fail(`unit tests left no report (vitest exit code ${code})`);
	} else {
		const unitPassed = report.numPassedTests ?? 0;
		let unitFailed = report.numFailedTests ?? 0;
		// A test file that cannot even load has no failed test, only a failed file.
		const brokenFiles = (report.testResults ?? []).filter(
			(/** @type {any} */ file) => file.status === 'failed' && !(file.assertionResults ?? []).some((/** @type {any} */ t) => t.status === 'failed')
		);
		for (const file of brokenFiles) problems.push(`unit file failed to run: ${file.name}\n${file.message ?? ''}`);
		unitFailed += brokenFiles.length;
		if (code !== 0 && unitFailed === 0) {
			unitFailed = 1;
			problems.push(`vitest exited with code ${code} (see its output above)`);
		}
		if (unitFailed > 0 && report.numFailedTests) problems.push(`${report.numFailedTests} unit test(s) failed`);
		passed += unitPassed;
		failed += unitFailed;
	}
}

// 3. Build, 4. Browser tests
if (process.env.ATLAS_TEST_UNIT_ONLY) {
	fail('browser tests not run (ATLAS_TEST_UNIT_ONLY is set)');
} else if (!existsSync(chromiumPath)) {
	console.error(
		`\n!!! Chromium introuvable (${chromiumPath}) : les tests navigateur sont obligatoires.\n` +
			`!!! Installez-le : sudo apt-get update && sudo apt-get install -y --no-install-recommends chromium\n` +
			`!!! Chromium not found (${chromiumPath}): browser tests are required, not optional.\n` +
			`!!! Install it: sudo apt-get update && sudo apt-get install -y --no-install-recommends chromium\n` +
			`!!! (or point CHROMIUM_PATH at a Chromium binary). Never run \`npx playwright install\`.\n`
	);
	fail('Chromium missing: end-to-end tests could not run');
} else if (run('build', 'npm', ['run', 'build']) !== 0) {
	fail('build failed: end-to-end tests could not run');
} else {
	const code = run('e2e', 'npx', ['playwright', 'test']);
	const report = readJson(e2eReport);
	if (!report) {
		fail(`end-to-end tests left no report (playwright exit code ${code})`);
	} else {
		const stats = report.stats ?? {};
		const e2ePassed = (stats.expected ?? 0) + (stats.flaky ?? 0);
		let e2eFailed = stats.unexpected ?? 0;
		// Errors outside tests (config, web server, global setup) fail the run without failing a test.
		const globalErrors = report.errors ?? [];
		for (const error of globalErrors) problems.push(`playwright: ${error.message ?? JSON.stringify(error)}`);
		if (globalErrors.length > 0 && e2eFailed === 0) e2eFailed = 1;
		if (code !== 0 && e2eFailed === 0) {
			e2eFailed = 1;
			problems.push(`playwright exited with code ${code} (see its output above)`);
		}
		if (stats.unexpected) problems.push(`${stats.unexpected} end-to-end test(s) failed`);
		if (e2ePassed + e2eFailed === 0) {
			e2eFailed = 1;
			problems.push('no end-to-end test ran');
		}
		passed += e2ePassed;
		failed += e2eFailed;
	}
}

if (problems.length > 0) {
	console.log('\n=== Problems');
	for (const problem of problems) console.log(`- ${problem}`);
}
console.log(`\n${passed} passed, ${failed} failed`);
process.exitCode = failed > 0 ? 1 : 0;
