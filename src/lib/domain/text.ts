/**
 * Text normalisation for search. A "search key" is what a person would type on a phone keyboard
 * without accents, capitals or the little words of French place names: two strings that name the same
 * thing ("La Ferté-Vidame", "ferte vidame", "FERTÉ-VIDAME") have the same key.
 *
 * Invariants of a key: lowercase ASCII letters and digits (plus any non-Latin letter kept as is),
 * words separated by exactly one space, no leading or trailing space, no stop word, and "saint" /
 * "sainte" written "st" / "ste" (so "St-Denis" and "Saint-Denis" agree).
 */

/** Articles and tiny words of French place names: dropped as whole words. */
export const STOP_WORDS: ReadonlySet<string> = new Set(['le', 'la', 'les', 'l', 'de', 'du', 'des', 'd', 'en', 'sur', 'sous', 'aux', 'au', 'et']);

/** Both spellings of a saint's name end as the short form. */
const SAINT_SHORT: Readonly<Record<string, string>> = { saint: 'st', sainte: 'ste' };

/** Letters that NFD does not decompose but a French keyboard user writes as two letters. */
const LIGATURES: Readonly<Record<string, string>> = { œ: 'oe', æ: 'ae', ß: 'ss' };

export function searchKey(s: string): string {
	return searchWords(s).join(' ');
}

/** The words of a search key, in order (empty for a string of stop words or punctuation only). */
export function searchWords(s: string): string[] {
	const folded = s
		.toLowerCase()
		.normalize('NFD')
		.replace(/\p{M}+/gu, '')
		.replace(/[œæß]/g, (c) => LIGATURES[c] ?? c);
	const words: string[] = [];
	// Anything that is not a letter or a digit separates words: hyphens, both apostrophes, dots...
	for (const word of folded.split(/[^\p{L}\p{N}]+/u)) {
		if (word === '' || STOP_WORDS.has(word)) continue;
		words.push(SAINT_SHORT[word] ?? word);
	}
	return words;
}
