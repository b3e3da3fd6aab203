/** The map: preparing the map for offline use (« Préparer la carte hors ligne »). */
export const mapOffline = {
	'offline_map.title': 'Préparer la carte hors ligne',
	'offline_map.back': 'Retour à la carte',
	'offline_map.lead':
		'Téléchargez le fond de carte de vos communes tant que vous avez du réseau, le Wi-Fi de préférence. Sur le terrain, la carte s’affichera sans connexion (zooms 8 à 16).',

	'offline_map.names_more.one': '{names} et {count} autre commune',
	'offline_map.names_more.other': '{names} et {count} autres communes',
	'offline_map.new_area': 'Préparer une zone',
	'offline_map.communes.legend': 'Communes à préparer',
	'offline_map.communes.search': 'Rechercher une commune',
	'offline_map.communes.search_hint': 'Tapez le début du nom, puis cochez la commune. Vous pouvez en cocher plusieurs.',
	'offline_map.communes.chosen.one': '{count} commune choisie',
	'offline_map.communes.chosen.other': '{count} communes choisies',
	'offline_map.communes.none_found': 'Aucune commune du territoire ne correspond à « {query} ».',
	'offline_map.communes.no_outline': 'Contour pas encore reçu : cette commune ne peut pas encore être préparée.',
	'offline_map.communes.detail': '{department} · {cdc}',
	'offline_map.outlines_missing':
		'Les contours des communes ne sont pas encore sur cet appareil : ils viennent du serveur quand il y a du réseau. Ouvrez cette page avec du réseau pour les recevoir.',
	'offline_map.outlines_loading': 'Chargement des contours des communes…',

	'offline_map.source.legend': 'Fond de carte',
	'offline_map.source.excluded.one':
		'{names} n’est pas proposé : ses règles interdisent de télécharger une zone à l’avance. Seules les parties que vous regardez restent sur l’appareil.',
	'offline_map.source.excluded.other':
		'{names} ne sont pas proposés : leurs règles interdisent de télécharger une zone à l’avance. Seules les parties que vous regardez restent sur l’appareil.',
	'offline_map.source.none': 'Aucun fond de carte de ce serveur ne peut être téléchargé à l’avance.',

	'offline_map.estimate.title': 'Taille du téléchargement',
	'offline_map.estimate.one': '≈ {count} tuile, environ {size}',
	'offline_map.estimate.other': '≈ {count} tuiles, environ {size}',
	'offline_map.estimate.pick': 'Choisissez au moins une commune pour voir la taille du téléchargement.',
	'offline_map.estimate.too_large': 'C’est trop pour une seule fois (plus de {max} tuiles) : choisissez moins de communes.',
	'offline_map.free': 'Espace libre sur l’appareil : environ {size}.',
	'offline_map.free_unknown': 'L’espace libre sur l’appareil n’est pas connu.',
	'offline_map.not_enough_space': 'Pas assez de place sur l’appareil : supprimez une zone déjà prête ou choisissez moins de communes.',

	'offline_map.download': 'Télécharger',
	'offline_map.offline':
		'Pas de réseau : le téléchargement demande une connexion. Revenez ici quand vous avez du réseau. Les zones déjà prêtes fonctionnent sans réseau.',
	'offline_map.busy': 'Un téléchargement est en cours : attendez sa fin ou annulez-le.',

	'offline_map.progress.title': 'Téléchargement de {names}',
	'offline_map.progress.count': '{done} / {total} tuiles',
	'offline_map.progress.bytes': '· {size} reçus',
	'offline_map.progress.keep_open': 'Gardez l’application ouverte jusqu’à la fin.',
	'offline_map.cancel': 'Annuler',
	'offline_map.cancelling': 'Arrêt en cours…',

	'offline_map.result.complete': '{names} : prêt hors ligne ({size}).',
	'offline_map.result.failed.one': '{count} tuile n’a pas été reçue (en mer ou erreur du serveur) : la carte fonctionne sans elle.',
	'offline_map.result.failed.other': '{count} tuiles n’ont pas été reçues (en mer ou erreur du serveur) : la carte fonctionne sans elles.',
	'offline_map.result.cancelled': 'Téléchargement interrompu. Ce qui a été reçu reste sur l’appareil : vous pourrez le reprendre ou le supprimer.',
	'offline_map.result.offline': 'La connexion a été perdue : le téléchargement est interrompu. Reprenez-le quand le réseau revient.',
	'offline_map.result.quota': 'L’appareil est plein : le téléchargement s’est arrêté. Ce qui a été reçu reste. Libérez de la place, puis reprenez.',
	'offline_map.result.error': 'Le téléchargement s’est arrêté sur une erreur. Ce qui a été reçu reste : vous pouvez le reprendre.',

	'offline_map.areas.title': 'Zones prêtes sur cet appareil',
	'offline_map.areas.empty': 'Aucune zone n’est préparée sur cet appareil.',
	'offline_map.areas.details': '{source} · {size} · le {date}',
	'offline_map.areas.interrupted': 'interrompu',
	'offline_map.areas.downloading': 'en cours',
	'offline_map.areas.missing.one': '{count} tuile manquante',
	'offline_map.areas.missing.other': '{count} tuiles manquantes',
	'offline_map.areas.unknown_source': 'Ce fond de carte n’est plus proposé par le serveur : la zone ne peut pas être reprise.',
	'offline_map.areas.resume': 'Reprendre',
	'offline_map.areas.resume_label': 'Reprendre le téléchargement de {names}',
	'offline_map.areas.remove': 'Supprimer',
	'offline_map.areas.remove_label': 'Supprimer la carte de {names}',
	'offline_map.areas.remove_title': 'Supprimer la carte de {names} ?',
	'offline_map.areas.remove_body':
		'Ses tuiles seront effacées de cet appareil ({size}). Celles qu’une autre zone utilise restent. Vous pourrez la télécharger de nouveau avec du réseau.',
	'offline_map.areas.remove_confirm': 'Supprimer la carte',
	'offline_map.areas.removed': 'Carte de {names} supprimée de l’appareil.'
} as const;
