import type { mapOffline as fr } from '../fr/map-offline';

/** English, same keys as ../fr/map-offline.ts (the compiler and tests/unit/i18n-catalogue.test.ts check it). */
export const mapOffline: { [K in keyof typeof fr]: string } = {
	'offline_map.title': 'Prepare the map for offline use',
	'offline_map.back': 'Back to the map',
	'offline_map.lead':
		'Download the background map of your communes while you have a connection, preferably Wi-Fi. In the field, the map will show without a connection (zoom levels 8 to 16).',

	'offline_map.names_more.one': '{names} and {count} other commune',
	'offline_map.names_more.other': '{names} and {count} other communes',
	'offline_map.new_area': 'Prepare an area',
	'offline_map.communes.legend': 'Communes to prepare',
	'offline_map.communes.search': 'Search for a commune',
	'offline_map.communes.search_hint': 'Type the start of the name, then tick the commune. You can tick several.',
	'offline_map.communes.chosen.one': '{count} commune chosen',
	'offline_map.communes.chosen.other': '{count} communes chosen',
	'offline_map.communes.none_found': 'No commune of the territory matches "{query}".',
	'offline_map.communes.no_outline': 'Outline not received yet: this commune cannot be prepared yet.',
	'offline_map.communes.detail': '{department} · {cdc}',
	'offline_map.outlines_missing':
		'The commune outlines are not on this device yet: they come from the server when there is a connection. Open this page with a connection to receive them.',
	'offline_map.outlines_loading': 'Loading the commune outlines…',

	'offline_map.source.legend': 'Background map',
	'offline_map.source.excluded.one': '{names} is not offered: its rules forbid downloading an area in advance. Only the parts you look at stay on the device.',
	'offline_map.source.excluded.other':
		'{names} are not offered: their rules forbid downloading an area in advance. Only the parts you look at stay on the device.',
	'offline_map.source.none': 'No background map of this server can be downloaded in advance.',

	'offline_map.estimate.title': 'Download size',
	'offline_map.estimate.one': '≈ {count} tile, about {size}',
	'offline_map.estimate.other': '≈ {count} tiles, about {size}',
	'offline_map.estimate.pick': 'Choose at least one commune to see the download size.',
	'offline_map.estimate.too_large': 'That is too much for one go (more than {max} tiles): choose fewer communes.',
	'offline_map.free': 'Free space on the device: about {size}.',
	'offline_map.free_unknown': 'The free space on the device is not known.',
	'offline_map.not_enough_space': 'Not enough room on the device: delete an area already prepared or choose fewer communes.',

	'offline_map.download': 'Download',
	'offline_map.offline': 'No connection: downloading needs one. Come back here when you have a connection. Areas already prepared work without one.',
	'offline_map.busy': 'A download is in progress: wait for it to finish or cancel it.',

	'offline_map.progress.title': 'Downloading {names}',
	'offline_map.progress.count': '{done} / {total} tiles',
	'offline_map.progress.bytes': '· {size} received',
	'offline_map.progress.keep_open': 'Keep the app open until it finishes.',
	'offline_map.cancel': 'Cancel',
	'offline_map.cancelling': 'Stopping…',

	'offline_map.result.complete': '{names}: ready for offline use ({size}).',
	'offline_map.result.failed.one': '{count} tile was not received (at sea or a server error): the map works without it.',
	'offline_map.result.failed.other': '{count} tiles were not received (at sea or a server error): the map works without them.',
	'offline_map.result.cancelled': 'Download stopped. What was received stays on the device: you can resume it or delete it.',
	'offline_map.result.offline': 'The connection was lost: the download has stopped. Resume it when the network is back.',
	'offline_map.result.quota': 'The device is full: the download has stopped. What was received stays. Free some space, then resume.',
	'offline_map.result.error': 'The download stopped on an error. What was received stays: you can resume it.',

	'offline_map.areas.title': 'Areas ready on this device',
	'offline_map.areas.empty': 'No area is prepared on this device.',
	'offline_map.areas.details': '{source} · {size} · on {date}',
	'offline_map.areas.interrupted': 'interrupted',
	'offline_map.areas.downloading': 'in progress',
	'offline_map.areas.missing.one': '{count} tile missing',
	'offline_map.areas.missing.other': '{count} tiles missing',
	'offline_map.areas.unknown_source': 'The server no longer offers this background map: the area cannot be resumed.',
	'offline_map.areas.resume': 'Resume',
	'offline_map.areas.resume_label': 'Resume the download of {names}',
	'offline_map.areas.remove': 'Delete',
	'offline_map.areas.remove_label': 'Delete the map of {names}',
	'offline_map.areas.remove_title': 'Delete the map of {names}?',
	'offline_map.areas.remove_body':
		'Its tiles will be erased from this device ({size}). Those another area uses stay. You can download it again with a connection.',
	'offline_map.areas.remove_confirm': 'Delete the map',
	'offline_map.areas.removed': 'Map of {names} deleted from the device.'
};
