/**
 * After « Terminer la fiche », as a volunteer sees it at 360 × 740: a confirmation screen with the
 * sheet's summary, where it goes according to the real state (offline: it leaves when the network
 * returns, then « envoyée » by itself once synced; online: « envoyée »), the sections skipped listed
 * as things to complete later (each a link to its part of the form), and « Recenser un autre
 * outil » leading to « Nouvelle fiche ». At every step, no message (toast) lies over a button, a
 * link or a tab. Driven by roles, labels and texts only.
 */
import { expect, test, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { expectNoSeriousA11yViolations, goOffline, goOnline, waitForServiceWorker } from './helpers';
import { TestServer, createCoordinator, inviteLink, joinWithLink } from './server';

const server = new TestServer(Number(process.env.E2E_FINISH_PORT ?? 4661));
let coordinator: BrowserContext;
test.beforeAll(async ({ browser }) => {
	await server.start();
	coordinator = await browser.newContext({ viewport: { width: 360, height: 740 }, locale: 'fr-FR' });
	await createCoordinator(await coordinator.newPage(), server);
});
test.afterAll(async () => {
	await coordinator.close();
	await server.dispose();
});

async function volunteer(browser: Browser): Promise<{ context: BrowserContext; page: Page }> {
	const link = await inviteLink(coordinator.pages()[0] as Page, server, { role: 'benevole' });
	const context = await browser.newContext({ viewport: { width: 360, height: 740 }, locale: 'fr-FR', serviceWorkers: 'allow' });
	const page = await context.newPage();
	await joinWithLink(page, server, link, 'Marie Lefèvre');
	await waitForServiceWorker(page);
	return { context, page };
}

/**
 * The boxes of every toast on screen (a message with its « Fermer » button) against those of every
 * visible button, link and tab of the page: none may overlap. Read from the page's layout.
 */
async function expectNoToastOverControls(page: Page, step: string): Promise<void> {
	const overlaps = await page.evaluate(() => {
		const box = (el: Element) => el.getBoundingClientRect();
		const shown = (r: DOMRect) => r.width > 0 && r.height > 0 && r.bottom > 0 && r.top < innerHeight && r.right > 0 && r.left < innerWidth;
		const toasts = [...document.querySelectorAll('[role="status"], [role="alert"]')].filter((el) =>
			[...el.querySelectorAll('button')].some((b) => b.getAttribute('aria-label') === 'Fermer')
		);
		const controls = [...document.querySelectorAll('button, a[href], [role="button"], [role="tab"], input[type="submit"]')].filter(
			(el) => !toasts.some((toast) => toast.contains(el)) && getComputedStyle(el).visibility !== 'hidden' && shown(box(el))
		);
		const found: string[] = [];
		for (const toast of toasts) {
			const a = box(toast);
			if (!shown(a)) continue;
			for (const el of controls) {
				const b = box(el);
				if (a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom) {
					found.push(`« ${toast.textContent?.trim()} » over « ${(el.textContent || el.getAttribute('aria-label') || '').trim()} »`);
				}
			}
		}
		return found;
	});
	expect(overlaps, step).toEqual([]);
}

async function fillSheet(page: Page, category: string, name: string) {
	const nav = page.getByRole('navigation', { name: 'Navigation principale' });
	await nav.getByRole('link', { name: 'Nouvelle fiche' }).click();
	await expect(page.getByRole('heading', { name: 'Nouvelle fiche', level: 1 })).toBeVisible();
	await page.getByRole('button', { name: category }).click();
	await page.getByLabel('Nom de l’outil ou du lieu').fill(name);
	await page.getByRole('combobox', { name: 'Commune' }).fill('perche en noce');
	await page
		.getByRole('option', { name: /Perche en Nocé/ })
		.first()
		.click();
	await page.getByLabel('Adresse ou lieu-dit').fill('La Grande Noë');
	await page.getByRole('checkbox', { name: 'Électrique (secteur)' }).check();
	await expect(page.getByText('Enregistré sur cet appareil')).toBeVisible();
	await expectNoToastOverControls(page, 'the filled form');
}

test('online: « Terminer la fiche » shows the summary, « envoyée », what to complete later and « Recenser un autre outil »', async ({ browser }) => {
	test.setTimeout(120_000);
	const { context, page } = await volunteer(browser);

	await fillSheet(page, 'Pressoir', 'Pressoir des Vergers');
	await page.getByRole('button', { name: 'Terminer la fiche' }).click();

	await expect(page.getByRole('heading', { name: 'Fiche terminée', level: 1 })).toBeVisible();
	await expectNoToastOverControls(page, 'the confirmation, just after « Terminer la fiche »');
	const summary = page.getByRole('region', { name: 'Résumé de la fiche' });
	await expect(summary).toContainText('Pressoir des Vergers');
	await expect(summary).toContainText('Pressoir');
	await expect(summary).toContainText('Perche en Nocé');
	await expect(summary).toContainText('La Grande Noë');
	await expect(summary).toContainText('Électrique (secteur)');

	const where = page.getByRole('region', { name: 'Où va la fiche' });
	await expect(where).toContainText('Envoyée à la mairie de Perche en Nocé et à la coordination.', { timeout: 20_000 });
	await expect(page.locator('main')).not.toContainText('zone couverte');

	// The sections left empty: things to complete later, each a link to its part of the form.
	const later = page.getByRole('region', { name: 'Vous pourrez compléter plus tard :' });
	await expect(later.getByRole('link', { name: 'Capacité' })).toBeVisible();
	await expect(later.getByRole('link', { name: 'Photos' })).toBeVisible();
	await expect(later.getByRole('link', { name: 'Lieu' })).toHaveCount(0);
	await expect(page.getByRole('alert')).toHaveCount(0);
	await expectNoToastOverControls(page, 'the confirmation, sent');
	await expectNoSeriousA11yViolations(page);

	await page.getByRole('link', { name: 'Recenser un autre outil' }).click();
	await expect(page.getByRole('heading', { name: 'Nouvelle fiche', level: 1 })).toBeVisible();
	await expectNoToastOverControls(page, '« Nouvelle fiche » after the confirmation');
	await context.close();
});

test('offline: it « partira dès que le réseau revient », then says « envoyée » by itself once synced; a skipped section opens in the form', async ({
	browser
}) => {
	test.setTimeout(120_000);
	const { context, page } = await volunteer(browser);
	// The commune list reaches the device with a first sheet started online (then it works offline).
	await fillSheet(page, 'Pressoir', 'Pressoir de la Mare');
	await page.getByRole('button', { name: 'Terminer la fiche' }).click();
	await expect(page.getByRole('region', { name: 'Où va la fiche' })).toContainText('Envoyée', { timeout: 20_000 });

	await goOffline(context);
	await page.reload(); // served by the service worker
	await fillSheet(page, 'Moulin à farine', 'Moulin de la Fosse');
	await page.getByRole('button', { name: 'Terminer la fiche' }).click();

	await expect(page.getByRole('heading', { name: 'Fiche terminée', level: 1 })).toBeVisible();
	await expectNoToastOverControls(page, 'the confirmation offline');
	await expect(page.getByRole('region', { name: 'Résumé de la fiche' })).toContainText('Moulin de la Fosse');
	const where = page.getByRole('region', { name: 'Où va la fiche' });
	await expect(where).toContainText('elle partira dès que le réseau revient');
	const later = page.getByRole('region', { name: 'Vous pourrez compléter plus tard :' });
	await expect(later.getByRole('link', { name: 'Capacité' })).toBeVisible();
	await expect(later.getByRole('link', { name: 'Contact' })).toBeVisible();
	await expect(page.getByRole('link', { name: 'Recenser un autre outil' })).toBeVisible();
	await expect(page.getByRole('link', { name: 'Mes fiches' }).last()).toBeVisible();

	// The network returns: the screen, left open, says it is sent (no reload, no tap).
	await goOnline(context);
	await expect(where).toContainText('Envoyée à la mairie de Perche en Nocé et à la coordination.', { timeout: 20_000 });
	await expect(where).not.toContainText('réseau revient');
	await expectNoToastOverControls(page, 'the confirmation, sent after the network returned');

	// « Capacité », skipped, opens the form at that part.
	await later.getByRole('link', { name: 'Capacité' }).click();
	await expect(page.getByRole('heading', { name: 'Capacité', level: 2 })).toBeInViewport();
	await expectNoToastOverControls(page, 'the form, opened at « Capacité »');
	await context.close();
});
