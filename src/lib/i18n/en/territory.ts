import type { territory as fr } from '../fr/territory';

/** English, same keys as ../fr/territory.ts (the compiler and tests/unit/i18n-catalogue.test.ts check it). */
export const territory: { [K in keyof typeof fr]: string } = {
	'territory.picker.hint': 'Name of the commune, postcode or INSEE code',
	'territory.picker.optionDetail': '{department} · {cdc}',
	'territory.picker.optionDetailNoCdc': '{department} · outside any community of communes',
	'territory.picker.change': 'Change',
	'territory.picker.changeLabel': 'Change the commune (currently {name})',
	'territory.picker.cancel': 'Cancel',
	'territory.picker.cancelLabel': 'Cancel and keep {name}',
	'territory.picker.useSuggested': 'Choose {name} (suggested commune)',
	'territory.picker.outside': 'Commune {insee} (outside the territory)',
	'territory.picker.noResult': 'No commune matches "{query}".',
	'territory.picker.results.one': '{count} commune found.',
	'territory.picker.results.other': '{count} communes found.',
	'territory.picker.more': 'More communes match: type a little more.',
	'territory.error.config': 'The territory is badly configured on the server: the list of communes is unavailable. Tell the coordinators.'
};
