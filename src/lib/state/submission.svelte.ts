/**
 * A form that posts to the API: one send at a time (a double tap sends once), the server's French
 * message shown next to the button, anything unexpected through the error funnel.
 */
import { ApiError } from '$lib/api/client';
import { report } from './toasts.svelte';
import { keepingFocus } from './keep-focus';

export class Submission {
	busy = $state(false);
	error = $state<string | null>(null);

	/** Runs `send`; `otherwise` may turn an unexpected failure into a message (e.g. no network). */
	async run(send: () => Promise<void>, otherwise?: (e: unknown) => string | null): Promise<void> {
		if (this.busy) return;
		// The button is disabled while sending: the focus comes back to it afterwards (keep-focus.ts).
		await keepingFocus(async () => {
			this.busy = true;
			this.error = null;
			try {
				await send();
			} catch (e) {
				// The server's refusal, in its words. No network at all is the caller's to word (or the funnel's).
				if (e instanceof ApiError && !e.unreachable) this.error = e.message;
				else {
					const message = otherwise?.(e) ?? null;
					if (message) this.error = message;
					else report(e);
				}
			} finally {
				this.busy = false;
			}
		});
	}
}
