/**
 * Every field of a sheet, described once: what it holds, where the form asks it, how a sheet's page
 * shows it, which export column carries it, how the history words it, whether the census filters
 * on it and whether it is private. The sheet's type (sheet.ts), its schemas (schemas/sheet.ts), the
 * form (SheetForm / SheetSections), the page (SheetDetail), the exports (export-columns.ts) and the
 * history's words (field-words.ts) read this list; tests/unit/field-defs.test.ts checks that each
 * field has every piece (its catalogue words, its export column…). docs/architecture.md says how to
 * add a field.
 *
 * Invariants:
 * - the order of FIELD_DEFS is the order of FIELD_NAMES: the order of the merge screen and of
 *   « what changed since the decision ». The form walks a section in this order too, except a field
 *   placed `after` another (the form asks the name before « outil mobile »);
 * - a field's label is the catalogue's `field.<name>` (its hint `field.<name>_hint` when `hint`),
 *   its short name in the history `history.field.<name>`, its export column's header and
 *   description `export.col.<column>` and `export.desc.<column>`;
 * - a plain field (text, code, codes, flag, number, day) needs no code elsewhere: the form, the page,
 *   the export and the history draw it from here. A `custom` piece is drawn by hand where it is used.
 */
import { CATEGORIES, categoryDef, type Category } from './categories';
import { CAPACITY_UNITS, type CapacityUnit } from './units';
import type { FormSectionId } from './form-sections';
import type { Equipment, GeoPoint, PhotoRef } from './sheet';
import {
	ACCESS_KINDS,
	CONDITIONS,
	ENERGY_SOURCES,
	MONTHS,
	OWNERSHIPS,
	REVIEW_STATUSES,
	SANITARY_STATUSES,
	TRISTATE,
	type AccessKind,
	type Condition,
	type EnergySource,
	type Month,
	type Ownership,
	type ReviewStatus,
	type SanitaryStatus,
	type Tristate
} from './vocab';

/** The TypeScript type of a value, carried by its description (never set at run time). */
interface Typed<T> {
	readonly __type?: (value: T) => T;
}

/**
 * What a field holds. `text` is free text of at most `max` characters ('' when empty); `code` one id
 * of a closed list (null when unanswered, unless `required`), `codes` several; `flag` yes/no;
 * `number` a number ≥ 0 or null; `day` YYYY-MM-DD; `instant` an ISO instant. The others are the
 * sheet's structured values, each with its own schema.
 */
export type FieldValue =
	| { readonly kind: 'text'; readonly max: number }
	| { readonly kind: 'code'; readonly ids: readonly string[]; readonly prefix: string; readonly required?: boolean }
	| { readonly kind: 'codes'; readonly ids: readonly (string | number)[]; readonly prefix: string }
	| { readonly kind: 'flag' }
	| { readonly kind: 'number'; readonly max: number }
	| { readonly kind: 'day'; readonly required?: boolean }
	| { readonly kind: 'instant' }
	| { readonly kind: 'commune' }
	| { readonly kind: 'equipment' }
	| { readonly kind: 'point' }
	| { readonly kind: 'photos' };
export type ValueKind = FieldValue['kind'];

type Value<T> = FieldValue & Typed<T>;

const text = (max: number): Value<string> => ({ kind: 'text', max });
const code = <T extends string>(ids: readonly T[], prefix: string): Value<T | null> => ({ kind: 'code', ids, prefix });
const required = <T extends string>(ids: readonly T[], prefix: string): Value<T> => ({ kind: 'code', ids, prefix, required: true });
const codes = <T extends string | number>(ids: readonly T[], prefix: string): Value<T[]> => ({ kind: 'codes', ids, prefix });
const flag: Value<boolean> = { kind: 'flag' };
const day: Value<string | null> = { kind: 'day' };
const instant: Value<string | null> = { kind: 'instant' };
const structured = <T>(kind: 'commune' | 'equipment' | 'point' | 'photos'): Value<T> => ({ kind });

/**
 * How the form asks a field. `text`, `textarea`, `choice` (chips, one answer), `choices` (chips,
 * several), `select` and `check` are drawn from this description; `custom` by the form's own code
 * (the commune search, the point, the capacity and its unit…).
 */
