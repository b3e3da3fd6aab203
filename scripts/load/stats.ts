/**
 * What the load measures: the duration of every request, by kind (push, pull, photo chunk...), and
 * every failure, by kind and cause (an HTTP status or a network error code). Latencies are kept
 * only for answered requests (a refused connection says nothing about the server's speed).
 */

export type RequestKind =
	| 'setup'
	| 'invite'
	| 'join'
	| 'push'
	| 'pull'
	| 'photo-create'
	| 'photo-append'
	| 'photo-get'
	| 'check-pull'
	/** A static file asked every second during the load: is the server's event loop answering at all? */
	| 'probe';

export interface KindSummary {
	kind: RequestKind;
	count: number;
	p50: number;
	p99: number;
	max: number;
	/** Failures of this kind by cause: `503`, `network:ECONNREFUSED`… */
	errors: Record<string, number>;
}

/** The value below which `q` of the sorted samples fall (nearest rank). */
export function percentile(sorted: readonly number[], q: number): number {
	if (sorted.length === 0) return 0;
	const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
	return sorted[rank] as number;
}

/** One slow request, to see when the slowest ones happened (ms since the recorder was made). */
export interface SlowRequest {
	kind: RequestKind;
	ms: number;
	startedAt: number;
}

export class Recorder {
	readonly #t0 = performance.now();
	#durations = new Map<RequestKind, number[]>();
	/** The slowest answered requests, slowest first (at most 10). */
	readonly slowest: SlowRequest[] = [];
	#errors = new Map<RequestKind, Map<string, number>>();
	bytesReceived = 0;
	bytesSent = 0;
	/** Requests sent again on a new connection (the kept-alive one was closed under them; not errors). */
	resent = 0;

	ok(kind: RequestKind, ms: number): void {
		let list = this.#durations.get(kind);
		if (!list) this.#durations.set(kind, (list = []));
		list.push(ms);
		if (this.slowest.length < 10 || ms > (this.slowest.at(-1)?.ms ?? 0)) {
			this.slowest.push({ kind, ms, startedAt: performance.now() - ms - this.#t0 });
			this.slowest.sort((a, b) => b.ms - a.ms);
			this.slowest.length = Math.min(this.slowest.length, 10);
		}
	}

	/** A failed request: `cause` is the HTTP status or `network:<code>`. */
	error(kind: RequestKind, cause: string): void {
		let causes = this.#errors.get(kind);
		if (!causes) this.#errors.set(kind, (causes = new Map()));
		causes.set(cause, (causes.get(cause) ?? 0) + 1);
	}

	/** Failures whose cause matches, over all kinds. */
	errorCount(match: (kind: RequestKind, cause: string) => boolean = () => true): number {
		let n = 0;
		for (const [kind, causes] of this.#errors) for (const [cause, count] of causes) if (match(kind, cause)) n += count;
		return n;
	}

	requestCount(): number {
		let n = this.errorCount();
		for (const list of this.#durations.values()) n += list.length;
		return n;
	}

	summary(): KindSummary[] {
		const kinds = new Set<RequestKind>([...this.#durations.keys(), ...this.#errors.keys()]);
		return [...kinds].map((kind) => {
			const sorted = [...(this.#durations.get(kind) ?? [])].sort((a, b) => a - b);
			return {
				kind,
				count: sorted.length,
				p50: percentile(sorted, 0.5),
				p99: percentile(sorted, 0.99),
				max: sorted.at(-1) ?? 0,
				errors: Object.fromEntries(this.#errors.get(kind) ?? [])
			};
		});
	}
}
