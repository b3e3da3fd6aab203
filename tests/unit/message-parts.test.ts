/**
 * The browser's catalogue in parts ($lib/i18n/parts.ts): a screen listed as light loads only some
 * parts, so it must never show a key of another part (it would show the key itself).
 *
 * This reads the code each light screen runs: the import graph from its route file (and the
 * layout's), static and dynamic imports alike, and every string in it that names catalogue keys —
 * a whole key ('form.saved'), a prefix completed at run time (`problem.${code}`, tn('review.badge'))
 * or a label namespace (label('energy', …), opts(ENERGY_SOURCES, 'energy')). A part imported by a
 * lazily loaded component (`virtual:atlas-messages/fr/<part>`) counts for that component's code.
 * Words that only look like a namespace are listed in NOT_KEYS with the reason.
 */
import { readFileSync, existsSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fr } from '$lib/i18n/fr';
import { BROWSER_PARTS, LIGHT_SCREENS, partOf, partsFor, type Part } from '$lib/i18n/parts';
import core from 'virtual:atlas-messages/fr/core';
import office from 'virtual:atlas-messages/fr/office';

const SRC = resolve('src');
const KEYS = Object.keys(fr);
/**
 * Namespaces of labels (`energy.electrique`, `status.brouillon`: two segments), whose name alone
 * is passed to label() or a helper that calls it. A plain word naming another namespace is not
 * read as keys ('commune', 'review' are field names and verbs too).
 */
const LABEL_NAMESPACES = new Set(
	[...new Set(KEYS.map((k) => k.split('.')[0] as string))].filter((ns) => KEYS.every((k) => !k.startsWith(`${ns}.`) || k.split('.').length === 2))
);
const NAMESPACES = new Set(KEYS.map((k) => k.split('.')[0] as string));

/**
 * Strings that look like a namespace but are not used as one, by file (relative to src/).
 * Each is read in its file: an action name, a table name, a CSS class...
 */
const NOT_KEYS: Record<string, string[]> = {
	// Actions of the access policy ('export', 'merge', 'import', 'review' are verbs there).
	'lib/domain/access.ts': ['export', 'merge', 'import', 'review'],
	// The territory table's row key for the communes' outlines.
	'lib/db/database.ts': ['outlines'],
	'lib/state/outlines.svelte.ts': ['outlines'],
	// Intl.ListFormat's type 'list'... and the formats' names.
	'lib/i18n/format.ts': ['list'],
	// CSS classes.
	'lib/components/CommunePicker.svelte': ['detail'],
	// The sheet's field names (keys of the record, not of the catalogue).
	'lib/domain/sheet.ts': ['photos', 'gps', 'status', 'review'],
	// An access action, a CSS class, the review status field.
	'lib/components/sheet/SheetEditor.svelte': ['review', 'error', 'status', 'category'],
	// Leaflet's 'map' pane, CSS classes.
	'lib/components/sheet/PointPicker.svelte': ['map', 'picker']
};

type Graph = Map<string, { imports: string[]; parts: Part[]; literals: string[] }>;
const graph: Graph = new Map();

function resolveImport(from: string, spec: string): string | Part | null {
	const part = /^virtual:atlas-messages\/fr\/([a-z]+)$/.exec(spec);
	if (part) return `part:${part[1]}` as Part;
	let base: string;
	if (spec.startsWith('$lib/')) base = join(SRC, 'lib', spec.slice(5));
	else if (spec.startsWith('.')) base = resolve(dirname(from), spec);
	else return null; // a package, $app/*, $env/*: no catalogue keys there
	if (spec.endsWith('/$types')) return null;
	for (const c of [base, `${base}.ts`, `${base}.svelte`, base.replace(/\.js$/, '.ts'), join(base, 'index.ts')]) {
		if (existsSync(c) && statSync(c).isFile()) return c;
	}
	throw new Error(`${relative(SRC, from)}: cannot resolve ${spec}`);
}

