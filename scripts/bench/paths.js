/** Places, ports and browser settings shared by the benchmark's sections. */
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
/** Bundles and scratch data (seeded databases, export files): inside the project for module resolution. */
export const WORK = join(ROOT, 'node_modules', '.cache', 'atlas-bench');
export const RESULTS = join(ROOT, 'bench-results');

/** Loopback ports of the benchmark (4400–4409): never those of the app (3000), dev (5173) or the e2e suite (4173). */
export const PORTS = { localPage: 4400, pullServer: 4401, lighthouseServer: 4402, lighthouseChrome: 4403, noGeoApi: 4404 };

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Chromium's flags: the same as the browser tests'. */
export { CHROMIUM_FLAGS } from '../chromium-flags.js';

/**
 * The sizes of a run (scripts/bench/index.js: the by default, small with --quick).
 * @typedef {{ localSheets: number; localSaves: number; localLists: number; ingestSheets: number; ingestRuns: number; pullSheets: number; pullRuns: number; exportSheets: number; lighthouseRuns: number }} Sizes
 */
/**
 * What a section gets: the sizes, a progress line writer, and the build folder (for those that need one).
 * @typedef {{ sizes: Sizes; log: (s: string) => void; buildDir: string }} Context
 */
