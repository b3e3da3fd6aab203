import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { check, checkFiles, fixedLanguageFormats, rawFetches, readTree, textLiterals } from '../../scripts/lint-boundaries.js';

/** The problems the script finds in one folder of deliberate violations (tests/fixtures/boundaries). */
const problemsIn = (name: string) => checkFiles(readTree(join(import.meta.dirname, '../fixtures/boundaries', name), '.fixture'));

describe('codebase rules', () => {
	it('keeps domain pure, server free of browser modules, and markup free of text literals', () => {
		expect(check()).toEqual([]);
	});

	it('finds a text literal in markup and in a visible attribute, but not in expressions', () => {
		expect(textLiterals('<p>Bonjour</p>')).toEqual(['Bonjour']);
		expect(textLiterals('<input placeholder="Nom" />')).toEqual(['placeholder="Nom"']);
		expect(textLiterals("<script>const a = 'x';</script><p>{t('a.b')}</p><span aria-hidden=\"true\">☰</span>")).toEqual([]);
		expect(textLiterals('<p>{#if a}{t("x")}{:else}Texte{/if}</p>')).toEqual(['Texte']);
	});

	it('finds formatting in a fixed language, but lets sorting with a collator be', () => {
		expect(fixedLanguageFormats("new Intl.NumberFormat('fr-FR').format(n); d.toLocaleTimeString('fr-FR')")).toEqual([
			'new Intl.NumberFormat(',
			'.toLocaleTimeString('
		]);
		expect(fixedLanguageFormats("new Intl.Collator('fr').compare(a, b); formatNumber(n)")).toEqual([]);
	});

	it('finds a raw fetch() in a screen or a state, but not an injected transport nor a comment', () => {
		// A deliberate violation: what a screen wrote before it called the API client.
		const screen = "<script lang=\"ts\">\n\tconst res = await fetch('/api/conflicts', { headers: { Accept: 'application/json' } });\n</script>";
		expect(rawFetches(screen)).toEqual(['fetch(']);
		expect(rawFetches("const r = await window.fetch('/api/me'); globalThis.fetch ('/api/x');")).toEqual(['window.fetch(', 'globalThis.fetch (']);
		expect(rawFetches('const get = options.fetch ?? globalThis.fetch.bind(globalThis); await get(url);')).toEqual([]);
		expect(rawFetches("// no fetch() here\n/* nor fetch( here */ await fetchTeam(); await request('GET', '/api/team', opts);")).toEqual([]);
	});

	it('refuses a raw fetch() in a screen of a fixture tree, not in the API client', () => {
		expect(problemsIn('raw-fetch')).toEqual([
			'src/routes/conflits/+page.svelte: raw fetch() outside src/lib/api (call the API client: request() or a resource module)'
		]);
	});

	it('refuses src/lib importing a route', () => {
		expect(problemsIn('lib-imports-routes')).toEqual([
			'src/lib/components/census/address.ts: lib imports a route "../../../routes/api/census/query" (move what both need into lib)'
		]);
	});

	it('refuses a file in src/routes that is not one of SvelteKit’s + files', () => {
		expect(problemsIn('logic-in-routes')).toEqual(['src/routes/api/census/query.ts: only SvelteKit’s + files belong in routes (move this to src/lib)']);
	});

	it('refuses map code reaching the local database or sync', () => {
		expect(problemsIn('map-reaches-db-or-sync')).toEqual([
			'src/lib/map/prepare.ts: map code reaches the database or sync "$lib/db/map-areas" (inject it, or move the code to src/lib/offline)',
			'src/lib/map/prepare.ts: map code reaches the database or sync "../sync/engine" (inject it, or move the code to src/lib/offline)'
		]);
	});

	it('refuses sync importing state', () => {
		expect(problemsIn('sync-imports-state')).toEqual([
			'src/lib/sync/scheduler.svelte.ts: sync imports state "$lib/state/identity.svelte" (hand it what it needs)'
		]);
	});

	it('refuses server code picking an implementation by its class, not an error by its class', () => {
		expect(problemsIn('server-picks-by-class')).toEqual([
			'src/lib/server/photo-bytes/index.ts: picks an implementation by its class (instanceof PgStore): let the interface say what is needed'
		]);
	});

	it('lets only a route’s HTTP test import its +server, and no test import anything else of routes', () => {
		expect(problemsIn('test-imports-route')).toEqual([
			'tests/unit/coverage.test.ts: a test imports "../../src/routes/api/coverage/analysis.server": test the service in src/lib (only a route’s HTTP answer is tested through its +server)',
			'tests/unit/coverage.test.ts: a test imports "../../src/routes/api/coverage/+server": test the service in src/lib (only a route’s HTTP answer is tested through its +server)',
			'tests/unit/territory.test.ts: a test imports "../../src/routes/api/territory/helper": test the service in src/lib (only a route’s HTTP answer is tested through its +server)'
		]);
	});
});
