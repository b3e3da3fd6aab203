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
		prerender: { entries: ['/'] },
		// Absolute asset paths: the prerendered shell is served by the service worker for EVERY
		// address (/fiches/abc/modifier...), where relative paths (./_app/...) would miss offline.
		paths: { relative: false }
	}
};

export default config;
