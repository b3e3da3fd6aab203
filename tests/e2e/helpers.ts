/** Shared helpers for end-to-end tests (production build, service worker active, Debian Chromium). */
import AxeBuilder from '@axe-core/playwright';
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
		throw new Error(
			'The app did not register its service worker (is pwa.register() called by the root layout?)'
		);
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

/** Runs axe on the current page and fails on any violation of impact "serious" or "critical". */
export async function expectNoSeriousA11yViolations(page: Page): Promise<void> {
	const results = await new AxeBuilder({ page }).analyze();
	const serious = results.violations.filter(
		(violation) => violation.impact === 'serious' || violation.impact === 'critical'
	);
	const report = serious
		.map(
			(violation) =>
				`[${violation.impact}] ${violation.id}: ${violation.help} (${violation.helpUrl})\n` +
				violation.nodes.map((node) => `    ${node.target.join(' ')}: ${node.failureSummary ?? ''}`).join('\n')
		)
		.join('\n');
	expect(serious.length, `Accessibility violations on ${page.url()}:\n${report}`).toBe(0);
}
