/**
 * One phone in front of several app instances (behind a load balancer that does not keep a phone
 * on one instance): each request goes to the next instance in turn, counted per kind of request,
 * so a phone's pushes alternate, its pull pages alternate and its photo chunks alternate — push to
 * A, pull from B, next push to B, pull from A… (`offset` shifts the turn per phone so that the
 * instances share the work). The session cookie is one cookie, whatever instance set it: the
 * session lives in the database.
 *
 * `duplicateRate`: that share of the pushes is sent to two instances at once — a push whose
 * answer was lost, retried on the other instance while the first still works on it. Both must
 * answer with the same lastSeq and the mutations must be applied once (the phone keeps the second
 * answer, as it would keep the retry's).
 */
import { HttpClient, type Reply } from './http';
import type { Random } from './sheets';
import type { Recorder, RequestKind } from './stats';

type RequestOptions = Parameters<HttpClient['request']>[3];

export interface DuplicateStats {
	/** Pushes sent to two instances at once. */
	sent: number;
	/** Pairs whose answers differ (status or lastSeq): should stay empty. */
	mismatches: string[];
}

export class AlternatingClient extends HttpClient {
	readonly #others: HttpClient[];
	readonly #turns = new Map<RequestKind, number>();

	constructor(
		readonly origins: readonly string[],
		address: string,
		userAgent: string,
		recorder: Recorder,
		readonly offset: number,
		readonly duplicates: { rate: number; random: Random; stats: DuplicateStats } | null = null
	) {
		super(origins[0] as string, address, userAgent, recorder);
		this.#others = origins.slice(1).map((o) => new HttpClient(o, address, userAgent, recorder));
	}

	/** How many requests of each kind went to each instance (for the test to see both were used). */
	readonly sentTo = new Map<string, number>();

	#route(target: number, kind: RequestKind, method: string, path: string, o: RequestOptions): Promise<Reply> {
		const key = `${kind}@${target}`;
		this.sentTo.set(key, (this.sentTo.get(key) ?? 0) + 1);
		if (target === 0) return super.request(kind, method, path, o);
		const other = this.#others[target - 1] as HttpClient;
		other.cookie = this.cookie;
		return other.request(kind, method, path, o).finally(() => {
			if (other.cookie) this.cookie = other.cookie;
		});
	}

	override async request(kind: RequestKind, method: string, path: string, o: RequestOptions = {}): Promise<Reply> {
		const n = this.origins.length;
		const turn = this.#turns.get(kind) ?? 0;
		this.#turns.set(kind, turn + 1);
		const target = (turn + this.offset) % n;
		const dup = this.duplicates;
		if (kind === 'push' && dup && n > 1 && dup.random() < dup.rate) {
			const retryOn = (target + 1) % n;
			dup.stats.sent++;
			const [first, second] = await Promise.allSettled([this.#route(target, kind, method, path, o), this.#route(retryOn, kind, method, path, o)]);
			if (second.status === 'rejected') throw second.reason;
			if (first.status === 'fulfilled') {
				const a = first.value.body as { lastSeq?: unknown } | null;
				const b = second.value.body as { lastSeq?: unknown } | null;
				if (first.value.status !== second.value.status || a?.lastSeq !== b?.lastSeq)
					dup.stats.mismatches.push(
						`${path}: ${first.value.status}/${String(a?.lastSeq)} on ${target}, ${second.value.status}/${String(b?.lastSeq)} on ${retryOn}`
					);
			}
			return second.value;
		}
		return this.#route(target, kind, method, path, o);
	}

	override close(): void {
		super.close();
		for (const c of this.#others) c.close();
	}
}
