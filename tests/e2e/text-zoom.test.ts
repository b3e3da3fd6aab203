/**
 * Text at 200 % on a 360 px phone (WCAG 1.4.4): the sheet form stays usable — no sideways
 * scrolling, no control cut off or lying over another, « Terminer la fiche » reachable, the tab bar
 * still usable — and the main screens are photographed for a person to look at
 * (test-results/screens/text-zoom/).
 *
 * How the larger text is made: Chromium's own text-size preference (the "Font size" setting, the
 * default font size that `medium`, `rem` and `em` follow), set through the DevTools protocol
 * (Page.setFontSizes: 16 → 32 px, 13 → 26 px for monospace) before the app loads. That is what a
 * person's setting does, so it also proves the app follows it (a root font size in px would ignore
 * it; a root font size forced by a script would hide that). The page's own zoom is not used: it
 * would also narrow the layout to 180 px, which is another criterion (reflow).
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { waitForServiceWorker } from './helpers';
import { expectSaved, waitForTerritoryStored } from './pages';
import { TestServer, createCoordinator } from './server';

const SCREENS = resolve('test-results/screens/text-zoom');
const server = new TestServer(Number(process.env.E2E_TEXT_ZOOM_PORT ?? 4446));
test.beforeAll(async () => {
	mkdirSync(SCREENS, { recursive: true });
	await server.start();
});
test.afterAll(async () => server.dispose());

/** The browser's text size at 200 %, for this page and every page it navigates to. */
async function textAt200(page: Page): Promise<void> {
	const cdp = await page.context().newCDPSession(page);
	await cdp.send('Page.setFontSizes', { fontSizes: { standard: 32, fixed: 26 } });
}

/**
 * The page does not scroll sideways, and no control of the main content is cut off by the screen's
 * edge, cut inside itself (text wider than its box) or lying over another control.
 */
async function expectUsableLayout(page: Page, screen: string): Promise<void> {
	const problems = await page.evaluate(() => {
		const found: string[] = [];
		const root = document.documentElement;
		const name = (el: Element) =>
			`${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${el.classList.length ? `.${[...el.classList].join('.')}` : ''} « ${(el.textContent ?? '').trim().slice(0, 30)} »`;
		if (root.scrollWidth > innerWidth) {
			// Name the culprits: the innermost elements that reach past the edge.
			const wide = [...document.querySelectorAll('body *')].filter(
				(el) => el.getBoundingClientRect().right > innerWidth + 1 && getComputedStyle(el).position !== 'fixed'
			);
			const innermost = wide.filter((el) => !wide.some((other) => other !== el && el.contains(other)));
			found.push(`the page scrolls sideways: ${root.scrollWidth} px for ${innerWidth} px (${innermost.slice(0, 4).map(name).join(', ')})`);
		}
		const controls = [...document.querySelectorAll('main :is(a[href], button, input, select, textarea, summary)')].filter((el) => {
			const r = el.getBoundingClientRect();
			// checkVisibility: not in a closed <details> (laid out there, but not shown).
			return r.width > 2 && r.height > 2 && el.checkVisibility({ contentVisibilityAuto: true, visibilityProperty: true });
		});
		const boxes = controls.map((el) => ({ el, r: el.getBoundingClientRect() }));
		for (const { el, r } of boxes) {
			if (r.left < -1 || r.right > innerWidth + 1) found.push(`${name(el)} goes past the screen's edge (${Math.round(r.left)}–${Math.round(r.right)} px)`);
			const html = el as HTMLElement;
			// Text cut inside a button or a link made a box (a select's chosen value: clientWidth).
			if ((el.tagName === 'BUTTON' || el.classList.contains('btn')) && html.scrollWidth > html.clientWidth + 2) {
				found.push(`${name(el)} cuts its text (${html.scrollWidth} px in ${html.clientWidth} px)`);
			}
		}
		for (let i = 0; i < boxes.length; i++) {
			for (let j = i + 1; j < boxes.length; j++) {
				const a = boxes[i] as { el: Element; r: DOMRect };
				const b = boxes[j] as { el: Element; r: DOMRect };
				if (a.el.contains(b.el) || b.el.contains(a.el) || a.el.closest('label')?.contains(b.el) || b.el.closest('label')?.contains(a.el)) continue;
				const w = Math.min(a.r.right, b.r.right) - Math.max(a.r.left, b.r.left);
				const h = Math.min(a.r.bottom, b.r.bottom) - Math.max(a.r.top, b.r.top);
				if (w > 2 && h > 2) found.push(`${name(a.el)} and ${name(b.el)} overlap`);
			}
		}
		return found;
	});
	expect.soft(problems, `text at 200 % on « ${screen} »`).toEqual([]);
}

/** The tab bar: one short row, each tab can be reached (scrolled to) and is not covered. */
async function expectTabBarUsable(page: Page, screen: string): Promise<void> {
	const nav = page.getByRole('navigation', { name: 'Navigation principale' });
	const box = await nav.boundingBox();
	expect.soft(box?.height ?? 999, `tab bar height on « ${screen} »`).toBeLessThanOrEqual(740 * 0.15);
	const current = nav.locator('[aria-current="page"]');
	if ((await current.count()) > 0) await expect.soft(current, `the current tab on « ${screen} »`).toBeInViewport({ ratio: 0.9 });
	// The others are reached by scrolling the bar sideways.
	for (const tab of await nav.getByRole('link').all()) {
		await tab.scrollIntoViewIfNeeded();
		await expect.soft(tab, `a tab on « ${screen} »`).toBeInViewport({ ratio: 0.9 });
	}
}

