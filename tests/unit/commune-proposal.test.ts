/**
 * Issue 6: the commune proposed by a tool's point. An empty commune is filled in, a chosen one is
 * never replaced silently (only proposed), a point outside every outline is flagged, and nothing is
 * said without outlines on the device.
 */
import { describe, expect, it } from 'vitest';
import { communeProposal } from '$lib/domain/commune-proposal';
import { communeAt, type CommuneOutline } from '$lib/domain/polygons';

const square = (code: string, nom: string, west: number, south: number): CommuneOutline => ({
	type: 'Feature',
	properties: { code, nom },
	geometry: {
		type: 'Polygon',
		coordinates: [
			[
				[west, south],
				[west + 0.04, south],
				[west + 0.04, south + 0.04],
				[west, south + 0.04],
				[west, south]
			]
		]
	}
});

describe('communeProposal', () => {
	it('fills in an empty commune', () => {
		expect(communeProposal(null, '61309', true)).toBe('set');
		expect(communeProposal('', '61309', true)).toBe('set');
	});

	it('never replaces a chosen commune: it proposes the other one', () => {
		expect(communeProposal('61079', '61309', true)).toBe('propose');
	});

	it('says nothing when the point is in the chosen commune', () => {
		expect(communeProposal('61309', '61309', true)).toBe('same');
	});

	it('flags a point outside every known outline, whatever the commune', () => {
		expect(communeProposal(null, null, true)).toBe('outside');
		expect(communeProposal('61309', null, true)).toBe('outside');
	});

	it('cannot tell anything without outlines on the device', () => {
		expect(communeProposal(null, null, false)).toBe('unknown');
		expect(communeProposal('61309', null, false)).toBe('unknown');
		// Even a code found elsewhere is not trusted without outlines.
		expect(communeProposal(null, '61309', false)).toBe('unknown');
	});

	it('works with the commune found by point in polygon (points placed in two squares)', () => {
		const outlines = [square('61309', 'Perche en Nocé', 0.6, 48.3), square('61079', 'Ceton', 0.64, 48.3)];
		const inFirst = communeAt(0.62, 48.32, outlines)?.properties.code ?? null;
		const inSecond = communeAt(0.66, 48.32, outlines)?.properties.code ?? null;
		const outside = communeAt(1.5, 49, outlines)?.properties.code ?? null;
		expect(communeProposal(null, inFirst, true)).toBe('set');
		expect(communeProposal('61309', inSecond, true)).toBe('propose');
		expect(communeProposal('61309', inFirst, true)).toBe('same');
		expect(communeProposal('61309', outside, true)).toBe('outside');
	});
});