export type FormControl =
	| { readonly control: 'text'; readonly type?: 'tel' | 'email'; readonly hint?: boolean; readonly autocomplete?: string }
	| { readonly control: 'textarea'; readonly labelHidden?: boolean }
	| { readonly control: 'choice'; readonly hideLegend?: boolean; readonly hint?: boolean; readonly segmented?: boolean }
	| { readonly control: 'choices'; readonly hideLegend?: boolean; readonly hint?: boolean; readonly compact?: boolean; readonly labelPrefix?: string }
	| { readonly control: 'select' }
	| { readonly control: 'check' }
	| { readonly control: 'custom' };

export type FormPlace = FormControl & {
	readonly section: FormSectionId;
	/** Does a value here answer the section (form-sections.ts)? Default: yes. */
	readonly answers?: boolean;
	/** Shown only when this holds (the free label for « autre », the EC number…). */
	readonly shown?: (f: Readonly<Record<string, unknown>> & { readonly category: Category }) => boolean;
	/** Drawn right after this field of the same section rather than in the list's order. */
	readonly after?: string;
	/** Drawn inside this field's own control (the person's boxes in the consent's box), not on its own. */
	readonly within?: string;
};

/**
 * How a sheet's page shows a field: on a line of its own (`text`, `pre` keeping line breaks, `code`
 * its label, `codes` its labels, `day` 28/11/2026, `yes`), `always` even when empty, or by the page's
 * own code (`custom`), or on the line of another field (`part`). A field with no detail place is not on
 * the page.
 */
export type DetailPlace =
	| { readonly as: 'text' | 'pre' | 'code' | 'codes' | 'day' | 'yes'; readonly always?: boolean }
	| { readonly as: 'custom' }
	| { readonly as: 'part'; readonly of: string };

export interface FieldDef<T = unknown> {
	readonly value: Value<T>;
	readonly form?: FormPlace;
	readonly detail?: DetailPlace;
	/**
	 * The export: `column` one column named after the field in snake_case, its type from the value;
	 * `custom` columns written by export-columns.ts (several columns, a computed value).
	 */
	readonly export: 'column' | 'custom';
	/** How the history words a value, when not by its kind: the consent as « accord du 28/11/2026 ». */
	readonly history?: 'consent';
	/** The census screen's query parameter filtering on it (schemas/census.ts). */
	readonly filter?: string;
	/** A named person's data: stripped by the server for those not allowed, out of default exports. */
	readonly private?: boolean;
}

/** A field's description, its `private` flag kept in its type (PRIVATE_FIELDS is typed by it). */
const def = <T, const P extends boolean = false>(d: FieldDef<T> & { readonly private?: P }) => d;
const paying = (f: Readonly<Record<string, unknown>>) => f.access === 'location' || f.access === 'adherents';

