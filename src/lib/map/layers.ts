/**
 * What every map of the app shares: the base layer of a tile source (with its attribution, CORS so
 * the service worker may keep its tiles, and enlargement past the deepest prepared zoom when offline
 * rather than a blank map), and the territory's commune outlines (drawn even with no tile at all,
 * on the plain background of the map container).
 */
import type * as Leaflet from 'leaflet';
import type { L } from './leaflet';
import type { TileSource } from '$lib/domain/tile-sources';
import type { CommuneOutline } from '$lib/domain/polygons';
import { PREPARE_MAX_ZOOM } from '$lib/domain/tiles';

/** Where the base map a person chose is remembered on the phone (map screen and small map agree). */
export const MAP_SOURCE_KEY = 'atlas.map.source';

export interface BaseLayerOptions {
	/** Offline with areas prepared: tiles deeper than the prepared zooms are enlarged from these. */
	offlinePrepared?: boolean;
	/**
	 * This source has areas prepared on the device: if a tile deeper than the prepared zooms fails
	 * (a phone that says "online" with one bar of nothing), the layer falls back to enlarging the
	 * prepared tiles rather than showing holes.
	 */
	prepared?: boolean;
}

/** Escapes text for Leaflet's attribution (it is inserted as HTML). */
function escapeHtml(text: string): string {
	return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}

export function baseLayer(leaflet: L, source: TileSource, options: BaseLayerOptions = {}): Leaflet.TileLayer {
	const layer = leaflet.tileLayer(source.url, {
		minZoom: source.minZoom,
		maxZoom: Math.max(source.maxZoom, 19),
		// Offline, a prepared area has tiles down to zoom 16: deeper views enlarge those.
		maxNativeZoom: options.offlinePrepared ? Math.min(source.maxZoom, PREPARE_MAX_ZOOM) : source.maxZoom,
		crossOrigin: 'anonymous',
		// The app's pages say `Referrer-Policy: same-origin`; tile servers (OpenStreetMap's policy
		// requires it) must still learn which site asks: the origin only, never the page's address.
		referrerPolicy: 'strict-origin-when-cross-origin',
		attribution: `<a href="${escapeHtml(source.attributionUrl)}" target="_blank" rel="noopener">${escapeHtml(source.attribution)}</a>`
	});
	if (options.prepared && !options.offlinePrepared && source.maxZoom > PREPARE_MAX_ZOOM) {
		layer.on('tileerror', (e: Leaflet.TileErrorEvent) => {
			if (e.coords.z <= PREPARE_MAX_ZOOM || layer.options.maxNativeZoom === PREPARE_MAX_ZOOM) return;
			layer.options.maxNativeZoom = PREPARE_MAX_ZOOM;
			layer.redraw();
		});
	}
	return layer;
}

/** The commune outlines, thin and unfilled (points stay readable), with the commune's name on hover/tap. */
export function outlinesLayer(leaflet: L, features: readonly CommuneOutline[]): Leaflet.GeoJSON {
	return leaflet.geoJSON({ type: 'FeatureCollection', features: features as unknown as GeoJSON.Feature[] } as GeoJSON.FeatureCollection, {
		style: { color: '#2f5d3a', weight: 1.5, opacity: 0.8, fill: false, interactive: false }
	});
}
