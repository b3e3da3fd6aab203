/**
 * The census as an Excel workbook (SpreadsheetML, ECMA-376), written here as it is read: the sheet's
 * XML is produced a row at a time, with inline strings (no shared-strings table held in memory),
 * and deflated into the ZIP as the consumer takes the bytes (zip.ts `deflated`) — the rows are
 * pulled at the download's pace, and memory stays flat for any census size.
 *
 * Sheet "Outils": French headers in a frozen first row with filters, typed cells — numbers are
 * numbers, days and instants real dates shown 28/11/2026 (instants in the export's time zone),
 * yes/no as the words « Oui »/« Non » (text, like the three-way answers beside them and the
 * coverage workbook: one kind of yes/no column everywhere; a boolean would read VRAI/FAUX), codes
 * their French labels. Sheet "Dictionnaire": every column (French header, machine name as in the
 * plain CSV and GeoJSON, type, description) and every code of the closed lists with its label.
 *
 * The package holds only the parts a workbook needs: content types, relationships, the workbook,
 * its styles, core properties (creator) and the two sheets. (exceljs wrote this file before;
 * it took most of a 100,000-sheet export's time.)
 */
import { t } from '$lib/i18n';
import {
	exportColumns,
	wallClock,
	type ExportColumn,
	type ExportContext,
	type ExportLabels,
	type ExportValue
} from '$lib/domain/export-columns';
import type { CensusRow } from '$lib/domain/census';
import { CHUNK_BYTES, columnDescription, columnHeader, exportLabels, exportTimeZone } from './labels';
import { ZipWriter } from './zip';

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

type Cell = string | number | boolean | Date | null;

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

/** Spreadsheet column letters: 1 → A, 27 → AA. */
function letters(n: number): string {
	let s = '';
	for (let x = n; x > 0; x = Math.floor((x - 1) / 26)) s = String.fromCharCode(65 + ((x - 1) % 26)) + s;
	return s;
}

// ---------- XML ----------

/** Characters XML 1.0 cannot carry at all (control characters but tab, LF, CR), and DEL: dropped. */
// eslint-disable-next-line no-control-regex
const NOT_XML = /[\x00-\x08\x0B\x0C\x0E-\x1F\x7F]/g;
// eslint-disable-next-line no-control-regex
const XML_SPECIAL = /[&<>"\x00-\x08\x0B\x0C\x0E-\x1F\x7F]/;
const ENTITY: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };

