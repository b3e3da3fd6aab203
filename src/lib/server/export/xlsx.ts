/**
 * The census as an Excel workbook (SpreadsheetML, ECMA-376), written here as it is read: the sheet's
 * XML is produced a row at a time, with inline strings (no shared-strings table held in memory),
 * and deflated into the ZIP as the consumer takes the bytes (zip.ts, a deflated entry) — the rows
 * are pulled at the download's pace, and memory stays flat for any census size.
 *
 * Sheet "Outils": French headers in a frozen first row with filters, typed cells — numbers are
 * numbers, days and instants real dates shown 28/11/2026 (instants in the export's time zone),
 * yes/no as the words « Oui »/« Non » (text, like the three-way answers beside them and the
 * coverage workbook: one kind of yes/no column everywhere; a boolean would read VRAI/FAUX), codes
 * their French labels. Sheet "Dictionnaire": every column (French header, machine name as in the
 * plain CSV and GeoJSON, type, description) and every code of the closed lists with its label.
 *
 * The package, the styles and the XML of cells are workbook.ts's: the coverage workbook is written
 * by the same writer.
 */
import { t } from '$lib/i18n';
import { exportColumns, wallClock, type ExportColumn, type ExportContext, type ExportLabels, type ExportValue } from '$lib/domain/export-columns';
import type { CensusRow } from '$lib/domain/census';
import { CHUNK_BYTES, columnDescription, columnHeader, exportLabels, exportTimeZone } from './labels';
import { cellXml, letters, once, rowXml, sheetEnd, sheetStart, stylesXml, workbookChunks, type Cell, type CellStyle, type SheetLayout } from './workbook';

export interface XlsxOptions {
	withPrivate: boolean;
	ctx: ExportContext;
	timeZone?: string;
	/** When the workbook is made (its properties and the ZIP's dates); now by default. */
	now?: Date;
}

/** Excel refuses longer text in a cell. */
const MAX_CELL_TEXT = 32_767;

const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A calendar day as the spreadsheet date of that day (midnight, no time zone shift). */
function dayDate(iso: string): Date | null {
	const m = ISO_DAY.exec(iso);
	return m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : null;
}

/** An instant as the spreadsheet date-time of its wall clock in `timeZone` (Excel has no zones). */
function instantDate(iso: string, timeZone: string | undefined): Date | null {
	const w = wallClock(iso, timeZone);
	return w ? new Date(Date.UTC(w.y, w.mo - 1, w.d, w.h, w.mi, w.s)) : null;
}

export function xlsxCell(c: ExportColumn, value: ExportValue, labels: ExportLabels): Cell {
	if (value === null) return null;
	if (Array.isArray(value)) return value.map((id) => (c.codes ? labels.code(c.codes.prefix, id) : String(id))).join(', ');
	switch (c.type) {
		case 'number':
			return typeof value === 'number' ? value : null;
		case 'boolean':
			return value === true ? labels.yes : labels.no;
		case 'date':
			return dayDate(String(value)) ?? String(value);
		case 'datetime':
			return instantDate(String(value), labels.timeZone) ?? String(value);
		case 'code':
			return c.codes ? labels.code(c.codes.prefix, value as string) : String(value);
		case 'text': {
			// XML reads every CR LF as LF: say so rather than let the file differ from what was written.
			const text = String(value);
			return (text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text).slice(0, MAX_CELL_TEXT);
		}
	}
}

const WIDTH: Record<ExportColumn['type'], number> = { text: 22, number: 11, date: 12, datetime: 17, boolean: 10, code: 20 };
const WIDE = new Set(['name', 'description', 'notes', 'equipment', 'category']);

function width(c: ExportColumn): number {
	const base = WIDE.has(c.name) ? 40 : WIDTH[c.type];
	return Math.min(50, Math.max(base, columnHeader(c).length + 2));
}

/** Style ids: places in CENSUS_STYLES. */
const STYLE = { none: 0, datetime: 1, date: 2, bold: 3, wrapTop: 4 } as const;
const CENSUS_STYLES: readonly CellStyle[] = [
	{},
	{ numFmt: 'dd/mm/yyyy hh:mm' },
	{ numFmt: 'dd/mm/yyyy' },
	{ bold: true },
	{ alignment: { vertical: 'top', wrapText: true } }
];

function styleOf(c: ExportColumn): number {
	return c.type === 'date' ? STYLE.date : c.type === 'datetime' ? STYLE.datetime : STYLE.none;
}

