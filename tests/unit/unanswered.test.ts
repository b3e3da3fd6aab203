/**
 * A question nobody answered is not an answer: a new sheet has no verification date and the
 * power-cut question unanswered (null). Handing in does not require them (they are listed as
 * skipped, not as errors); the census and the coverage count an unanswered power-cut question as
 * unknown; sheets stored by older versions keep the values they hold.
 */
import { describe, expect, it } from 'vitest';
import { blankFields, isUntouched } from '$lib/domain/sheet';
import { canHandIn, sheetProblems } from '$lib/domain/rules';
import { EMPTY_CENSUS_FILTER, matchesCensus, type CensusContext } from '$lib/domain/census';
import { CensusTally } from '$lib/domain/census-page';
import { countingTool } from '$lib/domain/coverage';
import { mapPoints } from '$lib/domain/map-filter';
import { isValidField, parseSheet } from '$lib/schemas/sheet';
import { ciderPress } from '../fixtures/sheets';

const CTX: CensusContext = { cdcOf: () => null, communeName: (i) => i, today: '2026-11-28', reverifyMonths: 24 };
const row = (fields: ReturnType<typeof ciderPress>) => ({
	id: 'sheet-000000000001',
	createdBy: 'marie',
	createdByName: 'Marie',
	createdAt: '2026-11-01T00:00:00.000Z',
	updatedAt: '2026-11-01T00:00:00.000Z',
	fields
});

describe('unanswered questions', () => {
	it('a new sheet sets neither the verification date nor an answer to the power-cut question', () => {
		const f = blankFields('pressoir', '2026-11-28', 'Marie Lefèvre');
		expect(f.verifiedOn).toBeNull();
		expect(f.worksWithoutMains).toBeNull();
		expect(f.surveyedOn).toBe('2026-11-28');
		expect(isUntouched(f)).toBe(true);
		expect(isUntouched({ ...f, worksWithoutMains: 'inconnu' })).toBe(false);
	});

	it('« Je ne sais pas » stays an answer, stored and sent like the others; null is valid on the wire and in storage', () => {
		expect(isValidField('worksWithoutMains', null)).toBe(true);
		expect(isValidField('worksWithoutMains', 'inconnu')).toBe(true);
		expect(isValidField('worksWithoutMains', 'peut-être')).toBe(false);
		const sheet = {
			id: 'sheet-000000000001',
			fields: blankFields('pressoir', '2026-11-28'),
			clocks: {},
			createdAt: '2026-11-28T10:00:00.000Z',
			updatedAt: '2026-11-28T10:00:00.000Z'
		};
		expect(parseSheet(sheet).ok).toBe(true);
	});

	it('an older sheet keeps its values when read back', () => {
		const older = { ...blankFields('pressoir', '2026-10-12'), verifiedOn: '2026-10-12', worksWithoutMains: 'inconnu' as const };
		const parsed = parseSheet({
			id: 'sheet-000000000001',
			fields: older,
			clocks: {},
			createdAt: '2026-10-12T10:00:00.000Z',
			updatedAt: '2026-10-12T10:00:00.000Z'
		});
		expect(parsed.ok && parsed.sheet.fields.verifiedOn).toBe('2026-10-12');
		expect(parsed.ok && parsed.sheet.fields.worksWithoutMains).toBe('inconnu');
		// Held nothing else: still an empty sheet, forgotten if left like that.
		expect(isUntouched(older)).toBe(true);
	});

	it('does not block handing in: unanswered is information, not an error', () => {
		const f = ciderPress({ worksWithoutMains: null, verifiedOn: null });
		expect(canHandIn(f)).toBe(true);
		expect(sheetProblems(f).filter((p) => p.field === 'worksWithoutMains' || p.field === 'verifiedOn')).toEqual([]);
	});

	it('counts as unknown in the census, its filter and the map; never as working without mains in the coverage', () => {
		const unanswered = row(ciderPress({ worksWithoutMains: null }));
		const tally = new CensusTally('name', CTX);
		tally.add(unanswered);
		expect(tally.counts.worksWithoutMains).toEqual({ oui: 0, non: 0, inconnu: 1 });
		expect(matchesCensus(unanswered, { ...EMPTY_CENSUS_FILTER, worksWithoutMains: ['inconnu'] }, CTX)).toBe(true);
		expect(matchesCensus(unanswered, { ...EMPTY_CENSUS_FILTER, worksWithoutMains: ['non'] }, CTX)).toBe(false);
		expect(countingTool('t', unanswered.fields, 'mains', { family: 'fruits', category: null })).toBeNull();
		expect(countingTool('t', unanswered.fields, 'service', { family: 'fruits', category: null })).not.toBeNull();
		const sheet = { id: 's', fields: unanswered.fields, clocks: {}, createdAt: '', updatedAt: '' };
		expect(mapPoints([sheet])[0]?.worksWithoutMains).toBe('inconnu');
	});
});