/** Text as XML character data or an attribute value (quotes escaped too). */
export function xmlText(text: string): string {
	if (!XML_SPECIAL.test(text)) return text;
	return text.replace(NOT_XML, '').replace(/[&<>"]/g, (ch) => ENTITY[ch] as string);
}

const isSpace = (code: number) => code === 32 || code === 9 || code === 10 || code === 13;

/** An inline string cell; its spaces and line breaks kept (`xml:space`) when Excel would trim them. */
function stringCell(ref: string, text: string, style: string): string {
	const keep = text.length > 0 && (isSpace(text.charCodeAt(0)) || isSpace(text.charCodeAt(text.length - 1)) || text.includes('\n'));
	return `<c r="${ref}"${style} t="inlineStr"><is><t${keep ? ' xml:space="preserve"' : ''}>${xmlText(text)}</t></is></c>`;
}

/** Days since 1899-12-30 (Excel's serial date, 1900 system), as exceljs wrote it. */
const serial = (d: Date) => 25569 + d.getTime() / 86_400_000;

/** Style ids of styles.xml's cellXfs, in order. */
const STYLE = { none: 0, datetime: 1, date: 2, bold: 3, wrapTop: 4 } as const;

function styleOf(c: ExportColumn): number {
	return c.type === 'date' ? STYLE.date : c.type === 'datetime' ? STYLE.datetime : STYLE.none;
}

/** One cell's XML ('' for an empty cell: the column's style still shows on it). */
function cellXml(ref: string, cell: Cell, style: number): string {
	if (cell === null) return '';
	const s = style === STYLE.none ? '' : ` s="${style}"`;
	if (typeof cell === 'string') return stringCell(ref, cell, s);
	if (typeof cell === 'number') return Number.isFinite(cell) ? `<c r="${ref}"${s}><v>${cell}</v></c>` : '';
	if (typeof cell === 'boolean') return `<c r="${ref}"${s} t="b"><v>${cell ? 1 : 0}</v></c>`;
	return Number.isNaN(cell.getTime()) ? '' : `<c r="${ref}"${s}><v>${serial(cell)}</v></c>`;
}

function rowXml(n: number, cells: readonly Cell[], refs: readonly string[], styles: readonly number[], rowStyle?: number): string {
	let xml = rowStyle === undefined ? `<row r="${n}">` : `<row r="${n}" s="${rowStyle}" customFormat="1">`;
	for (let i = 0; i < cells.length; i++) xml += cellXml(`${refs[i]}${n}`, cells[i] as Cell, styles[i] as number);
	return `${xml}</row>`;
}

const XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const MAIN_NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

interface SheetLayout {
	widths: readonly number[];
	/** Default style of each column (dates show as dates even where a cell is added by hand). */
	styles: readonly number[];
	autoFilter: boolean;
}

function sheetStart(layout: SheetLayout): string {
	const cols = layout.widths
		.map((w, i) => {
			const style = layout.styles[i] ?? STYLE.none;
			return `<col min="${i + 1}" max="${i + 1}" width="${w}" customWidth="1"${style === STYLE.none ? '' : ` style="${style}"`}/>`;
		})
		.join('');
	return (
		`${XML_HEAD}<worksheet xmlns="${MAIN_NS}" xmlns:r="${REL_NS}">` +
		'<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>' +
		'<selection pane="bottomLeft"/></sheetView></sheetViews>' +
		`<sheetFormatPr defaultRowHeight="15"/><cols>${cols}</cols><sheetData>`
	);
}

function sheetEnd(layout: SheetLayout): string {
	const filter = layout.autoFilter ? `<autoFilter ref="A1:${letters(layout.widths.length)}1"/>` : '';
	return `</sheetData>${filter}<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/></worksheet>`;
}

const STYLES_XML =
	`${XML_HEAD}<styleSheet xmlns="${MAIN_NS}">` +
	'<numFmts count="2"><numFmt numFmtId="164" formatCode="dd/mm/yyyy hh:mm"/><numFmt numFmtId="165" formatCode="dd/mm/yyyy"/></numFmts>' +
	'<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font><font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>' +
	'<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>' +
	'<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
	'<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
	'<cellXfs count="5">' +
	'<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>' +
	'<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>' +
	'<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>' +
	'<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>' +
	'<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1"><alignment vertical="top" wrapText="1"/></xf>' +
	'</cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>';

const CONTENT_TYPES_XML =
	`${XML_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
	'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
	'<Default Extension="xml" ContentType="application/xml"/>' +
	'<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
	'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' +
	'<Override PartName="/xl/worksheets/sheet2.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' +
	'<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>' +
	'<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>' +
	'</Types>';

const ROOT_RELS_XML =
	`${XML_HEAD}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
	`<Relationship Id="rId1" Type="${REL_NS}/officeDocument" Target="xl/workbook.xml"/>` +
	'<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>' +
	'</Relationships>';

const WORKBOOK_RELS_XML =
	`${XML_HEAD}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
	`<Relationship Id="rId1" Type="${REL_NS}/worksheet" Target="worksheets/sheet1.xml"/>` +
	`<Relationship Id="rId2" Type="${REL_NS}/worksheet" Target="worksheets/sheet2.xml"/>` +
	`<Relationship Id="rId3" Type="${REL_NS}/styles" Target="styles.xml"/>` +
	'</Relationships>';

function workbookXml(sheetNames: readonly string[]): string {
	const sheets = sheetNames.map((name, i) => `<sheet name="${xmlText(name)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join('');
	return `${XML_HEAD}<workbook xmlns="${MAIN_NS}" xmlns:r="${REL_NS}"><bookViews><workbookView/></bookViews><sheets>${sheets}</sheets></workbook>`;
}

function coreXml(now: Date): string {
	const at = `${now.toISOString().slice(0, 19)}Z`;
	return (
		`${XML_HEAD}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" ` +
		'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">' +
		`<dc:creator>Atlas des outils</dc:creator><dcterms:created xsi:type="dcterms:W3CDTF">${at}</dcterms:created>` +
		`<dcterms:modified xsi:type="dcterms:W3CDTF">${at}</dcterms:modified></cp:coreProperties>`
	);
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
	const layout: SheetLayout = { widths: columns.map(width), styles, autoFilter: true };
	let xml = sheetStart(layout) + rowXml(1, columns.map(columnHeader), refs, columns.map(() => STYLE.bold));
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
	const layout: SheetLayout = { widths, styles: widths.map(() => STYLE.none), autoFilter: false };
	const head = (['column', 'name', 'type', 'description', 'code', 'label'] as const).map((k) => t(`export.dict.header.${k}`));
	let xml = sheetStart(layout) + rowXml(1, head, refs, widths.map(() => STYLE.bold));
	const rows = dictionaryRows(exportColumns({ withPrivate, form: 'machine', label: labels.code }), labels);
	rows.forEach((r, i) => {
		xml += rowXml(i + 2, r, refs, widths.map(() => STYLE.wrapTop), STYLE.wrapTop);
	});
	return xml + sheetEnd(layout);
}

async function* once(text: string): AsyncGenerator<string> {
	yield text;
}

/**
 * The workbook's bytes, in pieces; the rows are pulled only as the bytes are taken, and ending
 * the iteration (a cancelled download) stops reading them.
 */
export async function* xlsxChunks(rows: AsyncIterable<CensusRow>, o: XlsxOptions): AsyncGenerator<Uint8Array> {
	const timeZone = o.timeZone ?? exportTimeZone();
	const labels = exportLabels(timeZone);
	const columns = exportColumns({ withPrivate: o.withPrivate, form: 'french' });
	const now = o.now ?? new Date();
	const mtime = wallClock(now.toISOString(), timeZone)!;
	const zip = new ZipWriter();
	const small = (name: string, text: string) => zip.entry({ name, data: Buffer.from(text, 'utf8'), mtime });
	yield* small('[Content_Types].xml', CONTENT_TYPES_XML);
	yield* small('_rels/.rels', ROOT_RELS_XML);
	yield* small('docProps/core.xml', coreXml(now));
	yield* small('xl/workbook.xml', workbookXml([t('export.sheet.data'), t('export.sheet.dictionary')]));
	yield* small('xl/_rels/workbook.xml.rels', WORKBOOK_RELS_XML);
	yield* small('xl/styles.xml', STYLES_XML);
	yield* zip.deflated('xl/worksheets/sheet1.xml', mtime, dataSheet(rows, columns, { ...o, timeZone }, labels));
	yield* zip.deflated('xl/worksheets/sheet2.xml', mtime, once(dictionarySheet(o.withPrivate, labels)));
	yield* zip.end();
}
