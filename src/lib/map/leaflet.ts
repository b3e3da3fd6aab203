/**
 * Leaflet, loaded only by the screens that show a map (the map screen, the small map of the form
 * once opened): the sheet form stays light. The CSS comes with it.
 */
import type * as Leaflet from 'leaflet';

export type L = typeof Leaflet;

let loading: Promise<L> | null = null;

export function loadLeaflet(): Promise<L> {
	loading ??= Promise.all([import('leaflet'), import('leaflet/dist/leaflet.css')]).then(([mod]) => {
		const leaflet = ((mod as unknown as { default?: L }).default ?? mod) as L;
		return leaflet;
	});
	return loading;
}
