/**
 * Valibot schemas of a sheet: used on everything that crosses a boundary (read back from
 * IndexedDB, possibly written by an older version; backup files; the wire later).
 */
import * as v from 'valibot';
import { CATEGORIES } from '$lib/domain/categories';
import { REVIEW_STATUSES } from '$lib/domain/vocab';
import { fieldDef, type FieldValue } from '$lib/domain/fields';
import { FIELD_NAMES, LOCATION_SOURCES, type Sheet, type SheetFields } from '$lib/domain/sheet';
import { isIsoDay } from '$lib/domain/dates';
import { isHlc } from '$lib/domain/hlc';
import { ROLES } from '$lib/domain/access';
import { COMMENT_MAX } from '$lib/domain/review';
import { hasNulDeep, noNul } from './nul';

/** Free text of a sheet: never U+0000 (see ./nul.ts). */
const text = (max: number) => v.pipe(v.string(), v.maxLength(max), noNul);
const isoDay = v.pipe(
	v.string(),
	v.check((s: string) => isIsoDay(s), 'date')
);
const instant = v.pipe(v.string(), v.isoTimestamp());
export const INSEE_RE = /^(\d{5}|2[AB]\d{3})$/;
export const SHA256_RE = /^[0-9a-f]{64}$/;
/** The id of a sheet, a device or a comment (domain/ids.ts makes them): every boundary checks this one shape. */
export const ID_RE = /^[0-9a-zA-Z_-]{8,64}$/;

export const GeoPointSchema = v.object({
	lat: v.pipe(v.number(), v.minValue(-90), v.maxValue(90)),
	lon: v.pipe(v.number(), v.minValue(-180), v.maxValue(180)),
	// Finite: JSON has no Infinity (1e999 parses to it), it would be stored as null unseen.
	accuracy: v.nullable(v.pipe(v.number(), v.finite(), v.minValue(0))),
	source: v.picklist(LOCATION_SOURCES),
	at: instant
});

export const EquipmentSchema = v.object({
	id: v.pipe(v.string(), v.regex(ID_RE)),
	label: text(200),
	category: v.nullable(v.picklist(CATEGORIES as [string, ...string[]])),
	quantity: v.nullable(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(100000)))
});

export const PhotoRefSchema = v.object({
	sha: v.pipe(v.string(), v.regex(SHA256_RE)),
	mime: v.picklist(['image/jpeg', 'image/png', 'image/webp']),
	bytes: v.pipe(v.number(), v.integer(), v.minValue(1)),
	width: v.pipe(v.number(), v.integer(), v.minValue(1)),
	height: v.pipe(v.number(), v.integer(), v.minValue(1)),
	takenAt: instant
});

/** The schema of a value, as its field's description says (domain/fields.ts). */
function schemaOf(value: FieldValue): v.GenericSchema {
	switch (value.kind) {
		case 'text':
			return text(value.max);
		case 'code': {
			const list = v.picklist(value.ids as [string, ...string[]]);
			return value.required ? list : v.nullable(list);
		}
		case 'codes':
			return v.pipe(v.array(v.picklist(value.ids as [string, ...string[]])), v.maxLength(value.ids.length));
		case 'flag':
			return v.boolean();
		case 'number':
			return v.nullable(v.pipe(v.number(), v.minValue(0), v.maxValue(value.max)));
		case 'day':
			return value.required ? isoDay : v.nullable(isoDay);
		case 'instant':
			return v.nullable(instant);
		case 'commune':
			return v.nullable(v.pipe(v.string(), v.regex(INSEE_RE)));
		case 'equipment':
			return v.pipe(v.array(EquipmentSchema), v.maxLength(100));
		case 'point':
			return v.nullable(GeoPointSchema);
		case 'photos':
			return v.pipe(v.array(PhotoRefSchema), v.maxLength(50));
	}
}

/** Each field on its own, so a single field can be validated (one outbox entry, one form input). */
export const FIELD_SCHEMAS = Object.fromEntries(FIELD_NAMES.map((name) => [name, schemaOf(fieldDef(name).value)])) as Record<
	keyof SheetFields,
	v.GenericSchema
>;

export const SheetFieldsSchema = v.object(FIELD_SCHEMAS);

export const ThreadEntrySchema = v.object({
	id: v.string(),
	by: text(200),
	role: v.picklist(ROLES),
	text: text(COMMENT_MAX),
	status: v.nullable(v.picklist(REVIEW_STATUSES)),
	at: instant
});

export const SheetSchema = v.object({
	id: v.pipe(v.string(), v.regex(ID_RE)),
	fields: SheetFieldsSchema,
	clocks: v.record(
		v.picklist(FIELD_NAMES),
		v.pipe(
			v.string(),
			v.check((s: string) => isHlc(s), 'hlc')
		)
	),
	createdAt: instant,
	updatedAt: instant,
	createdBy: v.optional(v.string()),
	thread: v.optional(v.array(ThreadEntrySchema)),
	mergedInto: v.optional(v.pipe(v.string(), v.regex(ID_RE)))
});

export type SheetIssue = { path: string; message: string };

function issuesOf(issues: readonly v.BaseIssue<unknown>[]): SheetIssue[] {
	return issues.map((i) => ({
		path: (i.path ?? []).map((p) => String(p.key)).join('.'),
		message: i.message
	}));
}

/** Validate a stored or received sheet. Typed as the domain Sheet when it passes. */
export function parseSheet(input: unknown): { ok: true; sheet: Sheet } | { ok: false; issues: SheetIssue[] } {
	const r = v.safeParse(SheetSchema, input);
	if (r.success) return { ok: true, sheet: r.output as Sheet };
	return { ok: false, issues: issuesOf(r.issues) };
}

/** Validate one field value. */
export function isValidField<K extends keyof SheetFields>(name: K, value: unknown): value is SheetFields[K] {
	// No NUL anywhere, undeclared keys included: a value must be storable by either store alike.
	return v.is(FIELD_SCHEMAS[name], value) && !hasNulDeep(value);
}
