/**
 * The atlas's one XLSX writer (SpreadsheetML, ECMA-376), for every workbook it gives out: the census
 * (xlsx.ts, a sheet that streams any number of rows) and the coverage analysis (its export files).
 * A sheet's XML is produced in pieces and deflated into the ZIP as the consumer takes the bytes
 * (zip.ts), with inline strings (no shared-strings table held in memory).
 *
 * The package holds only the parts a workbook needs: content types, relationships, the workbook,
 * its styles, core properties (creator, date) and the sheets.
 *
 * exceljs's streaming WorkbookWriter was measured on the 100,000-sheet census against this writer
 * and took two to seven times its time, twice its memory (docs/design.md, « Exports »): the atlas
 * keeps this one.
 */
import { zipChunks, type WallClock, type ZipEntry } from './zip';

export type Cell = string | number | boolean | Date | null;

/** A cell's look: a number format (Excel's code), bold, an alignment. */
export interface CellStyle {
	numFmt?: string;
	bold?: boolean;
	alignment?: { horizontal?: 'left'; vertical?: 'top'; wrapText?: boolean };
}

/** Column letters: 1 → A, 27 → AA. */
export function letters(n: number): string {
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

/** Days since 1899-12-30 (Excel's serial date, 1900 system), as exceljs writes it: the Date's UTC fields. */
const serial = (d: Date) => 25569 + d.getTime() / 86_400_000;

/** One cell's XML ('' for an empty cell: its column's style still shows on it). `style` 0 is the plain style. */
export function cellXml(ref: string, cell: Cell, style: number): string {
	if (cell === null) return '';
	const s = style === 0 ? '' : ` s="${style}"`;
	if (typeof cell === 'string') return stringCell(ref, cell, s);
	if (typeof cell === 'number') return Number.isFinite(cell) ? `<c r="${ref}"${s}><v>${cell}</v></c>` : '';
	if (typeof cell === 'boolean') return `<c r="${ref}"${s} t="b"><v>${cell ? 1 : 0}</v></c>`;
	return Number.isNaN(cell.getTime()) ? '' : `<c r="${ref}"${s}><v>${serial(cell)}</v></c>`;
}

/** A row: `refs` are the column letters, `styles` each cell's style id, `rowStyle` the row's own. */
export function rowXml(n: number, cells: readonly Cell[], refs: readonly string[], styles: readonly number[], rowStyle?: number): string {
	let xml = rowStyle === undefined ? `<row r="${n}">` : `<row r="${n}" s="${rowStyle}" customFormat="1">`;
	for (let i = 0; i < cells.length; i++) xml += cellXml(`${refs[i]}${n}`, cells[i] as Cell, styles[i] as number);
	return `${xml}</row>`;
}

const XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const MAIN_NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

// ---------- styles ----------

/** Number formats Excel knows by id (ECMA-376 §18.8.30): not written in styles.xml. */
const BUILT_IN_FORMATS: Readonly<Record<string, number>> = { '0.00': 2, '@': 49 };

/**
 * The styles of a workbook: a cell's style id is its place in `list` (0 must be the plain style).
 * Two fonts (regular, bold); custom number formats numbered from 164 in order of appearance.
 */
export function stylesXml(list: readonly CellStyle[]): string {
	const custom = new Map<string, number>();
	for (const s of list) if (s.numFmt && BUILT_IN_FORMATS[s.numFmt] === undefined && !custom.has(s.numFmt)) custom.set(s.numFmt, 164 + custom.size);
	const numFmts = [...custom].map(([code, id]) => `<numFmt numFmtId="${id}" formatCode="${xmlText(code)}"/>`).join('');
	const xfs = list
		.map((s) => {
			const numFmtId = s.numFmt ? (BUILT_IN_FORMATS[s.numFmt] ?? custom.get(s.numFmt)) : 0;
			const a = s.alignment;
			const align = a
				? `<alignment${a.horizontal ? ` horizontal="${a.horizontal}"` : ''}${a.vertical ? ` vertical="${a.vertical}"` : ''}${a.wrapText ? ' wrapText="1"' : ''}/>`
				: '';
			const applied = `${s.numFmt ? ' applyNumberFormat="1"' : ''}${s.bold ? ' applyFont="1"' : ''}${a ? ' applyAlignment="1"' : ''}`;
			const head = `<xf numFmtId="${numFmtId}" fontId="${s.bold ? 1 : 0}" fillId="0" borderId="0" xfId="0"${applied}`;
			return align ? `${head}>${align}</xf>` : `${head}/>`;
		})
		.join('');
	return (
		`${XML_HEAD}<styleSheet xmlns="${MAIN_NS}">` +
		(custom.size > 0 ? `<numFmts count="${custom.size}">${numFmts}</numFmts>` : '') +
		'<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font><font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>' +
		'<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>' +
		'<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
		'<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
		`<cellXfs count="${list.length}">${xfs}</cellXfs>` +
		'<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>'
	);
}

// ---------- a sheet ----------

export interface SheetLayout {
	widths: readonly number[];
	/** Default style of each column (dates show as dates even where a cell is added by hand). */
	styles: readonly number[];
	/** The first row stays in view when scrolling. */
	frozenHeader: boolean;
	/** Range of the filter buttons (`A1:X1`), or none. */
	autoFilter: string | null;
}

export function sheetStart(layout: SheetLayout): string {
	const cols = layout.widths
		.map((w, i) => {
			const style = layout.styles[i] ?? 0;
			return `<col min="${i + 1}" max="${i + 1}" width="${w}" customWidth="1"${style === 0 ? '' : ` style="${style}"`}/>`;
		})
		.join('');
	// A sheet without a frozen header has no view of its own: the spreadsheet's default view.
	const views = layout.frozenHeader
		? '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>' +
			'<selection pane="bottomLeft"/></sheetView></sheetViews>'
		: '';
	return `${XML_HEAD}<worksheet xmlns="${MAIN_NS}" xmlns:r="${REL_NS}">` + views + `<sheetFormatPr defaultRowHeight="15"/><cols>${cols}</cols><sheetData>`;
}

export function sheetEnd(layout: SheetLayout): string {
	const filter = layout.autoFilter ? `<autoFilter ref="${layout.autoFilter}"/>` : '';
	return `</sheetData>${filter}<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/></worksheet>`;
}

// ---------- the package ----------

function contentTypesXml(sheets: number): string {
	const overrides = Array.from(
		{ length: sheets },
		(_, i) => `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`
	).join('');
	return (
		`${XML_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
		'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
		'<Default Extension="xml" ContentType="application/xml"/>' +
		'<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
		overrides +
		'<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>' +
		'<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>' +
		'</Types>'
	);
}

const ROOT_RELS_XML =
	`${XML_HEAD}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
	`<Relationship Id="rId1" Type="${REL_NS}/officeDocument" Target="xl/workbook.xml"/>` +
	'<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>' +
	'</Relationships>';

function workbookRelsXml(sheets: number): string {
	const rels = Array.from(
		{ length: sheets },
		(_, i) => `<Relationship Id="rId${i + 1}" Type="${REL_NS}/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`
	).join('');
	return (
		`${XML_HEAD}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
		rels +
		`<Relationship Id="rId${sheets + 1}" Type="${REL_NS}/styles" Target="styles.xml"/>` +
		'</Relationships>'
	);
}

function workbookXml(sheetNames: readonly string[]): string {
	const sheets = sheetNames.map((name, i) => `<sheet name="${xmlText(name)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join('');
	return `${XML_HEAD}<workbook xmlns="${MAIN_NS}" xmlns:r="${REL_NS}"><bookViews><workbookView/></bookViews><sheets>${sheets}</sheets></workbook>`;
}

function coreXml(created: Date): string {
	const at = `${created.toISOString().slice(0, 19)}Z`;
	return (
		`${XML_HEAD}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" ` +
		'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">' +
		`<dc:creator>Atlas des outils</dc:creator><dcterms:created xsi:type="dcterms:W3CDTF">${at}</dcterms:created>` +
		`<dcterms:modified xsi:type="dcterms:W3CDTF">${at}</dcterms:modified></cp:coreProperties>`
	);
}

export interface WorkbookSheet {
	name: string;
	/** The sheet's XML (sheetStart … sheetEnd), in pieces pulled as the bytes are taken. */
	xml: AsyncIterable<string>;
}

export interface WorkbookParts {
	sheets: readonly WorkbookSheet[];
	/** styles.xml (stylesXml). */
	styles: string;
	/** The workbook's creation date (its properties). */
	created: Date;
	/** The ZIP entries' date: the creation's wall clock in the export's time zone. */
	mtime: WallClock;
}

/**
 * The workbook's bytes, in pieces; the sheets' XML is pulled only as the bytes are taken, and
 * ending the iteration (a cancelled download) stops it.
 */
export function workbookChunks(w: WorkbookParts): AsyncGenerator<Uint8Array> {
	const { mtime } = w;
	async function* entries(): AsyncGenerator<ZipEntry> {
		const small = (name: string, text: string): ZipEntry => ({ name, data: Buffer.from(text, 'utf8'), mtime });
		yield small('[Content_Types].xml', contentTypesXml(w.sheets.length));
		yield small('_rels/.rels', ROOT_RELS_XML);
		yield small('docProps/core.xml', coreXml(w.created));
		yield small('xl/workbook.xml', workbookXml(w.sheets.map((s) => s.name)));
		yield small('xl/_rels/workbook.xml.rels', workbookRelsXml(w.sheets.length));
		yield small('xl/styles.xml', w.styles);
		for (const [i, sheet] of w.sheets.entries()) yield { name: `xl/worksheets/sheet${i + 1}.xml`, mtime, text: sheet.xml };
	}
	return zipChunks(entries());
}

export async function* once(text: string): AsyncGenerator<string> {
	yield text;
}
