#!/usr/bin/env node
/**
 * JavaScript a phone downloads before a screen is drawn, gzip-compressed: the client entry, the
 * route's nodes (layout + page) and every chunk they import statically, from Vite's client
 * manifest — plus the parts of the message catalogue the root layout loads before drawing that
 * screen (src/lib/i18n/parts.ts): they are dynamic imports, but the screen waits for them, so
 * leaving them out would hide text the first paint needs. Code a screen imports dynamically later
 * (Leaflet, the photo field, the sync engine) is on demand and not counted.
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
/**
 * The message parts each screen loads before it is drawn, read from LIGHT_SCREENS in parts.ts
 * (`route: '…'` … `parts: [...]`, one entry a line); any other screen loads every part.
 */
const partsSource = readFileSync('src/lib/i18n/parts.ts', 'utf8');
const allParts = [...(/export const PARTS = \[([^\]]*)\]/.exec(partsSource)?.[1] ?? '').matchAll(/'([a-z]+)'/g)].map((m) => m[1] ?? '');
/** @type {Map<string, string[]>} */
const lightScreens = new Map(
	[...partsSource.matchAll(/route: '([^']+)'.*parts: \[([^\]]*)\]/g)].map((m) => [
		m[1] ?? '',
		['core', ...[...(m[2] ?? '').matchAll(/'([a-z]+)'/g)].map((p) => p[1] ?? '')]
	])
);
if (allParts.length === 0 || lightScreens.size === 0) throw new Error('src/lib/i18n/parts.ts: PARTS or LIGHT_SCREENS not found');
/**
 * Manifest keys of the message parts `route` loads: not the core (a static import, counted
 * already), never the command line's ('server', BROWSER_PARTS leaves it out).
 */
const messageParts = (/** @type {string} */ route) =>
	(lightScreens.get(route) ?? allParts).filter((p) => p !== 'core' && p !== 'server').map((p) => `atlas-messages/fr/${p}`);

const entries = Object.keys(manifest).filter((k) => manifest[k]?.isEntry && /entry\/(start|app)/.test(manifest[k]?.file ?? ''));
const layout = key('routes/+layout.svelte');
const screens = {
	'Mes fiches (/)': [layout, key('routes/+page.svelte"'), ...messageParts('/')],
	'Nouvelle fiche': [layout, key('routes/fiches/nouvelle/+page.svelte'), ...messageParts('/fiches/nouvelle')],
	'Formulaire (modifier)': [layout, key('routes/fiches/[id]/modifier/+page.svelte'), ...messageParts('/fiches/[id]/modifier')],
	Détail: [layout, key('routes/fiches/[id]/+page.svelte'), ...messageParts('/fiches/[id]')],
	'Cet appareil': [layout, key('routes/appareil/+page.svelte'), ...messageParts('/appareil')],
	Carte: [layout, key('routes/carte/+page.svelte'), ...messageParts('/carte')],
	Recensement: [layout, key('routes/recensement/+page.svelte'), ...messageParts('/recensement')]
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
