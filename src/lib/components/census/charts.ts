/**
 * Small helpers of the census dashboard's charts: counts per family, the classes of the map's
 * shading, percentages in the person's language. Plain functions so the components stay about markup.
 */
import { CATEGORY_DEFS, FAMILIES, type Family } from '$lib/domain/categories';
import { NONE } from '$lib/domain/census-page';
import { formatPercent } from '$lib/i18n';

/** Tools per family, in the families' display order (families with none are kept: a gap is news). */
export function byFamily(byCategory: Record<string, number>): { family: Family; count: number }[] {
	const familyOf = new Map<string, Family>(CATEGORY_DEFS.map((c) => [c.id, c.family]));
	const out = new Map<Family, number>(FAMILIES.map((f) => [f, 0]));
	for (const [category, n] of Object.entries(byCategory)) {
		if (category === NONE) continue;
		const family = familyOf.get(category) ?? 'autre';
		out.set(family, (out.get(family) ?? 0) + n);
	}
	return FAMILIES.map((family) => ({ family, count: out.get(family) ?? 0 }));
}

/** A class of the map's shading: counts `from`..`to` (to = null: and more). */
export interface CountClass {
	from: number;
	to: number | null;
}

/**
 * Classes doubling in width (1, 2–3, 4–7, 8–15, 16 and more), as many as the largest count needs,
 * at most five: readable in a legend, and a commune with one tool stands apart from none.
 */
export function countClasses(max: number): CountClass[] {
	const classes: CountClass[] = [];
	for (let from = 1; from <= max; from *= 2) {
		const to = from * 2 - 1;
		if (to >= max) return [...classes, { from, to: max }];
		if (classes.length === 4) return [...classes, { from, to: null }];
		classes.push({ from, to });
	}
	return classes;
}

/** The index of the class of `n` (−1 for zero). */
export function classOf(n: number, classes: readonly CountClass[]): number {
	if (n <= 0) return -1;
	return classes.findIndex((c) => n >= c.from && (c.to === null || n <= c.to));
}

/** Greens from light to dark, dark enough at the top for white text, light enough at the bottom for black. */
export const SHADES = ['#d7ead9', '#a6d0ab', '#6fae78', '#3f8a4d', '#1f5c2c'];

export function percent(part: number, whole: number): string {
	return formatPercent(part, whole);
}
