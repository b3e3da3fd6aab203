/**
 * Keyboard alone (no click, no fill): the first-run, team invite, sign-in and join forms, the sheet
 * form from « Nouvelle fiche » to « Terminer la fiche », the mairie's send-back and comment, and a
 * confirmation dialog closed with Escape. Focus moves only with Tab / Shift+Tab, the values are
 * typed, radios move with the arrows, boxes tick with Space, buttons go with Enter or Space. On
 * every stop the focused element must show a ring (outline of 2 px or more, with 3:1 contrast
 * against what surrounds it — WCAG 1.4.11 — or a white band that has it), and must not be hidden
 * under the sticky header or the tab bar. Own server (the default territory).
 */
import { expect, test, type BrowserContext, type Locator, type Page } from '@playwright/test';
import { waitForServiceWorker } from './helpers';
import { waitForTerritoryStored } from './pages';
import { TestServer, inviteLink } from './server';

const server = new TestServer(Number(process.env.E2E_KEYBOARD_PORT ?? 4444));

test.describe.configure({ mode: 'serial' });

let coord: { context: BrowserContext; page: Page };
let marie: { context: BrowserContext; page: Page };
let sheetId = '';

test.beforeAll(async ({ browser }) => {
	await server.start();
	const open = async () => {
		const context = await browser.newContext({ viewport: { width: 360, height: 740 }, locale: 'fr-FR', timezoneId: 'Europe/Paris', serviceWorkers: 'allow' });
		return { context, page: await context.newPage() };
	};
	coord = await open();
	marie = await open();
});
test.afterAll(async () => {
	await coord?.context.close();
	await marie?.context.close();
	await server.dispose();
});

interface FocusReport {
	what: string;
	problem: string | null;
}

/**
 * What the focused element shows. A visually hidden input (a chip's radio, a file button) shows its
 * ring on its label. The ring must be drawn (outline ≥ 2 px, or Chromium's own `auto` ring) and
 * stand out: 3:1 between the outline and the background around it, or between the white inner
 * band (box-shadow) and that background. The element's centre must not be covered.
 */
function focusReport(page: Page): Promise<FocusReport> {
	return page.evaluate(() => {
		const el = document.activeElement as HTMLElement | null;
		if (!el || el === document.body || el === document.documentElement) return { what: 'body', problem: 'the focus is lost (on the page body)' };
		const what = `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''} « ${(el.getAttribute('aria-label') ?? el.textContent ?? '').trim().slice(0, 40)} »`;
		const box = el.getBoundingClientRect();
		const shown = (box.width <= 2 || box.height <= 2 ? el.closest('label') : null) ?? el;
		const style = getComputedStyle(shown);
		const rgb = (c: string): [number, number, number, number] => {
			const m = /rgba?\(([\d.]+),? ([\d.]+),? ([\d.]+)(?:,? \/? ?([\d.]+))?\)/.exec(c);
			return m ? [Number(m[1]), Number(m[2]), Number(m[3]), m[4] === undefined ? 1 : Number(m[4])] : [0, 0, 0, 0];
		};
		const lum = ([r, g, b]: number[]) => {
			const f = (v: number) => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
			return 0.2126 * f(r ?? 0) + 0.7152 * f(g ?? 0) + 0.0722 * f(b ?? 0);
		};
		const ratio = (a: number[], b: number[]) => {
			const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p) as [number, number];
			return (x + 0.05) / (y + 0.05);
		};
		let around: Element | null = shown.parentElement;
		let bg = [255, 255, 255, 1];
		while (around) {
			const c = rgb(getComputedStyle(around).backgroundColor);
			if (c[3] > 0.5) {
				bg = c;
				break;
			}
			around = around.parentElement;
		}
		if (style.outlineStyle === 'none' || (style.outlineStyle !== 'auto' && parseFloat(style.outlineWidth) < 2)) {
			return { what, problem: `no focus ring (outline ${style.outlineStyle} ${style.outlineWidth})` };
		}
		if (style.outlineStyle !== 'auto') {
			const ring = ratio(rgb(style.outlineColor), bg);
			const band = /rgb\(255, 255, 255\)/.test(style.boxShadow) ? ratio([255, 255, 255], bg) : 0;
			if (Math.max(ring, band) < 3) return { what, problem: `focus ring contrast ${ring.toFixed(2)}:1 against ${String(bg)}` };
		}
		const r = shown.getBoundingClientRect();
		const x = Math.min(Math.max(r.left + r.width / 2, 0), innerWidth - 1);
		const y = Math.min(Math.max(r.top + Math.min(r.height / 2, 20), 0), innerHeight - 1);
		const top = document.elementFromPoint(x, y);
		if (r.bottom < 0 || r.top > innerHeight) return { what, problem: 'out of view' };
		if (top && !shown.contains(top) && !top.contains(shown)) return { what, problem: `covered by ${top.tagName.toLowerCase()}.${top.className}` };
		return { what, problem: null };
	});
}

