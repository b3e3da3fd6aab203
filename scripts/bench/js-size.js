/**
 * Section `js`: the JavaScript a phone downloads for a screen, gzip-compressed, as `npm run size`
 * (scripts/bundle-size.js) measures it — the one definition of that figure (the client entry, the
 * screen's nodes and their static imports, the message parts the screen waits for; Leaflet apart,
 * loaded on demand): this section runs it and reads its lines, so both always print the same
 * numbers. It reads the build's Vite manifest (.svelte-kit/output), which must come from the build
 * measured by the other sections: every file it names must be in that build's client folder.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './paths.js';

/** @typedef {import('./stats.js').Row} Row */

const MANIFEST = join(ROOT, '.svelte-kit/output/client/.vite/manifest.json');

/**
 * Stops when the Vite manifest is not that of `buildDir` (another build ran since).
 * @param {string} buildDir
 */
export function checkSameBuild(buildDir) {
	if (!existsSync(MANIFEST)) throw new Error(`no Vite manifest at ${MANIFEST}: run npm run build`);
	/** @type {Record<string, { file: string }>} */
	const manifest = JSON.parse(readFileSync(MANIFEST, 'utf8'));
	const missing = Object.values(manifest).filter((m) => !existsSync(join(buildDir, 'client', m.file)));
	if (missing.length > 0) {
		throw new Error(
			`the Vite manifest is not from the build in ${buildDir} (${missing.length} files missing, e.g. ${missing[0]?.file}): build again, then measure`
		);
	}
}

/**
 * `Name   12.3 KiB gzip JS (4 files)` lines of `npm run size`, by screen name.
 * @param {string} output
 * @returns {Map<string, { kib: number; files: number }>}
 */
export function parseSizes(output) {
	/** @type {Map<string, { kib: number; files: number }>} */
	const sizes = new Map();
	for (const line of output.split('\n')) {
		const m = /^(.+?)\s+([\d.]+) KiB gzip JS \((\d+) files?\)\s*$/.exec(line);
		if (m) sizes.set((m[1] ?? '').trim(), { kib: Number(m[2]), files: Number(m[3]) });
	}
	return sizes;
}

/** The screens, by their names in `npm run size`; the two steps of the sheet form carry its target. */
const SCREENS = [
	{ name: 'Mes fiches (/)', figure: 'first page /', form: false },
	{ name: 'Nouvelle fiche', figure: 'sheet form, step 1 /fiches/nouvelle', form: true },
	{ name: 'Formulaire (modifier)', figure: 'sheet form /fiches/<id>/modifier', form: true },
	{ name: 'Carte', figure: 'map /carte (without Leaflet)', form: false },
	{ name: '+ Leaflet (on demand)', figure: '+ Leaflet on the map (on demand)', form: false },
	{ name: 'Recensement', figure: 'census /recensement', form: false }
];

/**
 * @param {import('./paths.js').Context} ctx
 * @returns {Promise<{ rows: Row[]; details: unknown }>}
 */
export async function runJsSize({ buildDir }) {
	checkSameBuild(buildDir);
	const run = spawnSync(process.execPath, [join(ROOT, 'scripts/bundle-size.js')], { cwd: ROOT, encoding: 'utf8' });
	if (run.status !== 0) throw new Error(`npm run size failed:\n${run.stderr}`);
	const sizes = parseSizes(run.stdout);
	/** @type {Row[]} */
	const rows = SCREENS.map((s) => ({
		section: 'js',
		figure: `JS gzip, ${s.figure}`,
		unit: 'KiB',
		ours: sizes.get(s.name)?.kib ?? null,
		baseline: s.form ? 100 : null,
		baselineLabel: s.form ? 'the target: no raw baseline' : 'no baseline',
		targets: s.form ? [{ on: 'value', op: '<=', limit: 100, text: '≤ 100 KiB' }] : []
	}));
	return { rows, details: { sizes: Object.fromEntries(sizes), output: run.stdout } };
}
