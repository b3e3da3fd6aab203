#!/usr/bin/env node
/**
 * `npm run load -- [options]`: the load and fault test (scripts/load/main.ts).
 *   - builds the app first (`npm run build`) when build/index.js is missing (another build can be
 *     named with --build-dir; it must exist);
 *   - bundles scripts/load/main.ts with Vite for plain Node (it uses the app's own TypeScript code:
 *     the sheet model, the clocks, the photo upload) into node_modules/.cache/atlas-load/, again
 *     whenever scripts/load or src/lib changed;
 *   - runs it with the given options and exits with its code (0: every check passed).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readFileSync } from 'node:fs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const outDir = join(root, 'node_modules', '.cache', 'atlas-load');
const bundle = join(outDir, 'main.js');
const args = process.argv.slice(2);

/** Latest modification time of the files under `dir`. @param {string} dir @returns {number} */
function newestUnder(dir) {
	let newest = 0;
	for (const entry of readdirSync(dir, { withFileTypes: true })) {
		const path = join(dir, entry.name);
		newest = Math.max(newest, entry.isDirectory() ? newestUnder(path) : statSync(path).mtimeMs);
	}
	return newest;
}

// 1. The production build.
const buildFlag = args.findIndex((a) => a === '--build-dir' || a.startsWith('--build-dir='));
const buildDir =
	buildFlag === -1 ? join(root, 'build') : resolve(root, args[buildFlag]?.includes('=') ? (args[buildFlag].split('=')[1] ?? '') : (args[buildFlag + 1] ?? ''));
if (!existsSync(join(buildDir, 'index.js'))) {
	if (buildFlag !== -1) {
		console.error(`No build in ${buildDir} (index.js missing).`);
		process.exit(2);
	}
	console.error('No build yet: npm run build…');
	const built = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: ['ignore', 2, 2] });
	if (built.status !== 0) process.exit(built.status ?? 1);
}

// 2. The load script, bundled for Node.
const stale = !existsSync(bundle) || Math.max(newestUnder(join(root, 'scripts', 'load')), newestUnder(join(root, 'src', 'lib'))) > statSync(bundle).mtimeMs;
if (stale) {
	console.error('Bundling the load script…');
	const { build } = await import('vite');
	const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
	const dependencies = Object.keys(pkg.dependencies ?? {});
	const builtins = new Set(builtinModules);
	/** @param {string} id */
	const external = (id) => id.startsWith('node:') || builtins.has(id) || dependencies.some((d) => id === d || id.startsWith(`${d}/`));
	await build({
		configFile: false,
		root,
		publicDir: false,
		logLevel: 'warn',
		resolve: { alias: { $lib: join(root, 'src', 'lib') } },
		ssr: { external: true, target: 'node' },
		build: {
			ssr: join(root, 'scripts', 'load', 'main.ts'),
			outDir,
			emptyOutDir: true,
			target: 'node20',
			minify: false,
			sourcemap: true,
			copyPublicDir: false,
			rolldownOptions: { external, output: { format: 'esm', entryFileNames: 'main.js' } }
		}
	});
}

// 3. Run it: source maps on (an error points at the TypeScript); a larger young generation, as the
// 500 phones parse gigabytes of pulled JSON that dies young (less of the two cores lost to the
// garbage collector, more left to the server being measured).
const run = spawnSync(process.execPath, ['--enable-source-maps', '--max-semi-space-size=64', bundle, ...args], { cwd: root, stdio: 'inherit' });
process.exit(run.status ?? 1);
