/**
 * What every export writer shares: the French words of the catalogue for headers, codes and
 * booleans, the territory as the columns read it, the time zone of instants, and chunking of
 * text so a stream moves in pieces of a useful size rather than one row (or one file) at a time.
 */
import { t, label, type MessageKey } from '$lib/i18n';
import { communeByInsee, type Territory } from '$lib/domain/territory';
import type { ExportColumn, ExportContext, ExportLabels } from '$lib/domain/export-columns';

/**
 * Instants are shown in the server's time zone (TZ) or, when none is set (a server in UTC), in
 * Paris time: the people reading the files are in France.
 */
export function exportTimeZone(): string {
	return process.env.TZ || 'Europe/Paris';
}

export function exportLabels(timeZone = exportTimeZone()): ExportLabels {
	// Each code's label is looked up once per export (an export of 100,000 sheets asks a million
	// times); an export is written in one language, that of its first lookup.
	const known = new Map<string, Map<string | number, string>>();
	const code = (prefix: string, id: string | number): string => {
		let labels = known.get(prefix);
		if (!labels) known.set(prefix, (labels = new Map()));
		let text = labels.get(id);
		if (text === undefined) labels.set(id, (text = label(prefix, id)));
		return text;
	};
	return { code, yes: t('export.yes'), no: t('export.no'), timeZone };
}

/** The French header of a column (its machine name if the catalogue has none: a test forbids that). */
export function columnHeader(c: ExportColumn): string {
	return t(`export.col.${c.name}` as MessageKey);
}

export function columnDescription(c: ExportColumn): string {
	return t(`export.desc.${c.name}` as MessageKey);
}

export function exportContext(territory: Territory): ExportContext {
	return { commune: (insee) => communeByInsee(territory, insee) };
}

/** Bytes gathered before a chunk is handed on (large enough for few calls, small for flat memory). */
export const CHUNK_BYTES = 64 * 1024;

/** Joins small strings into chunks of about CHUNK_BYTES characters. */
export async function* chunked(parts: AsyncIterable<string>): AsyncGenerator<string> {
	let buffer = '';
	for await (const part of parts) {
		buffer += part;
		if (buffer.length >= CHUNK_BYTES) {
			yield buffer;
			buffer = '';
		}
	}
	if (buffer.length > 0) yield buffer;
}
