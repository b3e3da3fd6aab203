/**
 * The flags every Chromium of the project starts with (the browser tests in playwright.config.ts,
 * the benchmark's pages and Lighthouse in scripts/bench/). Without the background-networking ones
 * Chromium floods this closed network with refused connections; without --no-sandbox it cannot
 * start as root (CI).
 */
export const CHROMIUM_FLAGS = [
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync'
];
