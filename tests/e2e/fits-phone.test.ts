/**
 * Every screen fits the phone: for each role (bénévole, mairie, coordinateur), every screen reached
 * from its tab bar as a person taps it, the pages linked from « Équipe », a sheet's page and its
 * form, at 360 × 740 and again with the browser's text at 200 %: no element and no piece of text
 * reaches past the 360 px the person sees, no status badge is a stack of lines in an oval, and a
 * box that scrolls sideways inside the page says so in words.
 *
 * Why each element is measured, not only the page's width: a safety net on the page (overflow-x:
 * clip) hides a sideways scroll but not what it cuts off. An element past the edge is accepted
 * only inside a box of its own that scrolls or clips sideways and fits the screen itself (a table's
 * scroll box, the map's frame, the tab bar at large text), never inside the page's own net.
 * The width compared is `document.documentElement.clientWidth` (what the person sees): Chromium may
 * widen `innerWidth` to the content.
 *
 * The data is a field day's: a volunteer's sheets (one with a long name, a photo and a contact),
 * some handed in and waiting for the mairie's review, a draft; a mairie with her commune.
 * Screenshots for a person to look at: test-results/screens/fits-phone/.
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect, test, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { waitForServiceWorker } from './helpers';
import { makeSmallPhoto, pickCommune, waitForTerritoryStored } from './pages';
import { TestServer, createCoordinator, inviteLink, joinWithLink } from './server';

const SCREENS = resolve('test-results/screens/fits-phone');
const server = new TestServer(Number(process.env.E2E_FITS_PHONE_PORT ?? 4611));

const LONG_NAME = 'Pressoir à cidre et presse à huile de noix de l’association des Vergers conservatoires du Perche';
const SHORT_NAME = 'Four à pain de Préaux';
const DRAFT_NAME = 'Moulin de la Fontaine';

interface Phone {
	context: BrowserContext;
	page: Page;
}

async function phone(browser: Browser): Promise<Phone> {
	const context = await browser.newContext({
		viewport: { width: 360, height: 740 },
		deviceScaleFactor: 2,
		hasTouch: true,
		locale: 'fr-FR',
		timezoneId: 'Europe/Paris',
		serviceWorkers: 'allow'
	});
	return { context, page: await context.newPage() };
}

/** The browser's text size: 16 px (its default) or 32 px (200 %), for this page and the next ones. */
async function textSize(page: Page, standard: 16 | 32): Promise<void> {
	const cdp = await page.context().newCDPSession(page);
	await cdp.send('Page.setFontSizes', { fontSizes: { standard, fixed: standard === 16 ? 13 : 26 } });
}

/** Waits until the screen has stopped changing (data loaded, lazy parts drawn), at most 8 s. */
async function settle(page: Page): Promise<void> {
	await expect(page.getByRole('heading', { level: 1 }).first()).toBeVisible();
	await page
		.waitForFunction(
			() =>
				new Promise<boolean>((done) => {
					let last = performance.now();
					const observer = new MutationObserver(() => (last = performance.now()));
					observer.observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
					const check = () => {
						if (performance.now() - last >= 600) {
							observer.disconnect();
							done(true);
						} else setTimeout(check, 150);
					};
					setTimeout(check, 150);
				}),
			null,
			{ timeout: 8_000 }
		)
		.catch(() => undefined); // a screen that never rests (a live clock) is measured as it is
	await page.evaluate(() => document.fonts.ready.then(() => undefined));
}

