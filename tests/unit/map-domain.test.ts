/**
 * The map's pure maths: the tile grid and the download estimate of an area, commune
 * outlines (point in polygon, with a hole and a multipolygon), and tile URL templates of each source.
 * Expected tile numbers were computed by hand with the slippy-map formulas
 * (x = ⌊(lon+180)/360 · 2^z⌋, y = ⌊(1 − ln(tan φ + sec φ)/π)/2 · 2^z⌋).
 */
import { describe, expect, it } from 'vitest';
import { estimate, rangeCount, tileCorner, tileOf, tileRange, tileRanges, tilesOf, unionBbox, type Bbox } from '$lib/domain/tiles';
import { bboxOf, communeAt, pointInGeometry, type CommuneOutline, type MultiPolygonGeometry, type PolygonGeometry } from '$lib/domain/polygons';
import { DEFAULT_TILE_SOURCES, sourceOrigin, tileUrl } from '$lib/domain/tile-sources';

// Around Perche en Nocé: 0.70–0.90° E, 48.40–48.50° N.
const box: Bbox = { west: 0.7, south: 48.4, east: 0.9, north: 48.5 };

describe('the tile grid', () => {
	it('finds the tile of a point at several zooms', () => {
		expect(tileOf(0.7, 48.5, 8)).toEqual({ x: 128, y: 88 });
		expect(tileOf(0.7, 48.5, 12)).toEqual({ x: 2055, y: 1415 });
		expect(tileOf(0.9, 48.4, 12)).toEqual({ x: 2058, y: 1417 });
		expect(tileOf(0.7, 48.5, 16)).toEqual({ x: 32895, y: 22644 });
		expect(tileOf(0.9, 48.4, 16)).toEqual({ x: 32931, y: 22672 });
		// The world's corners stay in the grid.
		expect(tileOf(-180, 85.0511, 2)).toEqual({ x: 0, y: 0 });
		expect(tileOf(180, -89, 2)).toEqual({ x: 3, y: 3 });
	});

	it('gives back the corner of a tile', () => {
		const c = tileCorner(128, 88, 8);
		expect(c.lon).toBeCloseTo(0, 6);
		expect(tileOf(c.lon + 1e-9, c.lat - 1e-9, 8)).toEqual({ x: 128, y: 88 });
	});

	it('covers a box at one zoom, north first', () => {
		expect(tileRange(box, 12)).toEqual({ z: 12, minX: 2055, maxX: 2058, minY: 1415, maxY: 1417 });
		expect(rangeCount(tileRange(box, 12))).toBe(4 * 3);
		expect(rangeCount(tileRange(box, 16))).toBe((32931 - 32895 + 1) * (22672 - 22644 + 1)); // 37 × 29
		expect(rangeCount(tileRange(box, 8))).toBe(1);
	});

	it('estimates the tiles and bytes of zooms 8 to 16, counting each tile once', () => {
		const ranges = tileRanges(box, 8, 16);
		expect(ranges.map((r) => r.z)).toEqual([8, 9, 10, 11, 12, 13, 14, 15, 16]);
		const total = ranges.reduce((n, r) => n + rangeCount(r), 0);
		const e = estimate(ranges, { tileBytes: 20_000 });
		expect(e.tiles).toBe(total);
		expect(e.bytes).toBe(total * 20_000);
		expect(e.tiles).toBeGreaterThan(37 * 29); // zoom 16 alone
		// Two overlapping areas: tiles shared by both are downloaded once.
		const twice = [...tileRanges(box, 12, 12), ...tileRanges({ ...box, east: 0.8 }, 12, 12)];
		expect(estimate(twice, { tileBytes: 1 }).tiles).toBe(12);
		expect([...tilesOf(tileRanges(box, 8, 8))]).toEqual([{ z: 8, x: 128, y: 88 }]);
	});

	it('joins boxes', () => {
		expect(unionBbox([box, { west: 0.5, south: 48.45, east: 0.75, north: 48.6 }])).toEqual({ west: 0.5, south: 48.4, east: 0.9, north: 48.6 });
		expect(unionBbox([])).toBeNull();
	});
});

