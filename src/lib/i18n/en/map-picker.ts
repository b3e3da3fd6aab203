import type { mapPicker as fr } from '../fr/map-picker';

/** English, same keys as ../fr/map-picker.ts (the compiler and tests/unit/i18n-catalogue.test.ts check it). */
export const mapPicker: { [K in keyof typeof fr]: string } = {
	'picker.open': 'Place on the map',
	'picker.adjust': 'Adjust on the map',
	'picker.loading': 'Opening the map…',
	'picker.load_failed': 'The map could not open. Type the point in by hand.',
	'picker.map_failed': 'The map could not be shown. Type the point in by hand.',
	'picker.region': 'Map to place the tool',
	'picker.hint': 'Tap where the tool is, or drag the point. Nothing changes before "Confirm".',
	'picker.offline': 'Offline: the background map is missing where it was neither prepared nor seen before. Commune boundaries remain.',
	'picker.gps_circle': 'The blue circle shows the GPS accuracy ({m} m).',
	'picker.draft': 'Chosen point: {point}',
	'picker.draft_none': 'No point chosen yet.',
	'picker.draft_in': 'In the commune: {name}',
	'picker.draft_outside': 'Outside the known territory',
	'picker.center': 'Put the point under the cross',
	'picker.validate': 'Confirm this point',
	'picker.cancel': 'Cancel',
	'picker.marker': 'Tool location',
	'picker.zoom_in': 'Zoom in',
	'picker.zoom_out': 'Zoom out',
	'picker.commune_set': 'Commune found from the point: {name}',
	'picker.commune_change': 'Change',
	'picker.commune_propose': 'The point is in {name}.',
	'picker.commune_use': 'Use this commune',
	'picker.commune_outside': 'This point is outside the known territory.'
};
