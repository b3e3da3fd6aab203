#!/usr/bin/env node
/**
 * `npm run bench [-- SECTION… ] [--quick] [--SIZE=N…]`: every performance figure beside a baseline
 * measured in the same run on the same machine, printed as a table (figure | ours | baseline |
 * ratio | target | met?) and written to bench-results/report-<date>.json and bench-results/latest.json.
 *
 * Sections (all by default, in this order): js, local, ingest, pull, export, lighthouse — see
 * README.md « Benchmarks ». Sizes default to the issue's; `--quick` makes them small (a check that
 * the harness works, not figures), and each can be set (`--export-sheets=20000` or
 * BENCH_EXPORT_SHEETS=20000). Missed targets are reported, never an error: the exit code is 1 only
 * when a section could not measure.
 *
 * The sections that need the production build (pull, js, lighthouse) run `npm run build` first
 * when build/ is missing or older than the sources; BENCH_BUILD_DIR=<dir> uses another build
 * (never rebuilt) instead.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { cpus, freemem, loadavg, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { RESULTS, ROOT } from './paths.js';
import { evaluate, formatTable } from './stats.js';

/** @typedef {import('./stats.js').Row} Row */
/** @typedef {import('./paths.js').Context} Context */
/** @typedef {import('./paths.js').Sizes} Sizes */
/** @typedef {{ rows: Row[]; details: unknown }} SectionResult */

/** @type {Sizes} */
const FULL = {
	localSheets: 10_000,
	localSaves: 200,
	localLists: 10,
	ingestSheets: 1_000,
	ingestRuns: 5,
	pullSheets: 10_000,
	pullRuns: 3,
	exportSheets: 100_000,
	lighthouseRuns: 3
};
/** @type {Sizes} */
const QUICK = {
	localSheets: 1_000,
	localSaves: 30,
	localLists: 3,
	ingestSheets: 200,
	ingestRuns: 1,
	pullSheets: 1_000,
	pullRuns: 1,
	exportSheets: 2_000,
	lighthouseRuns: 1
};

/** @type {Record<string, { needsBuild: boolean; run: (ctx: Context) => Promise<SectionResult> }>} */
const SECTIONS = {
	// First: it reads .svelte-kit/output, which the next build by anyone replaces.
	js: { needsBuild: true, run: async (ctx) => (await import('./js-size.js')).runJsSize(ctx) },
	local: { needsBuild: false, run: async (ctx) => (await import('./local.js')).runLocal(ctx) },
	ingest: { needsBuild: false, run: async (ctx) => (await import('./ingest.js')).runIngest(ctx) },
	pull: { needsBuild: true, run: async (ctx) => (await import('./pull.js')).runPull(ctx) },
	export: { needsBuild: false, run: async (ctx) => (await import('./exports.js')).runExports(ctx) },
	lighthouse: { needsBuild: true, run: async (ctx) => (await import('./lighthouse.js')).runLighthouse(ctx) }
};

/** `exportSheets` ↔ `--export-sheets` ↔ BENCH_EXPORT_SHEETS */
const kebab = (/** @type {string} */ k) => k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
const envName = (/** @type {string} */ k) => `BENCH_${kebab(k).replace(/-/g, '_').toUpperCase()}`;

/** @param {string[]} argv */
function parseArgs(argv) {
	const quick = argv.includes('--quick');
	/** @type {Sizes} */
	const sizes = { ...(quick ? QUICK : FULL) };
	/** @type {string[]} */
	const sections = [];
	for (const arg of argv) {
		if (arg === '--quick') continue;
		if (arg === '--help' || arg === '-h') {
			console.log(
				`npm run bench -- [${Object.keys(SECTIONS).join('|')}…] [--quick] ${Object.keys(FULL)
					.map((k) => `[--${kebab(k)}=N]`)
					.join(' ')}`
			);
			process.exit(0);
		}
		const m = /^--([a-z-]+)=(\d+)$/.exec(arg);
		const key = m && /** @type {(keyof Sizes)[]} */ (Object.keys(FULL)).find((k) => kebab(k) === m[1]);
		if (m && key) sizes[key] = Number(m[2]);
		else if (arg in SECTIONS) sections.push(arg);
		else throw new Error(`unknown argument ${arg} (sections: ${Object.keys(SECTIONS).join(', ')}; --quick; --help)`);
	}
	for (const key of /** @type {(keyof Sizes)[]} */ (Object.keys(FULL))) {
		const env = process.env[envName(key)];
		if (env && !argv.some((a) => a.startsWith(`--${kebab(key)}=`))) sizes[key] = Number(env);
	}
	// Always in the order of SECTIONS, whatever the order asked.
	return { quick, sizes, sections: Object.keys(SECTIONS).filter((s) => sections.length === 0 || sections.includes(s)) };
}

/** Newest modification time under these paths (files and folders, recursively). */
function newest(/** @type {string[]} */ paths) {
	let t = 0;
	const walk = (/** @type {string} */ p) => {
		if (!existsSync(p)) return;
		const s = statSync(p);
		t = Math.max(t, s.mtimeMs);
		if (s.isDirectory()) for (const e of readdirSync(p)) walk(join(p, e));
	};
	paths.forEach((p) => walk(join(ROOT, p)));
	return t;
}

