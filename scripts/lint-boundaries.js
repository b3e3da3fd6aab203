#!/usr/bin/env node
/**
 * Mechanical rules of the codebase (design.md, habit 11), checked on every `npm run lint` and by a
 * unit test:
 * - src/lib/domain is pure TypeScript: it imports only other domain modules.
 * - src/lib/server never imports browser-side modules (Dexie, the local database, components, state),
 *   and never picks an implementation by its class (`instanceof` a class that implements an
 *   interface): the interface says what callers need (the store gives its own photo bytes).
 * - src/lib never imports src/routes; src/routes holds only SvelteKit's `+` files (logic lives in lib).
 * - src/lib/map (Leaflet adapters) never reaches the local database or sync (the offline downloader
 *   that records prepared areas lives in src/lib/offline).
 * - src/lib/sync never imports src/lib/state (the scheduler is handed the identity at start).
 * - tests import services from src/lib; a test imports a route (`+server`) only when its subject is
 *   that route's HTTP answer (ROUTE_TESTS below).
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
import { join, relative, sep } from 'node:path';
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
	const code = source
		.replace(/\/\*[\s\S]*?\*\//g, '')
		.replace(/<!--[\s\S]*?-->/g, '')
		.replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1');
	return [...code.matchAll(/(?:^|[^\w$.])((?:(?:window|globalThis|self)\.)?fetch\s*\()/g)].map((m) => m[1] ?? '');
}

/** Files that may call fetch(): the API client, the sync engine, the service worker and server code. */
const MAY_FETCH = /(^|[\\/])src[\\/](lib[\\/](api|sync|server)[\\/]|service-worker|routes[\\/]api[\\/]|hooks\.server\.ts$)|\.server\.ts$/;

/**
 * Tests whose subject is a route handler's HTTP answer (status, headers, body on the wire), and so
 * may import a `+server.ts`: every other test imports the service from src/lib.
 */
const ROUTE_TESTS = new Set([
	'routes-guarded', // every route checks who asks
	'fuzz-boundary', // every route answers bad input with a 4xx, never a 500
	'signin-limits', // 429 with Retry-After
	'census-page', // GET /api/census: 401/403/400, Cache-Control
	'exports', // GET /api/export/[format]: who may, headers, the audit entry, back-pressure
	'map-server', // the outlines and sources routes: ETag/304, 503, who may POST/DELETE
	'photos-server', // the upload contract: Upload-Offset, 409 with the server's offset
	'territory-config', // PUT/DELETE /api/territory/config, search: who may, status codes
	'territory' // GET /api/territory: ETag/304, 500 with a French message
]);

/** Classes declared as implementations of an interface (`class X implements Y`). @param {string} source */
function implementationClasses(source) {
	return [...source.matchAll(/\bclass\s+(\w+)(?:\s+extends\s+[\w.<>, ]+?)?\s+implements\b/g)].map((m) => m[1] ?? '');
}

/**
 * The source files of a tree: src/ and tests/ under `base`, each with its path from `base` ('/'
 * separators). `suffix` is taken off file names: the boundaries test keeps its deliberate
 * violations as `*.ts.fixture` files, which no compiler, linter or test runner picks up.
 * @param {string} base
 * @param {string} [suffix]
 * @returns {{ path: string, text: string }[]}
 */
export function readTree(base, suffix = '') {
	return ['src', 'tests']
		.flatMap((dir) => walk(join(base, dir)))
		.filter((f) => f.endsWith(suffix))
		.map((f) => ({
			path: relative(base, f)
				.split(sep)
				.join('/')
				.slice(0, suffix ? -suffix.length : undefined),
			text: readFileSync(f, 'utf8')
		}));
}

/** @returns {string[]} */
export function check() {
	return checkFiles(readTree(root));
}

/**
 * @param {{ path: string, text: string }[]} tree
 * @returns {string[]}
 */
