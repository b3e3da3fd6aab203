/**
 * The coverage analysis as files a partner opens: one row per commune of the territory —
 * the analysed ones in the order of the screen (beyond the threshold first), then those without an
 * outline, marked so. Each row repeats what was looked for (family or category, view, threshold):
 * a file passed from hand to hand still says what it measured.
 * - CSV "à la française": UTF-8 with BOM, `;`, CRLF, French headers, decimal commas, text cells
 *   made harmless for spreadsheets (a tool named "=…" is not run as a formula);
 * - XLSX: typed cells (distances and threshold are numbers), frozen header, filters, and a
 *   "Paramètres" sheet stating the rule, the date and the counts.
 * A territory has at most a few hundred communes: the files are built whole (no streaming needed).
 */
import ExcelJS from 'exceljs';
import { csvLine, spreadsheetSafe, UTF8_BOM } from '$lib/domain/csv';
import { distanceClass, summarise, type DistanceClass } from '$lib/domain/coverage';
import { isoDay } from '$lib/domain/dates';
import { label, t, type MessageKey } from '$lib/i18n';
import type { CoverageAnswer } from '../analysis.server';

interface FileRow {
	insee: string;
	commune: string;
	cdc: string;
	distanceKm: number | null;
	/** null: not analysed (no outline). */
	class: DistanceClass | null;
	beyond: boolean | null;
	nearest: string;
	nearestCommune: string;
	nearestId: string;
	note: string;
}

const COLUMNS = ['insee', 'commune', 'cdc', 'distance', 'class', 'beyond', 'nearest', 'nearest_commune', 'nearest_id', 'kind', 'view', 'threshold', 'note'] as const;
const header = (c: (typeof COLUMNS)[number]) => t(`coverage.csv.${c}` as MessageKey);

/** What was looked for, in words: the category, or the whole family. */
export function kindLabel(a: Pick<CoverageAnswer, 'family' | 'category'>): string {
	return a.category ? label('category', a.category) : label('family', a.family);
}

function rowsOf(a: CoverageAnswer, communeName: (insee: string) => string): FileRow[] {
	const analysed: FileRow[] = a.communes.map((c) => ({
		insee: c.insee,
		commune: c.name,
		cdc: c.cdc ?? '',
		distanceKm: c.distanceKm,
		class: distanceClass(c.distanceKm, a.threshold),
		beyond: c.beyond,
		nearest: c.nearest ? c.nearest.name || t('coverage.untitled') : '',
		nearestCommune: c.nearest?.commune ? communeName(c.nearest.commune) : '',
		nearestId: c.nearest?.id ?? '',
		note: c.distanceKm === null ? t('coverage.csv.note_none') : c.nearest?.commune === c.insee ? t('coverage.csv.note_in_commune') : ''
	}));
	const skipped: FileRow[] = a.withoutOutline.map((c) => ({
		insee: c.insee,
		commune: c.name,
		cdc: '',
		distanceKm: null,
		class: null,
		beyond: null,
		nearest: '',
		nearestCommune: '',
		nearestId: '',
		note: t('coverage.csv.note_outline')
	}));
	return [...analysed, ...skipped];
}

// Yes/no cells are the census export's words (« Oui »/« Non », text in the workbook too): one way
// for a yes/no column in every file the atlas gives out.
const yesNo = (b: boolean | null) => (b === null ? '' : b ? t('export.yes') : t('export.no'));
const frenchNumber = (n: number, digits: number) =>
	new Intl.NumberFormat('fr-FR', { minimumFractionDigits: digits, maximumFractionDigits: digits, useGrouping: false }).format(n);
const frenchThreshold = (n: number) => new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 3, useGrouping: false }).format(n);

