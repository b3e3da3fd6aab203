/**
 * The sections of the sheet form, in the order a person walks them, and whether each holds an
 * answer. One definition for the form's progress cue and for the list of sections a person skipped,
 * shown after « Terminer la fiche ».
 *
 * Invariants:
 * - the sections and their order are those the form draws (SheetForm / SheetSections); a section
 *   whose fields the category does not show (capacity, sanitary status, season) is absent;
 * - a section is answered when ANY of its fields holds something a person entered. Values the app
 *   fills by itself do not count: the surveyor's name (taken from the device) and the person's
 *   consent alone (a tick, not a contact);
 * - skipping a section is allowed: it is information, never an error (rules.ts says what blocks).
 * The label of a section is the catalogue's `section.<id>`.
 */
import { hasGroup, type FieldGroup } from './categories';
import type { FieldName, SheetFields } from './sheet';

export const FORM_SECTION_IDS = [
	'identity',
	'place',
	'capacity',
	'energy',
	'condition',
	'ownership',
	'sanitary',
	'season',
	'contact',
	'photos',
	'notes'
] as const;
export type FormSectionId = (typeof FORM_SECTION_IDS)[number];

export interface FormSection {
	id: FormSectionId;
	/** The fields the section shows (some only in some cases: the free label, the EC number…). */
	fields: readonly FieldName[];
	answered: boolean;
}

const text = (s: string) => s.trim() !== '';

interface SectionDef {
	id: FormSectionId;
	/** Shown only for categories with this group of fields. */
	group?: FieldGroup;
	fields: readonly FieldName[];
	answered: (f: SheetFields) => boolean;
}

const SECTIONS: readonly SectionDef[] = [
	{
		id: 'identity',
		fields: ['category', 'categoryOther', 'name', 'mobile', 'description', 'equipment'],
		// The category was chosen before the form opened: it does not answer the section.
		answered: (f) => text(f.name) || text(f.categoryOther) || text(f.description) || f.mobile || f.equipment.length > 0
	},
	{ id: 'place', fields: ['commune', 'address', 'location'], answered: (f) => f.commune !== null || text(f.address) || f.location !== null },
	{ id: 'capacity', group: 'capacity', fields: ['capacityValue', 'capacityUnit'], answered: (f) => f.capacityValue !== null },
	{ id: 'energy', fields: ['energy', 'worksWithoutMains'], answered: (f) => f.energy.length > 0 || f.worksWithoutMains !== null },
	{ id: 'condition', fields: ['condition', 'verifiedOn'], answered: (f) => f.condition !== null || f.verifiedOn !== null },
	{
		id: 'ownership',
		fields: ['ownership', 'access', 'accessPrice', 'accessMinBatch'],
		answered: (f) => f.ownership !== null || f.access !== null || text(f.accessPrice) || text(f.accessMinBatch)
	},
	{ id: 'sanitary', group: 'sanitary', fields: ['sanitary', 'sanitaryNumber'], answered: (f) => f.sanitary !== null },
	{ id: 'season', group: 'season', fields: ['months'], answered: (f) => f.months.length > 0 },
	{
		id: 'contact',
		fields: ['orgName', 'orgPhone', 'orgEmail', 'personConsentAt', 'personName', 'personPhone', 'personEmail'],
		answered: (f) => [f.orgName, f.orgPhone, f.orgEmail, f.personName, f.personPhone, f.personEmail].some(text)
	},
	{ id: 'photos', fields: ['photos'], answered: (f) => f.photos.length > 0 },
	{ id: 'notes', fields: ['notes', 'surveyedBy'], answered: (f) => text(f.notes) }
];

/** The sections the form shows for this sheet's category, in order, each with whether it is answered. */
export function formSections(f: SheetFields): FormSection[] {
	return SECTIONS.filter((s) => !s.group || hasGroup(f.category, s.group)).map((s) => ({ id: s.id, fields: s.fields, answered: s.answered(f) }));
}

/** The sections shown for this sheet that hold no answer (what « Terminer la fiche » lists). */
export function skippedSections(f: SheetFields): FormSectionId[] {
	return formSections(f)
		.filter((s) => !s.answered)
		.map((s) => s.id);
}
