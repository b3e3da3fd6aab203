import type { mapServer as fr } from '../fr/map-server';

/** English, same keys as ../fr/map-server.ts (the compiler and tests/unit/i18n-catalogue.test.ts check it). */
export const mapServer: { [K in keyof typeof fr]: string } = {
	'api.error.outlines_unavailable':
		'The commune outlines are not available for now: the server could not get them from the API Géo. The map stays usable without them; try again later, or the coordinator can load an outlines file.',
	'api.error.outlines_invalid':
		'This file is not a usable commune outline file: it must be a GeoJSON file (FeatureCollection) of polygons in longitude/latitude (WGS 84), with the INSEE code of each commune.',
	'api.error.outlines_no_code':
		'Object no. {n} of the file has no commune INSEE code (property "code", "insee" or "INSEE_COM"): each outline must say which commune it is.',
	'api.error.outlines_no_match': "No commune of the file belongs to the territory. Check that the file gives the communes' INSEE codes (not their postcodes)."
};
