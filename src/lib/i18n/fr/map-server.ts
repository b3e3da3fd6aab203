/** The map's server answers: commune outlines (GET/POST/DELETE /api/territory/outlines). */
export const mapServer = {
	'api.error.outlines_unavailable':
		'Les contours des communes ne sont pas disponibles pour le moment : le serveur n’a pas pu les obtenir de l’API Géo. La carte reste utilisable sans eux ; réessayez plus tard, ou la coordination peut charger un fichier de contours.',
	'api.error.outlines_invalid':
		'Ce fichier n’est pas un contour de communes utilisable : il faut un fichier GeoJSON (FeatureCollection) de polygones en longitude/latitude (WGS 84), avec le code INSEE de chaque commune.',
	'api.error.outlines_no_code':
		'L’objet n° {n} du fichier n’a pas de code INSEE de commune (propriété « code », « insee » ou « INSEE_COM ») : chaque contour doit dire de quelle commune il s’agit.',
	'api.error.outlines_no_match':
		'Aucune commune du fichier ne fait partie du territoire. Vérifiez que le fichier donne les codes INSEE des communes (et non leurs codes postaux).'
} as const;
