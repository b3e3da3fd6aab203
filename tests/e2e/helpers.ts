/** Shared helpers for end-to-end tests (production build, service worker active, Debian Chromium). */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { expect, type BrowserContext, type Page } from '@playwright/test';

/**
 * Waits until the app registered its service worker and that worker controls the page, so the next
 * navigation can be answered offline. The first worker claims the page on activation (clientsClaim);
 * if it did not, one reload puts the page under its control.
 */
export async function waitForServiceWorker(page: Page, timeout = 30_000): Promise<void> {
	const registered = await page
		.waitForFunction(async () => (await navigator.serviceWorker.getRegistration()) !== undefined, null, {
			timeout,
			polling: 200
		})
		.then(() => true)
		.catch(() => false);
	if (!registered) {
		throw new Error('The app did not register its service worker (is pwa.register() called by the root layout?)');
	}
	await page.evaluate(async () => {
		await navigator.serviceWorker.ready;
	});
	const controlled = await page
		.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 5_000 })
		.then(() => true)
		.catch(() => false);
	if (!controlled) {
		await page.reload();
		await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout });
	}
}

/** Cuts the network for every page of the context, the service worker's own fetches included. */
export async function goOffline(context: BrowserContext): Promise<void> {
	await context.setOffline(true);
}

export async function goOnline(context: BrowserContext): Promise<void> {
	await context.setOffline(false);
}

/** The rule sets of WCAG 2.1 levels A and AA, as axe-core tags them. */
export const WCAG21_AA_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/** axe-core's own script (the version @axe-core/playwright depends on). */
const AXE_SOURCE = readFileSync(createRequire(createRequire(import.meta.url).resolve('@axe-core/playwright')).resolve('axe-core/axe.min.js'), 'utf8');

interface AxeViolation {
	id: string;
	impact: string | null;
	help: string;
	helpUrl: string;
	nodes: { target: string[]; failureSummary: string }[];
}

/**
 * Runs axe-core inside the page (injected once per document) and returns its violations. Why not
 * AxeBuilder: it injects axe again and opens a blank page to assemble its results on every call
 * (0.7 s each here, against 0.05 s for axe.run); the app has no iframe for it to go into.
 */
async function axeViolations(page: Page, options: { tags?: string[]; exclude?: string[] } = {}): Promise<AxeViolation[]> {
	if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE);
	return page.evaluate(
		async ({ tags, exclude }) => {
			const axe = (window as unknown as { axe: { run: (context: unknown, options: unknown) => Promise<{ violations: AxeViolation[] }> } }).axe;
			const context = exclude.length > 0 ? { include: [document], exclude: exclude.map((selector) => [selector]) } : document;
			const { violations } = await axe.run(context, { resultTypes: ['violations'], ...(tags ? { runOnly: { type: 'tag', values: tags } } : {}) });
			return violations.map((v) => ({
				id: v.id,
				impact: v.impact,
				help: v.help,
				helpUrl: v.helpUrl,
				nodes: v.nodes.map((n) => ({ target: n.target.map(String), failureSummary: n.failureSummary ?? '' }))
			}));
		},
		{ tags: options.tags, exclude: options.exclude ?? [] }
	);
}

function describe(violations: AxeViolation[]): string {
	return violations
		.map((v) => `[${v.impact}] ${v.id}: ${v.help} (${v.helpUrl})\n` + v.nodes.map((node) => `    ${node.target.join(' ')}: ${node.failureSummary}`).join('\n'))
		.join('\n');
}

/**
 * Runs axe on the current page against WCAG 2.1 A and AA and records a failure for any violation,
 * whatever its impact. The failure is soft (the test goes on and fails at its end), so one run
 * lists every screen's violations, each labelled with `screen`. `exclude` takes CSS selectors of
 * markup we do not own (say why at the call).
 */
export async function expectNoA11yViolations(page: Page, screen: string, exclude: string[] = []): Promise<void> {
	const violations = await axeViolations(page, { tags: WCAG21_AA_TAGS, exclude });
	expect.soft(violations.length, `WCAG 2.1 A/AA violations on « ${screen} » (${page.url()}):\n${describe(violations)}`).toBe(0);
}

/** Runs axe on the current page (every rule) and fails on any violation of impact "serious" or "critical". */
export async function expectNoSeriousA11yViolations(page: Page): Promise<void> {
	const serious = (await axeViolations(page)).filter((v) => v.impact === 'serious' || v.impact === 'critical');
	expect(serious.length, `Accessibility violations on ${page.url()}:\n${describe(serious)}`).toBe(0);
}

/**
 * Another database of the app's origin (what other data does to a phone) fills the quota with random
 * chunks of `chunk` bytes (at most `max` of them) until the browser refuses one; with `topUp`, small
 * chunks follow so that not even a few kilobytes are left. Returns how many large chunks it wrote.
 */
export async function fillDisk(page: Page, o: { chunk: number; max: number; topUp: boolean }): Promise<number> {
	return page.evaluate(async ({ chunk, max, topUp }) => {
		const open = indexedDB.open('ballast', 1);
		open.onupgradeneeded = () => open.result.createObjectStore('b');
		const db = await new Promise<IDBDatabase>((res, rej) => {
			open.onsuccess = () => res(open.result);
			open.onerror = () => rej(open.error);
		});
		const put = (key: number, size: number) =>
			new Promise<boolean>((res) => {
				const tx = db.transaction('b', 'readwrite');
				// Random bytes (the browser stores them as they are): 64 kB at a time, its limit.
				const bytes = new Uint8Array(size);
				for (let i = 0; i < size; i += 65536) crypto.getRandomValues(bytes.subarray(i, Math.min(size, i + 65536)));
				tx.objectStore('b').put(bytes.buffer, key);
				tx.oncomplete = () => res(true);
				tx.onabort = () => res(false);
			});
		let n = 0;
		while (n < max && (await put(n, chunk))) n++;
		let small = 0;
		while (topUp && small < 200 && (await put(1000 + small, 2_000))) small++;
		db.close();
		return n;
	}, o);
}
