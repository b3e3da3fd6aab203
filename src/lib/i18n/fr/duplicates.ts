/** Issue 7: duplicates — the « outil semblable » prompt of a new sheet on the phone. */
// \u00a0: a no-break space (French typography: « 80 m » and « même ? » never split at a line end).
export const duplicates = {
	'duplicates.title': 'Fiche en double\u00a0?',
	'duplicates.near': 'Un outil semblable existe à {distance}\u00a0: {name} — est-ce le même\u00a0?',
	'duplicates.same_commune': 'Un outil semblable existe dans la même commune\u00a0: {name} — est-ce le même\u00a0?',
	'duplicates.distance_m': '{n}\u00a0m',
	'duplicates.distance_km': '{n}\u00a0km',
	'duplicates.details': '{category} · {commune}',
	'duplicates.details_no_commune': '{category} · commune non renseignée',
	'duplicates.surveyed': 'Relevé le {date}',
	'duplicates.surveyed_by': 'Relevé le {date} par {name}',
	'duplicates.waiting_near': 'Un outil semblable existe à {distance}\u00a0: voir',
	'duplicates.waiting_commune': 'Un outil semblable existe dans la commune\u00a0: voir',
	'duplicates.open': 'Oui, ouvrir cette fiche',
	'duplicates.different': 'Non, c’est un autre outil',
	'duplicates.more.one': 'Encore {count} outil semblable à vérifier ensuite',
	'duplicates.more.other': 'Encore {count} outils semblables à vérifier ensuite',
	'duplicates.delete_draft_confirm': 'Supprimer le brouillon que vous venez de commencer ?',
	'duplicates.draft_deleted': 'Brouillon supprimé.'
} as const;