export const FIELD_DEFS = {
	category: def({
		value: required<Category>(CATEGORIES, 'category'),
		form: { section: 'identity', control: 'custom', answers: false },
		detail: { as: 'custom' },
		export: 'custom',
		filter: 'category'
	}),
	/** Free label, required when category is "autre". */
	categoryOther: def({
		value: text(120),
		form: { section: 'identity', control: 'text', shown: (f) => f.category === 'autre' },
		detail: { as: 'custom' },
		export: 'custom'
	}),
	mobile: def({
		value: flag,
		form: { section: 'identity', control: 'check', after: 'name', shown: (f) => categoryDef(f.category).canBeMobile },
		detail: { as: 'yes' },
		export: 'column'
	}),
	name: def({
		value: text(200),
		form: { section: 'identity', control: 'text', hint: true },
		detail: { as: 'custom' },
		export: 'custom'
	}),
	description: def({ value: text(5000), form: { section: 'identity', control: 'textarea' }, detail: { as: 'pre' }, export: 'column' }),
	equipment: def({
		value: structured<Equipment[]>('equipment'),
		form: { section: 'identity', control: 'custom' },
		detail: { as: 'custom' },
		export: 'custom'
	}),
	/** INSEE code of the commune. */
	commune: def({
		value: structured<string | null>('commune'),
		form: { section: 'place', control: 'custom' },
		detail: { as: 'custom' },
		export: 'custom'
	}),
	address: def({ value: text(300), form: { section: 'place', control: 'text' }, detail: { as: 'text' }, export: 'column' }),
	location: def({
		value: structured<GeoPoint | null>('point'),
		form: { section: 'place', control: 'custom' },
		detail: { as: 'custom' },
		export: 'custom'
	}),
	capacityValue: def({
		value: { kind: 'number', max: 1e9 } as Value<number | null>,
		form: { section: 'capacity', control: 'custom' },
		detail: { as: 'custom' },
		export: 'column'
	}),
	capacityUnit: def({
		value: code<CapacityUnit>(CAPACITY_UNITS, 'unit'),
		form: { section: 'capacity', control: 'custom', within: 'capacityValue', answers: false },
		detail: { as: 'part', of: 'capacityValue' },
		export: 'column'
	}),
	energy: def({
		value: codes<EnergySource>(ENERGY_SOURCES, 'energy'),
		form: { section: 'energy', control: 'choices', hideLegend: true, hint: true },
		detail: { as: 'codes', always: true },
		export: 'column'
	}),
	/** The crisis question; null until someone answers it (« inconnu » is an answer a person gives). */
	worksWithoutMains: def({
		value: code<Tristate>(TRISTATE, 'tristate'),
		form: { section: 'energy', control: 'choice', hint: true, segmented: true },
		detail: { as: 'code', always: true },
		export: 'column',
		filter: 'mains'
	}),
	condition: def({
		value: code<Condition>(CONDITIONS, 'condition'),
		form: { section: 'condition', control: 'choice', hideLegend: true },
		detail: { as: 'code', always: true },
		export: 'column',
		filter: 'condition'
	}),
	/** Last verified on the ground, as YYYY-MM-DD; null until someone sets it. */
	verifiedOn: def({
		value: day,
		form: { section: 'condition', control: 'custom' },
		detail: { as: 'day' },
		export: 'column'
	}),
	ownership: def({
		value: code<Ownership>(OWNERSHIPS, 'ownership'),
		form: { section: 'ownership', control: 'select' },
		detail: { as: 'code' },
		export: 'column'
	}),
	access: def({
		value: code<AccessKind>(ACCESS_KINDS, 'access'),
		form: { section: 'ownership', control: 'choice' },
		detail: { as: 'custom' },
		export: 'column'
	}),
	accessPrice: def({
		value: text(200),
		form: { section: 'ownership', control: 'text', hint: true, shown: paying },
		detail: { as: 'part', of: 'access' },
		export: 'column'
	}),
	accessMinBatch: def({
		value: text(200),
		form: { section: 'ownership', control: 'text', shown: paying },
		detail: { as: 'part', of: 'access' },
		export: 'column'
	}),
	sanitary: def({
		value: code<SanitaryStatus>(SANITARY_STATUSES, 'sanitary'),
		form: { section: 'sanitary', control: 'choice', hideLegend: true },
		detail: { as: 'custom' },
		export: 'column'
	}),
	/** EC approval number, when sanitary is agrement_ce. */
	sanitaryNumber: def({
		value: text(60),
		form: { section: 'sanitary', control: 'text', answers: false, shown: (f) => f.sanitary === 'agrement_ce' },
		detail: { as: 'part', of: 'sanitary' },
		export: 'column'
	}),
	months: def({
		value: codes<Month>(MONTHS, 'month'),
		form: { section: 'season', control: 'choices', hint: true, compact: true, labelPrefix: 'monthShort' },
		detail: { as: 'codes' },
		export: 'custom'
	}),
	/** The managing organisation: the default, public contact. */
	orgName: def({
		value: text(200),
		form: { section: 'contact', control: 'text', autocomplete: 'organization' },
		detail: { as: 'custom' },
		export: 'column'
	}),
	orgPhone: def({
		value: text(40),
		form: { section: 'contact', control: 'text', type: 'tel' },
		detail: { as: 'part', of: 'orgName' },
		export: 'column'
	}),
	orgEmail: def({
		value: text(200),
		form: { section: 'contact', control: 'text', type: 'email' },
		detail: { as: 'part', of: 'orgName' },
		export: 'column'
	}),
	/** A named person: private (coordinator and that commune's mairie only), needs consent. */
	personName: def({
		value: text(200),
		form: { section: 'contact', control: 'text', within: 'personConsentAt' },
		detail: { as: 'part', of: 'personConsentAt' },
		export: 'column',
		private: true
	}),
	personPhone: def({
		value: text(40),
		form: { section: 'contact', control: 'text', type: 'tel', within: 'personConsentAt' },
		detail: { as: 'part', of: 'personConsentAt' },
		export: 'column',
		private: true
	}),
	personEmail: def({
		value: text(200),
		form: { section: 'contact', control: 'text', within: 'personConsentAt' },
		detail: { as: 'part', of: 'personConsentAt' },
		export: 'column',
		private: true
	}),
	/** ISO instant when the person's consent was recorded, null when not given. */
	personConsentAt: def({
		value: instant,
		// The consent alone is a tick, not a contact: it does not answer the section.
		form: { section: 'contact', control: 'custom', answers: false },
		detail: { as: 'custom' },
		export: 'column',
		history: 'consent',
		private: true
	}),
	photos: def({
		value: structured<PhotoRef[]>('photos'),
		form: { section: 'photos', control: 'custom' },
		detail: { as: 'custom' },
		export: 'custom'
	}),
	notes: def({ value: text(10000), form: { section: 'notes', control: 'textarea', labelHidden: true }, detail: { as: 'pre' }, export: 'column' }),
	// Taken from the device: it does not answer the section.
	surveyedBy: def({
		value: text(120),
		form: { section: 'notes', control: 'text', autocomplete: 'name', answers: false },
		detail: { as: 'custom' },
		export: 'column'
	}),
	/** YYYY-MM-DD */
	surveyedOn: def({ value: { kind: 'day', required: true } as Value<string>, detail: { as: 'part', of: 'surveyedBy' }, export: 'column' }),
	status: def({ value: required<ReviewStatus>(REVIEW_STATUSES, 'status'), export: 'column', filter: 'status' }),
	/** Tombstone: deleted sheets stay as records (sync carries the delete). */
	deleted: def({ value: flag, export: 'custom' })
} as const;

