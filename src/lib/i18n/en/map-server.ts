import type { mapServer as fr } from '../fr/map-server';

/** English, same keys as ../fr/map-server.ts (the compiler and tests/unit/i18n-catalogue.test.ts check it). */
export const mapServer: { [K in keyof typeof fr]: string } = {
	'api.error.outlines_unavailable':
		'Les contours des communes ne sont pas disponibles pour le moment : le serveur n’a pas pu les obtenir de l’API Géo. La carte reste utilisable sans eux ; réessayez plus tard, ou la coordination peut charger un fichier de contours.',
	'api.error.outlines_invalid':
		'Ce fichier n’est pas un contour de communes utilisable : il faut un fichier GeoJSON (FeatureCollection) de polygones en longitude/latitude (WGS 84), avec le code INSEE de chaque commune.',
	'api.error.outlines_no_code':
		'L’objet n° {n} du fichier n’a pas de code INSEE de commune (propriété « code », « insee » ou « INSEE_COM ») : chaque contour doit dire de quelle commune il s’agit.',
	'api.error.outlines_no_match':
		'Aucune commune du fichier ne fait partie du territoire. Vérifiez que le fichier donne les codes INSEE des communes (et non leurs codes postaux).'
};
