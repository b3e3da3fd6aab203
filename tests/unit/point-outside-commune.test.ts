/**
 * The warning of the sheet form when its point lies outside the chosen commune: the distance from
 * a point to a commune's outline (flat-earth around the point, checked against the great-circle
 * distance), and when the warning is due — never without that commune's outline on the device,
 * never for a point inside, never for a GPS point closer to the border than its accuracy.
 */
import { describe, expect, it } from 'vitest';
import { distanceOutsideM, distanceToEdgeM, type CommuneOutline, type PolygonGeometry } from '$lib/domain/polygons';
import { outsideCommuneM } from '$lib/domain/commune-proposal';
import { distanceM } from '$lib/domain/duplicates';

/** A square commune of 0.04° a side, south-west corner at (0.6 E, 48.3 N) — like the test servers' grid. */
const SQUARE: PolygonGeometry = {
	type: 'Polygon',
	coordinates: [
		[
			[0.6, 48.3],
			[0.64, 48.3],
			[0.64, 48.34],
			[0.6, 48.34],
			[0.6, 48.3]
		]
	]
};
const commune: CommuneOutline = { type: 'Feature', properties: { code: '61309', nom: 'Perche en Nocé' }, geometry: SQUARE };

describe('distance from a point to an outline', () => {
	it('east of the square: the distance to its east edge along the parallel', () => {
		const d = distanceToEdgeM(0.67, 48.32, SQUARE);
		expect(d).toBeCloseTo(distanceM({ lat: 48.32, lon: 0.64 }, { lat: 48.32, lon: 0.67 }), -1); // ≈ 2.2 km, to 10 m
		expect(d).toBeGreaterThan(2200);
		expect(d).toBeLessThan(2240);
	});

	it('north of the square: the distance to its north edge along the meridian', () => {
		expect(distanceToEdgeM(0.62, 48.36, SQUARE)).toBeCloseTo(distanceM({ lat: 48.34, lon: 0.62 }, { lat: 48.36, lon: 0.62 }), -1);
	});

	it('beyond a corner: the distance to the corner itself', () => {
		const d = distanceToEdgeM(0.65, 48.35, SQUARE);
		expect(d).toBeCloseTo(distanceM({ lat: 48.34, lon: 0.64 }, { lat: 48.35, lon: 0.65 }), -1);
	});

	it('is 0 outside-distance for a point inside, and counts holes and every part of a multipolygon', () => {
		expect(distanceOutsideM(0.62, 48.32, SQUARE)).toBe(0);
		// The centre: 0.02° from each edge, nearer the west and east ones (a degree of longitude is shorter).
		expect(distanceToEdgeM(0.62, 48.32, SQUARE)).toBeCloseTo(distanceM({ lat: 48.32, lon: 0.62 }, { lat: 48.32, lon: 0.6 }), -1);
		const twoParts = {
			type: 'MultiPolygon' as const,
			coordinates: [
				SQUARE.coordinates,
				[
					[
						[0.7, 48.3],
						[0.74, 48.3],
						[0.74, 48.34],
						[0.7, 48.34],
						[0.7, 48.3]
					]
				]
			]
		};
		// Between the two parts, nearer the second: its west edge counts.
		expect(distanceOutsideM(0.69, 48.32, twoParts)).toBeCloseTo(distanceM({ lat: 48.32, lon: 0.69 }, { lat: 48.32, lon: 0.7 }), -1);
		const withHole: PolygonGeometry = {
			type: 'Polygon',
			coordinates: [
				SQUARE.coordinates[0]!,
				[
					[0.61, 48.31],
					[0.63, 48.31],
					[0.63, 48.33],
					[0.61, 48.33],
					[0.61, 48.31]
				]
			]
		};
		// In the hole: outside the commune, as far as the hole's nearest edge.
		expect(distanceOutsideM(0.62, 48.32, withHole)).toBeCloseTo(distanceM({ lat: 48.32, lon: 0.62 }, { lat: 48.32, lon: 0.63 }), -1);
	});
});

describe('when the form warns that the point is outside its commune', () => {
	it('says how far a point outside lies', () => {
		expect(outsideCommuneM(0.67, 48.32, null, commune)).toBeCloseTo(2218, -1);
	});

	it('says nothing for a point inside', () => {
		expect(outsideCommuneM(0.62, 48.32, null, commune)).toBeNull();
		expect(outsideCommuneM(0.62, 48.32, 8, commune)).toBeNull();
	});

	it('says nothing when the commune’s outline is not on the device', () => {
		expect(outsideCommuneM(0.67, 48.32, null, undefined)).toBeNull();
		expect(outsideCommuneM(0.67, 48.32, null, null)).toBeNull();
	});

	it('says nothing for a GPS point within its accuracy of the border (it may be inside), but warns beyond', () => {
		// 0.0005° east of the edge ≈ 37 m.
		expect(outsideCommuneM(0.6405, 48.32, 50, commune)).toBeNull();
		expect(outsideCommuneM(0.6405, 48.32, 12, commune)).toBeCloseTo(37, 0);
		// A point placed or typed by hand has no accuracy: any distance counts.
		expect(outsideCommuneM(0.6405, 48.32, null, commune)).toBeCloseTo(37, 0);
	});

	it('says nothing for an outline with no ring at all', () => {
		expect(outsideCommuneM(0.67, 48.32, null, { ...commune, geometry: { type: 'MultiPolygon', coordinates: [] } })).toBeNull();
	});
});