async function shoot(page: Page, name: string): Promise<void> {
	await page.screenshot({ path: `${SCREENS}/${name}.png` });
}

/** The element is on screen, not under the header or the tab bar: a tap at its centre reaches it. */
async function expectReachable(page: Page, selector: string): Promise<void> {
	const el = page.locator(selector);
	await el.scrollIntoViewIfNeeded();
	const hit = await el.evaluate((node) => {
		const r = node.getBoundingClientRect();
		const top = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
		return top === node || node.contains(top);
	});
	expect.soft(hit, `${selector} can be tapped`).toBe(true);
}

test('a volunteer fills and hands in a sheet with the text at 200 %', async ({ page }) => {
	test.setTimeout(90_000);
	await textAt200(page);
	await page.goto(`${server.origin}/`);
	await waitForServiceWorker(page);
	await waitForTerritoryStored(page);
	// The app follows the setting: 17 px × 2.
	expect(await page.evaluate(() => getComputedStyle(document.documentElement).fontSize)).toBe('34px');
	await expectUsableLayout(page, 'Mes fiches, empty');
	await expectTabBarUsable(page, 'Mes fiches, empty');
	await shoot(page, '1-mes-fiches-vide');

	const nav = page.getByRole('navigation', { name: 'Navigation principale' });
	await nav.getByRole('link', { name: 'Nouvelle fiche' }).click();
	await expect(page.getByRole('heading', { name: 'Nouvelle fiche', level: 1 })).toBeVisible();
	await expectUsableLayout(page, 'Nouvelle fiche');
	await shoot(page, '2-nouvelle-fiche');
	await page.locator('[data-category="pressoir"]').click();
	await page.waitForURL(/\/fiches\/[^/]+\/modifier$/);
	await expectUsableLayout(page, 'sheet form');
	await expectTabBarUsable(page, 'sheet form');

	await page.getByLabel('Nom de l’outil ou du lieu').fill('Pressoir de la Grande Noë');
	await page.locator('#f-commune').fill('ceton');
	await page.getByRole('option', { name: /Ceton/ }).first().click();
	await page.getByRole('button', { name: 'Ajouter un équipement' }).click();
	await page.locator('#f-capacityValue').fill('250');
	await page.getByRole('checkbox', { name: 'Manuelle' }).check();
	await page.getByRole('radio', { name: 'Oui' }).first().check();
	await page.getByRole('radio', { name: 'En service' }).check();
	await page.locator('#f-verifiedOn').fill('01/10/2026');
	await page.getByTestId('person-consent').check();
	await page.getByRole('button', { name: 'Saisir ou corriger le point à la main' }).click();
	await expectSaved(page);
	await expectUsableLayout(page, 'sheet form, filled, every part open');
	// The form, screen by screen, for a person to look at.
	const sections = ['s-identity', 's-place', 's-capacity', 's-energy', 's-condition', 's-ownership', 's-season', 's-contact', 's-photos', 's-notes'];
	for (const [i, id] of sections.entries()) {
		await page.locator(`#${id}`).evaluate((h) => h.scrollIntoView({ block: 'start' }));
		await shoot(page, `3-form-${i}-${id.slice(2)}`);
	}

	// « Terminer la fiche »: on screen, not under the tab bar, and it works.
	const handIn = page.getByRole('button', { name: 'Terminer la fiche' });
	await expectReachable(page, 'button:has-text("Terminer la fiche")');
	await shoot(page, '4-form-end');
	await handIn.click();
	await expect(page.getByRole('heading', { name: 'Fiche terminée', level: 1 })).toBeVisible();
	await expectUsableLayout(page, 'the confirmation after « Terminer la fiche »');
	await shoot(page, '5-handed-in');

	await page.getByRole('link', { name: 'Voir la fiche' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Pressoir de la Grande Noë' })).toBeVisible();
	await expectUsableLayout(page, 'sheet page');
	await shoot(page, '6-sheet-page');
	await nav.getByRole('link', { name: /Mes fiches/ }).click();
	await expect(page.getByTestId('sheet-item')).toHaveCount(1);
	await expectUsableLayout(page, 'Mes fiches, one sheet');
	await shoot(page, '7-mes-fiches');
	await nav.getByRole('link', { name: 'Cet appareil' }).click();
	await expect(page.getByRole('heading', { name: 'Cet appareil', level: 1 })).toBeVisible();
	await expectUsableLayout(page, 'Cet appareil');
	await expectTabBarUsable(page, 'Cet appareil');
	await shoot(page, '8-cet-appareil');
});

test('the coordinator’s six tabs and screens with the text at 200 %', async ({ page }) => {
	await textAt200(page);
	await createCoordinator(page, server, 'Claire Coordination');
	// Her home, the census's progress with the first-run checklist.
	await expect(page.getByRole('region', { name: 'Pour bien démarrer' })).toBeVisible();
	await expectUsableLayout(page, 'Suivi du recensement');
	await expectTabBarUsable(page, 'Suivi du recensement');
	await shoot(page, '9-accueil');
	await page.goto(`${server.origin}/equipe`);
	await expect(page.getByTestId('people')).toBeVisible();
	await expectUsableLayout(page, 'Équipe');
	await expectTabBarUsable(page, 'Équipe');
	await shoot(page, '9-equipe');
	for (const [path, name] of [
		['/commune', '10-commune'],
		['/carte', '11-carte'],
		['/recensement', '12-recensement'],
		['/connexion', '13-connexion']
	] as const) {
		await page.goto(`${server.origin}${path}`);
		await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
		await expectUsableLayout(page, path);
		await shoot(page, name);
	}
});
