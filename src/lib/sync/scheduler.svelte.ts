/**
 * When the app syncs (sync-protocol.md, "Client"): at start, as soon as the device is signed in or
 * the person's role or communes change (./pull-triggers.ts), when the network comes back, when the
 * tab becomes visible, a few seconds after an edit, and on a timer — every few minutes when all is
 * well, with exponential backoff and jitter after failures. Only one tab syncs at a time
 * (navigator.locks). Background Sync is not relied on (Chromium only, drops replays): the app syncs
 * itself. Nothing here decides what is sent: that is the engine's job.
 */
import { liveQuery } from 'dexie';
import { untrack } from 'svelte';
import { db } from '$lib/db/database';
import { getMeta, META } from '$lib/db/meta';
import { pwa } from '$lib/pwa/update.svelte';
import { SyncEngine, type SyncFailure, type Transport } from './engine';
import { freePhotosWhenShort } from '$lib/photos/free-when-short';
import { PhotoUploader, type PhotoProgress, type PhotoTransport } from './photos';
import { RunGate, scopeDiffers, scopeKey, ScopeWatch } from './pull-triggers';
import type { Scope } from './scope';

const AFTER_EDIT_MS = 3000;
const PERIOD_MS = 5 * 60_000;
const BACKOFF_BASE_MS = 5000;
const BACKOFF_MAX_MS = 10 * 60_000;

export const fetchTransport: Transport = {
	async post(path, body) {
		const res = await fetch(path, {
			method: 'POST',
			headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
			body: JSON.stringify(body)
		});
		return { status: res.status, body: await res.json().catch(() => null) };
	}
};

export const fetchPhotoTransport: PhotoTransport = {
	async create(sha, size, mime) {
		const res = await fetch(`/api/photos/${sha}`, {
			method: 'POST',
			headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
			body: JSON.stringify({ size, mime })
		});
		return { status: res.status, body: await res.json().catch(() => null) };
	},
	async append(sha, offset, chunk) {
		const res = await fetch(`/api/photos/${sha}`, {
			method: 'PATCH',
			headers: { 'Upload-Offset': String(offset), 'Content-Type': 'application/offset+octet-stream', Accept: 'application/json' },
			body: chunk as BodyInit
		});
		return { status: res.status, body: await res.json().catch(() => null) };
	}
};

/**
 * What the scheduler needs of who is signed in: the identity of lib/state, handed to `start`
 * (sync never imports state: docs/design.md). Read inside an effect, so a reactive object keeps
 * the scheduler watching it.
 */
export interface SyncIdentity {
	readonly status: string;
	readonly me: Scope | null;
	/** Ask the server again who this device is (after a 401, or a scope the pull says changed). */
	refresh(): Promise<void>;
}

class SyncScheduler {
	running = $state(false);
	lastSyncAt = $state<string | null>(null);
	lastFailure = $state<SyncFailure | null>(null);
	/** When this phone last healed a server restored from a backup (rewind.ts): the sync line says so. */
	restoreHealedAt = $state<string | null>(null);
	/** How many rows and photos that healing sent again. */
	restoreResent = $state(0);
	/** The photo being sent, for the progress line. */
	photoProgress = $state<PhotoProgress | null>(null);
	/**
	 * Counts the exchanges that sent or brought changes: a screen showing what the server computes
	 * (the census) fetches it again when this moves. Screens reading the device's database through
	 * liveQuery see the pulled rows by themselves.
	 */
	changeCount = $state(0);
	#engine: SyncEngine | null = null;
	#photos: PhotoUploader | null = null;
	#timer: ReturnType<typeof setTimeout> | null = null;
	#failures = 0;
	#started = false;
	#gate = new RunGate();
	#scope = new ScopeWatch();
	#outboxSeq = -1;
	#identity: SyncIdentity | null = null;

