/**
 * The census as an Excel workbook, with exceljs's streaming writer: rows are written and let go
 * one at a time (inline strings, no shared-strings table held in memory).
 *
 * Sheet "Outils": French headers in a frozen first row with filters, typed cells — numbers are
 * numbers, days and instants real dates shown 28/11/2026 (instants in the export's time zone),
 * yes/no real booleans, codes their French labels. Sheet "Dictionnaire": every column (French
 * header, machine name as in the plain CSV and GeoJSON, type, description) and every code of
 * the closed lists with its label.
 *
 * exceljs does not wait for its zip to drain (its sheet buffer pushes into archiver without
 * back-pressure), so the writer waits itself, every few rows, until the bytes not yet compressed
 * and the output's buffer are small: memory stays flat even for a slow download.
 */
import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
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
import { columnDescription, columnHeader, exportLabels } from './labels';

export interface XlsxOptions {
	withPrivate: boolean;
	ctx: ExportContext;
	timeZone?: string;
}

/** Excel refuses longer text in a cell. */
const MAX_CELL_TEXT = 32_767;
/** Rows written between two looks at the buffers. */
const ROWS_PER_CHECK = 200;
/** Bytes allowed to wait between exceljs and the output before writing more rows. */
const MAX_BACKLOG = 1024 * 1024;

const DAY_FORMAT = 'dd/mm/yyyy';
const DATETIME_FORMAT = 'dd/mm/yyyy hh:mm';

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
			return value === true;
		case 'date':
			return dayDate(String(value)) ?? String(value);
		case 'datetime':
			return instantDate(String(value), labels.timeZone) ?? String(value);
		case 'code':
			return c.codes ? labels.code(c.codes.prefix, value as string) : String(value);
		case 'text':
			// XML reads every CR LF as LF: say so rather than let the file differ from what was written.
			return String(value).replace(/\r\n?/g, '\n').slice(0, MAX_CELL_TEXT);
	}
}

const WIDTH: Record<ExportColumn['type'], number> = { text: 22, number: 11, date: 12, datetime: 17, boolean: 10, code: 20 };
const WIDE = new Set(['name', 'description', 'notes', 'equipment', 'category']);

function width(c: ExportColumn): number {
	const base = WIDE.has(c.name) ? 40 : WIDTH[c.type];
	return Math.min(50, Math.max(base, columnHeader(c).length + 2));
}

function numFmt(c: ExportColumn): string | undefined {
	return c.type === 'date' ? DAY_FORMAT : c.type === 'datetime' ? DATETIME_FORMAT : undefined;
}

/** Spreadsheet column letters: 1 → A, 27 → AA. */
function letters(n: number): string {
	let s = '';
	for (let x = n; x > 0; x = Math.floor((x - 1) / 26)) s = String.fromCharCode(65 + ((x - 1) % 26)) + s;
	return s;
}

/** A stream of Node's or of the readable-stream package archiver uses (no `writableLength` there). */
interface Buffered {
	_writableState?: { length?: number };
	_readableState?: { length?: number };
}
const pending = (s: Buffered | undefined) => (s?._writableState?.length ?? 0) + (s?._readableState?.length ?? 0);

/**
 * Bytes written by exceljs and not yet out of the zip: the sheet's buffer pipes into a stream
 * archiver reads (exceljs internals, read defensively: 0 when their shape changes — then the test
 * "xlsx: stops pulling rows while nobody takes its output" of tests/unit/exports.test.ts fails).
 */
