/**
 * Several tools at one place: which groups are « at one place », and the screen offsets of their
 * markers once spread — every marker apart from the others by at least a tap target's width.
 */
import { describe, expect, it } from 'vitest';
import { atOnePlace, groupByPlace, spreadOffsets, SAME_PLACE_M } from '$lib/domain/spread';

const TAP_PX = 48;

function minGap(points: { x: number; y: number }[]): number {
	let best = Infinity;
	for (let i = 0; i < points.length; i++)
		for (let j = i + 1; j < points.length; j++) best = Math.min(best, Math.hypot(points[i]!.x - points[j]!.x, points[i]!.y - points[j]!.y));
	return best;
}

describe('tools at one place', () => {
	it('same point, or a few metres apart: one place; 80 m apart: two', () => {
		const farm = { lat: 48.3521, lon: 0.7142 };
		expect(atOnePlace([farm, { ...farm }, { ...farm }])).toBe(true);
		expect(atOnePlace([farm, { lat: 48.35215, lon: 0.7142 }])).toBe(true); // 5.6 m
		expect(atOnePlace([farm, { lat: 48.35282, lon: 0.7142 }])).toBe(false); // 80 m
		expect(atOnePlace([])).toBe(false);
		expect(SAME_PLACE_M).toBeGreaterThan(0);
	});

	it('groups points by place, keeping their order', () => {
		const a = { id: 'a', lat: 48.3521, lon: 0.7142 };
		const b = { id: 'b', lat: 48.36, lon: 0.72 };
		const a2 = { id: 'a2', lat: 48.3521, lon: 0.7142 };
		expect(groupByPlace([a, b, a2]).map((g) => g.map((p) => p.id))).toEqual([['a', 'a2'], ['b']]);
	});
});

describe('spread markers', () => {
	it('on a ring for a few, first straight above the place', () => {
		const three = spreadOffsets(3);
		expect(three).toHaveLength(3);
		expect(three[0]!.x).toBeCloseTo(0, 5);
		expect(three[0]!.y).toBeLessThan(0);
		const radii = three.map((p) => Math.hypot(p.x, p.y));
		expect(Math.max(...radii) - Math.min(...radii)).toBeLessThan(0.5);
		expect(minGap(three)).toBeGreaterThanOrEqual(TAP_PX);
	});

	it('never two markers closer than a tap target, for 2 to 40 tools (a spiral beyond a ring)', () => {
		for (let n = 2; n <= 40; n++) {
			const offsets = spreadOffsets(n);
			expect(offsets).toHaveLength(n);
			expect(minGap(offsets), `${n} markers`).toBeGreaterThanOrEqual(TAP_PX);
			// And clear of the group's mark left in the middle.
			expect(Math.min(...offsets.map((p) => Math.hypot(p.x, p.y))), `${n} markers`).toBeGreaterThanOrEqual(TAP_PX);
		}
	});

	it('nothing for nothing', () => {
		expect(spreadOffsets(0)).toEqual([]);
	});
});
