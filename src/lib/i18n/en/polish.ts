import type { polish as fr } from '../fr/polish';

/** English, same keys as ../fr/polish.ts (the compiler and tests/unit/i18n-catalogue.test.ts check it). */
export const polish: { [K in keyof typeof fr]: string } = {
	'gps.dir.north': 'N',
	'gps.dir.south': 'S',
	'gps.dir.east': 'E',
	'gps.dir.west': 'W',
	'gps.distance_m': '{n} m',
	'gps.distance_km': '{n} km',
	'gps.typed_flag': 'Coordinates typed by hand',
	'gps.outside_commune': 'The point is {distance} outside {name}: check the commune or the point.',

	'export.source.saisie': 'Typed by hand',
	'history.point_typed': '{point} (typed by hand)',

	'map.cluster_place_label.one': '{count} tool at this place: tap to see it',
	'map.cluster_place_label.other': '{count} tools at the same place: tap to spread them out',
	'map.offline_empty_title': 'No map offline here',
	'map.offline_empty':
		'This area was neither prepared nor viewed before on this device. The tools and the commune borders are still shown. With a network, prepare it:'
};
