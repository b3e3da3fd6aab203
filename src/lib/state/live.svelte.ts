/**
 * A Dexie liveQuery as runes state: `.value` follows the database (across tabs too). Create it
 * during component initialisation; the subscription ends with the component.
 */
import { liveQuery } from 'dexie';
import { report } from './toasts.svelte';

export class Live<T> {
	value = $state<T>() as T;
	loaded = $state(false);

	constructor(query: () => Promise<T>, initial: T) {
		this.value = initial;
		$effect(() => {
			const sub = liveQuery(query).subscribe({
				next: (v) => {
					this.value = v;
					this.loaded = true;
				},
				error: (e: unknown) => {
					this.loaded = true;
					report(e);
				}
			});
			return () => sub.unsubscribe();
		});
	}
}
