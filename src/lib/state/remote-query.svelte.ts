/**
 * A screen's reading of the server (the census, the coverage, the team, the territory, the journal),
 * with what every such screen must say the same way:
 * - a newer input aborts the request still on its way: only the newest answer is ever shown;
 * - 401 → `access = 'unauthenticated'` (the screen shows its « connectez-vous » notice), 403 →
 *   `access = 'forbidden'` (« pas autorisé »), any other refusal or no answer → `error`, the message
 *   ready to show (the server's own, or the client's: lib/api/client.ts);
 * - offline, nothing is asked (`offline` is true: the screen says so); when the network comes back
 *   the query asks again.
 * What is shown stays shown while a newer answer is on its way (`loading`).
 */
import { untrack } from 'svelte';
import { ApiError, isAbort } from '$lib/api/client';
import { onlineState } from './online.svelte';
import { report } from './toasts.svelte';

export type Access = 'unauthenticated' | 'forbidden' | null;

export class RemoteQuery<I, T> {
	data = $state.raw<T | null>(null);
	access = $state<Access>(null);
	error = $state<string | null>(null);
	loading = $state(false);
	#controller: AbortController | null = null;
	#input: I | undefined;
	readonly #ask: (input: I, signal: AbortSignal) => Promise<T>;

	constructor(ask: (input: I, signal: AbortSignal) => Promise<T>) {
		this.#ask = ask;
	}

	get offline(): boolean {
		return !onlineState.online;
	}

	/** Asks for `input` (the last one asked when left out), aborting a request still on its way. */
	async load(input: I | undefined = this.#input): Promise<void> {
		this.#input = input;
		if (!onlineState.online) return;
		this.#controller?.abort();
		const mine = new AbortController();
		this.#controller = mine;
		this.loading = true;
		try {
			const fresh = await this.#ask(input as I, mine.signal);
			if (this.#controller !== mine) return;
			this.data = fresh;
			this.access = null;
			this.error = null;
		} catch (e) {
			if (this.#controller !== mine || isAbort(e)) return;
			this.fail(e);
		} finally {
			if (this.#controller === mine) this.loading = false;
		}
	}

	/**
	 * A failed call of the screen (this query's or an action's): the whole screen for « not signed
	 * in / not allowed », `error` for the rest; anything that is not an API failure goes to the funnel.
	 */
	fail(e: unknown): void {
		if (!(e instanceof ApiError)) {
			report(e);
			return;
		}
		if (e.unauthenticated) this.access = 'unauthenticated';
		else if (e.forbidden) this.access = 'forbidden';
		else this.error = e.message;
	}

	/**
	 * To call while a component is set up: asks on arrival, at every change of `input`, and when the
	 * network comes back (`again: 'until-shown'`: only while nothing was shown yet, for a screen whose
	 * draft the person edits). Leaving the screen aborts the request on its way.
	 */
	follow(input: () => I, options: { again?: 'always' | 'until-shown' } = {}): void {
		$effect(() => {
			const value = input();
			if (!onlineState.online) {
				this.#input = value;
				return;
			}
			untrack(() => {
				if (options.again === 'until-shown' && this.data !== null) return;
				void this.load(value);
			});
		});
		$effect(() => () => this.#controller?.abort());
	}
}
