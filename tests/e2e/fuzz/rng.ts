/**
 * A small seeded pseudo-random generator (mulberry32): the same seed gives the same requests, so a
 * failure found once is found again with FUZZ_SEED=<the printed seed>. Each case draws from its own
 * generator (seeded from the run's seed and the case's number), so cases sent concurrently stay
 * reproducible whatever order the answers come back in.
 */
export class Rng {
	#s: number;

	constructor(seed: number) {
		this.#s = seed >>> 0;
	}

	/** A float in [0, 1). */
	next(): number {
		let t = (this.#s = (this.#s + 0x6d2b79f5) >>> 0);
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	}

	/** An integer in [0, n). */
	int(n: number): number {
		return Math.floor(this.next() * n);
	}

	/** An integer in [min, max]. */
	between(min: number, max: number): number {
		return min + this.int(max - min + 1);
	}

	chance(p: number): boolean {
		return this.next() < p;
	}

	pick<T>(list: readonly T[]): T {
		if (list.length === 0) throw new Error('pick from an empty list');
		return list[this.int(list.length)] as T;
	}

	/** `k` distinct items of `list`, in random order. */
	sample<T>(list: readonly T[], k: number): T[] {
		const copy = [...list];
		for (let i = copy.length - 1; i > 0; i--) {
			const j = this.int(i + 1);
			[copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
		}
		return copy.slice(0, Math.min(k, copy.length));
	}
}

/** The seed of case `i` of a run seeded `seed` (a 32-bit mix, so neighbours are unrelated). */
export function caseSeed(seed: number, i: number): number {
	let h = (seed ^ Math.imul(i + 1, 0x9e3779b1)) >>> 0;
	h = Math.imul(h ^ (h >>> 16), 0x85ebca6b) >>> 0;
	h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
	return (h ^ (h >>> 16)) >>> 0;
}
