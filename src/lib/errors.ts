/**
 * One error funnel for the UI (design.md habit 7). Every caught error goes through `report()`:
 * an AbortError caused by navigation is ignored, a full disk is recognised and said plainly,
 * anything else is logged and shown as a French toast — never a blank screen.
 */
import type { MessageKey } from '$lib/i18n';

export type ErrorKind = 'quota' | 'abort' | 'database_closed' | 'unknown';

/**
 * IndexedDB reports a full disk as QuotaExceededError, sometimes wrapped: Dexie's AbortError whose
 * `inner` is the QuotaExceededError, or a DOMException on the transaction's `error`.
 */
export function classifyError(error: unknown): ErrorKind {
	const seen = new Set<unknown>();
	let e: unknown = error;
	let kind: ErrorKind = 'unknown';
	while (e && typeof e === 'object' && !seen.has(e)) {
		seen.add(e);
		const name = (e as { name?: unknown }).name;
		if (name === 'QuotaExceededError') return 'quota';
		if (name === 'DatabaseClosedError' || name === 'InvalidStateError') kind = 'database_closed';
		// A bare AbortError is a cancelled fetch or navigation (nothing to say). One that wraps an
		// inner error is a failed database transaction: it is reported.
		else if (name === 'AbortError' && kind === 'unknown' && !hasInner(e)) kind = 'abort';
		const inner = (e as { inner?: unknown; cause?: unknown; error?: unknown }).inner ?? (e as { cause?: unknown }).cause ?? (e as { error?: unknown }).error;
		e = inner;
	}
	return kind;
}

function hasInner(e: object): boolean {
	const x = e as { inner?: unknown; cause?: unknown };
	return x.inner != null || x.cause != null;
}

export function messageKeyFor(kind: ErrorKind): MessageKey {
	switch (kind) {
		case 'quota':
			return 'error.quota';
		case 'database_closed':
			return 'error.database_closed';
		default:
			return 'error.unknown';
	}
}
