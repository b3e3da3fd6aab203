/** Review: the printable summary of a commune's tools, for the council meeting. */
export const print = {
	'print.page_title': 'Récapitulatif des outils – {commune}',
	'print.doc_kind': 'Récapitulatif des outils de transformation alimentaire',
	'print.commune_code': 'Code INSEE {insee}',
	'print.printed_on': 'Imprimé le {date}',
	'print.synced_on': 'Données de cet appareil, synchronisées le {date}',
	'print.never_synced': 'Données de cet appareil (jamais synchronisées avec le serveur)',
	'print.button': 'Imprimer',
	'print.button_hint': 'Format A4. Pour un fichier PDF, choisissez « Enregistrer au format PDF » comme imprimante.',

	'print.totals_label': 'En résumé',
	'print.total_tools.one': '{count} outil',
	'print.total_tools.other': '{count} outils',
	'print.total_without_mains.one': '{count} fonctionne sans courant du réseau',
	'print.total_without_mains.other': '{count} fonctionnent sans courant du réseau',
	'print.total_reverify.one': '{count} à revérifier sur place',
	'print.total_reverify.other': '{count} à revérifier sur place',
	'print.total_archived.one': '{count} outil disparu (archivé)',
	'print.total_archived.other': '{count} outils disparus (archivés)',

	'print.group_count.one': '{count} outil',
	'print.group_count.other': '{count} outils',
	'print.untitled': 'Sans nom',

	'print.col.tool': 'Outil',
	'print.col.condition': 'État',
	'print.col.mains': 'Sans courant du réseau ?',
	'print.col.verified': 'Dernière vérification',
	'print.col.status': 'Fiche',

	'print.condition_unknown': 'non renseigné',
	'print.mains.oui': '✔ Oui : fonctionne sans courant',
	'print.mains.non': '✘ Non : a besoin du courant',
	'print.mains.inconnu': '? Inconnu',
	'print.verified_never': 'jamais vérifié',
	'print.reverify': '⚠ à revérifier',
	'print.reverify_note': '« À revérifier » : la dernière vérification sur place date de plus de {months} mois (ou n’est pas connue).',

	'print.archived_title': 'Outils disparus (archivés)',
	'print.archived_verified': 'dernière vérification le {date}',

	'print.empty': 'Aucun outil de cette commune n’est enregistré sur cet appareil.',
	'print.empty_hint': 'Les fiches de vos communes arrivent sur l’appareil à la synchronisation : connectez-vous à Internet, puis revenez sur cette page.',
	'print.loading': 'Chargement des fiches…',

	'print.no_commune_title': 'Récapitulatif à imprimer',
	'print.no_commune': 'Choisissez la commune dont vous voulez imprimer le récapitulatif.',
	'print.unknown_commune': 'La commune « {insee} » n’est pas connue de l’atlas.',
	'print.pick_commune': 'Communes dont des fiches sont sur cet appareil :',
	'print.pick_none': 'Aucune fiche n’est encore enregistrée sur cet appareil.',
	'print.back': 'Retour à mes fiches'
} as const;
