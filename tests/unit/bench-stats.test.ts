/**
 * The arithmetic of `npm run bench` (scripts/bench/stats.js): percentiles, ratios to the baseline,
 * targets and the printed table. The measurements themselves run only in `npm run bench`.
 */
import { describe, expect, it } from 'vitest';
import { parseSizes } from '../../scripts/bench/js-size.js';
import { evaluate, formatNumber, formatTable, median, percentile, ratio, targetMet, targetsMet, type Row } from '../../scripts/bench/stats.js';

describe('percentile', () => {
	it('interpolates linearly between the nearest ranks', () => {
		expect(percentile([1, 2, 3, 4], 50)).toBe(2.5);
		expect(percentile([4, 1, 3, 2], 0)).toBe(1);
		expect(percentile([4, 1, 3, 2], 100)).toBe(4);
		const hundred = Array.from({ length: 100 }, (_, i) => i + 1);
		expect(percentile(hundred, 95)).toBeCloseTo(95.05, 10);
		expect(percentile(hundred, 50)).toBe(50.5);
	});

	it('does not reorder the caller’s samples, takes one sample as every percentile, and has no value for none', () => {
		const samples = [3, 1, 2];
		expect(median(samples)).toBe(2);
		expect(samples).toEqual([3, 1, 2]);
		expect(percentile([7], 95)).toBe(7);
		expect(percentile([], 50)).toBeNaN();
		expect(() => percentile([1], 101)).toThrow(RangeError);
	});
});

describe('ratio and targets', () => {
	it('divides ours by the baseline, and has no ratio to a missing or zero baseline', () => {
		expect(ratio(13, 10)).toBeCloseTo(1.3, 10);
		expect(ratio(5, 0)).toBeNull();
		expect(ratio(null, 10)).toBeNull();
		expect(ratio(5, undefined)).toBeNull();
	});

	it('checks a bound on the figure or on its ratio; a missing figure never meets it', () => {
		const p95 = { on: 'value', op: '<=', limit: 16, text: '≤ 16 ms' } as const;
		const vsRaw = { on: 'ratio', op: '<=', limit: 1.3, text: '≤ 1.3× raw' } as const;
		const perSecond = { on: 'value', op: '>=', limit: 1000, text: '≥ 1,000/s' } as const;
		expect(targetMet(p95, 16, null)).toBe(true);
		expect(targetMet(p95, 16.01, null)).toBe(false);
		expect(targetMet(vsRaw, 13, 10)).toBe(true);
		expect(targetMet(vsRaw, 14, 10)).toBe(false);
		expect(targetMet(vsRaw, 14, null)).toBe(false);
		expect(targetMet(perSecond, 1200, 5000)).toBe(true);
		expect(targetMet(perSecond, null, 5000)).toBe(false);
		expect(targetMet(null, 1, 1)).toBeNull();
		// Several targets: all must hold.
		expect(targetsMet([p95, vsRaw], 15, 12)).toBe(true);
		expect(targetsMet([p95, vsRaw], 15, 10)).toBe(false);
		expect(targetsMet([], 15, 10)).toBeNull();
	});
});

describe('table', () => {
	const rows: Row[] = [
		{
			section: 'local',
			figure: 'save one sheet, p95',
			unit: 'ms',
			ours: 12.345,
			baseline: 4,
			baselineLabel: 'raw IndexedDB',
			targets: [
				{ on: 'value', op: '<=', limit: 16, text: '≤ 16 ms' },
				{ on: 'ratio', op: '<=', limit: 4, text: '≤ 4× raw' }
			]
		},
		{
			section: 'export',
			figure: 'export csv, time',
			unit: 'ms',
			ours: 4321,
			baseline: 1000,
			baselineLabel: 'raw scan',
			targets: [{ on: 'value', op: '<=', limit: 3000, text: '≤ 3 s' }]
		},
		{ section: 'lighthouse', figure: 'performance, /', unit: '', ours: null, baseline: null, baselineLabel: 'none', targets: [] }
	];

	it('prints one aligned line per figure with its ratio and verdict', () => {
		const lines = formatTable(rows).split('\n');
		expect(lines[0]).toMatch(/^figure +\| +ours \| baseline +\| +ratio \| target +\| met\?$/);
		expect(lines).toHaveLength(5);
		expect(lines[2]).toContain('12.3 ms');
		expect(lines[2]).toContain('4.00 ms (raw IndexedDB)');
		expect(lines[2]).toContain('3.09×');
		expect(lines[2]).toContain('≤ 16 ms and ≤ 4× raw');
		expect(lines[2]).toMatch(/\| yes$/);
		expect(lines[3]).toContain('4,321 ms');
		expect(lines[3]).toMatch(/\| NO$/);
		expect(lines[4]).toContain('failed');
		expect(lines[4]).toMatch(/\| none +\| +— \| — +\| —$/);
		// Every line has its separators at the same columns.
		const bars = (l: string) => [...l].flatMap((c, i) => (c === '|' ? [i] : []));
		for (const l of [lines[0], lines[2], lines[3], lines[4]]) expect(bars(l as string)).toEqual(bars(lines[0] as string));
	});

	it('writes the ratio and verdict into the report rows', () => {
		expect(evaluate(rows[0] as Row)).toMatchObject({ ratio: 12.345 / 4, met: true });
		expect(evaluate(rows[2] as Row)).toMatchObject({ ratio: null, met: null });
		expect(formatNumber(0.1234)).toBe('0.123');
		expect(formatNumber(1234.5)).toBe('1,235');
		expect(formatNumber(NaN)).toBe('—');
	});
});

describe('npm run size lines', () => {
	it('reads each screen’s KiB and file count, and nothing else', () => {
		const sizes = parseSizes(
			'Mes fiches (/)           99.6 KiB gzip JS (26 files)\n+ Leaflet (on demand)    42.2 KiB gzip JS (2 files)\nnote: something else\n'
		);
		expect([...sizes]).toEqual([
			['Mes fiches (/)', { kib: 99.6, files: 26 }],
			['+ Leaflet (on demand)', { kib: 42.2, files: 2 }]
		]);
	});
});
