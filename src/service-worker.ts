/// <reference types="@sveltejs/kit" />
/// <reference no-default-lib="true"/>
/// <reference lib="esnext" />
/// <reference lib="webworker" />

/**
 * The service worker: what makes the app open and work with no signal.
 *
 * Invariants:
 * - Everything the app shell needs (Kit's hashed build files, `static/`, the `/` shell) is precached at
 *   install, so a phone that opened the app once online can open it offline. The shell is rendered by
 *   the server (not prerendered) so that it carries the security headers (CSP with frame-ancestors,
 *   X-Frame-Options), which a static file would not; the cached copy keeps them.
 * - Every screen renders on the client (root `ssr = false`), so the HTML of any page is the same shell:
 *   one cached `/` answers every navigation, and deep links work offline.
 * - `/api/` never touches a cache: sync and uploads must see the real network state, and a stale answer
 *   from the server would hide a failure (see docs/lessons.md, "silent loss").
 * - A new version never takes over by itself: it waits until the page (the volunteer's click on
 *   "Recharger", after the open sheet was saved) sends `{ type: 'SKIP_WAITING' }`.
 *
 * This file never imports the database or components: it only decides where responses come from.
 */
import { base, build, files, prerendered, version } from '$service-worker';
import { clientsClaim } from 'workbox-core';
import { addPlugins, cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute, type PrecacheEntry } from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';
import { CacheFirst, NetworkOnly, StaleWhileRevalidate } from 'workbox-strategies';
import { ExpirationPlugin } from 'workbox-expiration';
import { PREPARED_TILES, VIEWED_TILES } from '$lib/map/caches';

const sw = self as unknown as ServiceWorkerGlobalScope;

const SHELL_URL = `${base}/`;
const API_PREFIX = `${base}/api/`;

/** Static files that are useless offline and not worth a byte of the phone's storage. */
const NOT_PRECACHED = new Set([`${base}/robots.txt`]);

/**
 * The guides' screenshots (static/guides/<language>/): two languages × a dozen images would cost
 * every phone hundreds of kB at install, for pages most people open once. They are kept when first
 * seen instead (the route below), so a guide opened once online opens offline too.
 */
const GUIDES_PREFIX = `${base}/guides/`;
const GUIDES_CACHE = 'atlas-guides';

// ---------------------------------------------------------------------------------------------------
// Precache
// ---------------------------------------------------------------------------------------------------

/** In `vite dev` there is no build output and no shell to precache. */
const PRODUCTION = build.length > 0;

const manifest: PrecacheEntry[] = [
	// The shell keeps its URL across versions: revision it with the build version.
	...(PRODUCTION ? [{ url: SHELL_URL, revision: version }] : []),
	// Kit's build output is content-hashed: the URL is its revision.
	...build.map((url) => ({ url, revision: null })),
	// `static/` and prerendered pages keep their URL across versions: revision them with the build version.
	...files.filter((url) => !NOT_PRECACHED.has(url) && !url.startsWith(GUIDES_PREFIX)).map((url) => ({ url, revision: version })),
	...prerendered.map((url) => ({ url, revision: version }))
];

// The shell is served without Cache-Control, so the browser may keep it in its HTTP cache
// heuristically; a new worker filling its precache from there would store the OLD shell, pointing at
// build files that no longer exist. Every precache fetch therefore revalidates with the server.
// (Workbox already uses `cache: 'reload'` for revisioned entries; this keeps that, and makes sure
// nothing ever goes out with the default HTTP-cache mode.)
addPlugins([
	{
		requestWillFetch: async ({ request }) =>
			request.cache === 'reload' || request.cache === 'no-store' ? request : new Request(request, { cache: 'no-cache' })
	}
]);

// Serves precached URLs (cache first, they are versioned) and fills the precache on install.
precacheAndRoute(manifest, {
	// `/` is the shell itself; no other clean-URL guessing (`/x` → `/x.html`) is wanted.
	cleanURLs: false
});

// Drops precaches left by older Workbox versions; entries of our previous build are removed by the
// precache's own activate step.
cleanupOutdatedCaches();

// ---------------------------------------------------------------------------------------------------
// Routes. First match wins: the precache route above only matches its own URLs (none under /api/);
// keep /api/ next, before any catch-all, so nothing can ever cache it.
// ---------------------------------------------------------------------------------------------------