function backlog(sheet: ExcelJS.Worksheet, book: ExcelJS.stream.xlsx.WorkbookWriter): number {
	const pipes = (sheet as unknown as { stream?: { pipes?: Buffered[] } }).stream?.pipes ?? [];
	const zip = (book as unknown as { zip?: Buffered }).zip;
	return pipes.reduce((n, p) => n + pending(p), 0) + pending(zip);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Resolves at the output's next 'drain' or 'close', leaving no listener behind (this runs thousands of times). */
function drainOrClose(out: Writable): Promise<void> {
	return new Promise((resolve) => {
		const done = () => {
			out.off('drain', done);
			out.off('close', done);
			resolve();
		};
		out.on('drain', done);
		out.on('close', done);
	});
}

/** The output closed before the end (a cancelled download): not an error to report. */
export class Aborted extends Error {}

/** Waits until the output wants more and the zip has caught up (throws when the output is gone). */
async function ease(out: Writable, sheet: ExcelJS.Worksheet, book: ExcelJS.stream.xlsx.WorkbookWriter) {
	for (;;) {
		if (out.destroyed) throw new Aborted('output closed');
		if (out.writableNeedDrain) await drainOrClose(out);
		else if (backlog(sheet, book) > MAX_BACKLOG) await sleep(2);
		else return;
	}
}

function dictionaryRows(columns: readonly ExportColumn[]): Cell[][] {
	const rows: Cell[][] = [];
	for (const c of columns) {
		const type = c.type === 'code' && c.multiple ? t('export.type.code_multiple') : t(`export.type.${c.type}`);
		const notes = [columnDescription(c)];
		if (c.private) notes.push(t('export.dict.private'));
		if (c.machineOnly) notes.push(t('export.dict.machine_only'));
		if (c.multiple) notes.push(t('export.dict.plain_list'));
		rows.push([c.machineOnly ? null : columnHeader(c), c.name, type, notes.join(' '), null, null]);
		for (const id of c.codes?.ids ?? []) rows.push([null, null, null, null, String(id), exportLabels().code(c.codes!.prefix, id)]);
	}
	return rows;
}

/**
 * Writes the workbook to `out` (ended when done). Rejects when the output closes early (a download
 * cancelled): the rows are then no longer pulled.
 */
export async function writeXlsx(rows: AsyncIterable<CensusRow>, out: Writable, o: XlsxOptions): Promise<void> {
	const labels = exportLabels(o.timeZone);
	const columns = exportColumns({ withPrivate: o.withPrivate, form: 'french' });
	const book = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
	book.creator = 'Atlas des outils';
	const closed = new Promise<never>((_, reject) => out.once('close', () => reject(new Aborted('output closed'))));
	closed.catch(() => undefined);

	const sheet = book.addWorksheet(t('export.sheet.data'), { views: [{ state: 'frozen', ySplit: 1, xSplit: 0 }] });
	sheet.columns = columns.map((c) => {
		const fmt = numFmt(c);
		return { key: c.name, width: width(c), ...(fmt ? { style: { numFmt: fmt } } : {}) };
	});
	const head = sheet.addRow(columns.map(columnHeader));
	head.font = { bold: true };
	head.commit();
	sheet.autoFilter = `A1:${letters(columns.length)}1`;

	// One style object per column, shared by its cells: exceljs then finds the style by identity
	// instead of serialising one per cell (three times faster).
	const styles = columns.map((c) => {
		const fmt = numFmt(c);
		return fmt ? { numFmt: fmt } : {};
	});
	let n = 0;
	for await (const row of rows) {
		const added = sheet.addRow(columns.map((c) => xlsxCell(c, c.value(row, o.ctx), labels)));
		for (let i = 0; i < styles.length; i++) added.getCell(i + 1).style = styles[i] as Partial<ExcelJS.Style>;
		added.commit();
		if (++n % ROWS_PER_CHECK === 0) await ease(out, sheet, book);
	}
	sheet.commit();

	const dictionary = book.addWorksheet(t('export.sheet.dictionary'), { views: [{ state: 'frozen', ySplit: 1, xSplit: 0 }] });
	dictionary.columns = [{ width: 36 }, { width: 22 }, { width: 22 }, { width: 70 }, { width: 24 }, { width: 36 }];
	const dictHead = dictionary.addRow(
		(['column', 'name', 'type', 'description', 'code', 'label'] as const).map((k) => t(`export.dict.header.${k}`))
	);
	dictHead.font = { bold: true };
	dictHead.commit();
	for (const r of dictionaryRows(exportColumns({ withPrivate: o.withPrivate, form: 'machine', label: labels.code }))) {
		const added = dictionary.addRow(r);
		added.alignment = { wrapText: true, vertical: 'top' };
		added.commit();
	}
	dictionary.commit();
	await Promise.race([book.commit(), closed]);
}
