/**
 * The census as CSV, produced row by row as the reader pulls (never the whole file in memory).
 *
 *   french — for Excel in French and LibreOffice: UTF-8 with a byte-order mark (else Excel reads
 *            it as Windows-1252), `;` between fields (Excel in French splits on it without asking;
 *            `,` is its decimal mark), French headers, code labels, 28/11/2026 dates, decimal
 *            commas, Oui/Non, and text that would start a formula made inert (csv.ts spreadsheetSafe);
 *   plain  — for programs: no BOM, `,`, machine column names, raw codes, ISO dates, dot decimals.
 */
import { csvLine, spreadsheetSafe, UTF8_BOM } from '$lib/domain/csv';
import { exportColumns, frenchCell, plainCell, type ExportContext } from '$lib/domain/export-columns';
import type { CensusRow } from '$lib/domain/census';
import { chunked, columnHeader, exportLabels } from './labels';

export interface CsvOptions {
	form: 'french' | 'plain';
	withPrivate: boolean;
	ctx: ExportContext;
	timeZone?: string;
}

async function* lines(rows: AsyncIterable<CensusRow>, o: CsvOptions): AsyncGenerator<string> {
	const labels = exportLabels(o.timeZone);
	if (o.form === 'french') {
		const columns = exportColumns({ withPrivate: o.withPrivate, form: 'french' });
		yield UTF8_BOM + csvLine(columns.map(columnHeader), ';');
		for await (const row of rows) {
			yield csvLine(
				columns.map((c) => {
					const cell = frenchCell(c, c.value(row, o.ctx), labels);
					return c.type === 'text' ? spreadsheetSafe(cell) : cell;
				}),
				';'
			);
		}
	} else {
		const columns = exportColumns({ withPrivate: o.withPrivate, form: 'machine', label: labels.code });
		yield csvLine(
			columns.map((c) => c.name),
			','
		);
		for await (const row of rows)
			yield csvLine(
				columns.map((c) => plainCell(c, c.value(row, o.ctx))),
				','
			);
	}
}

/** The CSV text in chunks of about 64 KB; pulling the next chunk pulls the next rows. */
export function csvChunks(rows: AsyncIterable<CensusRow>, o: CsvOptions): AsyncGenerator<string> {
	return chunked(lines(rows, o));
}
