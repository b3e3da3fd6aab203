import { describe, expect, it } from 'vitest';
import { check, fixedLanguageFormats, rawFetches, textLiterals } from '../../scripts/lint-boundaries.js';

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
		expect(fixedLanguageFormats("new Intl.NumberFormat('fr-FR').format(n); d.toLocaleTimeString('fr-FR')")).toEqual(['new Intl.NumberFormat(', '.toLocaleTimeString(']);
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
});