/** The French CSV (see the header of this file). Distances in km with two decimals (10 m). */
export function coverageCsv(a: CoverageAnswer, communeName: (insee: string) => string): string {
	const kind = kindLabel(a);
	const view = t(`coverage.view.${a.view}`);
	const threshold = frenchThreshold(a.threshold);
	let out = UTF8_BOM + csvLine(COLUMNS.map(header), ';');
	for (const r of rowsOf(a, communeName)) {
		out += csvLine(
			[
				r.insee,
				spreadsheetSafe(r.commune),
				spreadsheetSafe(r.cdc),
				r.distanceKm === null ? '' : frenchNumber(r.distanceKm, 2),
				r.class === null ? '' : String(r.class),
				yesNo(r.beyond),
				spreadsheetSafe(r.nearest),
				spreadsheetSafe(r.nearestCommune),
				r.nearestId,
				spreadsheetSafe(kind),
				view,
				threshold,
				r.note
			],
			';'
		);
	}
	return out;
}

/** The workbook (see the header of this file). */
export async function coverageXlsx(a: CoverageAnswer, territoryName: string, communeName: (insee: string) => string): Promise<Uint8Array> {
	const wb = new ExcelJS.Workbook();
	wb.created = new Date(a.computedAt);
	const kind = kindLabel(a);
	const view = t(`coverage.view.${a.view}`);
	const rows = rowsOf(a, communeName);

	const ws = wb.addWorksheet(t('coverage.xlsx.sheet'), { views: [{ state: 'frozen', ySplit: 1 }] });
	const widths = [11, 28, 34, 13, 8, 15, 34, 28, 26, 24, 30, 10, 28];
	ws.columns = COLUMNS.map((c, i) => ({ header: header(c), key: c, width: widths[i] }));
	for (const r of rows) {
		ws.addRow({
			insee: r.insee,
			commune: r.commune,
			cdc: r.cdc,
			distance: r.distanceKm,
			class: r.class,
			beyond: yesNo(r.beyond),
			nearest: r.nearest,
			nearest_commune: r.nearestCommune,
			nearest_id: r.nearestId,
			kind,
			view,
			threshold: a.threshold,
			note: r.note
		});
	}
	ws.getColumn('distance').numFmt = '0.00';
	ws.getColumn('threshold').numFmt = '0.###';
	ws.getColumn('insee').numFmt = '@';
	ws.getRow(1).font = { bold: true };
	ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: rows.length + 1, column: COLUMNS.length } };

	const summary = summarise(a.communes, a.threshold);
	const params = wb.addWorksheet(t('coverage.xlsx.params'));
	params.columns = [
		{ header: t('coverage.xlsx.param'), key: 'k', width: 44 },
		{ header: t('coverage.xlsx.value'), key: 'v', width: 90 }
	];
	params.getRow(1).font = { bold: true };
	const computed = new Date(a.computedAt);
	for (const [k, value] of [
		[t('coverage.xlsx.territory'), territoryName],
		[t('coverage.csv.kind'), kind],
		[t('coverage.csv.view'), view],
		[t('coverage.csv.threshold'), a.threshold],
		[t('coverage.xlsx.computed'), computed],
		[t('coverage.xlsx.beyond'), summary.beyond],
		[t('coverage.xlsx.counted'), a.counted],
		[t('coverage.xlsx.unlocated'), a.unlocated],
		[t('coverage.xlsx.rule'), t('coverage.xlsx.rule_text')]
	] as [string, string | number | Date][]) {
		const row = params.addRow({ k, v: value });
		if (value instanceof Date) row.getCell('v').numFmt = 'dd/mm/yyyy hh:mm';
		row.getCell('v').alignment = { wrapText: true, vertical: 'top', horizontal: 'left' };
	}
	return new Uint8Array(await wb.xlsx.writeBuffer());
}

/** `maillage-moulin_farine-en-service-15km-2026-11-28.csv`: ASCII, says what it holds. */
export function fileName(a: CoverageAnswer, ext: 'csv' | 'xlsx'): string {
	const what = a.category ?? a.family;
	return `${t('coverage.file.name')}-${what}-${t(`coverage.file.view.${a.view}`)}-${a.threshold}km-${isoDay(new Date(a.computedAt))}.${ext}`;
}