/** What reaches past the screen's edge, scrolls without a cue, or wraps into an oval; in words. */
async function layoutProblems(page: Page): Promise<string[]> {
	return page.evaluate(() => {
		const problems: string[] = [];
		const root = document.documentElement;
		const width = root.clientWidth;
		const main = document.querySelector('main');
		// The page itself and what holds it: their own overflow is the safety net, not a box of its own.
		const page = new Set<Element>();
		for (let a: Element | null = main; a; a = a.parentElement) page.add(a);
		const describe = (el: Element) => {
			const r = el.getBoundingClientRect();
			const text = (el.textContent ?? '').replace(/\s+/g, ' ').trim().slice(0, 40);
			const label = el.getAttribute('aria-label') ?? el.getAttribute('alt') ?? '';
			const cls = typeof el.className === 'string' && el.className ? `.${el.className.trim().split(/\s+/).join('.')}` : '';
			return `<${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${cls}>${label ? ` [${label}]` : ''}${text ? ` « ${text} »` : ''} (${Math.round(r.left)}–${Math.round(r.right)} px)`;
		};
		const fits = (r: DOMRect) => r.left >= -1 && r.right <= width + 1;
		/** The nearest box, from `start` up, that scrolls or clips sideways and fits the screen. */
		const ownBox = (start: Element | null): Element | null => {
			for (let a = start; a && !page.has(a); a = a.parentElement) {
				if (getComputedStyle(a).overflowX !== 'visible' && fits(a.getBoundingClientRect())) return a;
			}
			return null;
		};

		if (root.scrollWidth > width) problems.push(`the page scrolls sideways: ${root.scrollWidth} px for ${width} px`);

		// Elements whose box reaches past the edge; only the outermost of each is named.
		const past = new Set<Element>();
		for (const el of document.querySelectorAll('body *')) {
			const r = el.getBoundingClientRect();
			if (r.width === 0 && r.height === 0) continue;
			// Wholly off to the left: where a skip link waits for the focus; it widens nothing.
			if (r.right <= 0) continue;
			if (fits(r) || ownBox(el.parentElement)) continue;
			past.add(el);
		}
		for (const el of past) if (!el.parentElement || !past.has(el.parentElement)) problems.push(`past the edge: ${describe(el)}`);

		// Text that spills out of its box past the edge (a word too long, a line that does not wrap).
		const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
		const spilled = new Set<Element>();
		const range = document.createRange();
		for (let node = walker.nextNode(); node; node = walker.nextNode()) {
			const parent = node.parentElement;
			if (!parent || !node.textContent?.trim() || past.has(parent) || spilled.has(parent)) continue;
			range.selectNodeContents(node);
			for (const r of range.getClientRects()) {
				if (r.width === 0 || r.right <= 0 || fits(r)) continue;
				if (ownBox(parent)) break;
				spilled.add(parent);
				problems.push(`text past the edge: ${describe(parent)}`);
				break;
			}
		}

		// A box that scrolls sideways inside the page says so in visible words (aria-describedby).
		for (const el of main?.querySelectorAll('*') ?? []) {
			const style = getComputedStyle(el);
			if (!['auto', 'scroll'].includes(style.overflowX) || el.scrollWidth <= el.clientWidth + 1) continue;
			if (!el.checkVisibility()) continue;
			const cues = (el.getAttribute('aria-describedby') ?? '')
				.split(/\s+/)
				.map((id) => (id ? document.getElementById(id) : null))
				.filter((c): c is HTMLElement => !!c && c.checkVisibility() && !!c.textContent?.trim() && fits(c.getBoundingClientRect()));
			// A strip of chips (a list) shows its own cue: an item cut by the box's edge says there is more.
			const box = el.getBoundingClientRect();
			const cut =
				['OL', 'UL'].includes(el.tagName) &&
				[...el.children].some((item) => {
					const r = item.getBoundingClientRect();
					return (r.left < box.left - 1 && r.right > box.left + 8) || (r.right > box.right + 1 && r.left < box.right - 8);
				});
			if (cues.length === 0 && !cut) problems.push(`scrolls sideways with no visible cue: ${describe(el)}`);
		}

		// A pill (fully rounded box) whose text wrapped onto several lines is an oval nobody reads.
		for (const el of document.querySelectorAll('body *')) {
			const r = el.getBoundingClientRect();
			if (r.height < 1 || r.width < r.height || !el.checkVisibility()) continue;
			const style = getComputedStyle(el);
			if (!(parseFloat(style.borderTopLeftRadius) >= r.height / 2 - 1)) continue;
			// Its lines: the distinct rows of its text's boxes.
			const rows: number[] = [];
			const texts = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
			for (let node = texts.nextNode(); node; node = texts.nextNode()) {
				if (!node.textContent?.trim() || !node.parentElement?.checkVisibility()) continue;
				// Words for screen readers only (a 1 px clipped box) are no line a person sees.
				const holder = node.parentElement.getBoundingClientRect();
				if (holder.width <= 1 || holder.height <= 1) continue;
				range.selectNodeContents(node);
				for (const line of range.getClientRects()) {
					if (line.width > 0 && !rows.some((top) => Math.abs(top - line.top) < line.height / 2)) rows.push(line.top);
				}
			}
			if (rows.length >= 2) problems.push(`wrapped into an oval (${rows.length} lines): ${describe(el)}`);
		}
		return problems;
	});
}

