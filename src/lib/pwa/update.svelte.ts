/**
 * The app's side of the service worker: registration and the update flow.
 *
 * Invariants:
 * - The page never reloads by itself. A new version waits (the worker does not skipWaiting on install)
 *   until the volunteer clicks "Recharger"; only then, and only after every `onBeforeUpdate` hook
 *   resolved (the sheet form flushes its autosave to IndexedDB), the worker is told to take over and
 *   the page reloads. A hook that fails or hangs cancels the reload: unsaved input matters more than
 *   the update (an update that lost offline data is what users of other field tools complained of).
 * - Checking for an update is cheap (one conditional request for /service-worker.js), so it runs every
 *   30 minutes and whenever the tab becomes visible again; offline, the check just fails silently.
 *
 * `pwa.register()` is called by the root layout on mount (and by <UpdatePrompt/>; it runs once).
 */
import { browser, dev } from '$app/environment';
import type { Workbox } from 'workbox-window';

type BeforeUpdateHook = () => Promise<void> | void;

const SW_URL = '/service-worker.js';
const CHECK_EVERY_MS = 30 * 60 * 1000;
/** Visibility changes can be frequent (switching apps to take a photo): check at most once a minute. */
const MIN_CHECK_GAP_MS = 60 * 1000;
/** A hook that has not finished by then is treated as failed: the update waits, the data stays. */
const HOOK_TIMEOUT_MS = 10_000;
/** If the new worker never takes control after the click, reload anyway (the user asked for it). */
const TAKEOVER_TIMEOUT_MS = 10_000;

export class PwaUpdate {
	/** A new version is installed and waiting for the user's go-ahead. */
	updateReady = $state(false);
	/** A service worker controls this page (the app shell is available offline). */
	controlled = $state(false);
	/** The update was asked for and is in progress (the button is locked meanwhile). */
	applying = $state(false);
	/** The last attempt was cancelled because a "before update" hook failed. */
	failed = $state(false);
	/** The user chose "later": the prompt hides until another version shows up. */
	dismissed = $state(false);

	#wb: Workbox | null = null;
	/** The worker seen controlling the page, to tell a real takeover from a repeated notification. */
	#controller: ServiceWorker | null = null;
	#registering: Promise<void> | null = null;
	// eslint-disable-next-line svelte/prefer-svelte-reactivity -- callbacks, not state any markup reads
	#hooks = new Set<BeforeUpdateHook>();
	#reloadAllowed = false;
	#reloading = false;
	#lastCheck = 0;

	/** Registers the worker (once; no-op on the server and in browsers without service workers). */
	register(): Promise<void> {
		if (!browser || !('serviceWorker' in navigator)) return Promise.resolve();
		this.#registering ??= this.#register().catch((error: unknown) => {
			// Registration fails on insecure origins (http on a LAN address) or private modes: the app
			// still works online, it just cannot open offline.
			console.error('Service worker registration failed', error);
		});
		return this.#registering;
	}

	/** Runs `fn` before the page reloads into a new version; returns the function that removes it. */
	onBeforeUpdate(fn: BeforeUpdateHook): () => void {
		this.#hooks.add(fn);
		return () => {
			this.#hooks.delete(fn);
		};
	}

	/** Hides the prompt until the next new version (the waiting one applies at the next visit anyway). */
	dismiss(): void {
		this.dismissed = true;
	}

	/** The user's click on "Recharger": save what must be saved, let the new worker in, reload. */
	async applyUpdate(): Promise<void> {
		if (this.applying || this.#reloading) return;
		this.applying = true;
		this.failed = false;
		try {
			await Promise.all([...this.#hooks].map((hook) => withTimeout(Promise.resolve().then(hook))));
		} catch (error) {
			console.error('Update postponed: a before-update hook failed', error);
			this.failed = true;
			this.applying = false;
			return;
		}

		this.#reloadAllowed = true;
		const registration = await navigator.serviceWorker.getRegistration();
		if (this.#wb && registration?.waiting) {
			// The reload happens on 'controlling' / 'controllerchange' once the new worker took over.
			this.#wb.messageSkipWaiting();
			setTimeout(() => this.#reload(), TAKEOVER_TIMEOUT_MS);
		} else {
			// Nothing waiting: the new version already controls the page (it took over from another tab),
			// only this page's code is old.
			this.#reload();
		}
	}

	async #register(): Promise<void> {
		const { Workbox } = await import('workbox-window');
		// Kit's dev worker is an ES module; the production one is a classic bundled script.
		const wb = new Workbox(SW_URL, dev ? { type: 'module' } : {});
		this.#wb = wb;

		this.#controller = navigator.serviceWorker.controller;
		this.controlled = this.#controller !== null;

		wb.addEventListener('waiting', () => {
			this.updateReady = true;
			this.dismissed = false;
		});
		wb.addEventListener('controlling', () => this.#onControllerChange());
		// Fallback: workbox-window may not report a takeover when the page was first loaded without a
		// controlling worker (seen with prompt-mode updates), so listen to the browser itself too.
		navigator.serviceWorker.addEventListener('controllerchange', () => this.#onControllerChange());

		await wb.register();
		this.#lastCheck = Date.now();

		setInterval(() => this.#check(), CHECK_EVERY_MS);
		document.addEventListener('visibilitychange', () => {
			if (document.visibilityState === 'visible') this.#check();
		});
	}

	#onControllerChange(): void {
		const controller = navigator.serviceWorker.controller;
		// Both workbox-window and the browser report the same change: handle it once.
		if (controller === this.#controller) return;
		const previous = this.#controller;
		this.#controller = controller;
		this.controlled = controller !== null;
		if (this.#reloadAllowed) {
			this.#reload();
		} else if (previous !== null) {
			// Another tab applied an update: this page still runs the old code, whose files are gone from
			// the cache. Offer the reload; never force it (the volunteer may be typing).
			this.updateReady = true;
			this.dismissed = false;
		}
		// First install (clientsClaim): nothing to do, the page just became offline-ready.
	}

	/** Look for a new version now (the server said this app is too old to sync). */
	checkForUpdate(): void {
		this.#wb?.update().catch(() => undefined);
	}

	#check(): void {
		if (!this.#wb || this.updateReady) return;
		const now = Date.now();
		if (now - this.#lastCheck < MIN_CHECK_GAP_MS) return;
		this.#lastCheck = now;
		// Offline or server down: the check fails, the next one will retry.
		this.#wb.update().catch(() => undefined);
	}

	#reload(): void {
		if (this.#reloading) return;
		this.#reloading = true;
		window.location.reload();
	}
}

function withTimeout(promise: Promise<void>): Promise<void> {
	return new Promise((resolve, reject) => {
		const timer = setTimeout(() => reject(new Error('before-update hook timed out')), HOOK_TIMEOUT_MS);
		promise.then(
			() => {
				clearTimeout(timer);
				resolve();
			},
			(error: unknown) => {
				clearTimeout(timer);
				reject(error instanceof Error ? error : new Error(String(error)));
			}
		);
	});
}

/** The app's single instance. */
export const pwa = new PwaUpdate();

/**
 * Registers work that must finish before the page reloads into a new version (e.g. flush the open
 * sheet's autosave). Returns the function that unregisters it (call it when the form unmounts).
 */
export function onBeforeUpdate(fn: BeforeUpdateHook): () => void {
	return pwa.onBeforeUpdate(fn);
}