// A square commune with a square hole (an enclave), and a commune in two parts.
const holed: PolygonGeometry = {
	type: 'Polygon',
	coordinates: [
		[
			[0, 0],
			[4, 0],
			[4, 4],
			[0, 4],
			[0, 0]
		],
		[
			[1, 1],
			[3, 1],
			[3, 3],
			[1, 3],
			[1, 1]
		]
	]
};
const twoParts: MultiPolygonGeometry = {
	type: 'MultiPolygon',
	coordinates: [
		[
			[
				[10, 0],
				[12, 0],
				[12, 2],
				[10, 2],
				[10, 0]
			]
		],
		[
			[
				[20, 0],
				[22, 0],
				[21, 3],
				[20, 0]
			]
		]
	]
};
const enclave: PolygonGeometry = {
	type: 'Polygon',
	coordinates: [
		[
			[1, 1],
			[3, 1],
			[3, 3],
			[1, 3],
			[1, 1]
		]
	]
};

describe('commune outlines', () => {
	it('knows a point inside a polygon, outside it, and in its hole', () => {
		expect(pointInGeometry(0.5, 0.5, holed)).toBe(true);
		expect(pointInGeometry(3.5, 2, holed)).toBe(true);
		expect(pointInGeometry(2, 2, holed)).toBe(false); // in the hole
		expect(pointInGeometry(5, 2, holed)).toBe(false);
	});

	it('knows each part of a multipolygon, and the gap between them', () => {
		expect(pointInGeometry(11, 1, twoParts)).toBe(true);
		expect(pointInGeometry(21, 1, twoParts)).toBe(true);
		expect(pointInGeometry(21.9, 2.5, twoParts)).toBe(false); // beside the triangle's slope
		expect(pointInGeometry(15, 1, twoParts)).toBe(false);
		expect(bboxOf(twoParts)).toEqual({ west: 10, south: 0, east: 22, north: 3 });
	});

	it('proposes the commune of a point: the enclave inside the hole, not the commune around it', () => {
		const outlines: CommuneOutline[] = [
			{ type: 'Feature', properties: { code: '61001', nom: 'Autour' }, geometry: holed },
			{ type: 'Feature', properties: { code: '61002', nom: 'Enclave' }, geometry: enclave },
			{ type: 'Feature', properties: { code: '61003', nom: 'En deux morceaux' }, geometry: twoParts }
		];
		expect(communeAt(2, 2, outlines)?.properties.code).toBe('61002');
		expect(communeAt(0.5, 3.5, outlines)?.properties.code).toBe('61001');
		expect(communeAt(21, 1, outlines)?.properties.code).toBe('61003');
		expect(communeAt(50, 50, outlines)).toBeNull();
	});
});

describe('tile sources', () => {
	it('fills the URL template of each source', () => {
		const byId = Object.fromEntries(DEFAULT_TILE_SOURCES.map((s) => [s.id, s]));
		expect(tileUrl(byId.osm!, 16, 32895, 22644)).toBe('https://tile.openstreetmap.org/16/32895/22644.png');
		expect(tileUrl(byId['ign-plan']!, 16, 32895, 22644)).toBe(
			'https://data.geopf.fr/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&LAYER=GEOGRAPHICALGRIDSYSTEMS.PLANIGNV2&STYLE=normal&TILEMATRIXSET=PM&FORMAT=image/png&TILEMATRIX=16&TILECOL=32895&TILEROW=22644'
		);
		expect(tileUrl(byId['ign-ortho']!, 8, 128, 88)).toContain(
			'LAYER=ORTHOIMAGERY.ORTHOPHOTOS&STYLE=normal&TILEMATRIXSET=PM&FORMAT=image/jpeg&TILEMATRIX=8&TILECOL=128&TILEROW=88'
		);
		expect(tileUrl({ url: 'http://127.0.0.1:4300/t/{z}/{x}/{y}.png' }, 3, 4, 5)).toBe('http://127.0.0.1:4300/t/3/4/5.png');
	});

	it('lets only sources whose terms allow it be prepared offline (never OpenStreetMap)', () => {
		expect(DEFAULT_TILE_SOURCES.filter((s) => s.prefetch).map((s) => s.id)).toEqual(['ign-plan', 'ign-ortho']);
	});

	it('knows the origin a source needs in the security policy', () => {
		expect(sourceOrigin(DEFAULT_TILE_SOURCES[0]!)).toBe('https://data.geopf.fr');
		expect(sourceOrigin({ url: 'http://127.0.0.1:4300/{z}/{x}/{y}.png' })).toBe('http://127.0.0.1:4300');
		expect(sourceOrigin({ url: 'not a url' })).toBeNull();
	});
});
