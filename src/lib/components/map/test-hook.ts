/**
 * The map screen's Leaflet map, exposed for the browser tests and for the helpers that drive the
 * map from a test (zoom, move, read the view). Nothing in the app reads it.
 */
import type * as Leaflet from 'leaflet';

declare global {
	interface Window {
		/** The map screen's map while it is shown (tests only). */
		__atlasMap?: Leaflet.Map;
	}
}

export function exposeMap(map: Leaflet.Map): void {
	window.__atlasMap = map;
}

export function unexposeMap(map: Leaflet.Map): void {
	if (window.__atlasMap === map) delete window.__atlasMap;
}
