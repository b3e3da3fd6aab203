import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	compilerOptions: { runes: true },
	kit: {
		adapter: adapter({ out: 'build' }),
		// Registered by the app with workbox-window (update prompt), not by Kit.
		serviceWorker: { register: false },
		// Absolute asset paths: the shell is served by the service worker for EVERY
		// address (/fiches/abc/modifier...), where relative paths (./_app/...) would miss offline.
		paths: { relative: false },
		// Kit's own origin check (form content types only, answered in English text) is left to the
		// app's: hooks.server.ts refuses EVERY state-changing request from another origin (any path), in
		// the API's shape and the person's language. The app has no form actions.
		csrf: { trustedOrigins: ['*'] },
		// Content Security Policy: only the app's own scripts (Kit hashes its inline start-up script);
		// images from the app, photos (blob:), and the map tile sources; data from the app and the
		// public geography API. Sent as a header (the shell is server-rendered, not prerendered, so
		// frame-ancestors applies).
		csp: {
			mode: 'hash',
			directives: {
				'default-src': ['self'],
				'script-src': ['self'],
				'style-src': ['self', 'unsafe-inline'],
				'img-src': ['self', 'data:', 'blob:', 'https://tile.openstreetmap.org', 'https://*.tile.openstreetmap.org', 'https://data.geopf.fr'],
				'connect-src': ['self', 'https://geo.api.gouv.fr', 'https://data.geopf.fr', 'https://tile.openstreetmap.org', 'https://*.tile.openstreetmap.org'],
				'worker-src': ['self'],
				'manifest-src': ['self'],
				'font-src': ['self'],
				'object-src': ['none'],
				'base-uri': ['self'],
				'form-action': ['self'],
				'frame-ancestors': ['none']
			}
		}
	}
};

export default config;
