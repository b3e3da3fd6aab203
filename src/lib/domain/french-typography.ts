/**
 * French typography of the app's texts, checked and fixed (the catalogue's French messages follow
 * it: tests/unit/french-typography.test.ts; scripts/typography-fix.js applies it to them).
 *
 * The convention:
 * - one apostrophe, the typographic ’ (U+2019), never the straight ' between letters;
 * - a NON-BREAKING SPACE U+00A0 (not the narrow U+202F: some phones' fonts lack it and show a box
 *   or a wide gap) before « ; : ! ? », after « and before », so a sign never starts a line alone.
 *
 * What is left as it is, because it is not prose: text between `backquotes`, web addresses
 * (https://…, and the « : » of « https: »), times and ratios (14:32, 1:25000 — a colon between
 * digits), placeholders ({count}) themselves, and a sign not followed by a space or the end
 * (« ?x=1 », « !important »). A sign directly after an opening bracket, a quote or another sign
 * (« (?) », « ?! ») takes no space either.
 */

/** The one non-breaking space of the convention. */
export const NBSP = '\u00a0';
const APOSTROPHE = '\u2019';

/** Spans kept as they are: `code`, web addresses, and ISO-like times or ratios. */
const PROTECTED = /`[^`]*`|\b[a-z][a-z0-9+.-]*:\/\/[^\s«»"]*|\b(?:https?|mailto|tel|geo):|\d:\d/gi;

/** A high sign that takes a space before it in French. */
const HIGH = /[;:!?]/;

/** Characters after which a high sign takes no space (it belongs to them). */
const NO_SPACE_AFTER = /[\s([«{;:!?'"’\u00a0\u202f/]/;

function fixProse(text: string): string {
	let out = text;
	// Apostrophes between letters (and before a placeholder: « l'{name} »).
	out = out.replace(/(\p{L})'(?=[\p{L}{])/gu, `$1${APOSTROPHE}`);
	// « and »: exactly one non-breaking space inside.
	out = out.replace(/«[ \u202f\u00a0]*/g, `«${NBSP}`).replace(/[ \u202f\u00a0]*»/g, `${NBSP}»`);
	// High signs: a plain or narrow space before them becomes a non-breaking one...
	out = out.replace(/(\S)[ \u202f]+(?=[;:!?]+(?:\s|$|[»)\]]))/g, `$1${NBSP}`);
	// ...and a missing one is added, when the sign ends a word (followed by a space or the end).
	let fixed = '';
	for (let i = 0; i < out.length; i++) {
		const c = out[i] as string;
		if (HIGH.test(c) && i > 0) {
			const before = out[i - 1] as string;
			const after = out[i + 1];
			const endsWord = after === undefined || /[\s»)\]]/.test(after) || (HIGH.test(after) && c !== after);
			if (endsWord && !NO_SPACE_AFTER.test(before)) fixed += NBSP;
		}
		fixed += c;
	}
	return fixed;
}

/** The text with the French typography above (protected spans untouched). */
export function frenchTypography(text: string): string {
	let out = '';
	let last = 0;
	for (const m of text.matchAll(PROTECTED)) {
		const at = m.index ?? 0;
		out += fixProse(text.slice(last, at)) + m[0];
		last = at + m[0].length;
	}
	return out + fixProse(text.slice(last));
}

/** Whether the text already follows the convention. */
export function followsFrenchTypography(text: string): boolean {
	return frenchTypography(text) === text;
}
