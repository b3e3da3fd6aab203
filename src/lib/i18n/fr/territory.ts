/** The territory: commune picker and the territory endpoint. */
export const territory = {
	'territory.picker.hint': 'Nom de la commune, code postal ou code INSEE',
	'territory.picker.optionDetail': '{department} · {cdc}',
	'territory.picker.optionDetailNoCdc': '{department} · hors communauté de communes',
	'territory.picker.change': 'Changer',
	'territory.picker.changeLabel': 'Changer de commune (actuellement {name})',
	'territory.picker.cancel': 'Annuler',
	'territory.picker.cancelLabel': 'Annuler et garder {name}',
	'territory.picker.useSuggested': 'Choisir {name} (commune suggérée)',
	'territory.picker.outside': 'Commune {insee} (hors du territoire)',
	'territory.picker.noResult': 'Aucune commune ne correspond à « {query} ».',
	'territory.picker.results.one': '{count} commune proposée.',
	'territory.picker.results.other': '{count} communes proposées.',
	'territory.picker.more': 'D’autres communes correspondent : précisez la saisie.',
	'territory.error.config': 'Le territoire est mal configuré sur le serveur : la liste des communes est indisponible. Prévenez la coordination.'
} as const;