async function shoot(page: Page, name: string): Promise<void> {
	// The screen as the person sees it (a full-page shot would change the page's emulated metrics
	// and drop the text size set through the DevTools protocol).
	await page.screenshot({ path: `${SCREENS}/${name}.png` });
}

/** Measures the screen shown now; a soft failure names the screen and its culprits. */
async function check(page: Page, who: string, zoom: string, screen: string, shot: string): Promise<void> {
	await settle(page);
	// The text really is at the size this pass is about (17 px, or 34 px at 200 %).
	expect(await page.evaluate(() => getComputedStyle(document.documentElement).fontSize), `${who}, « ${screen} »: the text size`).toBe(
		zoom === '200' ? '34px' : '17px'
	);
	await shoot(page, shot);
	const problems = await layoutProblems(page);
	expect.soft(problems, `${who}, text at ${zoom}, « ${screen} » (${new URL(page.url()).pathname}):\n  ${problems.join('\n  ')}`).toEqual([]);
}

/**
 * Taps each tab of the tab bar in turn, as a person would, and measures the screen it opens.
 * Returns the tabs' names and addresses.
 */
async function eachTab(page: Page, who: string, zoom: string): Promise<{ name: string; href: string }[]> {
	const nav = page.getByRole('navigation', { name: 'Navigation principale' });
	await expect(nav.getByRole('link').first()).toBeVisible();
	const tabs = await nav
		.getByRole('link')
		.evaluateAll((links) => links.map((a) => ({ name: (a.textContent ?? '').replace(/\s+/g, ' ').trim(), href: a.getAttribute('href') ?? '' })));
	for (const [i, tab] of tabs.entries()) {
		await nav.getByRole('link').nth(i).click();
		await page.waitForURL((url) => url.pathname === tab.href);
		await check(page, who, zoom, `tab ${tab.name}`, `${who}-${zoom}-tab-${i}`);
	}
	return tabs;
}

/** The screens linked from « Équipe » (journal, census, coverage, duplicates…), each opened from there. */
async function eachTeamPage(page: Page, zoom: string, tabs: { href: string }[]): Promise<void> {
	const nav = page.getByRole('navigation', { name: 'Navigation principale' });
	const openTeam = async () => {
		await nav.getByRole('link', { name: /Équipe/ }).click();
		await expect(page.getByRole('heading', { name: 'Inviter', level: 2 })).toBeVisible();
	};
	await openTeam();
	const own = new Set(tabs.map((t) => t.href));
	const links = (
		await page
			.locator('main a[href^="/"]')
			.evaluateAll((links) => links.map((a) => ({ name: (a.textContent ?? '').replace(/\s+/g, ' ').trim(), href: a.getAttribute('href') ?? '' })))
	).filter((l, i, all) => l.name && !own.has(l.href) && !l.href.startsWith('/fiches/') && all.findIndex((o) => o.href === l.href) === i);
	expect(links.length, 'links from « Équipe »').toBeGreaterThanOrEqual(5);
	for (const [i, link] of links.entries()) {
		if (i > 0) await openTeam();
		await page.locator('main').getByRole('link', { name: link.name, exact: true }).first().click();
		await page.waitForURL((url) => url.pathname === link.href);
		await check(page, 'coordinateur', zoom, link.name, `coordinateur-${zoom}-equipe-${i}`);
	}
}

/** A sheet's page and its form. */
async function sheetScreens(page: Page, who: string, zoom: string, id: string, form: boolean): Promise<void> {
	await page.goto(`${server.origin}/fiches/${id}`);
	await expect(page.getByRole('heading', { level: 1, name: LONG_NAME })).toBeVisible();
	await check(page, who, zoom, 'the sheet’s page', `${who}-${zoom}-fiche`);
	if (!form) return;
	await page.getByRole('link', { name: 'Modifier', exact: true }).click();
	await page.waitForURL(/\/modifier$/);
	await expect(page.getByLabel('Nom de l’outil ou du lieu')).toHaveValue(LONG_NAME);
	await check(page, who, zoom, 'the sheet’s form', `${who}-${zoom}-formulaire`);
}

/** Opens « Nouvelle fiche », taps a category and fills the name and the commune. */
async function startSheet(page: Page, category: string, name: string, commune: [string, string]): Promise<string> {
	await page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Nouvelle fiche' }).click();
	await page.getByRole('button', { name: category, exact: true }).click();
	await page.waitForURL(/\/fiches\/[^/]+\/modifier$/);
	await page.getByLabel('Nom de l’outil ou du lieu').fill(name);
	await pickCommune(page, ...commune);
	const id = /\/fiches\/([^/]+)\/modifier$/.exec(new URL(page.url()).pathname)?.[1];
	if (!id) throw new Error('no sheet id in the address');
	return id;
}

