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
import { csvLine, spreadsheetSafe, UTF8_BOM } from '$lib/domain/csv';
import { distanceClass, summarise, type DistanceClass } from '$lib/domain/coverage';
import { isoDay } from '$lib/domain/dates';
import { wallClock } from '$lib/domain/export-columns';
import { label, t, type MessageKey } from '$lib/i18n';
import { exportTimeZone } from '$lib/server/export/labels';
import { letters, rowXml, sheetEnd, sheetStart, stylesXml, workbookChunks, type Cell, type CellStyle } from '$lib/server/export/workbook';
import type { CoverageAnswer } from './analysis';

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

/**
 * Style ids: places in COVERAGE_STYLES. Column formats: the INSEE code is text (« 01001 » keeps its
 * zero), distances show two decimals, the threshold up to three; the header row is bold and keeps
 * its column's format; the parameters' values wrap, top-left.
 */
const COVERAGE_STYLES: readonly CellStyle[] = [
	{},
	{ numFmt: '@' },
	{ numFmt: '0.00' },
	{ numFmt: '0.###' },
	{ bold: true },
	{ bold: true, numFmt: '@' },
	{ bold: true, numFmt: '0.00' },
	{ bold: true, numFmt: '0.###' },
	{ alignment: { horizontal: 'left', vertical: 'top', wrapText: true } },
	{ numFmt: 'dd/mm/yyyy hh:mm', alignment: { horizontal: 'left', vertical: 'top', wrapText: true } }
];
const S = { text: 1, distance: 2, threshold: 3, bold: 4, value: 8, dateValue: 9 } as const;
/** The bold style of a header cell over a column of style `s`. */
const boldOver = (s: number) => (s === 0 ? S.bold : s + 4);

async function* one(text: string): AsyncGenerator<string> {
	yield text;
}

async function bytesOf(chunks: AsyncIterable<Uint8Array>): Promise<Uint8Array> {
	const parts: Uint8Array[] = [];
	for await (const c of chunks) parts.push(c);
	return new Uint8Array(Buffer.concat(parts));
}

/** The workbook (see the header of this file), through the census's XLSX writer. */
export async function coverageXlsx(a: CoverageAnswer, territoryName: string, communeName: (insee: string) => string): Promise<Uint8Array> {
	const kind = kindLabel(a);
	const view = t(`coverage.view.${a.view}`);
	const rows = rowsOf(a, communeName);

	const widths = [11, 28, 34, 13, 8, 15, 34, 28, 26, 24, 30, 10, 28];
	const refs = COLUMNS.map((_, i) => letters(i + 1));
	const styles = COLUMNS.map((c) => (c === 'insee' ? S.text : c === 'distance' ? S.distance : c === 'threshold' ? S.threshold : 0));
	const layout = { widths, styles, frozenHeader: true, autoFilter: `A1:${letters(COLUMNS.length)}${rows.length + 1}` };
	let main = sheetStart(layout) + rowXml(1, COLUMNS.map(header), refs, styles.map(boldOver), S.bold);
	rows.forEach((r, i) => {
		const cells: Cell[] = [
			r.insee,
			r.commune,
			r.cdc,
			r.distanceKm,
			r.class,
			yesNo(r.beyond),
			r.nearest,
			r.nearestCommune,
			r.nearestId,
			kind,
			view,
			a.threshold,
			r.note
		];
		// An empty text is no cell, as in the census workbook (it shows nothing either way).
		main += rowXml(i + 2, cells.map((c) => (c === '' ? null : c)), refs, styles);
	});
	main += sheetEnd(layout);

	const summary = summarise(a.communes, a.threshold);
	const computed = new Date(a.computedAt);
	const paramsLayout = { widths: [44, 90], styles: [0, 0], frozenHeader: false, autoFilter: null };
	let params = sheetStart(paramsLayout) + rowXml(1, [t('coverage.xlsx.param'), t('coverage.xlsx.value')], ['A', 'B'], [S.bold, S.bold], S.bold);
	const values: [string, string | number | Date][] = [
		[t('coverage.xlsx.territory'), territoryName],
		[t('coverage.csv.kind'), kind],
		[t('coverage.csv.view'), view],
		[t('coverage.csv.threshold'), a.threshold],
		[t('coverage.xlsx.computed'), computed],
		[t('coverage.xlsx.beyond'), summary.beyond],
		[t('coverage.xlsx.counted'), a.counted],
		[t('coverage.xlsx.unlocated'), a.unlocated],
		[t('coverage.xlsx.rule'), t('coverage.xlsx.rule_text')]
	];
	values.forEach(([k, value], i) => {
		params += rowXml(i + 2, [k, value], ['A', 'B'], [0, value instanceof Date ? S.dateValue : S.value]);
	});
	params += sheetEnd(paramsLayout);

	return bytesOf(
		workbookChunks({
			sheets: [
				{ name: t('coverage.xlsx.sheet'), xml: one(main) },
				{ name: t('coverage.xlsx.params'), xml: one(params) }
			],
			styles: stylesXml(COVERAGE_STYLES),
			created: computed,
			mtime: wallClock(a.computedAt, exportTimeZone())!
		})
	);
}

/** `maillage-moulin_farine-en-service-15km-2026-11-28.csv`: ASCII, says what it holds. */
export function fileName(a: CoverageAnswer, ext: 'csv' | 'xlsx'): string {
	const what = a.category ?? a.family;
	return `${t('coverage.file.name')}-${what}-${t(`coverage.file.view.${a.view}`)}-${a.threshold}km-${isoDay(new Date(a.computedAt))}.${ext}`;
}
