/**
 * CSV text (RFC 4180): fields separated by `;` (the French form, which Excel in French and
 * LibreOffice split without asking) or `,` (the plain form for programs), records ended by CRLF.
 * A field is quoted when it holds either separator, a quote or a line break, and its quotes are
 * doubled; so one writer's output can be read with either separator. Pure.
 */

export type CsvSeparator = ';' | ',';

/** The byte-order mark that tells Excel the file is UTF-8 (without it, "é" shows as "Ã©"). */
export const UTF8_BOM = '\uFEFF';

const NEEDS_QUOTES = /[;,"\r\n]/;

/** One field as written in a record. */
export function csvField(value: string): string {
	return NEEDS_QUOTES.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** One record, CRLF-terminated. */
export function csvLine(fields: readonly string[], separator: CsvSeparator): string {
	return `${fields.map(csvField).join(separator)}\r\n`;
}

/**
 * A text cell made harmless for a spreadsheet: text starting with `=`, `+`, `-`, `@`, a tab or a
 * carriage return would be run as a formula when the file is opened ("CSV injection"), so it gets
 * a leading apostrophe. Used for the French CSV, which is meant to be opened in Excel; the plain
 * CSV keeps the text as typed (programs read it, and must not get altered data).
 */
export function spreadsheetSafe(text: string): string {
	return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}
