/**
 * End-to-end tests against the production build (`node build`), with the service worker active,
 * driving Debian's Chromium. Browser tests are part of the suite: without Chromium the run fails
 * loudly, it never skips them. No browser is ever downloaded.
 */
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { defineConfig } from '@playwright/test';
import { CHROMIUM_FLAGS } from './scripts/chromium-flags.js';

const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (!existsSync(chromiumPath)) {
	throw new Error(
		`Chromium introuvable : ${chromiumPath}. Installez-le : sudo apt-get install -y --no-install-recommends chromium ` +
			`(ou indiquez son chemin dans CHROMIUM_PATH).\n` +
			`Chromium not found at ${chromiumPath}. Install it: sudo apt-get install -y --no-install-recommends chromium ` +
			`(or set CHROMIUM_PATH). Browser tests are required, they are never skipped.`
	);
}

const port = Number(process.env.E2E_PORT ?? 4173);
// 127.0.0.1 rather than localhost: no IPv6/IPv4 guessing, and it is a secure context for the worker.
const baseURL = `http://127.0.0.1:${port}`;

// A fresh, empty server data folder for every run (one per port, so runs started side by side with
// different E2E_PORTs do not wipe each other's). Playwright evaluates this file again in each worker
// process: only the runner (no TEST_WORKER_INDEX) may wipe it, before it starts the server.
const dataDir = resolve(port === 4173 ? 'test-results/e2e-data' : `test-results/e2e-data-${port}`);
if (process.env.TEST_WORKER_INDEX === undefined) {
	rmSync(dataDir, { recursive: true, force: true });
	mkdirSync(dataDir, { recursive: true });
}

export default defineConfig({
	testDir: 'tests/e2e',
	testMatch: '**/*.test.ts',
	// Playwright empties its outputDir at start: keep it apart from the JSON reports and the data folder.
	outputDir: 'test-results/e2e-artifacts',
	timeout: 60_000,
	expect: { timeout: 10_000 },
	// Two cores: one worker keeps timings steady (tests share one server and its database).
	workers: 1,
	fullyParallel: false,
	retries: 0,
	forbidOnly: !!process.env.CI,
	reporter: [['list'], ['json', { outputFile: 'test-results/e2e.json' }]],
	use: {
		baseURL,
		trace: 'retain-on-failure',
		screenshot: 'only-on-failure',
		serviceWorkers: 'allow',
		locale: 'fr-FR',
		timezoneId: 'Europe/Paris',
		launchOptions: {
			executablePath: chromiumPath,
			// The project's Chromium flags (shared with the benchmark): see scripts/chromium-flags.js.
			args: CHROMIUM_FLAGS
		}
	},
	projects: [
		{
			name: 'phone',
			use: {
				browserName: 'chromium',
				viewport: { width: 360, height: 740 },
				deviceScaleFactor: 2,
				hasTouch: true,
				isMobile: false
			}
		}
	],
	webServer: {
		// The build is made beforehand (`npm test` runs `npm run build` first).
		// E2E_BUILD_DIR: a copy of the build, for runs side by side with a rebuild (development only).
		command: `node ${process.env.E2E_BUILD_DIR ?? 'build'}`,
		url: `${baseURL}/`,
		reuseExistingServer: false,
		timeout: 60_000,
		stdout: 'pipe',
		stderr: 'pipe',
		env: {
			PORT: String(port),
			HOST: '127.0.0.1',
			ATLAS_DATA_DIR: dataDir,
			ORIGIN: baseURL,
			BODY_SIZE_LIMIT: '16M',
			NODE_ENV: 'production'
		}
	}
});
