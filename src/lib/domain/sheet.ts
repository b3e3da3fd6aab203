/**
 * The "fiche outil": one food-processing tool (or site) surveyed in the field.
 *
 * A sheet is a FLAT record of named fields. Each field is the unit of merge in sync (one HLC per
 * field), so fields that two people may edit independently are kept apart (e.g. the managing
 * organisation's phone and a named person's phone), and the private fields of a named person are
 * separate fields that the server can strip for those not allowed to see them.
 */
import type { Category } from './categories';
import type { ThreadEntry } from './review';
import { FIELD_DEFS, FIELD_NAMES, fieldDef, type FieldName, type FieldValues, type ValueKind } from './fields';

/**
 * A point on the ground. `source` says where it came from: 'gps' the phone's GPS, 'manuel' placed
 * by hand on the small map, 'saisie' coordinates typed by hand. Points typed before 'saisie' existed
 * were recorded as 'manuel' and keep that value (nothing tells them apart afterwards).
 */
/** Where a point came from (GeoPoint). */
export const LOCATION_SOURCES = ['gps', 'manuel', 'saisie'] as const;
export type LocationSource = (typeof LOCATION_SOURCES)[number];

export interface GeoPoint {
	lat: number;
	lon: number;
	/** Horizontal accuracy in metres (GPS), null when placed by hand. */
	accuracy: number | null;
	source: LocationSource;
	/** ISO instant when the point was taken. */
	at: string;
}

/** One piece of equipment on a site (a shared kitchen has an oven, a cold room...). */
export interface Equipment {
	id: string;
	label: string;
	category: Category | null;
	quantity: number | null;
}

/** A photo is referred to by the SHA-256 of its (resized) bytes. */
export interface PhotoRef {
	sha: string;
	mime: string;
	bytes: number;
	width: number;
	height: number;
	takenAt: string;
}

/**
 * A sheet's values: one per field of FIELD_DEFS (fields.ts), which says what each holds, where the
 * form asks it, how the page, the exports and the history show it.
 */
export type SheetFields = FieldValues;

export type { FieldName };
export { FIELD_NAMES };

/** Fields holding a named person's data: stripped by the server for those not allowed. */
export type PrivateField = { [K in FieldName]: (typeof FIELD_DEFS)[K] extends { readonly private?: true } ? K : never }[FieldName];
export const PRIVATE_FIELDS = FIELD_NAMES.filter((n) => fieldDef(n).private) as PrivateField[];

/** A sheet as held locally: its id, current values, and the HLC of each field's last write. */
export interface Sheet {
	id: string;
	fields: SheetFields;
	/** HLC string of the last write of each field (see hlc.ts). */
	clocks: Partial<Record<FieldName, string>>;
	/** ISO instant of creation on this device. */
	createdAt: string;
	/** ISO instant of the last local edit. */
	updatedAt: string;
	/** The author's user id, as the server knows it (absent for a sheet created here, not yet pulled). */
	createdBy?: string;
	/** The review's comment thread, as the server last sent it (comments written here wait in the outbox). */
	thread?: ThreadEntry[];
	/** The sheet this one was merged into by the coordinator (a duplicate), as the server said. */
	mergedInto?: string;
}

/**
 * A new sheet's values. Nothing is asserted that nobody said: no verification date, the crisis
 * question unanswered. Only what the app knows is set: the category chosen, who records it (the
 * device's surveyor) and when (`surveyedOn`, the day of creation).
 */
export function blankFields(category: Category, today: string, surveyedBy = ''): SheetFields {
	const blank: Record<string, unknown> = {};
	for (const name of FIELD_NAMES) blank[name] = emptyValue(fieldDef(name).value.kind);
	return { ...(blank as SheetFields), category, surveyedBy, surveyedOn: today, status: 'brouillon', deleted: false };
}

/** The value of a field nobody answered, by what it holds. */
function emptyValue(kind: ValueKind): unknown {
	switch (kind) {
		case 'text':
			return '';
		case 'flag':
			return false;
		case 'codes':
		case 'equipment':
		case 'photos':
			return [];
		default:
			return null;
	}
}

/**
 * Does a sheet hold nothing but what creation put there (a category tapped, nothing typed)? The
 * category itself does not count: changing it on an empty sheet leaves it empty. Sheets created
 * by older versions, which set the verification date to the creation day and the crisis question
 * to « inconnu », count as empty too when they hold nothing else.
 */
export function isUntouched(f: SheetFields): boolean {
	const blank = blankFields(f.category, f.surveyedOn, f.surveyedBy);
	if (changedFields(blank, f).length === 0) return true;
	return changedFields({ ...blank, verifiedOn: f.surveyedOn, worksWithoutMains: 'inconnu' }, f).length === 0;
}

/** The fields whose value differs between two versions (deep, JSON-wise). */
export function changedFields(before: SheetFields, after: SheetFields): FieldName[] {
	return FIELD_NAMES.filter((f) => JSON.stringify(before[f]) !== JSON.stringify(after[f]));
}
