/**
 * The "fiche outil": one food-processing tool (or site) surveyed in the field.
 *
 * A sheet is a FLAT record of named fields. Each field is the unit of merge in sync (one HLC per
 * field), so fields that two people may edit independently are kept apart (e.g. the managing
 * organisation's phone and a named person's phone), and the private fields of a named person are
 * separate fields that the server can strip for those not allowed to see them.
 */
import type { Category } from './categories';
import type { CapacityUnit } from './units';
import type { ThreadEntry } from './review';
import type {
	AccessKind,
	Condition,
	EnergySource,
	Month,
	Ownership,
	ReviewStatus,
	SanitaryStatus,
	Tristate
} from './vocab';

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

export interface SheetFields {
	category: Category;
	/** Free label, required when category is "autre". */
	categoryOther: string;
	mobile: boolean;
	name: string;
	description: string;
	equipment: Equipment[];

	/** INSEE code of the commune. */
	commune: string | null;
	address: string;
	location: GeoPoint | null;

	capacityValue: number | null;
	capacityUnit: CapacityUnit | null;

	energy: EnergySource[];
	/** The crisis question; null until someone answers it (« inconnu » is an answer a person gives). */
	worksWithoutMains: Tristate | null;

	condition: Condition | null;
	/** Last verified on the ground, as YYYY-MM-DD; null until someone sets it. */
	verifiedOn: string | null;

	ownership: Ownership | null;
	access: AccessKind | null;
	accessPrice: string;
	accessMinBatch: string;

	sanitary: SanitaryStatus | null;
	/** EC approval number, when sanitary is agrement_ce. */
	sanitaryNumber: string;

	months: Month[];

	/** The managing organisation: the default, public contact. */
	orgName: string;
	orgPhone: string;
	orgEmail: string;

	/** A named person: private (coordinator and that commune's mairie only), needs consent. */
	personName: string;
	personPhone: string;
	personEmail: string;
	/** ISO instant when the person's consent was recorded, null when not given. */
	personConsentAt: string | null;

	photos: PhotoRef[];
	notes: string;

	surveyedBy: string;
	/** YYYY-MM-DD */
	surveyedOn: string;
	status: ReviewStatus;
	/** Tombstone: deleted sheets stay as records (sync carries the delete). */
	deleted: boolean;
}

export type FieldName = keyof SheetFields;

/** Fields holding a named person's data: stripped by the server for those not allowed. */
export const PRIVATE_FIELDS = [
	'personName',
	'personPhone',
	'personEmail',
	'personConsentAt'
] as const satisfies readonly FieldName[];

export const FIELD_NAMES = [
	'category',
	'categoryOther',
	'mobile',
	'name',
	'description',
	'equipment',
	'commune',
	'address',
	'location',
	'capacityValue',
	'capacityUnit',
	'energy',
	'worksWithoutMains',
	'condition',
	'verifiedOn',
	'ownership',
	'access',
	'accessPrice',
	'accessMinBatch',
	'sanitary',
	'sanitaryNumber',
	'months',
	'orgName',
	'orgPhone',
	'orgEmail',
	'personName',
	'personPhone',
	'personEmail',
	'personConsentAt',
	'photos',
	'notes',
	'surveyedBy',
	'surveyedOn',
	'status',
	'deleted'
] as const satisfies readonly FieldName[];

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
	return {
		category,
		categoryOther: '',
		mobile: false,
		name: '',
		description: '',
		equipment: [],
		commune: null,
		address: '',
		location: null,
		capacityValue: null,
		capacityUnit: null,
		energy: [],
		worksWithoutMains: null,
		condition: null,
		verifiedOn: null,
		ownership: null,
		access: null,
		accessPrice: '',
		accessMinBatch: '',
		sanitary: null,
		sanitaryNumber: '',
		months: [],
		orgName: '',
		orgPhone: '',
		orgEmail: '',
		personName: '',
		personPhone: '',
		personEmail: '',
		personConsentAt: null,
		photos: [],
		notes: '',
		surveyedBy,
		surveyedOn: today,
		status: 'brouillon',
		deleted: false
	};
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
