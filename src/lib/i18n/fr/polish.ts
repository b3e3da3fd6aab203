/** Small things people notice: points written without ambiguity, typed points, the point outside its commune, the map offline. */
export const polish = {
	// Directions of a point, after its unsigned coordinates: « 48,4500 N · 0,8100 E » (« O » for ouest).
	'gps.dir.north': 'N',
	'gps.dir.south': 'S',
	'gps.dir.east': 'E',
	'gps.dir.west': 'O',
	'gps.distance_m': '{n} m',
	'gps.distance_km': '{n} km',
	'gps.typed_flag': 'Coordonnées saisies à la main',
	'gps.outside_commune': 'Le point est à {distance} hors de {name} : vérifiez la commune ou le point.',

	'export.source.saisie': 'Saisi à la main',
	'history.point_typed': '{point} (saisi à la main)',

	'map.cluster_place_label.one': '{count} outil à cet endroit : toucher pour le voir',
	'map.cluster_place_label.other': '{count} outils au même endroit : toucher pour les écarter',
	'map.offline_empty_title': 'Carte non disponible hors ligne ici',
	'map.offline_empty':
		'Cette zone n’a été ni préparée ni déjà vue sur cet appareil. Les outils et les limites des communes restent affichés. Avec du réseau, préparez-la :'
} as const;
