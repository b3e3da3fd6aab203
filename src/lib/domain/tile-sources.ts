/**
 * Map tile sources as configuration. A source is a URL template with `{z}`, `{x}`, `{y}`
 * placeholders (WMTS sources are written the same way: TILEMATRIX={z}&TILECOL={x}&TILEROW={y} in the
 * "PM" Web Mercator matrix set, which is the same grid as OpenStreetMap's).
 *
 * `prefetch` says whether the source's terms allow downloading an area ahead of time for offline
 * use: IGN's Géoplateforme (Licence Ouverte) does; OpenStreetMap's tile policy forbids it, so only
 * tiles a person actually viewed are cached for OSM.
 */
export interface TileSource {
	/** Stable id ('osm', 'ign-plan', 'ign-ortho'); also the name of its prepared tiles. */
	id: string;
	/** The French name shown in the layer choice. */
	name: string;
	/** `https://…/{z}/{x}/{y}.png` */
	url: string;
	/** Shown on the map (HTML not allowed: plain text, links are added by the app). */
	attribution: string;
	attributionUrl: string;
	/** Deepest zoom the source serves; the map can zoom a little further by enlarging tiles. */
	maxZoom: number;
	minZoom: number;
	/** May an area be downloaded ahead of time (offline preparation)? */
	prefetch: boolean;
	/** Typical bytes of one tile, for the size estimate before a download. */
	tileBytes: number;
}

export const DEFAULT_TILE_SOURCES: readonly TileSource[] = [
	{
		id: 'ign-plan',
		name: 'Plan IGN',
		url: 'https://data.geopf.fr/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&LAYER=GEOGRAPHICALGRIDSYSTEMS.PLANIGNV2&STYLE=normal&TILEMATRIXSET=PM&FORMAT=image/png&TILEMATRIX={z}&TILECOL={x}&TILEROW={y}',
		attribution: 'IGN-F / Géoplateforme',
		attributionUrl: 'https://www.ign.fr/',
		maxZoom: 19,
		minZoom: 0,
		prefetch: true,
		tileBytes: 18_000
	},
	{
		id: 'ign-ortho',
		name: 'Photos aériennes IGN',
		url: 'https://data.geopf.fr/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&LAYER=ORTHOIMAGERY.ORTHOPHOTOS&STYLE=normal&TILEMATRIXSET=PM&FORMAT=image/jpeg&TILEMATRIX={z}&TILECOL={x}&TILEROW={y}',
		attribution: 'IGN-F / Géoplateforme',
		attributionUrl: 'https://www.ign.fr/',
		maxZoom: 19,
		minZoom: 0,
		prefetch: true,
		tileBytes: 25_000
	},
	{
		id: 'osm',
		name: 'OpenStreetMap',
		url: 'https://tile.openstreetmap.org/{z}/{x}/{y}.png',
		attribution: '© les contributeurs d’OpenStreetMap',
		attributionUrl: 'https://www.openstreetmap.org/copyright',
		maxZoom: 19,
		minZoom: 0,
		prefetch: false,
		tileBytes: 15_000
	}
];

/**
 * Is this a tile URL of OpenStreetMap's servers? Their tile policy forbids bulk downloads, whatever
 * a configuration says: the configuration check refuses `prefetch` for them and the offline
 * preparation refuses them.
 */
export function isOpenStreetMap(url: string): boolean {
	return /^https?:\/\/([a-z0-9-]+\.)*openstreetmap\.(org|fr)(:\d+)?\//i.test(url);
}

/** The URL of one tile. */
export function tileUrl(source: Pick<TileSource, 'url'>, z: number, x: number, y: number): string {
	return source.url.replaceAll('{z}', String(z)).replaceAll('{x}', String(x)).replaceAll('{y}', String(y));
}

/** The origin (scheme + host + port) of a source's URL: what the page's security policy must allow. */
export function sourceOrigin(source: Pick<TileSource, 'url'>): string | null {
	const m = /^(https?:\/\/[^/?#]+)/i.exec(source.url.replaceAll('{z}', '0').replaceAll('{x}', '0').replaceAll('{y}', '0'));
	return m ? (m[1] as string).toLowerCase() : null;
}
