#!/usr/bin/env node
/**
 * `npm run admin -- <command>`: the operator's command line (src/lib/server/cli/main.ts).
 *   - runs the bundle build/cli/main.js with the given arguments, on the same data folder as the
 *     server (ATLAS_DATA_DIR, default ./data), and exits with its code;
 *   - builds the bundle first when it is missing, or older than the code under src/lib while Vite is
 *     installed (a checkout being worked on). Without Vite (production install), an existing bundle
 *     is used as it is.
 * Build messages go to stderr, so stdout carries only the command's output (links, tables).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bundle = join(root, 'build', 'cli', 'main.js');
const viteBin = join(root, 'node_modules', 'vite', 'bin', 'vite.js');

/** Latest modification time of the files under `dir` (0 when there is none). @param {string} dir */
function newestUnder(dir) {
	let newest = 0;
	/** @type {import('node:fs').Dirent[]} */
	let entries;
	try {
		entries = readdirSync(dir, { withFileTypes: true });
	} catch {
		return 0;
	}
	for (const entry of entries) {
		const path = join(dir, entry.name);
		newest = Math.max(newest, entry.isDirectory() ? newestUnder(path) : statSync(path).mtimeMs);
	}
	return newest;
}

function stale() {
	if (!existsSync(bundle)) return true;
	if (!existsSync(viteBin)) return false;
	const built = statSync(bundle).mtimeMs;
	return newestUnder(join(root, 'src', 'lib')) > built || statSync(join(root, 'vite.cli.config.ts')).mtimeMs > built;
}

if (stale()) {
	if (!existsSync(viteBin)) {
		console.error(
			`Ligne de commande absente (${bundle}) et Vite non installé : lancez npm ci puis npm run build.\n` +
				`Command line bundle missing and Vite not installed: run npm ci, then npm run build.`
		);
		process.exit(1);
	}
	console.error('Construction de la ligne de commande… (building the command line…)');
	// fd 2 for the build's stdout too: scripts reading our stdout see only the command's output.
	const build = spawnSync(process.execPath, [viteBin, 'build', '-c', 'vite.cli.config.ts'], { cwd: root, stdio: ['ignore', 2, 2] });
	if (build.status !== 0 || !existsSync(bundle)) {
		console.error('La construction a échoué. (Build failed.)');
		process.exit(build.status || 1);
	}
}

const result = spawnSync(process.execPath, [bundle, ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' });
if (result.error) {
	console.error(`Impossible de lancer ${bundle} : ${result.error.message}\nCould not start the command line.`);
	process.exit(1);
}
process.exit(result.status ?? 1);