// ---------- the two sheets ----------

/**
 * Characters of XML handed to zlib at a time: larger than the other formats' chunks (fewer calls
 * into zlib, less garbage), still a few hundred rows.
 */
const XML_PIECE = 4 * CHUNK_BYTES;

/** The data sheet's XML in pieces of about XML_PIECE characters, pulling rows as it goes. */
async function* dataSheet(rows: AsyncIterable<CensusRow>, columns: readonly ExportColumn[], o: XlsxOptions, labels: ExportLabels): AsyncGenerator<string> {
	const refs = columns.map((_, i) => letters(i + 1));
	const styles = columns.map(styleOf);
	const layout: SheetLayout = { widths: columns.map(width), styles, frozenHeader: true, autoFilter: `A1:${letters(columns.length)}1` };
	let xml =
		sheetStart(layout) +
		rowXml(
			1,
			columns.map(columnHeader),
			refs,
			columns.map(() => STYLE.bold)
		);
	let n = 1;
	for await (const row of rows) {
		n++;
		// rowXml without its array of cells (this loop runs five million times for 100,000 sheets).
		xml += `<row r="${n}">`;
		for (let i = 0; i < columns.length; i++) {
			const c = columns[i] as ExportColumn;
			const cell = xlsxCell(c, c.value(row, o.ctx), labels);
			if (cell !== null) xml += cellXml(`${refs[i]}${n}`, cell, styles[i] as number);
		}
		xml += '</row>';
		if (xml.length >= XML_PIECE) {
			yield xml;
			xml = '';
		}
	}
	yield xml + sheetEnd(layout);
}

function dictionaryRows(columns: readonly ExportColumn[], labels: ExportLabels): Cell[][] {
	const rows: Cell[][] = [];
	for (const c of columns) {
		const type = c.type === 'code' && c.multiple ? t('export.type.code_multiple') : t(`export.type.${c.type}`);
		const notes = [columnDescription(c)];
		if (c.private) notes.push(t('export.dict.private'));
		if (c.machineOnly) notes.push(t('export.dict.machine_only'));
		if (c.multiple) notes.push(t('export.dict.plain_list'));
		rows.push([c.machineOnly ? null : columnHeader(c), c.name, type, notes.join(' '), null, null]);
		for (const id of c.codes?.ids ?? []) rows.push([null, null, null, null, String(id), labels.code(c.codes!.prefix, id)]);
	}
	return rows;
}

/** The dictionary sheet: small (a row per column and per code), made at once. */
function dictionarySheet(withPrivate: boolean, labels: ExportLabels): string {
	const widths = [36, 22, 22, 70, 24, 36];
	const refs = widths.map((_, i) => letters(i + 1));
	const layout: SheetLayout = { widths, styles: widths.map(() => STYLE.none), frozenHeader: true, autoFilter: null };
	const head = (['column', 'name', 'type', 'description', 'code', 'label'] as const).map((k) => t(`export.dict.header.${k}`));
	let xml =
		sheetStart(layout) +
		rowXml(
			1,
			head,
			refs,
			widths.map(() => STYLE.bold)
		);
	const rows = dictionaryRows(exportColumns({ withPrivate, form: 'machine', label: labels.code }), labels);
	rows.forEach((r, i) => {
		xml += rowXml(
			i + 2,
			r,
			refs,
			widths.map(() => STYLE.wrapTop),
			STYLE.wrapTop
		);
	});
	return xml + sheetEnd(layout);
}

/**
 * The workbook's bytes, in pieces; the rows are pulled only as the bytes are taken, and ending
 * the iteration (a cancelled download) stops reading them.
 */
export function xlsxChunks(rows: AsyncIterable<CensusRow>, o: XlsxOptions): AsyncGenerator<Uint8Array> {
	const timeZone = o.timeZone ?? exportTimeZone();
	const labels = exportLabels(timeZone);
	const columns = exportColumns({ withPrivate: o.withPrivate, form: 'french' });
	const now = o.now ?? new Date();
	return workbookChunks({
		sheets: [
			{ name: t('export.sheet.data'), xml: dataSheet(rows, columns, { ...o, timeZone }, labels) },
			{ name: t('export.sheet.dictionary'), xml: once(dictionarySheet(o.withPrivate, labels)) }
		],
		styles: stylesXml(CENSUS_STYLES),
		created: now,
		mtime: wallClock(now.toISOString(), timeZone)!
	});
}
