/**
 * Where a finished sheet is, said from what the device really knows: its outbox (edits the server
 * has not confirmed), the network, whether the device has joined, how the last sync ended. The
 * screen after « Terminer la fiche » says this, never a promise the state does not back (a sheet
 * is « envoyée » only once no edit of it waits in the outbox).
 */
export type Delivery =
	/** The server holds every edit of the sheet. */
	| 'sent'
	/** Online and joined: the app is sending it now (or within seconds). */
	| 'sending'
	/** No network (or the browser's network leads nowhere): it leaves when the network returns. */
	| 'waiting_network'
	/** The device has not joined (or its access expired): nothing can leave before. */
	| 'waiting_join'
	/** Online, but the server failed: the app tries again by itself. */
	| 'retrying'
	/** The server refused the sheet: the person must open it. */
	| 'refused';

export interface DeliveryFacts {
	/** An edit of this sheet waits in the outbox. */
	pending: boolean;
	/** The server refused an edit of this sheet (a rejection is stored). */
	refused: boolean;
	/** The browser believes it has a network. */
	online: boolean;
	/** The device has joined and its access holds. */
	signedIn: boolean;
	/**
	 * Why the last sync failed (the sync engine's reasons: 'offline', 'unauthenticated', 'server'…),
	 * null after a success or before any.
	 */
	lastFailure: string | null;
}

export function deliveryOf(f: DeliveryFacts): Delivery {
	if (!f.pending) return f.refused ? 'refused' : 'sent';
	if (!f.signedIn || f.lastFailure === 'unauthenticated') return 'waiting_join';
	if (!f.online || f.lastFailure === 'offline') return 'waiting_network';
	if (f.lastFailure) return 'retrying';
	return 'sending';
}

/** How many of the sheet's photos have bytes still waiting on the device (given the waiting ones). */
export function photosWaiting(shas: readonly string[], waiting: ReadonlySet<string>): number {
	return new Set(shas.filter((sha) => waiting.has(sha))).size;
}
