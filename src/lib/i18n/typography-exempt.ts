/**
 * French messages written in French AND English on purpose (the command line's messages, for an
 * operator who may read either): the French typography check and fix (domain/french-typography)
 * apply only to their French lines, since English puts no space before « : ».
 * - cli.usage: French and English mixed on its lines: left out entirely;
 * - cli.error.* and cli.warning.*: one French line, then the English one (and what follows);
 * - cli.error.no_database: two French lines, then the English one.
 */
const FRENCH_LINES: Readonly<Record<string, number>> = { 'cli.usage': 0, 'cli.error.no_database': 2 };
const BILINGUAL_PREFIXES = ['cli.error.', 'cli.warning.'];

/** How many first lines of the message are French; null when all of it is. */
export function frenchLinesOf(key: string): number | null {
	if (key in FRENCH_LINES) return FRENCH_LINES[key] as number;
	return BILINGUAL_PREFIXES.some((p) => key.startsWith(p)) ? 1 : null;
}

/** The message with `fix` applied to its French part only. */
export function onFrenchPart(key: string, text: string, fix: (french: string) => string): string {
	const lines = frenchLinesOf(key);
	if (lines === null) return fix(text);
	const all = text.split('\n');
	return [...all.slice(0, lines).map(fix), ...all.slice(lines)].join('\n');
}
