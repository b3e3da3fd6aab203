/**
 * The columns of the census exports: one list, read by every format, so the French CSV,
 * the plain CSV, the XLSX, its "Dictionnaire" sheet and the GeoJSON properties always agree.
 *
 * Each column has a machine name (the plain CSV header and the GeoJSON property), a type, and a
 * raw value: codes stay codes, days stay `YYYY-MM-DD`, instants stay ISO. The French header and
 * the description are catalogue messages `export.col.<name>` and `export.desc.<name>` (this file
 * is pure and knows no text); `frenchCell` and `plainCell` turn a raw value into a cell of each
 * form, with the labels given by the caller.
 *
 * A field's column comes from its description (domain/fields.ts: `export`, `private`): adding a
 * field adds its column. Private contact columns (a named person's) come only when an export asks
 * for them: the default export has none, whoever asks.
 */
import { CATEGORIES, categoryDef, FAMILIES } from './categories';
import type { CensusRow } from './census';
import type { Commune } from './territory';
import { LOCATION_SOURCES } from './sheet';
import { MONTHS } from './vocab';
import { columnName, fieldDef, FIELD_NAMES, type FieldName, type ValueKind } from './fields';

/**
 * The census export formats, in the order they are offered: the one list read by the census
 * screen's download links, GET /api/export/[format] and `npm run admin -- export --format` (its
 * help and its errors). Each needs its writer (server/export), its link label (census.export.*)
 * and its line in the command line's help (cli.usage).
 */
