/**
 * A fixed-window rate limiter counted in the database (store.hitRateLimit), so every app instance
 * shares one count per key: sign-in, first-run, invitation acceptance and password changes allow 10
 * attempts a minute per address (or account), so tokens and passwords cannot be guessed by brute
 * force — whichever instance the attempts reach. Nothing is kept in process memory.
 */
import type { Store } from './store/types';

/** What one attempt may do: go on, or wait `retryAfter` seconds (at least 1 when refused). */
export interface RateDecision {
	allowed: boolean;
	retryAfter: number;
}

export class RateLimiter {
	constructor(
		readonly limit = 10,
		readonly windowMs = 60_000
	) {}

	/** Counts one attempt for `key`; refused once the limit of the current window is passed. */
	async take(store: Pick<Store, 'hitRateLimit'>, key: string, now = Date.now()): Promise<RateDecision> {
		const window = await store.hitRateLimit(key, this.windowMs, now);
		const allowed = window.count <= this.limit;
		return { allowed, retryAfter: allowed ? 0 : Math.max(1, Math.ceil((window.resetAt - now) / 1000)) };
	}
}

/**
 * Told to wait `retryAfter` whole seconds (at least 1): the API answers 429 with Retry-After and a
 * message that says how long (http.ts handleApi).
 */
export class RetryLater extends Error {
	constructor(readonly retryAfter: number) {
		super('rate_limited');
		this.name = 'RetryLater';
	}
}

/** The limiter shared by the routes that take secrets. */
export const authLimiter = new RateLimiter(10, 60_000);