async function expectFocusVisible(page: Page, settle = false): Promise<void> {
	let report = await focusReport(page);
	// After an action the page may still be scrolling (smoothly) to what got the focus.
	for (let i = 0; settle && report.problem && i < 20; i++) {
		await page.waitForTimeout(150);
		report = await focusReport(page);
	}
	expect.soft(report.problem, `focus on ${report.what} (${page.url()})`).toBeNull();
}

/** Tab (or Shift+Tab) until `target` has the focus, checking the ring at every stop. */
async function tabTo(page: Page, target: Locator, { back = false, max = 60 } = {}): Promise<void> {
	for (let i = 0; i < max; i++) {
		await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
		const report = await focusReport(page);
		// Past the last element (or before the first) the focus leaves the page for the browser: not a stop to check.
		if (report.what === 'body') continue;
		expect.soft(report.problem, `focus on ${report.what} (${page.url()})`).toBeNull();
		if (await target.evaluate((el) => el === document.activeElement || el.contains(document.activeElement)).catch(() => false)) return;
	}
	throw new Error(`${String(target)} never got the focus after ${max} presses of ${back ? 'Shift+Tab' : 'Tab'}`);
}

async function expectFocused(target: Locator): Promise<void> {
	await expect(target).toBeFocused();
	await expectFocusVisible(target.page(), true);
}

test('first run and team invite, with the keyboard alone', async () => {
	const { page } = coord;
	await page.goto(server.setupLink());
	await tabTo(page, page.getByLabel('Votre nom'));
	await page.keyboard.type('Claire Coordination');
	await tabTo(page, page.locator('#setup-login'));
	await page.keyboard.type('claire@exemple.fr');
	await tabTo(page, page.locator('#setup-password'));
	await page.keyboard.type('pommes et poires');
	await page.keyboard.press('Enter');
	// Her home, with the first-run checklist: its step « Inviter les mairies » opens « Équipe ».
	await expect(page).toHaveURL(`${server.origin}/`);
	await waitForServiceWorker(page);
	await waitForTerritoryStored(page);
	await tabTo(page, page.getByRole('link', { name: 'Inviter les mairies' }));
	await page.keyboard.press('Enter');
	await expect(page).toHaveURL(/\/equipe$/);

	// The invite form: the role with the arrows, a commune from the list, a name, then Enter.
	await tabTo(page, page.getByRole('radio', { name: 'Bénévole' }));
	await page.keyboard.press('ArrowRight');
	await expectFocused(page.getByRole('radio', { name: 'Mairie' }));
	await expect(page.getByRole('radio', { name: 'Mairie' })).toBeChecked();
	await tabTo(page, page.locator('#invite-communes'));
	await page.keyboard.type('ceton');
	// The first match is highlighted as the list opens (aria-activedescendant); Enter takes it.
	await expect(page.getByRole('option', { name: /Ceton/ }).first()).toHaveAttribute('aria-selected', 'true');
	await page.keyboard.press('Enter');
	await expect(page.getByRole('button', { name: /Retirer Ceton/ })).toBeVisible();
	await expectFocused(page.locator('#invite-communes'));
	await tabTo(page, page.getByLabel('Nom du lien (facultatif)'));
	await page.keyboard.type('Mairie de Ceton');
	await page.keyboard.press('Enter');
	// The new link's panel takes the focus (its heading), and gives it back to the form when closed.
	const panel = page.getByTestId('invite-link');
	await expect(panel).toBeVisible();
	await expectFocused(panel.getByRole('heading'));
	await tabTo(page, panel.getByRole('button', { name: 'Fermer' }));
	await page.keyboard.press('Enter');
	await expect(panel).toHaveCount(0);
	await expectFocused(page.getByRole('button', { name: 'Créer le lien' }));
});