export const EXPORT_FORMATS = ['csv', 'csv-plain', 'xlsx', 'geojson', 'photos'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** Is `name` one of EXPORT_FORMATS (exactly: no case folding, no spaces)? */
export function isExportFormat(name: string): name is ExportFormat {
	return (EXPORT_FORMATS as readonly string[]).includes(name);
}

/**
 * `datetime` is an instant (ISO with time zone); `date` a calendar day. `code` is one id of a
 * closed list (or several, when `multiple`), shown by its French label in the French forms.
 */
export type ColumnType = 'text' | 'number' | 'date' | 'datetime' | 'boolean' | 'code';

export type ExportValue = string | number | boolean | null | readonly (string | number)[];

/** What values need beyond the row: the territory's communes (name, department, CDC). */
export interface ExportContext {
	commune(insee: string): Commune | null;
}

export interface ExportColumn {
	/** snake_case, stable: scripts and QGIS projects read these. */
	readonly name: string;
	readonly type: ColumnType;
	/** For codes: the catalogue prefix of their labels (`condition` → `condition.en_service`) and every code. */
	readonly codes?: { readonly prefix: string; readonly ids: readonly (string | number)[] };
	/** A list of codes (energy sources, months). */
	readonly multiple?: boolean;
	/** A named person's contact: only in exports "with private data". */
	readonly private?: boolean;
	/**
	 * Only in the machine forms (plain CSV, GeoJSON): the French label next to a code column, which
	 * the French forms already show in place of the code.
	 */
	readonly machineOnly?: boolean;
	value(row: CensusRow, ctx: ExportContext): ExportValue;
}

/** Where a point came from (domain/sheet): its labels are export messages (`export.source.gps`). */
export { LOCATION_SOURCES };

const text = (v: string | null | undefined): string | null => (typeof v === 'string' && v !== '' ? v : null);
const num = (v: number | null | undefined): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const commune = (r: CensusRow, ctx: ExportContext) => (r.fields.commune ? ctx.commune(r.fields.commune) : null);

function col(
	name: string,
	type: ColumnType,
	value: ExportColumn['value'],
	extra: Partial<Pick<ExportColumn, 'codes' | 'multiple' | 'private' | 'machineOnly'>> = {}
): ExportColumn {
	return { name, type, value, ...extra };
}
const codes = (prefix: string, ids: readonly (string | number)[]) => ({ codes: { prefix, ids } });

/**
 * The columns of the fields whose export is `custom` in FIELD_DEFS, at each field's place: several
 * columns for one field (the commune's name, department and CDC; the point's parts), a computed value
 * (the photo count, the months in order). The name's column comes first in the files, before the
 * category's, as it always has: it is written with the category's.
 */
const CUSTOM_COLUMNS: Readonly<Partial<Record<FieldName, readonly ExportColumn[]>>> = {
	name: [],
	category: [
		col('name', 'text', (r) => text(r.fields.name)),
		col('category', 'code', (r) => r.fields.category ?? null, codes('category', CATEGORIES)),
		col('category_label', 'text', () => null, { machineOnly: true }) // its value: exportColumns() below
	],
	categoryOther: [
		col('category_other', 'text', (r) => text(r.fields.categoryOther)),
		col('family', 'code', (r) => (r.fields.category ? categoryDef(r.fields.category).family : null), codes('family', FAMILIES)),
		col('family_label', 'text', () => null, { machineOnly: true })
	],
	equipment: [
		col('equipment', 'text', (r) =>
			text((r.fields.equipment ?? []).map((e) => (e.quantity !== null && e.quantity !== undefined ? `${e.label} (${e.quantity})` : e.label)).join(' ; '))
		)
	],
	commune: [
		col('commune_insee', 'text', (r) => r.fields.commune ?? null),
		col('commune', 'text', (r, ctx) => commune(r, ctx)?.name ?? null),
		col('department', 'text', (r, ctx) => commune(r, ctx)?.department ?? null),
		col('cdc_siren', 'text', (r, ctx) => commune(r, ctx)?.cdc?.siren ?? null),
		col('cdc', 'text', (r, ctx) => commune(r, ctx)?.cdc?.name ?? null)
	],
	location: [
		col('lat', 'number', (r) => num(r.fields.location?.lat)),
		col('lon', 'number', (r) => num(r.fields.location?.lon)),
		col('gps_accuracy', 'number', (r) => num(r.fields.location?.accuracy)),
		col('location_source', 'code', (r) => r.fields.location?.source ?? null, codes('export.source', LOCATION_SOURCES)),
		col('located_at', 'datetime', (r) => text(r.fields.location?.at))
	],
	months: [col('months', 'code', (r) => [...(r.fields.months ?? [])].sort((a, b) => a - b), { ...codes('month', MONTHS), multiple: true })],
	photos: [col('photo_count', 'number', (r) => (r.fields.photos ?? []).length)],
	deleted: [col('deleted', 'boolean', (r) => r.fields.deleted === true)]
};

const COLUMN_TYPE: Readonly<Record<ValueKind, ColumnType>> = {
	text: 'text',
	code: 'code',
	codes: 'code',
	flag: 'boolean',
	number: 'number',
	day: 'date',
	instant: 'datetime',
	commune: 'text',
	equipment: 'text',
	point: 'text',
	photos: 'text'
};

/** The one column of a field whose export is `column`: named after it, typed by its value. */
function fieldColumn(name: FieldName): ExportColumn {
	const d = fieldDef(name);
	const v = d.value;
	const read = (r: CensusRow): unknown => r.fields[name];
	const extra = {
		...(v.kind === 'code' || v.kind === 'codes' ? codes(v.prefix, v.ids) : {}),
		...(v.kind === 'codes' ? { multiple: true } : {}),
		...(d.private ? { private: true } : {})
	};
	const value = (r: CensusRow): ExportValue => {
		const x = read(r);
		switch (v.kind) {
			case 'number':
				return num(x as number | null | undefined);
			case 'code':
			case 'flag':
				return (x ?? null) as ExportValue;
			case 'codes':
				return (x ?? []) as ExportValue;
			default:
				return text(x as string | null | undefined);
		}
	};
	return col(columnName(name), COLUMN_TYPE[v.kind], value, extra);
}

/** Every column, in the order of the files: the record's id, each field's, the record's facts. */
export const EXPORT_COLUMNS: readonly ExportColumn[] = [
	col('id', 'text', (r) => r.id),
	...FIELD_NAMES.flatMap((name) => (fieldDef(name).export === 'custom' ? (CUSTOM_COLUMNS[name] ?? []) : [fieldColumn(name)])),
	col('author', 'text', (r) => text(r.createdByName)),
	col('created_at', 'datetime', (r) => r.createdAt),
	col('updated_at', 'datetime', (r) => r.updatedAt)
];

/** The fields whose export is `custom` and the columns export-columns.ts writes for them (checked by a test). */
export const CUSTOM_EXPORT_FIELDS = Object.keys(CUSTOM_COLUMNS) as FieldName[];

/** The label columns: which code column each one names, in French. */
const LABEL_OF: Readonly<Record<string, string>> = { category_label: 'category', family_label: 'family' };

/**
 * The columns of one export: private ones only when asked; label columns only in the machine forms.
 * The label columns get their value from `label` (the catalogue, given by the caller).
 */
export function exportColumns(opts: {
	withPrivate: boolean;
	form: 'french' | 'machine';
	label?: (prefix: string, id: string | number) => string;
}): ExportColumn[] {
	const byName = new Map(EXPORT_COLUMNS.map((c) => [c.name, c]));
	return EXPORT_COLUMNS.filter((c) => (opts.withPrivate || !c.private) && (opts.form === 'machine' || !c.machineOnly)).map((c) => {
		const source = LABEL_OF[c.name] ? byName.get(LABEL_OF[c.name] as string) : undefined;
		if (!source?.codes) return c;
		const { prefix } = source.codes;
		const label = opts.label ?? ((_p: string, id: string | number) => String(id));
		return {
			...c,
			value: (r, ctx) => {
				const id = source.value(r, ctx);
				return typeof id === 'string' ? label(prefix, id) : null;
			}
		};
	});
}

/** What the French forms need to turn codes and booleans into words. */
export interface ExportLabels {
	code(prefix: string, id: string | number): string;
	yes: string;
	no: string;
	/** Time zone of instants (default: the machine's). */
	timeZone?: string;
}

const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** "2026-11-28" → "28/11/2026"; anything else as it is. */
function frenchDay(iso: string): string {
	const m = ISO_DAY.exec(iso);
	return m ? `${m[3]}/${m[2]}/${m[1]}` : iso;
}

const zoneFormats = new Map<string, Intl.DateTimeFormat>();
/** Offsets of a time zone by quarter hour (every change of offset falls on one): Intl is slow, exports are big. */
const offsets = new Map<string, number>();
const QUARTER = 15 * 60_000;

function zoneFormat(timeZone: string | undefined): Intl.DateTimeFormat {
	const key = timeZone ?? '';
	let format = zoneFormats.get(key);
	if (!format) {
		format = new Intl.DateTimeFormat('en-GB', {
			timeZone,
			year: 'numeric',
			month: '2-digit',
			day: '2-digit',
			hour: '2-digit',
			minute: '2-digit',
			second: '2-digit',
			hourCycle: 'h23'
		});
		zoneFormats.set(key, format);
	}
	return format;
}

/** Milliseconds to add to an instant to read its wall clock in `timeZone` as UTC. */
function offsetAt(ms: number, timeZone: string | undefined): number {
	const key = `${timeZone ?? ''}|${Math.floor(ms / QUARTER)}`;
	let offset = offsets.get(key);
	if (offset === undefined) {
		const p: Record<string, number> = {};
		for (const part of zoneFormat(timeZone).formatToParts(new Date(ms))) if (part.type !== 'literal') p[part.type] = Number(part.value);
		const wall = Date.UTC(p.year ?? 0, (p.month ?? 1) - 1, p.day ?? 1, p.hour ?? 0, p.minute ?? 0, p.second ?? 0);
		offset = wall - Math.floor(ms / 1000) * 1000;
		if (offsets.size > 100_000) offsets.clear();
		offsets.set(key, offset);
	}
	return offset;
}

/** The local date and time of an instant in `timeZone`, as numbers (null for a bad instant). */
export function wallClock(iso: string, timeZone?: string): { y: number; mo: number; d: number; h: number; mi: number; s: number } | null {
	const ms = Date.parse(iso);
	if (Number.isNaN(ms)) return null;
	const w = new Date(ms + offsetAt(ms, timeZone));
	return { y: w.getUTCFullYear(), mo: w.getUTCMonth() + 1, d: w.getUTCDate(), h: w.getUTCHours(), mi: w.getUTCMinutes(), s: w.getUTCSeconds() };
}

const two = (n: number) => String(n).padStart(2, '0');

/** "2026-11-28T13:05:00Z" → "28/11/2026 14:05" in Paris. */
export function frenchDateTime(iso: string, timeZone?: string): string {
	const w = wallClock(iso, timeZone);
	return w ? `${two(w.d)}/${two(w.mo)}/${w.y} ${two(w.h)}:${two(w.mi)}` : iso;
}

/** A number as French spreadsheets read it: decimal comma, no grouping ("48,3521"). */
export function frenchNumber(n: number): string {
	return String(n).replace('.', ',');
}

/** The cell of the French forms (French CSV): labels, French dates and numbers; '' for nothing. */
export function frenchCell(column: ExportColumn, value: ExportValue, labels: ExportLabels): string {
	if (value === null) return '';
	if (Array.isArray(value)) return value.map((id) => (column.codes ? labels.code(column.codes.prefix, id) : String(id))).join(', ');
	switch (column.type) {
		case 'number':
			return typeof value === 'number' ? frenchNumber(value) : String(value);
		case 'boolean':
			return value === true ? labels.yes : labels.no;
		case 'date':
			return frenchDay(String(value));
		case 'datetime':
			return frenchDateTime(String(value), labels.timeZone);
		case 'code':
			return column.codes ? labels.code(column.codes.prefix, value as string) : String(value);
		case 'text':
			return String(value);
	}
}

/** Lists of codes in the plain CSV: `electrique|solaire` (no separator of either CSV form). */
export const PLAIN_LIST_SEPARATOR = '|';

/** The cell of the plain CSV: raw codes, ISO dates, dot decimals, true/false; '' for nothing. */
export function plainCell(_column: ExportColumn, value: ExportValue): string {
	if (value === null) return '';
	if (Array.isArray(value)) return value.join(PLAIN_LIST_SEPARATOR);
	return String(value);
}

/** A GeoJSON Feature (RFC 7946): a point in WGS84 as [longitude, latitude], or no geometry. */
export interface GeoFeature {
	type: 'Feature';
	id: string;
	geometry: { type: 'Point'; coordinates: [number, number] } | null;
	properties: Record<string, ExportValue>;
}

/** A coordinate rounded to 7 decimals (about 1 cm): GPS gives no more, and files stay small. */
const round7 = (x: number) => Math.round(x * 1e7) / 1e7;

/**
 * The feature of one sheet: its point when it has a valid one (longitude first, as RFC 7946 says,
 * unlike the "lat, lon" people write), else `geometry: null`; the properties are the columns' raw values.
 */
export function geoFeature(row: CensusRow, columns: readonly ExportColumn[], ctx: ExportContext): GeoFeature {
	const loc = row.fields.location;
	const valid = !!loc && Number.isFinite(loc.lat) && Number.isFinite(loc.lon) && Math.abs(loc.lat) <= 90 && Math.abs(loc.lon) <= 180;
	const properties: Record<string, ExportValue> = {};
	for (const c of columns) properties[c.name] = c.value(row, ctx);
	return {
		type: 'Feature',
		id: row.id,
		geometry: valid ? { type: 'Point', coordinates: [round7(loc.lon), round7(loc.lat)] } : null,
		properties
	};
}