/**
 * The build the server sections run. build/ is rebuilt (`npm run build`) when missing or older
 * than anything it is made from; a BENCH_BUILD_DIR is taken as it is.
 * @param {(s: string) => void} log
 */
function ensureBuild(log) {
	const sources = ['src', 'static', 'svelte.config.js', 'vite.config.ts', 'vite.cli.config.ts', 'package-lock.json'];
	if (process.env.BENCH_BUILD_DIR) {
		const dir = resolve(ROOT, process.env.BENCH_BUILD_DIR);
		if (!existsSync(join(dir, 'index.js'))) throw new Error(`BENCH_BUILD_DIR=${dir} holds no build (no index.js)`);
		if (statSync(join(dir, 'index.js')).mtimeMs < newest(sources)) log(`note: ${dir} is older than the sources (used as it is)`);
		return dir;
	}
	const dir = join(ROOT, 'build');
	const index = join(dir, 'index.js');
	if (existsSync(index) && statSync(index).mtimeMs >= newest(sources)) {
		log('build/ is up to date');
		return dir;
	}
	log(`build/ is ${existsSync(index) ? 'older than the sources' : 'missing'}: running npm run build…`);
	const r = spawnSync('npm', ['run', 'build'], { cwd: ROOT, stdio: ['ignore', 2, 2] });
	if (r.status !== 0) throw new Error('npm run build failed');
	return dir;
}

const fmtDuration = (/** @type {number} */ ms) =>
	ms < 60_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;

async function main() {
	const { quick, sizes, sections } = parseArgs(process.argv.slice(2));
	const started = new Date();
	const t0 = performance.now();
	const load = { start: loadavg(), end: /** @type {number[]} */ ([]) };
	/** @type {Row[]} */
	const rows = [];
	/** @type {Record<string, unknown>} */
	const details = {};
	/** @type {Record<string, string>} */
	const failures = {};
	/** @type {Record<string, number>} */
	const durations = {};
	const say = (/** @type {string} */ s) => console.error(`[bench] ${s}`);
	say(`sections: ${sections.join(', ')}${quick ? ' (quick sizes: not figures to report)' : ''}`);
	let buildDir = '';
	if (sections.some((s) => SECTIONS[s]?.needsBuild)) {
		try {
			buildDir = ensureBuild(say);
		} catch (e) {
			say(`cannot build: ${e instanceof Error ? e.message : e}`);
			for (const s of sections.filter((x) => SECTIONS[x]?.needsBuild)) failures[s] = 'no build';
		}
	}
	for (const name of sections) {
		const section = SECTIONS[name];
		if (!section || failures[name]) continue;
		const s0 = performance.now();
		const log = (/** @type {string} */ s) => say(`${name}: ${s}`);
		try {
			const result = await section.run({ sizes, log, buildDir });
			rows.push(...result.rows);
			details[name] = result.details;
		} catch (e) {
			failures[name] = e instanceof Error ? (e.stack ?? e.message) : String(e);
			log(`FAILED: ${failures[name]}`);
		}
		durations[name] = performance.now() - s0;
		log(`done in ${fmtDuration(durations[name] ?? 0)}`);
	}
	load.end = loadavg();
	const wallMs = performance.now() - t0;

	const table = formatTable(rows);
	console.log(`\n${table}\n`);
	for (const row of rows) if (row.note) console.log(`note, ${row.figure}: ${row.note}`);
	for (const [name, why] of Object.entries(failures)) console.log(`section ${name} FAILED: ${why.split('\n')[0]}`);
	console.log(
		`wall time ${fmtDuration(wallMs)} (${Object.entries(durations)
			.map(([k, v]) => `${k} ${fmtDuration(v)}`)
			.join(', ')}); load average ${load.start.map((x) => x.toFixed(2)).join(' ')} → ${load.end.map((x) => x.toFixed(2)).join(' ')} on ${cpus().length} cores`
	);

	const report = {
		date: started.toISOString(),
		quick,
		sizes,
		sections,
		wallMs,
		durationsMs: durations,
		machine: {
			node: process.version,
			platform: `${process.platform} ${process.arch}`,
			cpus: cpus().length,
			cpuModel: cpus()[0]?.model ?? '',
			memoryMB: Math.round(totalmem() / 2 ** 20),
			freeMemoryMB: Math.round(freemem() / 2 ** 20),
			loadAverage: load
		},
		buildDir: buildDir || null,
		rows: rows.map(evaluate),
		failures,
		details,
		table
	};
	mkdirSync(RESULTS, { recursive: true });
	const file = join(RESULTS, `report-${started.toISOString().replace(/:/g, '-').replace(/\..*$/, '')}.json`);
	writeFileSync(file, `${JSON.stringify(report, null, '\t')}\n`);
	writeFileSync(join(RESULTS, 'latest.json'), `${JSON.stringify(report, null, '\t')}\n`);
	console.log(`report: ${file} (and bench-results/latest.json)`);
	process.exitCode = Object.keys(failures).length > 0 ? 1 : 0;
}

main().catch((e) => {
	console.error(e);
	process.exitCode = 1;
});