test('sign-in, refused then accepted, with the keyboard alone', async ({ browser }) => {
	const context = await browser.newContext({ viewport: { width: 360, height: 740 }, locale: 'fr-FR' });
	const page = await context.newPage();
	await page.goto(`${server.origin}/connexion`);
	await tabTo(page, page.getByLabel('Identifiant'));
	await page.keyboard.type('claire@exemple.fr');
	await tabTo(page, page.getByLabel('Mot de passe'));
	await page.keyboard.type('mauvais mot de passe');
	await tabTo(page, page.getByRole('button', { name: 'Se connecter' }));
	await page.keyboard.press('Enter');
	await expect(page.getByRole('alert')).toHaveText('Identifiant ou mot de passe incorrect.');
	// The focus stays on the button that was pressed (it is not dropped on the page while sending).
	await expectFocused(page.getByRole('button', { name: 'Se connecter' }));
	await tabTo(page, page.getByLabel('Mot de passe'), { back: true });
	await page.keyboard.press('ControlOrMeta+A');
	await page.keyboard.type('pommes et poires');
	await page.keyboard.press('Enter');
	// The coordinator lands on her home.
	await expect(page).toHaveURL(`${server.origin}/`);
	await context.close();
});

test('join, then a sheet written and handed in, with the keyboard alone', async () => {
	test.setTimeout(90_000);
	const { page } = marie;
	await page.goto(await inviteLink(coord.page, server, { role: 'benevole' }));
	await tabTo(page, page.getByLabel('Votre nom (tel que l’équipe le verra)'));
	await page.keyboard.type('Marie Lefèvre');
	await page.keyboard.press('Enter');
	await expect(page).toHaveURL(`${server.origin}/`);
	await waitForServiceWorker(page);
	await waitForTerritoryStored(page);

	// The skip link first, then « Nouvelle fiche », then a category.
	await page.goto(`${server.origin}/`);
	await expect(page.getByRole('heading', { name: 'Mes fiches', level: 1 })).toBeVisible();
	await tabTo(page, page.getByRole('link', { name: 'Aller au contenu' }), { max: 2 });
	await page.keyboard.press('Enter');
	await tabTo(page, page.locator('main').getByRole('link', { name: 'Nouvelle fiche' }));
	await page.keyboard.press('Enter');
	await expect(page.getByRole('heading', { name: 'Nouvelle fiche', level: 1 })).toBeVisible();
	await tabTo(page, page.locator('[data-category="pressoir"]'));
	await page.keyboard.press('Enter');
	await page.waitForURL(/\/fiches\/[^/]+\/modifier$/);
	sheetId = /\/fiches\/([^/]+)\/modifier$/.exec(page.url())?.[1] ?? '';

	// Handing in too early: the focus goes to the list of what is missing.
	await tabTo(page, page.getByRole('button', { name: 'Terminer la fiche' }));
	await page.keyboard.press('Enter');
	await expectFocused(page.locator('#hand-in-problems'));

	// Back up the form (Shift+Tab) to the name, then down through it.
	await tabTo(page, page.getByLabel('Nom de l’outil ou du lieu'), { back: true, max: 120 });
	await page.keyboard.type('Pressoir de la Grande Noë');
	await tabTo(page, page.getByRole('checkbox', { name: /mobile/i }));
	await page.keyboard.press('Space');
	await expect(page.getByRole('checkbox', { name: /mobile/i })).toBeChecked();
	await tabTo(page, page.locator('#f-commune'));
	await page.keyboard.type('ceton');
	// The first match is highlighted as the list opens (aria-activedescendant); Enter takes it.
	await expect(page.getByRole('option', { name: /Ceton/ }).first()).toHaveAttribute('aria-selected', 'true');
	await page.keyboard.press('Enter');
	await expectFocused(page.getByRole('button', { name: /Changer de commune/ }));
	await tabTo(page, page.locator('#f-capacityValue'));
	await page.keyboard.type('250');
	await tabTo(page, page.getByRole('checkbox', { name: 'Électrique (secteur)' }));
	await page.keyboard.press('Space');
	// The power-cut question has no answer yet: Tab reaches its first button, Space answers it.
	await tabTo(page, page.getByRole('radio', { name: 'Oui' }).first());
	await page.keyboard.press('Space');
	await expect(page.getByRole('radio', { name: 'Oui' }).first()).toBeChecked();
	await tabTo(page, page.getByRole('radio', { name: 'En service' }));
	await page.keyboard.press('Space');
	await expect(page.getByRole('radio', { name: 'En service' })).toBeChecked();
	await tabTo(page, page.locator('#f-verifiedOn'));
	await page.keyboard.type('01/10/2026');
	await tabTo(page, page.locator('#f-orgPhone'));
	await page.keyboard.type('02 33 25 00 00');
	await expect(page.getByTestId('save-state')).toHaveText('Enregistré sur cet appareil');

	// « Terminer la fiche » with Enter: handed in, and the focus on the title that says so.
	await tabTo(page, page.getByRole('button', { name: 'Terminer la fiche' }), { max: 80 });
	await page.keyboard.press('Enter');
	await expectFocused(page.getByRole('heading', { name: 'Fiche terminée', level: 1 }));
	// The next step is the next Tab away.
	await tabTo(page, page.getByRole('link', { name: 'Recenser un autre outil' }));

	// The delete confirmation: opened with Enter, the focus inside, closed with Escape, back on its button.
	await page.goto(`${server.origin}/fiches/${sheetId}`);
	await tabTo(page, page.getByRole('button', { name: 'Supprimer' }));
	await page.keyboard.press('Enter');
	const dialog = page.getByRole('dialog');
	await expect(dialog).toBeVisible();
	await expect(dialog.getByRole('button', { name: 'Annuler' })).toBeFocused();
	await page.keyboard.press('Escape');
	await expect(dialog).toBeHidden();
	await expectFocused(page.getByRole('button', { name: 'Supprimer' }));

	await page.goto(`${server.origin}/`);
	await tabTo(page, page.getByRole('button', { name: 'Synchroniser maintenant' }));
	await page.keyboard.press('Enter');
	await expect(page.getByTestId('sync-bar')).toContainText('Tout est envoyé.', { timeout: 20_000 });
});

