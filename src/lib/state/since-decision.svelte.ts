/**
 * A sheet's history, read from the server for the reviewer's « what changed since the last
 * decision » (domain/changes-since-decision.ts). The history lives on the server only: offline, or
 * when the server does not answer, `phase` says so and `entries` is empty, so that nothing is
 * highlighted rather than something wrong.
 *
 * `follow(id, version)` is called whenever the shown sheet may have changed (a pull brought new
 * values): the history is fetched again for each new version, and again when the network comes
 * back after a failure. Only the newest request's answer is kept.
 */
import type { HistoryItem } from '$lib/domain/changes-since-decision';
import { ApiError } from '$lib/api/client';
import { fetchHistory } from '$lib/api/history';

export type SincePhase = 'idle' | 'loading' | 'ready' | 'offline' | 'error';

export class SinceDecision {
	phase = $state<SincePhase>('idle');
	entries = $state.raw<HistoryItem[]>([]);
	#run = 0;
	#followed = '';

	/** Fetches the history of sheet `id` at `version`, unless already fetched (or being fetched). */
	follow(id: string, version: string, online: boolean): void {
		const key = `${id}|${version}`;
		const failed = this.phase === 'offline' || this.phase === 'error';
		if (key === this.#followed && !(failed && online)) return;
		this.#followed = key;
		if (!online) {
			this.#fail('offline');
			return;
		}
		void this.#load(id);
	}

	#fail(phase: 'offline' | 'error'): void {
		this.#run++;
		this.entries = [];
		this.phase = phase;
	}

	async #load(id: string): Promise<void> {
		const mine = ++this.#run;
		// The previous answer stays shown while the new one comes: the domain drops any change
		// whose value differs from the one shown, so an older history never highlights wrongly.
		if (this.phase !== 'ready') this.phase = 'loading';
		let entries: HistoryItem[];
		try {
			entries = await fetchHistory(id);
		} catch (e) {
			if (mine !== this.#run) return;
			// Not on the server yet (created here, not sent): no decision was ever taken on it.
			if (e instanceof ApiError && e.status === 404) {
				this.entries = [];
				this.phase = 'ready';
			} else this.#fail(e instanceof ApiError && e.unreachable ? 'offline' : 'error');
			return;
		}
		if (mine !== this.#run) return;
		this.entries = entries;
		this.phase = 'ready';
	}
}
