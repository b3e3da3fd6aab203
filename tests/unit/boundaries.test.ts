import { describe, expect, it } from 'vitest';
import { check, fixedLanguageFormats, textLiterals } from '../../scripts/lint-boundaries.js';

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
});