test('every screen of every role fits a 360 px phone, at normal and at 200 % text', async ({ browser }) => {
	test.setTimeout(420_000);
	mkdirSync(SCREENS, { recursive: true });
	await server.start();
	try {
		const coord = await phone(browser);
		await createCoordinator(coord.page, server);
		const volunteer = await phone(browser);
		await joinWithLink(volunteer.page, server, await inviteLink(coord.page, server, { role: 'benevole' }), 'Marie-Thérèse Lefèvre-Dumoulin');
		await waitForServiceWorker(volunteer.page);
		await waitForTerritoryStored(volunteer.page);

		// The volunteer's day: a sheet with a long name, a contact and a photo, handed in; another
		// handed in; a draft left for later.
		const longId = await startSheet(volunteer.page, 'Pressoir', LONG_NAME, ['perche en noce', 'Perche en Nocé']);
		await volunteer.page.getByRole('checkbox', { name: /La personne est d’accord/ }).check();
		await volunteer.page.getByLabel('Nom de la personne').fill('Jean-Baptiste Delacroix-Montgommery');
		await volunteer.page.getByLabel('Téléphone', { exact: true }).fill('06 12 34 56 78');
		await volunteer.page.getByLabel('E-mail', { exact: true }).fill('jean-baptiste.delacroix-montgommery@vergers-conservatoires-du-perche.fr');
		await volunteer.page
			.getByLabel('Choisir dans la galerie')
			.setInputFiles({ name: 'pressoir.jpg', mimeType: 'image/jpeg', buffer: await makeSmallPhoto(volunteer.page) });
		await expect(volunteer.page.getByRole('button', { name: /Retirer la photo/ }).first()).toBeVisible();
		await volunteer.page.getByRole('button', { name: 'Terminer la fiche' }).click();
		await startSheet(volunteer.page, 'Fournil, four à pain, four banal', SHORT_NAME, ['perche en noce', 'Perche en Nocé']);
		await volunteer.page.getByRole('button', { name: 'Terminer la fiche' }).click();
		await startSheet(volunteer.page, 'Moulin à farine', DRAFT_NAME, ['ceton', 'Ceton']);
		await volunteer.page
			.getByRole('navigation', { name: 'Navigation principale' })
			.getByRole('link', { name: /Mes fiches/ })
			.click();
		// The phone sends on its own a few seconds after an edit: wait until the server has them.
		await expect.poll(async () => (await coord.page.request.get(`${server.origin}/api/census`)).text(), { timeout: 30_000 }).toContain(SHORT_NAME);

		// The mairie of Perche en Nocé joins: two sheets wait for her review.
		const mairie = await phone(browser);
		await joinWithLink(mairie.page, server, await inviteLink(coord.page, server, { role: 'mairie', communes: ['61309'] }), 'Mairie de Perche en Nocé');
		await waitForServiceWorker(mairie.page);
		await waitForTerritoryStored(mairie.page);
		// Opening the app again pulls (with or without a pull right after joining).
		await expect(async () => {
			await mairie.page.goto(`${server.origin}/fiches/${longId}`);
			await expect(mairie.page.getByRole('heading', { level: 1, name: LONG_NAME })).toBeVisible({ timeout: 3_000 });
		}).toPass({ timeout: 30_000 });
		await coord.page.goto(`${server.origin}/`);
		await waitForServiceWorker(coord.page);
		await waitForTerritoryStored(coord.page);
		await expect(async () => {
			await coord.page.goto(`${server.origin}/fiches/${longId}`);
			await expect(coord.page.getByRole('heading', { level: 1, name: LONG_NAME })).toBeVisible({ timeout: 3_000 });
		}).toPass({ timeout: 30_000 });

		for (const zoom of ['100', '200'] as const) {
			for (const [who, { page }] of [
				['benevole', volunteer],
				['mairie', mairie],
				['coordinateur', coord]
			] as const) {
				if (zoom === '200') await textSize(page, 32);
				await page.goto(`${server.origin}/`);
				const tabs = await eachTab(page, who, zoom);
				if (who === 'coordinateur') await eachTeamPage(page, zoom, tabs);
				await sheetScreens(page, who, zoom, longId, who === 'benevole');
			}
		}
		for (const p of [volunteer, mairie, coord]) await p.context.close();
	} finally {
		await server.dispose();
	}
});
