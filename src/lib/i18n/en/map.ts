import type { map as fr } from '../fr/map';

/** English, same keys as ../fr/map.ts (the compiler and tests/unit/i18n-catalogue.test.ts check it). */
export const map: { [K in keyof typeof fr]: string } = {
	'nav.map': 'Map',

	'map.title': 'Map of tools',
	'map.region': "Map of the territory's tools",
	'map.count.one': '{count} tool shown',
	'map.count.other': '{count} tools shown',
	'map.count_of.one': '{count} tool shown of {total}',
	'map.count_of.other': '{count} tools shown of {total}',
	'map.loading': 'Loading the map…',
	'map.load_failed': 'The map could not open. Reload the page.',
	'map.none_located': 'No sheet on this device has a location yet: they will appear here once the point is taken.',
	'map.none_match': 'No tool matches these filters.',

	// Panels
	'map.filters': 'Filters',
	'map.filters_active': 'Filters ({count})',
	'map.layers': 'Background',
	'map.legend': 'Key',
	'map.filter_category': 'Kind of tool',
	'map.all_categories': 'All kinds',
	'map.filter_condition': 'Condition',
	'map.all_conditions': 'All conditions',
	'map.filter_mains': 'Works without mains power',
	'map.mains_all': 'All',
	'map.mains_choice.oui': 'Yes',
	'map.mains_choice.non': 'No',
	'map.mains_choice.inconnu': 'Unknown',
	'map.filter_status': 'Review',
	'map.all_statuses': 'All statuses',
	'map.clear_filters': 'Show everything',
	'map.show_on_map.one': 'See the map ({count} tool)',
	'map.show_on_map.other': 'See the map ({count} tools)',

	'map.layers_title': 'Background map',
	'map.source_prepared': 'prepared for offline',
	'map.prepare_link': 'Prepare the map for offline use',
	'map.offline_hint': 'Offline: only the map pieces already seen or prepared are shown. Tools and commune boundaries stay visible.',
	'map.offline_prepared': 'Offline: prepared map in use.',

	'map.legend_title': 'Key',
	'map.legend_cluster': 'Several tools close together: tap to zoom in, or to spread out the tools at one place',
	'map.legend_position': 'Your position (the circle shows the accuracy)',
	'map.legend_outline': 'Commune boundary',

	// Markers (the short text inside each family's shape: readable without colour)
	'map.family_short.grains': 'Gra',
	'map.family_short.fruits': 'Fru',
	'map.family_short.legumes': 'Veg',
	'map.family_short.viande': 'Mea',
	'map.family_short.lait': 'Dai',
	'map.family_short.cuisines': 'Kit',
	'map.family_short.froid': 'Col',
	'map.family_short.autre': 'Oth',
	'map.marker_label': '{name}: {category} ({family})',
	'map.cluster_label.other': '{count} tools close together: tap to enlarge',
	'map.cluster_label.one': '{count} tool: tap to enlarge',
	'map.untitled': 'Unnamed tool',

	// Summary card
	'map.summary_label': 'Tool summary',
	'map.summary_condition': 'Condition',
	'map.summary_mains': 'Works without power',
	'map.summary_status': 'Review',
	'map.summary_unknown': 'Not given',
	'map.open_sheet': 'Open the sheet',
	'map.close_summary': 'Close the summary',

	// Position
	'map.locate': 'Find me',
	'map.locating': 'Searching…',
	'map.locate_found': 'You are here, to within {m} m.',
	'map.locate_denied': 'The phone refuses to give the position. Allow location for this site in the browser settings.',
	'map.locate_unavailable': 'Position not found here. Try again in the open.',
	'map.locate_timeout': 'The position is taking too long. Try again.',
	'map.locate_unsupported': 'This browser does not give the position.',

	// Leaflet's own controls
	'map.zoom_in': 'Zoom in',
	'map.zoom_out': 'Zoom out'
};
