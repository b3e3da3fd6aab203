#!/usr/bin/env node
/**
 * Mechanical rules of the codebase (design.md, habit 11), checked on every `npm run lint` and by a
 * unit test:
 * - src/lib/domain is pure TypeScript: it imports only other domain modules.
 * - src/lib/server never imports browser-side modules (Dexie, the local database, components, state).
 * - the service worker never imports the database or components.
 * - components and pages hold no user-visible text literal: every text comes from the catalogue.
 * - components and pages write numbers and dates through $lib/i18n (formatNumber, formatDay...), never
 *   with Intl or toLocale*String in a fixed language (sorting with Intl.Collator is data, allowed).
 * - the browser asks the app's API only through src/lib/api (one client, one error: docs/design.md):
 *   no raw fetch() elsewhere, except the sync engine (src/lib/sync, its own protocol) and the service
 *   worker. Server code (src/lib/server, *.server.ts, API routes) is not the browser and is not checked.
 * - no focused test (.only) is left in.
 * Prints one line per problem and exits 1 if there is any.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

/** @param {string} dir @param {string[]} [out] @returns {string[]} */
function walk(dir, out = []) {
	/** @type {string[]} */
	let names;
	try {
		names = readdirSync(dir);
	} catch {
		return out;
	}
	for (const name of names) {
		const path = join(dir, name);
		if (statSync(path).isDirectory()) walk(path, out);
		else out.push(path);
	}
	return out;
}

/** @param {string} source @returns {string[]} */
function importsOf(source) {
	/** @type {string[]} */
	const specs = [];
	const re = /\b(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)|\bimport\s+['"]([^'"]+)['"]/g;
	for (const m of source.matchAll(re)) specs.push(m[1] ?? m[2] ?? m[3] ?? '');
	return specs;
}

/**
 * Remove `{ ... }` blocks, balanced, string-aware enough for Svelte markup.
 * @param {string} text
 */
function stripBraces(text) {
	let out = '';
	let depth = 0;
	/** @type {string | null} */
	let quote = null;
	for (let i = 0; i < text.length; i++) {
		const c = text[i];
		if (depth > 0) {
			if (quote) {
				if (c === '\\') i++;
				else if (c === quote) quote = null;
			} else if (c === '"' || c === "'" || c === '`') quote = c;
			else if (c === '{') depth++;
			else if (c === '}') depth--;
			continue;
		}
		if (c === '{') {
			depth = 1;
			out += ' ';
			continue;
		}
		out += c;
	}
	return out;
}

const TEXT_ATTRS = ['placeholder', 'aria-label', 'title', 'alt', 'aria-description', 'label'];

/**
 * User-visible text literals left in a Svelte file's markup.
 * @param {string} source
 * @returns {string[]}
 */
export function textLiterals(source) {
	const markup = source
		.replace(/<script[\s\S]*?<\/script>/g, '')
		.replace(/<style[\s\S]*?<\/style>/g, '')
		.replace(/<!--[\s\S]*?-->/g, '');
	const noExpr = stripBraces(markup);
	/** @type {string[]} */
	const found = [];
	for (const attr of TEXT_ATTRS) {
		const re = new RegExp(`\\s${attr}="([^"]*)"`, 'g');
		for (const m of noExpr.matchAll(re)) if (/\p{L}/u.test(m[1] ?? '')) found.push(`${attr}="${m[1]}"`);
	}
	const text = noExpr.replace(/<[^>]*>/g, ' ');
	for (const m of text.matchAll(/[^\s]*\p{L}[^\n]*/gu)) found.push(m[0].trim());
	return found;
}

/**
 * Formatting that ignores the person's language: Intl formatters or toLocale*String called in a
 * component or page (the i18n layer owns them; server files write data formats and are not checked).
 * @param {string} source
 * @returns {string[]}
 */
