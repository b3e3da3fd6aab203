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
import * as v from 'valibot';
import type { HistoryItem } from '$lib/domain/changes-since-decision';
import { HistoryAnswer } from '$lib/schemas/history';

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
		let res: Response;
		let body: unknown;
		try {
			res = await fetch(`/api/sheets/${encodeURIComponent(id)}/history`, { headers: { Accept: 'application/json' }, cache: 'no-store' });
			body = await res.json().catch(() => null);
		} catch {
			if (mine === this.#run) this.#fail('offline');
			return;
		}
		if (mine !== this.#run) return;
		// Not on the server yet (created here, not sent): no decision was ever taken on it.
		if (res.status === 404) {
			this.entries = [];
			this.phase = 'ready';
			return;
		}
		const parsed = res.ok ? v.safeParse(HistoryAnswer, body) : null;
		if (!parsed?.success) {
			this.#fail('error');
			return;
		}
		this.entries = parsed.output.entries;
		this.phase = 'ready';
	}
}