// Network only: offline, a call fails like it would without the worker, and the sync code sees it.
registerRoute(({ url }) => url.origin === sw.location.origin && url.pathname.startsWith(API_PREFIX), new NetworkOnly());

// Every navigation gets the cached shell, online or not: the client router then renders the screen.
// Kept off: /api/ (downloads such as exports are navigations too) and URLs that name a file
// (`/something.csv`), which are never screens of the app.
// In `vite dev` there is no shell in the precache: navigations go to the network.
if (PRODUCTION) {
	registerRoute(
		new NavigationRoute(createHandlerBoundToURL(SHELL_URL), {
			denylist: [new RegExp(`^${escapeRegExp(API_PREFIX)}`), /\/[^/?]+\.[^/?]+$/]
		})
	);
}

// The guides' screenshots: from the cache at once (offline too), refreshed from the network when
// there is one, so a new version's screenshots replace the old ones on the next view. Before the
// tiles' route, which would otherwise take them for map tiles.
registerRoute(
	({ url }) => url.origin === sw.location.origin && url.pathname.startsWith(GUIDES_PREFIX),
	new StaleWhileRevalidate({
		cacheName: GUIDES_CACHE,
		plugins: [{ cacheWillUpdate: async ({ response }) => (response.status === 200 ? response : null) }]
	})
);

// ---------------------------------------------------------------------------------------------------
// Map tiles: every image that is neither precached (the app's icons, matched above) nor
// under /api/ (photos, network only, matched above) is a map tile — usually from another origin, but
// a tile server behind the app's own domain works the same. Two caches, looked up in this order:
// - PREPARED: the tiles of areas a person prepared for offline use (sources whose terms allow it,
//   e.g. IGN), written by the page (src/lib/offline/prepare-map.ts), removed only when the area is removed;
// - VIEWED: the tiles a person actually looked at, for every source (OpenStreetMap included: its
//   policy allows caching what was viewed, never bulk downloading), bounded by count and age.
// Only readable responses with status 200 are kept (Leaflet asks with crossOrigin, so they are CORS
// or same-origin): an opaque response would count megabytes against the phone's quota, and an error
// page must never be cached as a tile. Expired viewed tiles are not served (a prepared area never
// expires: that is the offline promise).
// ---------------------------------------------------------------------------------------------------

const viewedTiles = new CacheFirst({
	cacheName: VIEWED_TILES,
	plugins: [
		{ cacheWillUpdate: async ({ response }) => (response.status === 200 && (response.type === 'cors' || response.type === 'basic') ? response : null) },
		// About 4,000 tiles × 15–25 kB: under 100 MB, and a month at most.
		new ExpirationPlugin({ maxEntries: 4000, maxAgeSeconds: 30 * 24 * 3600, purgeOnQuotaError: true })
	]
});

registerRoute(
	({ request, url }) => request.destination === 'image' && !(url.origin === sw.location.origin && url.pathname.startsWith(API_PREFIX)),
	async (options) => {
		const prepared = await (await caches.open(PREPARED_TILES)).match(options.request.url, { ignoreVary: true });
		return prepared ?? viewedTiles.handle(options);
	}
);

// ---------------------------------------------------------------------------------------------------
// Lifecycle
// ---------------------------------------------------------------------------------------------------

// No skipWaiting on install: an update waits for the volunteer's click (workbox-window's
// messageSkipWaiting, sent after the open sheet's autosave was flushed).
sw.addEventListener('message', (event: ExtendableMessageEvent) => {
	const data: unknown = event.data;
	if (typeof data === 'object' && data !== null && (data as { type?: unknown }).type === 'SKIP_WAITING') {
		void sw.skipWaiting();
	}
});

// Background Sync (Chromium only, a bonus): when the browser says the network is back, wake the open
// pages so they sync. The worker never syncs itself: it does not touch the database (and Workbox's
// BackgroundSyncPlugin drops replays that got a 500); the app's own triggers remain the rule.
sw.addEventListener('sync', (event: Event) => {
	const e = event as ExtendableEvent & { tag?: string };
	if (e.tag !== 'atlas-sync') return;
	e.waitUntil(
		sw.clients.matchAll({ type: 'window' }).then((clients) => {
			for (const client of clients) client.postMessage({ type: 'SYNC_NOW' });
		})
	);
});

// The first worker takes the open page at once, so it is offline-ready without a reload.
// (For an update, this only runs after the volunteer asked for it.)
clientsClaim();

function escapeRegExp(text: string): string {
	return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
