/**
 * French typography: the helper (domain/french-typography) and the catalogue. The convention: the
 * typographic apostrophe ’, and a non-breaking space U+00A0 before « ; : ! ? » and inside « » —
 * while code, web addresses, times and placeholders stay as they are. Every French message of the
 * catalogue follows it (scripts/typography-fix.js puts new ones right).
 */
import { describe, expect, it } from 'vitest';
import { fr } from '$lib/i18n/fr';
import { onFrenchPart } from '$lib/i18n/typography-exempt';
import { followsFrenchTypography, frenchTypography, NBSP } from '$lib/domain/french-typography';

const S = NBSP;

describe('the French typography helper', () => {
	it('puts a non-breaking space before ; : ! ? — replacing a plain or narrow space, or adding a missing one', () => {
		expect(frenchTypography('Attention : la fiche ; vraiment ! Sûr ?')).toBe(`Attention${S}: la fiche${S}; vraiment${S}! Sûr${S}?`);
		expect(frenchTypography('Précision: 12 m')).toBe(`Précision${S}: 12 m`);
		expect(frenchTypography('Envoyée\u202f!')).toBe(`Envoyée${S}!`);
		expect(frenchTypography(`Déjà juste${S}?`)).toBe(`Déjà juste${S}?`);
	});

	it('puts one non-breaking space inside « »', () => {
		expect(frenchTypography('Touchez «Valider» ou « Annuler »')).toBe(`Touchez «${S}Valider${S}» ou «${S}Annuler${S}»`);
		expect(frenchTypography('«  deux  »')).toBe(`«${S}deux${S}»`);
	});

	it('writes one apostrophe, the typographic one, between letters and before a placeholder', () => {
		expect(frenchTypography("L'outil d'{name} n'est pas là")).toBe('L’outil d’{name} n’est pas là');
		expect(frenchTypography('Aujourd’hui')).toBe('Aujourd’hui');
	});

	it('leaves placeholders, web addresses, times, code and signs inside words alone', () => {
		for (const text of [
			'{count} fiches',
			'https://atlas.example.org/carte?commune=61309',
			'Ouvrez http://127.0.0.1:5173/ sur le téléphone.',
			'Synchronisé à 14:32',
			'Échelle 1:25000',
			'Lancez `npm run admin -- help` pour la liste.',
			'mailto:mairie@example.fr',
			'!important',
			'?commune=61309'
		])
			expect(frenchTypography(text), text).toBe(text);
		// « https: » written alone keeps its colon tight.
		expect(frenchTypography('commence par https: et non http:')).toBe('commence par https: et non http:');
		// A time next to prose: the prose is fixed, the time is not.
		expect(frenchTypography('Envoyée à 14:32 : tout est là')).toBe(`Envoyée à 14:32${S}: tout est là`);
	});

	it('puts no space after an opening bracket or a quote, nor between two signs', () => {
		expect(frenchTypography('(?)')).toBe('(?)');
		expect(frenchTypography('Vraiment ?!')).toBe(`Vraiment${S}?!`);
		expect(frenchTypography('« ; »')).toBe(`«${S};${S}»`);
	});

	it('is stable: fixing twice changes nothing more', () => {
		const once = frenchTypography("Quel type d'outil ? Choisissez : « Pressoir »");
		expect(frenchTypography(once)).toBe(once);
		expect(followsFrenchTypography(once)).toBe(true);
		expect(followsFrenchTypography('Quel type ?')).toBe(false);
	});
});

describe('the French catalogue', () => {
	it('keeps the English lines of the command line’s bilingual messages as English writes them', () => {
		const fixed = onFrenchPart('cli.error.unknown_command', 'Commande inconnue : « x ».\nUnknown command: "x".', frenchTypography);
		expect(fixed).toBe(`Commande inconnue${S}: «${S}x${S}».\nUnknown command: "x".`);
		expect(onFrenchPart('cli.usage', 'Usage : a\nUsage: b', frenchTypography)).toBe('Usage : a\nUsage: b');
		expect(onFrenchPart('map.title', 'Carte : ici', frenchTypography)).toBe(`Carte${S}: ici`);
	});

	it('follows French typography in every message (run `node scripts/typography-fix.js` to fix new ones)', () => {
		const wrong = Object.entries(fr)
			.filter(([key, text]) => onFrenchPart(key, text, frenchTypography) !== text)
			.map(([key, text]) => `${key}: ${text}`);
		expect(wrong).toEqual([]);
	});
});
