// \u00a0: a no-break space (« 80 m » never splits at a line end).
import type { duplicates as fr } from '../fr/duplicates';

/** English, same keys as ../fr/duplicates.ts (the compiler and tests/unit/i18n-catalogue.test.ts check it). */
export const duplicates: { [K in keyof typeof fr]: string } = {
	'duplicates.title': 'Duplicate sheet?',
	'duplicates.near': 'A similar tool exists {distance} away: {name}. Is it the same one?',
	'duplicates.same_commune': 'A similar tool exists in the same commune: {name}. Is it the same one?',
	'duplicates.distance_m': '{n}\u00a0m',
	'duplicates.distance_km': '{n}\u00a0km',
	'duplicates.details': '{category} · {commune}',
	'duplicates.details_no_commune': '{category} · commune not given',
	'duplicates.surveyed': 'Surveyed on {date}',
	'duplicates.surveyed_by': 'Surveyed on {date} by {name}',
	'duplicates.waiting_near': 'A similar tool exists {distance} away: see',
	'duplicates.waiting_commune': 'A similar tool exists in the commune: see',
	'duplicates.open': 'Yes, open that sheet',
	'duplicates.different': "No, it's another tool",
	'duplicates.more.one': '{count} more similar tool to check next',
	'duplicates.more.other': '{count} more similar tools to check next',
	'duplicates.delete_draft_confirm': 'Delete the draft you have just started?',
	'duplicates.draft_deleted': 'Draft deleted.'
};