export function checkFiles(tree) {
	/** @type {string[]} */
	const problems = [];
	const texts = new Map(tree.map((f) => [f.path, f.text]));
	const files = tree.filter((f) => f.path.startsWith('src/')).map((f) => f.path);
	const textOf = (/** @type {string} */ p) => texts.get(p) ?? '';

	for (const file of files.filter((f) => /[\\/]lib[\\/]domain[\\/].*\.ts$/.test(f))) {
		for (const spec of importsOf(textOf(file))) {
			const ok = spec.startsWith('./') || spec.startsWith('$lib/domain/');
			if (!ok) problems.push(`${file}: domain must stay pure, imports "${spec}"`);
		}
	}
	for (const file of files.filter((f) => /[\\/]lib[\\/]server[\\/]/.test(f))) {
		for (const spec of importsOf(textOf(file))) {
			if (/^(dexie|leaflet|workbox-window)$|^\$lib\/(db|components|state|sync|map|pwa)\b|^\$app\/(navigation|state|stores)$/.test(spec))
				problems.push(`${file}: server code imports browser module "${spec}"`);
		}
	}
	for (const file of files.filter((f) => /[\\/]service-worker(\.ts|[\\/])/.test(f))) {
		for (const spec of importsOf(textOf(file))) {
			if (/^dexie$|^\$lib\/(db|components|state)\b/.test(spec)) problems.push(`${file}: the service worker imports "${spec}"`);
		}
	}
	for (const file of files.filter((f) => f.endsWith('.svelte'))) {
		for (const literal of textLiterals(textOf(file))) problems.push(`${file}: text literal in markup (use the catalogue): ${literal.slice(0, 80)}`);
	}
	const screens = files.filter(
		(f) => /[\\/](lib[\\/]components|routes)[\\/]/.test(f) && /\.(svelte|ts)$/.test(f) && !/\.server\.ts$|[\\/]routes[\\/]api[\\/]/.test(f)
	);
	for (const file of screens) {
		for (const call of fixedLanguageFormats(textOf(file)))
			problems.push(`${file}: formatting in a fixed language (use formatNumber, formatDay... of $lib/i18n): ${call}`);
	}
	for (const file of files.filter((f) => /\.(ts|js|svelte)$/.test(f) && !MAY_FETCH.test(f))) {
		for (const call of rawFetches(textOf(file)))
			problems.push(`${file}: raw ${call.trim()}) outside src/lib/api (call the API client: request() or a resource module)`);
	}
	for (const file of files.filter((f) => f.startsWith('src/lib/'))) {
		for (const spec of importsOf(textOf(file))) {
			if (/(^|\/)routes(\/|$)/.test(spec)) problems.push(`${file}: lib imports a route "${spec}" (move what both need into lib)`);
		}
	}
	for (const file of files.filter((f) => f.startsWith('src/routes/') && !/\/\+[^/]+$/.test(f))) {
		problems.push(`${file}: only SvelteKit’s + files belong in routes (move this to src/lib)`);
	}
	for (const file of files.filter((f) => f.startsWith('src/lib/map/'))) {
		for (const spec of importsOf(textOf(file))) {
			if (/^(\$lib|\.\.)\/(db|sync)(\/|$)|^dexie$/.test(spec))
				problems.push(`${file}: map code reaches the database or sync "${spec}" (inject it, or move the code to src/lib/offline)`);
		}
	}
	for (const file of files.filter((f) => f.startsWith('src/lib/sync/'))) {
		for (const spec of importsOf(textOf(file))) {
			if (/^(\$lib|\.\.)\/state(\/|$)/.test(spec)) problems.push(`${file}: sync imports state "${spec}" (hand it what it needs)`);
		}
	}
	const serverFiles = files.filter((f) => f.startsWith('src/lib/server/'));
	const implementations = new Set(serverFiles.flatMap((f) => implementationClasses(textOf(f))));
	for (const file of serverFiles) {
		for (const m of textOf(file).matchAll(/\binstanceof\s+(\w+)/g)) {
			if (implementations.has(m[1] ?? ''))
				problems.push(`${file}: picks an implementation by its class (instanceof ${m[1]}): let the interface say what is needed`);
		}
	}
	for (const file of tree.map((f) => f.path).filter((f) => f.startsWith('tests/') && /\.(ts|js)$/.test(f))) {
		const text = textOf(file);
		if (/\b(it|test|describe)\.only\(/.test(text)) problems.push(`${file}: focused test (.only)`);
		const name = (/([^/]+)\.test\.ts$/.exec(file) ?? [])[1] ?? '';
		for (const spec of importsOf(text).filter((s) => /(^|\/)src\/routes\//.test(s))) {
			if (!ROUTE_TESTS.has(name) || !/\/\+server(\.ts)?$/.test(spec))
				problems.push(`${file}: a test imports "${spec}": test the service in src/lib (only a route’s HTTP answer is tested through its +server)`);
		}
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
