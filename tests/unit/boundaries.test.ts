import { describe, expect, it } from 'vitest';
import { check, textLiterals } from '../../scripts/lint-boundaries.js';

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
});
