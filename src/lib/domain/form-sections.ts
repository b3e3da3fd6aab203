/**
 * The sections of the sheet form, in the order a person walks them, and whether each holds an
 * answer. One definition for the form's progress cue and for the list of sections a person skipped,
 * shown after « Terminer la fiche ».
 *
 * Invariants:
 * - the sections and their order are those the form draws (SheetForm / SheetSections); a section
 *   whose fields the category does not show (capacity, sanitary status, season) is absent;
 * - a section is answered when ANY of its fields holds something a person entered. Values the app
 *   fills by itself do not count (FIELD_DEFS' `answers: false`): the category chosen before the form
 *   opened, the surveyor's name (taken from the device), the person's consent alone (a tick, not a
 *   contact), a unit or an EC number without what they qualify;
 * - skipping a section is allowed: it is information, never an error (rules.ts says what blocks).
 * The label of a section is the catalogue's `section.<id>`.
 */
import { hasGroup, type Category, type FieldGroup } from './categories';
import { fieldDef, isFilled, sectionFieldNames, type FieldName } from './fields';
import type { SheetFields } from './sheet';

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

/** Sections shown only for categories with this group of fields. */
const GROUP_OF: Partial<Record<FormSectionId, FieldGroup>> = { capacity: 'capacity', sanitary: 'sanitary', season: 'season' };

/** A section's fields (FIELD_DEFS' `form.section`), and those whose value answers it (`answers`). */
const SECTIONS = FORM_SECTION_IDS.map((id) => {
	const fields = sectionFieldNames(id);
	return { id, group: GROUP_OF[id], fields, answering: fields.filter((n) => fieldDef(n).form?.answers !== false) };
});

/** The sections the form shows for this sheet's category, in order, each with whether it is answered. */
export function formSections(f: SheetFields): FormSection[] {
	return SECTIONS.filter((s) => !s.group || hasGroup(f.category, s.group)).map((s) => ({
		id: s.id,
		fields: s.fields,
		answered: s.answering.some((n) => isFilled(f[n]))
	}));
}

/** Is this field shown for this category (its section's group of fields, if any)? */
export function inCategory(name: FieldName, category: Category): boolean {
	const section = fieldDef(name).form?.section;
	const group = section ? GROUP_OF[section] : undefined;
	return !group || hasGroup(category, group);
}

/** The sections shown for this sheet that hold no answer (what « Terminer la fiche » lists). */
export function skippedSections(f: SheetFields): FormSectionId[] {
	return formSections(f)
		.filter((s) => !s.answered)
		.map((s) => s.id);
}
