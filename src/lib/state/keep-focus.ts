/**
 * A button that sends is disabled while it sends (one tap, one send), and the browser then drops
 * the focus on the page: a keyboard or screen-reader user would start again from the top. This
 * runs `work` and, when it is over, gives the focus back to the element that had it — once the
 * screen is updated and that element can take it again — unless the focus went somewhere on
 * purpose meanwhile (a field in error, a panel that opened) or the element is gone.
 */
import { tick } from 'svelte';

export async function keepingFocus<T>(work: () => Promise<T>): Promise<T> {
	const before = typeof document === 'undefined' ? null : document.activeElement;
	try {
		return await work();
	} finally {
		if (before instanceof HTMLElement) {
			await tick();
			const now = document.activeElement;
			if (before.isConnected && (now === null || now === document.body)) before.focus();
		}
	}
}
