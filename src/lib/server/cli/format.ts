/** Plain-text output for a terminal: dates in the CLI's language, and aligned tables. */
import { intlTag } from '$lib/i18n';

/** "28/11/2026 14:05" (English: "28/11/2026, 14:05") in `timeZone` (default: the machine's). */
export function formatDate(iso: string, timeZone?: string): string {
	return new Intl.DateTimeFormat(intlTag(), {
		day: '2-digit',
		month: '2-digit',
		year: 'numeric',
		hour: '2-digit',
		minute: '2-digit',
		timeZone
	}).format(new Date(iso));
}

/** Width as a terminal shows it, counting characters rather than UTF-16 units ("é" is one). */
const width = (s: string) => [...s].length;

/**
 * Columns separated by two spaces, a dashed rule under the header; the last column is not padded
 * (no trailing blanks). Newlines in cells become spaces, so one row stays one line.
 */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
	const clean = (s: string) => s.replace(/\s+/g, ' ').trim();
	const all = [header, ...rows].map((r) => r.map(clean));
	const widths = header.map((_, i) => Math.max(...all.map((r) => width(r[i] ?? ''))));
	const line = (cells: readonly string[]) =>
		cells
			.map((c, i) => (i === cells.length - 1 ? c : c + ' '.repeat((widths[i] ?? 0) - width(c))))
			.join('  ')
			.trimEnd();
	const [head, ...body] = all;
	return [line(head ?? []), line(widths.map((w) => '-'.repeat(w))), ...body.map(line)];
}
