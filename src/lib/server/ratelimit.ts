/**
 * A small fixed-window rate limiter kept in memory (one server process): sign-in, first-run and
 * invitation acceptance allow 10 attempts a minute per address, so tokens and passwords cannot be
 * guessed by brute force. Old windows are dropped as they expire.
 */
export class RateLimiter {
	#hits = new Map<string, { count: number; resetAt: number }>();

	constructor(
		readonly limit = 10,
		readonly windowMs = 60_000
	) {}

	/** Counts one attempt for `key`; false when the limit is reached (the attempt must be refused). */
	take(key: string, now = Date.now()): boolean {
		if (this.#hits.size > 10_000) this.#sweep(now);
		const entry = this.#hits.get(key);
		if (!entry || entry.resetAt <= now) {
			this.#hits.set(key, { count: 1, resetAt: now + this.windowMs });
			return true;
		}
		entry.count += 1;
		return entry.count <= this.limit;
	}

	/** Seconds until `key` may try again. */
	retryAfter(key: string, now = Date.now()): number {
		const entry = this.#hits.get(key);
		return entry ? Math.max(1, Math.ceil((entry.resetAt - now) / 1000)) : 0;
	}

	#sweep(now: number) {
		for (const [key, entry] of this.#hits) if (entry.resetAt <= now) this.#hits.delete(key);
	}
}

/** The limiter shared by the routes that take secrets. */
export const authLimiter = new RateLimiter(10, 60_000);