test('the mairie sends the sheet back and comments, with the keyboard alone', async ({ browser }) => {
	const context = await browser.newContext({ viewport: { width: 360, height: 740 }, locale: 'fr-FR', serviceWorkers: 'allow' });
	const page = await context.newPage();
	await page.goto(await inviteLink(coord.page, server, { role: 'mairie', communes: ['61079'] }));
	await tabTo(page, page.getByLabel('Votre nom (tel que l’équipe le verra)'));
	await page.keyboard.type('Mairie de Ceton');
	await page.keyboard.press('Enter');
	// A mairie lands on her commune's sheets.
	await expect(page).toHaveURL(`${server.origin}/commune`);
	await waitForServiceWorker(page);
	await waitForTerritoryStored(page);
	await page.goto(`${server.origin}/fiches/${sheetId}`);
	await expect(page.getByTestId('review-status')).toContainText('Soumise');
	// « Renvoyer pour correction » opens the message box with the focus in it.
	await tabTo(page, page.getByRole('button', { name: 'Renvoyer pour correction' }));
	await page.keyboard.press('Enter');
	const reason = page.getByLabel('Ce qu’il faut corriger (obligatoire)');
	await expectFocused(reason);
	// Sent empty: refused, the focus back in the box.
	await tabTo(page, page.getByRole('button', { name: 'Renvoyer avec ce message' }));
	await page.keyboard.press('Space');
	await expect(page.getByText('Écrivez ce qu’il faut corriger')).toBeVisible();
	await expectFocused(reason);
	await page.keyboard.type('Il manque le nom de l’association.');
	await tabTo(page, page.getByRole('button', { name: 'Renvoyer avec ce message' }));
	await page.keyboard.press('Enter');
	await expect(page.getByTestId('review-status')).toContainText('À corriger');
	// The decision taken, the focus goes to the new status rather than to the page.
	await expectFocused(page.getByTestId('review-status'));

	// A comment: typed, sent with Enter on its button; the focus stays in the thread's form.
	await tabTo(page, page.getByLabel('Écrire un message'));
	await page.keyboard.type('Je passe jeudi voir le pressoir.');
	await tabTo(page, page.getByRole('button', { name: 'Envoyer le message' }));
	await page.keyboard.press('Enter');
	await expect(page.getByTestId('comment-thread')).toContainText('Je passe jeudi voir le pressoir.');
	await expectFocused(page.getByRole('button', { name: 'Envoyer le message' }));
	await context.close();
});
