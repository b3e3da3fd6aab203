import { describe, expect, it } from 'vitest';
import { blankFields } from '$lib/domain/sheet';
import { FORM_SECTION_IDS, formSections, skippedSections } from '$lib/domain/form-sections';
import { hasMessage } from '$lib/i18n';
import { ciderPress } from '../fixtures/sheets';

describe('form sections', () => {
	it('lists the sections a category shows, in the form’s order', () => {
		expect(formSections(blankFields('pressoir', '2026-10-12')).map((s) => s.id)).toEqual([
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
		]);
		// A cold room has no sanitary status and no season; « autre » has no capacity either.
		expect(formSections(blankFields('chambre_froide', '2026-10-12')).map((s) => s.id)).not.toContain('sanitary');
		expect(formSections(blankFields('chambre_froide', '2026-10-12')).map((s) => s.id)).not.toContain('season');
	});

	it('has a label in the catalogue for every section', () => {
		expect(FORM_SECTION_IDS.filter((id) => !hasMessage(`section.${id}`))).toEqual([]);
	});

	it('counts nothing as answered on a new sheet, not even what the app fills by itself', () => {
		const blank = blankFields('pressoir', '2026-10-12', 'Marie Lefèvre');
		expect(formSections(blank).filter((s) => s.answered)).toEqual([]);
		expect(skippedSections(blank)).toEqual(formSections(blank).map((s) => s.id));
		// A consent ticked without any contact is not a contact.
		expect(skippedSections({ ...blank, personConsentAt: '2026-10-12T09:00:00.000Z' })).toContain('contact');
	});

	it('counts a section as answered as soon as one of its fields holds an answer', () => {
		const blank = blankFields('pressoir', '2026-10-12');
		const answered = (patch: Partial<typeof blank>) =>
			formSections({ ...blank, ...patch })
				.filter((s) => s.answered)
				.map((s) => s.id);
		expect(answered({ name: 'Pressoir de Préaux' })).toEqual(['identity']);
		expect(answered({ address: 'La Grande Noë' })).toEqual(['place']);
		expect(answered({ capacityValue: 0 })).toEqual(['capacity']);
		expect(answered({ worksWithoutMains: 'inconnu' })).toEqual(['energy']);
		expect(answered({ verifiedOn: '2026-10-12' })).toEqual(['condition']);
		expect(answered({ access: 'public' })).toEqual(['ownership']);
		expect(answered({ sanitary: 'aucun' })).toEqual(['sanitary']);
		expect(answered({ months: [10] })).toEqual(['season']);
		expect(answered({ orgPhone: '02 33 00 00 00' })).toEqual(['contact']);
		expect(answered({ notes: 'Clé chez le voisin' })).toEqual(['notes']);
		// Blank text is not an answer.
		expect(answered({ name: '   ', notes: '\n' })).toEqual([]);
	});

	it('lists only the sections left empty on a sheet filled in the field', () => {
		expect(skippedSections(ciderPress())).toEqual(['photos', 'notes']);
	});
});