	start(identity: SyncIdentity): void {
		if (this.#started || typeof window === 'undefined') return;
		this.#started = true;
		this.#identity = identity;
		this.#engine = new SyncEngine(db(), fetchTransport);
		this.#photos = new PhotoUploader(db(), fetchPhotoTransport);
		// A phone that filled up while the app was closed gets room back from confirmed photos.
		void freePhotosWhenShort();
		void getMeta<string | null>(db(), META.lastSyncAt, null).then((v) => (this.lastSyncAt = v));
		void getMeta<string | null>(db(), META.restoreHealedAt, null).then((v) => (this.restoreHealedAt = typeof v === 'string' ? v : null));
		void getMeta<unknown>(db(), META.restoreResent, 0).then((v) => (this.restoreResent = typeof v === 'number' ? v : 0));
		window.addEventListener('online', () => void this.syncNow());
		// Background Sync (Chromium): the worker wakes us when the browser sees the network again.
		navigator.serviceWorker?.addEventListener('message', (event: MessageEvent) => {
			if ((event.data as { type?: unknown } | null)?.type === 'SYNC_NOW') void this.syncNow();
		});
		document.addEventListener('visibilitychange', () => {
			if (document.visibilityState === 'visible') void this.syncNow();
		});
		// A few seconds after an edit (a new outbox row: numbered past the newest seen), send it.
		// The newest row is one read; counting the rows read them all again after every save.
		liveQuery(async () => (await db().outbox.orderBy('seq').last())?.seq ?? 0).subscribe({
			next: (seq) => {
				if (this.#outboxSeq >= 0 && seq > this.#outboxSeq) this.#schedule(AFTER_EDIT_MS);
				this.#outboxSeq = seq;
			},
			error: () => undefined
		});
		// At start when signed in, then whenever the device becomes signed in (joined, signed in,
		// joined again) or the person's role or communes change: pull at once. The identity applies a
		// scope change (cursor reset, purge) before it shows the new scope, so this pull starts over.
		$effect.root(() => {
			$effect(() => {
				const key = scopeKey(identity.status === 'signed_in', identity.me);
				if (this.#scope.changed(key)) untrack(() => void this.syncNow());
			});
		});
	}

	#schedule(ms: number): void {
		if (this.#timer) clearTimeout(this.#timer);
		this.#timer = setTimeout(() => void this.syncNow(), ms);
	}

	/** Sync now (also the "Synchroniser maintenant" button). Safe to call often. */
	async syncNow(): Promise<void> {
		const identity = this.#identity;
		if (!this.#engine || !identity) return;
		if (identity.status !== 'signed_in') return; // nothing can be accepted before joining
		if (!this.#gate.enter()) return; // one runs: it runs once more when it ends
		const run = async () => {
			try {
				let outcome = await this.#engine!.syncOnce();
				// Photos after their sheets: a sheet may show a photo as pending meanwhile.
				if (outcome.ok && this.#photos) {
					const photos = await this.#photos.uploadPending((p) => (this.photoProgress = p));
					// Photos just confirmed may leave the phone if storage is short (not awaited: sync
					// goes on; only confirmed photos are ever freed, whatever runs meanwhile).
					if (photos.uploaded > 0) void freePhotosWhenShort();
					if (photos.stopped) outcome = { ok: false, reason: photos.stopped, pushed: outcome.pushed, pulled: outcome.pulled };
				}
				if (outcome.pushed > 0 || outcome.pulled > 0) this.changeCount += 1;
				if (outcome.ok && outcome.healedAt) {
					this.restoreHealedAt = outcome.healedAt;
					this.restoreResent = outcome.restoreResent ?? 0;
				}
				if (outcome.ok) {
					// The coordinator changed this person's role or communes: learn it (the identity
					// then resets the cursor under the sync lock, once this exchange let go of it).
					if (scopeDiffers(identity.me, outcome.scope)) void identity.refresh();
					this.#failures = 0;
					this.lastFailure = null;
					this.lastSyncAt = new Date().toISOString();
					this.#schedule(PERIOD_MS);
				} else {
					this.lastFailure = outcome.reason;
					this.#failures += 1;
					if (outcome.reason === 'unauthenticated') void identity.refresh();
					// Too old for the server: fetch the new version (the prompt appears; the outbox waits).
					if (outcome.reason === 'upgrade') pwa.checkForUpdate();
					// Only when the browser knows it is offline: it then fires the event when the network
					// returns. Online-but-failing is left to the backoff (an immediate event would loop).
					if (outcome.reason === 'offline' && !navigator.onLine) void askBackgroundSync();
					const backoff = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** (this.#failures - 1));
					this.#schedule(backoff * (0.5 + Math.random()));
				}
			} catch (e) {
				console.error('sync failed', e);
				this.lastFailure = 'server';
				this.#schedule(BACKOFF_MAX_MS);
			}
		};
		this.running = true;
		let again: boolean;
		try {
			// One tab at a time: another tab already syncing means there is nothing to do here now.
			if (navigator.locks) await navigator.locks.request('atlas-sync', { ifAvailable: true }, async (lock) => (lock ? run() : undefined));
			else await run();
		} finally {
			this.running = false;
			again = this.#gate.leave();
		}
		if (again) await this.syncNow();
	}
}

/** Ask the browser to wake the worker when the network is back (Chromium only; elsewhere a no-op). */
async function askBackgroundSync(): Promise<void> {
	try {
		const registration = (await navigator.serviceWorker?.ready) as
			(ServiceWorkerRegistration & { sync?: { register(tag: string): Promise<void> } }) | undefined;
		await registration?.sync?.register('atlas-sync');
	} catch {
		// not supported, or refused: the app's own triggers cover it
	}
}

export const syncScheduler = new SyncScheduler();