export function fixedLanguageFormats(source) {
	const re = /new Intl\.(?:NumberFormat|DateTimeFormat|ListFormat|PluralRules|RelativeTimeFormat)\(|\.toLocale(?:Date|Time)?String\(/g;
	return [...source.matchAll(re)].map((m) => m[0]);
}

/**
 * Calls of fetch() itself (bare, or through window/globalThis/self), comments left out. A fetch passed
 * in as a parameter (`options.fetch`, a download helper's injected transport) is not one.
 * @param {string} source
 * @returns {string[]}
 */
export function rawFetches(source) {
	const code = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/<!--[\s\S]*?-->/g, '').replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1');
	return [...code.matchAll(/(?:^|[^\w$.])((?:(?:window|globalThis|self)\.)?fetch\s*\()/g)].map((m) => m[1] ?? '');
}

/** Files that may call fetch(): the API client, the sync engine, the service worker and server code. */
const MAY_FETCH = /[\\/]src[\\/](lib[\\/](api|sync|server)[\\/]|service-worker|routes[\\/]api[\\/]|hooks\.server\.ts$)|\.server\.ts$/;

/** @returns {string[]} */
export function check() {
	/** @type {string[]} */
	const problems = [];
	const src = join(root, 'src');
	const files = walk(src);
	const rel = (/** @type {string} */ p) => relative(root, p);

	for (const file of files.filter((f) => /[\\/]lib[\\/]domain[\\/].*\.ts$/.test(f))) {
		for (const spec of importsOf(readFileSync(file, 'utf8'))) {
			const ok = spec.startsWith('./') || spec.startsWith('$lib/domain/');
			if (!ok) problems.push(`${rel(file)}: domain must stay pure, imports "${spec}"`);
		}
	}
	for (const file of files.filter((f) => /[\\/]lib[\\/]server[\\/]/.test(f))) {
		for (const spec of importsOf(readFileSync(file, 'utf8'))) {
			if (/^(dexie|leaflet|workbox-window)$|^\$lib\/(db|components|state|sync|map|pwa)\b|^\$app\/(navigation|state|stores)$/.test(spec))
				problems.push(`${rel(file)}: server code imports browser module "${spec}"`);
		}
	}
	for (const file of files.filter((f) => /[\\/]service-worker(\.ts|[\\/])/.test(f))) {
		for (const spec of importsOf(readFileSync(file, 'utf8'))) {
			if (/^dexie$|^\$lib\/(db|components|state)\b/.test(spec))
				problems.push(`${rel(file)}: the service worker imports "${spec}"`);
		}
	}
	for (const file of files.filter((f) => f.endsWith('.svelte'))) {
		for (const literal of textLiterals(readFileSync(file, 'utf8')))
			problems.push(`${rel(file)}: text literal in markup (use the catalogue): ${literal.slice(0, 80)}`);
	}
	const screens = files.filter(
		(f) => /[\\/](lib[\\/]components|routes)[\\/]/.test(f) && /\.(svelte|ts)$/.test(f) && !/\.server\.ts$|[\\/]routes[\\/]api[\\/]/.test(f)
	);
	for (const file of screens) {
		for (const call of fixedLanguageFormats(readFileSync(file, 'utf8')))
			problems.push(`${rel(file)}: formatting in a fixed language (use formatNumber, formatDay... of $lib/i18n): ${call}`);
	}
	for (const file of files.filter((f) => /\.(ts|js|svelte)$/.test(f) && !MAY_FETCH.test(f))) {
		for (const call of rawFetches(readFileSync(file, 'utf8')))
			problems.push(`${rel(file)}: raw ${call.trim()}) outside src/lib/api (call the API client: request() or a resource module)`);
	}
	for (const file of walk(join(root, 'tests')).filter((f) => /\.(ts|js)$/.test(f))) {
		const text = readFileSync(file, 'utf8');
		if (/\b(it|test|describe)\.only\(/.test(text)) problems.push(`${rel(file)}: focused test (.only)`);
	}
	return problems;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
	const problems = check();
	for (const p of problems) console.error(p);
	if (problems.length > 0) {
		console.error(`${problems.length} problème(s) de structure / structure problem(s)`);
		process.exit(1);
	}
	console.log('lint-boundaries: ok');
}
