import { describe, expect, it } from 'vitest';
import { compareHlc, formatHlc, isHlc, parseHlc, receive, tick, type HlcState } from '$lib/domain/hlc';

const T = Date.parse('2026-11-28T09:00:00.000Z');

describe('hybrid logical clock', () => {
	it('orders stamps by plain string comparison', () => {
		const a = formatHlc(T, 0, 'aaaa');
		const b = formatHlc(T, 1, 'aaaa');
		const c = formatHlc(T + 1, 0, 'aaaa');
		expect([c, a, b].sort()).toEqual([a, b, c]);
		expect(compareHlc(a, b)).toBe(-1);
		expect(formatHlc(T, 0, 'aaaa') < formatHlc(T, 0, 'bbbb')).toBe(true);
	});

	it('never goes backwards when the wall clock does', () => {
		const s: HlcState = { millis: 0, counter: 0, node: 'n1' };
		const first = tick(s, T);
		const second = tick(s, T - 60_000);
		const third = tick(s, T - 120_000);
		expect(first < second && second < third).toBe(true);
	});

	it('moves past a received stamp so later local edits win over it', () => {
		const s: HlcState = { millis: 0, counter: 0, node: 'n1' };
		const remote = formatHlc(T + 1000, 5, 'n2');
		receive(s, remote, T);
		expect(tick(s, T) > remote).toBe(true);
	});

	it('does not adopt a stamp from far in the future', () => {
		const s: HlcState = { millis: 0, counter: 0, node: 'n1' };
		receive(s, formatHlc(T + 2 * 86_400_000, 0, 'n2'), T);
		expect(parseHlc(tick(s, T))?.millis).toBe(T);
	});

	it('parses its own format and rejects others', () => {
		const stamp = formatHlc(T, 42, 'abc123');
		expect(parseHlc(stamp)).toEqual({ millis: T, counter: 42, node: 'abc123' });
		expect(isHlc(stamp)).toBe(true);
		expect(isHlc('2026-11-28')).toBe(false);
		expect(isHlc(12)).toBe(false);
	});

	it('keeps stamps unique when the counter overflows', () => {
		const s: HlcState = { millis: T, counter: 0xffff, node: 'n1' };
		const next = tick(s, T);
		expect(parseHlc(next)).toEqual({ millis: T + 1, counter: 0, node: 'n1' });
	});
});

import { clampHlc, mergeField } from '$lib/domain/merge';

describe('field merge', () => {
	const s = (v: unknown, ms: number, node = 'a') => ({ v, hlc: formatHlc(T + ms, 0, node) });

	it('lets the higher HLC win and keeps the loser when the values differ', () => {
		expect(mergeField(s('old', 0), s('new', 10))).toEqual({ outcome: 'applied', value: s('new', 10), loser: s('old', 0) });
		expect(mergeField(s('new', 10), s('old', 0))).toEqual({ outcome: 'kept', value: s('new', 10), loser: s('old', 0) });
	});

	it('is no conflict when both wrote the same value, or the same write comes twice', () => {
		expect(mergeField(s('x', 0), s('x', 10))).toEqual({ outcome: 'applied', value: s('x', 10), loser: null });
		expect(mergeField(s('x', 10), s('x', 0))).toEqual({ outcome: 'same' });
		expect(mergeField(s('x', 10), s('x', 10))).toEqual({ outcome: 'same' });
	});

	it('breaks a tie of time by node, the same everywhere', () => {
		const a = s('A', 5, 'aaaa');
		const b = s('B', 5, 'bbbb');
		const one = mergeField(mergeField(undefined, a).outcome === 'applied' ? a : a, b);
		const two = mergeField(b, a);
		expect(one).toMatchObject({ outcome: 'applied', value: b });
		expect(two).toMatchObject({ outcome: 'kept', value: b });
	});

	it('brings a stamp from the future back to the server time', () => {
		const future = formatHlc(T + 2 * 86_400_000, 3, 'phone');
		expect(clampHlc(future, T)).toBe(formatHlc(T, 3, 'phone'));
		const past = formatHlc(T - 1000, 0, 'phone');
		expect(clampHlc(past, T)).toBe(past);
		expect(clampHlc('pas un hlc', T)).toBeNull();
	});
});
