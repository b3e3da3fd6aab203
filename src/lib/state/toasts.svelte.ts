/** Short messages shown at the top of the screen, under the header (errors, confirmations). */
import { classifyError, messageKeyFor } from '$lib/errors';
import { t } from '$lib/i18n';

export interface Toast {
	id: number;
	text: string;
	kind: 'info' | 'error';
}

class Toasts {
	items = $state<Toast[]>([]);
	#next = 1;

	show(text: string, kind: Toast['kind'] = 'info', ms = kind === 'error' ? 8000 : 4000): void {
		const id = this.#next++;
		this.items = [...this.items.filter((x) => x.text !== text), { id, text, kind }];
		setTimeout(() => this.dismiss(id), ms);
	}

	dismiss(id: number): void {
		this.items = this.items.filter((x) => x.id !== id);
	}
}

export const toasts = new Toasts();

/**
 * The error funnel: classify, log, tell the person in French. Returns the kind so a caller can
 * react (e.g. stop photo capture when the disk is full).
 */
export function report(error: unknown): ReturnType<typeof classifyError> {
	const kind = classifyError(error);
	if (kind === 'abort') return kind;
	console.error(error);
	toasts.show(t(messageKeyFor(kind)), 'error');
	return kind;
}