type Defs = typeof FIELD_DEFS;
export type FieldName = keyof Defs;
/** The sheet's values, as their descriptions say. */
export type FieldValues = { [K in FieldName]: Defs[K]['value'] extends Typed<infer T> ? T : never };

export const FIELD_NAMES = Object.keys(FIELD_DEFS) as FieldName[];

export function fieldDef(name: FieldName): FieldDef {
	return FIELD_DEFS[name] as FieldDef;
}

/** The fields drawn by the form in `section`, in the order a person walks them (see `after`). */
export function sectionFieldNames(section: FormSectionId): FieldName[] {
	const names = FIELD_NAMES.filter((n) => fieldDef(n).form?.section === section);
	const out = names.filter((n) => !fieldDef(n).form?.after);
	for (const n of names) {
		const after = fieldDef(n).form?.after;
		if (after) out.splice(out.indexOf(after as FieldName) + 1, 0, n);
	}
	return out;
}

/** The fields of `section` the form draws on their own for these values (`shown`, not `within`), in order. */
export function shownFields(section: FormSectionId, f: Readonly<Record<string, unknown>> & { readonly category: Category }): FieldName[] {
	return sectionFieldNames(section).filter((n) => !fieldDef(n).form?.within && (fieldDef(n).form?.shown?.(f) ?? true));
}

/** Does a value hold something a person entered (not '', null, [], false)? */
export function isFilled(value: unknown): boolean {
	if (typeof value === 'string') return value.trim() !== '';
	if (Array.isArray(value)) return value.length > 0;
	return value !== null && value !== undefined && value !== false;
}

/** The export column of a `column` field: `accessMinBatch` → `access_min_batch`. */
export function columnName(name: string): string {
	return name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}
