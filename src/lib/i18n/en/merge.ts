import type { merge as fr } from '../fr/merge';

/** English, same keys as ../fr/merge.ts (the compiler and tests/unit/i18n-catalogue.test.ts check it). */
export const merge: { [K in keyof typeof fr]: string } = {
	'merge.merged_notice':
		'This sheet described the same tool as another one: the coordinator merged them. Whatever you still write here is carried over to the merged sheet.',
	'merge.merged_open': 'Open the merged sheet',
	'history.reason.merged_from': 'The coordinator merged another sheet of the same tool into this one, and took from it:',
	'history.reason.merged_into': 'The coordinator merged this sheet with another one of the same tool (it goes on there; this history is kept).',
	'merge.pairs_title': 'Possible duplicates',
	'merge.pairs_intro':
		'Sheets of the same kind of tool, close to each other or with a similar name in the same commune. Compare them: if they describe the same tool, merge them.',
	'merge.pairs_count.one': '{count} pair to check',
	'merge.pairs_count.other': '{count} pairs to check',
	'merge.same_commune': 'same commune',
	'merge.distance_m': '{value} m away',
	'merge.distance_km': '{value} km away',
	'merge.compare': 'Compare and merge',
	'merge.coordinator_only': 'This page is for the coordinator only.',
	'merge.title': 'Merge two sheets of the same tool',
	'merge.not_found': 'These sheets are not on this device (sync first).',
	'merge.back': 'Back to duplicates',
	'merge.keep_legend': 'The sheet that stays',
	'merge.explain':
		'For each differing piece of information, choose the value to keep. The other sheet is not erased: its history is kept and it points to the one that stays.',
	'merge.same_values': 'Both sheets hold the same information.',
	'merge.empty': '(empty)',
	'merge.submit': 'Merge the two sheets',
	'merge.done': 'Sheets merged.',
	'merge.offline': 'Merging sheets needs a connection.',
	'merge.link': 'Possible duplicates',
	'api.error.merge_invalid': 'These two sheets cannot be merged (the same sheet twice, a sheet already merged, or a field that cannot be taken over).'
};
