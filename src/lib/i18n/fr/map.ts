/** The map: the "Carte" screen. */
export const map = {
	'nav.map': 'Carte',

	'map.title': 'Carte des outils',
	'map.region': 'Carte des outils du territoire',
	'map.count.one': '{count} outil affiché',
	'map.count.other': '{count} outils affichés',
	'map.count_of.one': '{count} outil affiché sur {total}',
	'map.count_of.other': '{count} outils affichés sur {total}',
	'map.loading': 'Chargement de la carte…',
	'map.load_failed': 'La carte n’a pas pu s’ouvrir. Rechargez la page.',
	'map.none_located': 'Aucune fiche de cet appareil n’a encore de position : elles apparaîtront ici une fois le point pris.',
	'map.none_match': 'Aucun outil ne correspond à ces filtres.',

	// Panels
	'map.filters': 'Filtres',
	'map.filters_active': 'Filtres ({count})',
	'map.layers': 'Fond',
	'map.legend': 'Légende',
	'map.filter_category': 'Type d’outil',
	'map.all_categories': 'Tous les types',
	'map.filter_condition': 'État',
	'map.all_conditions': 'Tous les états',
	'map.filter_mains': 'Fonctionne sans courant du réseau',
	'map.mains_all': 'Tous',
	'map.mains_choice.oui': 'Oui',
	'map.mains_choice.non': 'Non',
	'map.mains_choice.inconnu': 'Inconnu',
	'map.filter_status': 'Relecture',
	'map.all_statuses': 'Tous les statuts',
	'map.clear_filters': 'Tout afficher',
	'map.show_on_map.one': 'Voir la carte ({count} outil)',
	'map.show_on_map.other': 'Voir la carte ({count} outils)',

	'map.layers_title': 'Fond de carte',
	'map.source_prepared': 'préparé hors ligne',
	'map.prepare_link': 'Préparer la carte hors ligne',
	'map.offline_hint': 'Hors ligne : seuls les morceaux de carte déjà vus ou préparés s’affichent. Les outils et les limites des communes restent visibles.',
	'map.offline_prepared': 'Hors ligne : carte préparée utilisée.',

	'map.legend_title': 'Légende',
	'map.legend_cluster': 'Plusieurs outils proches : touchez pour agrandir, ou pour écarter les outils d’un même endroit',
	'map.legend_position': 'Votre position (le cercle montre la précision)',
	'map.legend_outline': 'Limite de commune',

	// Markers (the short text inside each family's shape: readable without colour)
	'map.family_short.grains': 'Gra',
	'map.family_short.fruits': 'Fru',
	'map.family_short.legumes': 'Lég',
	'map.family_short.viande': 'Via',
	'map.family_short.lait': 'Lai',
	'map.family_short.cuisines': 'Cui',
	'map.family_short.froid': 'Fro',
	'map.family_short.autre': 'Aut',
	'map.marker_label': '{name} : {category} ({family})',
	'map.cluster_label.other': '{count} outils proches : toucher pour agrandir',
	'map.cluster_label.one': '{count} outil : toucher pour agrandir',
	'map.untitled': 'Outil sans nom',

	// Summary card
	'map.summary_label': 'Résumé de l’outil',
	'map.summary_condition': 'État',
	'map.summary_mains': 'Fonctionne sans courant',
	'map.summary_status': 'Relecture',
	'map.summary_unknown': 'Non renseigné',
	'map.open_sheet': 'Ouvrir la fiche',
	'map.close_summary': 'Fermer le résumé',

	// Position
	'map.locate': 'Me localiser',
	'map.locating': 'Recherche…',
	'map.locate_found': 'Vous êtes ici, à {m} m près.',
	'map.locate_denied': 'Le téléphone refuse de donner la position. Autorisez la localisation pour ce site dans les réglages du navigateur.',
	'map.locate_unavailable': 'Position introuvable ici. Réessayez à découvert.',
	'map.locate_timeout': 'La position met trop de temps à venir. Réessayez.',
	'map.locate_unsupported': 'Ce navigateur ne donne pas la position.',

	// Leaflet's own controls
	'map.zoom_in': 'Zoomer',
	'map.zoom_out': 'Dézoomer'
} as const;
