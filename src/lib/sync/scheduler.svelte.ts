/**
 * When the app syncs (sync-protocol.md, "Client"): at start, when the network comes back, when the
 * tab becomes visible, a few seconds after an edit, and on a timer — every few minutes when all is
 * well, with exponential backoff and jitter after failures. Only one tab syncs at a time
 * (navigator.locks). Background Sync is not relied on (Chromium only, drops replays): the app syncs
 * itself. Nothing here decides what is sent: that is the engine's job.
 */
import { liveQuery } from 'dexie';
import { db } from '$lib/db/database';
import { getMeta, META } from '$lib/db/meta';
import { identity } from '$lib/state/identity.svelte';
import { pwa } from '$lib/pwa/update.svelte';
import { SyncEngine, type SyncFailure, type Transport } from './engine';
import { PhotoUploader, type PhotoProgress, type PhotoTransport } from './photos';

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

class SyncScheduler {
	running = $state(false);
	lastSyncAt = $state<string | null>(null);
	lastFailure = $state<SyncFailure | null>(null);
	/** The photo being sent, for the progress line. */
	photoProgress = $state<PhotoProgress | null>(null);
	#engine: SyncEngine | null = null;
	#photos: PhotoUploader | null = null;
	#timer: ReturnType<typeof setTimeout> | null = null;
	#failures = 0;
	#started = false;
	#outboxSeq = -1;

	start(): void {
		if (this.#started || typeof window === 'undefined') return;
		this.#started = true;
		this.#engine = new SyncEngine(db(), fetchTransport);
		this.#photos = new PhotoUploader(db(), fetchPhotoTransport);
		void getMeta<string | null>(db(), META.lastSyncAt, null).then((v) => (this.lastSyncAt = v));
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
		void this.syncNow();
	}

	#schedule(ms: number): void {
		if (this.#timer) clearTimeout(this.#timer);
		this.#timer = setTimeout(() => void this.syncNow(), ms);
	}

	/** Sync now (also the "Synchroniser maintenant" button). Safe to call often. */
	async syncNow(): Promise<void> {
		if (!this.#engine || this.running) return;
		if (identity.status !== 'signed_in') return; // nothing can be accepted before joining
		const run = async () => {
			this.running = true;
			try {
				let outcome = await this.#engine!.syncOnce();
				// Photos after their sheets: a sheet may show a photo as pending meanwhile.
				if (outcome.ok && this.#photos) {
					const photos = await this.#photos.uploadPending((p) => (this.photoProgress = p));
					if (photos.stopped) outcome = { ok: false, reason: photos.stopped, pushed: outcome.pushed, pulled: outcome.pulled };
				}
				if (outcome.ok) {
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
			} finally {
				this.running = false;
			}
		};
		// One tab at a time: another tab already syncing means there is nothing to do here now.
		if (navigator.locks) await navigator.locks.request('atlas-sync', { ifAvailable: true }, async (lock) => (lock ? run() : undefined));
		else await run();
	}
}

/** Ask the browser to wake the worker when the network is back (Chromium only; elsewhere a no-op). */
async function askBackgroundSync(): Promise<void> {
	try {
		const registration = (await navigator.serviceWorker?.ready) as (ServiceWorkerRegistration & { sync?: { register(tag: string): Promise<void> } }) | undefined;
		await registration?.sync?.register('atlas-sync');
	} catch {
		// not supported, or refused: the app's own triggers cover it
	}
}

export const syncScheduler = new SyncScheduler();
