#!/usr/bin/env node
/**
 * JavaScript a phone downloads for a screen, gzip-compressed: the client entry plus the route's
 * nodes (layout + page) and every chunk they import statically, from Vite's client manifest.
 * Usage: npm run build && node scripts/bundle-size.js
 */
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';

const out = '.svelte-kit/output/client';
/** @type {Record<string, { file: string; imports?: string[]; isEntry?: boolean; src?: string }>} */
const manifest = JSON.parse(readFileSync(join(out, '.vite/manifest.json'), 'utf8'));

/** @param {string[]} keys */
function closure(keys) {
	/** @type {Set<string>} */
	const seen = new Set();
	const stack = [...keys];
	while (stack.length) {
		const k = /** @type {string} */ (stack.pop());
		if (seen.has(k) || !manifest[k]) continue;
		seen.add(k);
		stack.push(...(manifest[k].imports ?? []));
	}
	return [...seen].map((k) => manifest[k]?.file ?? '');
}

/** @param {string[]} files */
function gzipBytes(files) {
	return files.reduce((sum, f) => sum + gzipSync(readFileSync(join(out, f)), { level: 9 }).length, 0);
}

/** The manifest key of the generated node that loads this route file. */
const key = (/** @type {string} */ routeFile) =>
	Object.keys(manifest).find((k) => {
		if (!/generated\/client-optimized\/nodes\/\d+\.js$/.test(k)) return false;
		return readFileSync(k, 'utf8').includes(routeFile);
	}) ?? '';
const entries = Object.keys(manifest).filter((k) => manifest[k]?.isEntry && /entry\/(start|app)/.test(manifest[k]?.file ?? ''));
const layout = key('routes/+layout.svelte');
const screens = {
	'Mes fiches (/)': [layout, key('routes/+page.svelte"')],
	'Nouvelle fiche': [layout, key('routes/fiches/nouvelle/+page.svelte')],
	'Formulaire (modifier)': [layout, key('routes/fiches/[id]/modifier/+page.svelte')],
	'Détail': [layout, key('routes/fiches/[id]/+page.svelte')],
	'Cet appareil': [layout, key('routes/appareil/+page.svelte')],
	'Carte': [layout, key('routes/carte/+page.svelte')]
};
for (const [name, keys] of Object.entries(screens)) {
	const files = closure([...entries, ...keys]);
	console.log(`${name.padEnd(24)} ${(gzipBytes(files) / 1024).toFixed(1)} KiB gzip JS (${files.length} files)`);
}

// Leaflet is loaded on demand (src/lib/map/leaflet.ts): what the map screen adds when it opens.
const leafletKey = Object.keys(manifest).find((k) => /node_modules\/leaflet\/dist\/leaflet-src\.js$/.test(k));
if (leafletKey) {
	const files = closure([leafletKey]);
	console.log(`${'+ Leaflet (on demand)'.padEnd(24)} ${(gzipBytes(files) / 1024).toFixed(1)} KiB gzip JS (${files.length} files)`);
}