function read(file: string) {
	let node = graph.get(file);
	if (node) return node;
	const text = readFileSync(file, 'utf8');
	const imports: string[] = [];
	const parts: Part[] = [];
	for (const m of text.matchAll(/(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|import\s+['"]([^'"]+)['"]/g)) {
		const target = resolveImport(file, (m[1] ?? m[2] ?? m[3]) as string);
		if (!target) continue;
		if (target.startsWith('part:')) parts.push(target.slice(5) as Part);
		// The catalogue files themselves are what is checked, not code that uses keys.
		else if (!/[\\/]i18n[\\/](fr|en)[\\/]/.test(target)) imports.push(target);
	}
	const ignored = new Set(NOT_KEYS[relative(SRC, file)] ?? []);
	const literals: string[] = [];
	// parts.ts names prefixes to sort keys into parts; it shows none.
	if (relative(SRC, file) !== join('lib', 'i18n', 'parts.ts'))
		for (const m of text.matchAll(/'([^'\n\\]*)'|"([^"\n\\]*)"|`([^`$\\]*)(?:\$\{|`)/g)) {
			const lit = m[1] ?? m[2] ?? m[3] ?? '';
			if (lit && !ignored.has(lit)) literals.push(lit);
		}
	// A French apostrophe in a comment or a text (« l'outil ») shifts the quote pairing above, and
	// a key after it would go unseen: key-shaped strings (no space, dotted) are read again alone.
	for (const m of text.matchAll(/['"`]([A-Za-z_][\w-]*(?:\.[\w-]+)+)['"`]/g)) {
		const lit = m[1] as string;
		if (!ignored.has(lit)) literals.push(lit);
	}
	node = { imports, parts, literals };
	graph.set(file, node);
	return node;
}

/** The catalogue keys a string may name (module comment). */
function keysNamedBy(lit: string): string[] {
	if (Object.hasOwn(fr, lit)) return [lit];
	const ns = lit.split('.')[0] as string;
	if (!NAMESPACES.has(ns)) return [];
	if (!lit.includes('.')) return LABEL_NAMESPACES.has(lit) ? KEYS.filter((k) => k.startsWith(`${lit}.`)) : [];
	return KEYS.filter((k) => k.startsWith(lit));
}

/** Keys a screen's code may show that are in none of the parts it has, with where they are used. */
function missingKeys(entries: string[], loaded: readonly Part[]): string[] {
	const problems = new Set<string>();
	const seen = new Set<string>();
	const stack = entries.map((file) => ({ file, parts: new Set<Part>(loaded) }));
	while (stack.length > 0) {
		const { file, parts } = stack.pop() as { file: string; parts: Set<Part> };
		const node = read(file);
		const here = new Set([...parts, ...node.parts]);
		const id = `${file}|${[...here].sort().join()}`;
		if (seen.has(id)) continue;
		seen.add(id);
		for (const lit of node.literals) {
			for (const key of keysNamedBy(lit)) {
				if (!here.has(partOf(key))) problems.add(`${relative(SRC, file)}: '${lit}' names ${key} (${partOf(key)})`);
			}
		}
		// Server code never runs in the browser.
		for (const next of node.imports) if (!/[\\/]server[\\/]|\.server\.ts$/.test(next)) stack.push({ file: next, parts: here });
	}
	return [...problems].sort();
}

const SHELL = ['hooks.client.ts', 'routes/+layout.svelte', 'routes/+layout.ts', 'routes/+error.svelte'].map((f) => join(SRC, f));

function routeFile(route: string): string {
	return join(SRC, 'routes', route, '+page.svelte');
}

describe('the parts of the catalogue', () => {
	it('puts each key in the part of its longest prefix, and unlisted keys in « office »', () => {
		expect(partOf('form.saved')).toBe('core');
		expect(partOf('review.badge.one')).toBe('core');
		expect(partOf('review.sent_back_title')).toBe('core');
		expect(partOf('review.validated')).toBe('core');
		expect(partOf('review.validate')).toBe('detail');
		expect(partOf('census.title')).toBe('census');
		expect(partOf('history.title')).toBe('office');
		expect(partOf('list.empty')).toBe('home');
		expect(partOf('cli.usage')).toBe('server');
	});

	it('builds each part with exactly its keys, the parts together making the whole catalogue', () => {
		expect(Object.keys(core).sort()).toEqual(KEYS.filter((k) => partOf(k) === 'core').sort());
		expect(Object.keys(office).sort()).toEqual(KEYS.filter((k) => partOf(k) === 'office').sort());
		for (const [key, text] of Object.entries(core)) expect(text).toBe(fr[key as keyof typeof fr]);
	});

	it('loads every part on a screen that is not listed as light', () => {
		expect(partsFor('/equipe')).toEqual([...BROWSER_PARTS]);
		expect(partsFor('/fiches/abc/historique')).toEqual([...BROWSER_PARTS]);
		expect(partsFor('/fiches/abc/modifier')).toEqual(['core']);
	});

	it("never sends the command line's messages to a browser", () => {
		expect(BROWSER_PARTS).not.toContain('server');
		const routes = [
			'equipe',
			'journal',
			'conflits',
			'import',
			'territoire',
			'maillage',
			'doublons',
			'doublons/reunir',
			'commune',
			'commune/imprimer',
			'fiches/[id]/historique',
			'carte/hors-ligne'
		];
		for (const route of routes) expect(missingKeys([routeFile(route)], BROWSER_PARTS), route).toEqual([]);
	});

	it('lists only screens that exist', () => {
		for (const screen of LIGHT_SCREENS) expect(existsSync(routeFile(screen.route)), screen.route).toBe(true);
	});

	it('has in the core every key the layout, the error page and the client hooks may show', () => {
		expect(missingKeys(SHELL, ['core'])).toEqual([]);
	});

	for (const screen of LIGHT_SCREENS) {
		it(`has every key ${screen.route} may show in the parts it loads`, () => {
			expect(missingKeys([routeFile(screen.route)], partsFor(screen.route.replace('[id]', 'abc')))).toEqual([]);
		});
	}
});
