/**
 * The guides for people, as a new person finds them: from « Cet appareil », at 360 px, each guide
 * shows its steps with every screenshot loaded, in French and in English (screens in the chosen
 * language), fits the phone, opens offline after a first visit, and prints on A4 without the app's
 * chrome. The empty « Mes fiches » leads to the volunteer's guide.
 */
import { expect, test, type Page } from '@playwright/test';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { expectNoA11yViolations, goOffline, waitForServiceWorker } from './helpers';
import { TestServer } from './server';

const server = new TestServer(Number(process.env.E2E_GUIDES_PORT ?? 4681));
test.beforeAll(async () => server.start());
test.afterAll(async () => server.dispose());

test.use({ viewport: { width: 360, height: 740 } });

const GUIDES = {
	fr: {
		device: 'Cet appareil',
		nav: 'Navigation principale',
		benevole: { link: 'Guide du bénévole', steps: 7, first: 'Rejoignez l’équipe' },
		mairie: { link: 'Guide de la mairie', steps: 6, first: 'Rejoignez l’Atlas' },
		print: 'Imprimer ce guide'
	},
	en: {
		device: 'This device',
		nav: 'Main navigation',
		benevole: { link: 'Volunteer’s guide', steps: 7, first: 'Join the team' },
		mairie: { link: 'Town hall’s guide', steps: 6, first: 'Join the Atlas' },
		print: 'Print this guide'
	}
} as const;
type Language = keyof typeof GUIDES;

/** Every element's right edge, against the width the person sees (not innerWidth: see the issue). */
async function widestOverflow(page: Page): Promise<string[]> {
	return page.locator('body').evaluate((body) => {
		const width = document.documentElement.clientWidth;
		const over = [...body.querySelectorAll('*')].filter((el) => el.getBoundingClientRect().right > width + 0.5);
		const page = document.documentElement.scrollWidth > width ? [`the page: ${document.documentElement.scrollWidth} > ${width}`] : [];
		return [...page, ...over.map((el) => `${el.tagName.toLowerCase()}.${el.className}: ${Math.round(el.getBoundingClientRect().right)} > ${width}`)];
	});
}

/** The guide's steps, each screenshot decoded (its natural width known) and from the language's set. */
async function expectGuide(page: Page, language: Language, guide: 'benevole' | 'mairie'): Promise<void> {
	const words = GUIDES[language][guide];
	await expect(page.getByRole('heading', { level: 1, name: words.link })).toBeVisible();
	const steps = page.getByRole('main').getByRole('list').first().getByRole('listitem');
	await expect(steps).toHaveCount(words.steps);
	await expect(steps.first().getByRole('heading', { level: 2 })).toContainText(words.first);
	const images = page.getByRole('main').getByRole('img');
	await expect(images).toHaveCount(words.steps);
	for (const image of await images.all()) {
		await image.scrollIntoViewIfNeeded();
		await expect(image).toHaveAttribute('src', new RegExp(`^/guides/${language}/${guide}-\\d-[a-z]+\\.webp$`));
		await expect(image).toHaveAttribute('alt', /\S/);
		await expect
			.poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth), { message: `${await image.getAttribute('src')} is shown` })
			.toBe(360);
	}
	expect(await widestOverflow(page)).toEqual([]);
}

async function openFromDevice(page: Page, language: Language, guide: 'benevole' | 'mairie'): Promise<void> {
	await page.getByRole('navigation', { name: GUIDES[language].nav }).getByRole('link', { name: GUIDES[language].device }).click();
	await page.getByRole('link', { name: GUIDES[language][guide].link }).click();
	await expectGuide(page, language, guide);
}

test('each guide opens from « Cet appareil » with its screenshots, in French and in English, fits the phone, and opens offline after a first visit', async ({
	context,
	page
}) => {
	test.setTimeout(180_000); // eight guide pages, each image checked, on a shared machine
	await page.goto(`${server.origin}/`);
	await waitForServiceWorker(page);

	// A new person's empty « Mes fiches » leads to the volunteer's guide.
	await page.getByRole('link', { name: 'Comment ça marche ?' }).click();
	await expectGuide(page, 'fr', 'benevole');

	await expectNoA11yViolations(page, 'Guide du bénévole');

	await openFromDevice(page, 'fr', 'benevole');
	await page.getByRole('link', { name: 'Vous relisez les fiches pour une mairie ? Lisez le guide de la mairie.' }).click();
	await expectGuide(page, 'fr', 'mairie');
	await expectNoA11yViolations(page, 'Guide de la mairie');
	await openFromDevice(page, 'fr', 'mairie');

	// English, chosen on « Cet appareil »: the words and the screens of the guides follow.
	await page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Cet appareil' }).click();
	await expect(page.getByRole('heading', { level: 2, name: 'Comment ça marche ?' })).toBeVisible();
	await expectNoA11yViolations(page, 'Cet appareil, with the guides');
	await page.getByRole('radiogroup', { name: 'Langue / Language' }).getByLabel('English').check();
	await expect(page.getByRole('heading', { level: 1, name: 'This device' })).toBeVisible();
	await openFromDevice(page, 'en', 'benevole');
	await openFromDevice(page, 'en', 'mairie');

	// No network: a fresh start of the app, each guide seen once is there with its screenshots.
	await goOffline(context);
	await page.reload();
	await expectGuide(page, 'en', 'mairie');
	await openFromDevice(page, 'en', 'benevole');
	await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'This device' }).click();
	await page.getByRole('radiogroup', { name: 'Langue / Language' }).getByLabel('Français').check();
	await openFromDevice(page, 'fr', 'benevole');
	await openFromDevice(page, 'fr', 'mairie');
});

test('a guide prints on one A4 sheet: its steps, without the app’s bars or its print button', async ({ page }) => {
	test.setTimeout(120_000);
	for (const guide of ['benevole', 'mairie'] as const) {
		await page.goto(`${server.origin}/guide/${guide}`);
		await expectGuide(page, 'fr', guide);
		await expect(page.getByRole('button', { name: GUIDES.fr.print })).toBeVisible();
		const pdf = await page.pdf({ format: 'A4' });
		const doc = await getDocument({ data: new Uint8Array(pdf), isEvalSupported: false, disableFontFace: true }).promise;
		let text = '';
		for (let n = 1; n <= doc.numPages; n++) {
			const pdfPage = await doc.getPage(n);
			const { width, height } = pdfPage.getViewport({ scale: 1 });
			// A4 in points (210 × 297 mm: 595.3 × 841.9; Chromium rounds to whole pixels).
			expect(width).toBeCloseTo(595.3, -0.5);
			expect(height).toBeCloseTo(841.9, -0.5);
			for (const item of (await pdfPage.getTextContent()).items) if ('str' in item) text += `${item.str} `;
		}
		const pages = doc.numPages;
		await doc.destroy();
		text = text.replace(/\s+/g, ' ');
		expect(pages, `${guide}: ${pages} pages`).toBe(1);
		expect(text).toContain(GUIDES.fr[guide].link);
		expect(text).toContain(GUIDES.fr[guide].first);
		for (const chrome of [GUIDES.fr.print, 'Cet appareil', 'Atlas des outils', 'En ligne']) expect(text, guide).not.toContain(chrome);
	}
});
