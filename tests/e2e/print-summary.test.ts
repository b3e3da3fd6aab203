/**
 * The commune's printable summary: a mairie prints the tools of its commune for the council
 * meeting. The page reads the device's own database (it works offline), and Chromium's print gives an
 * A4 PDF holding this commune's tools and no other commune's, without the app's navigation.
 */
import { expect, test, type Page } from '@playwright/test';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { expectNoSeriousA11yViolations, goOffline, waitForServiceWorker } from './helpers';
import { expectSaved, newSheet, pickCommune, readStore, waitForTerritoryStored } from './pages';

const PRESSOIR = 'Pressoir de l’association Les Pommes du Perche';
const MOULIN = 'Moulin du Bois de Nocé';
const FOUR = 'Four banal du bourg';
const ELSEWHERE = 'Pressoir de la Ferté';

const MAINS_QUESTION = 'Fonctionne-t-il sans électricité du réseau ?';

async function answer(page: Page, question: string, choice: string): Promise<void> {
	await page.getByRole('group', { name: question }).getByText(choice, { exact: true }).click();
	await expect(page.getByRole('group', { name: question }).getByRole('radio', { name: choice, exact: true })).toBeChecked();
}

/** The text of every page of a PDF, whitespace folded, and each page's size in points. */
async function readPdf(bytes: Buffer): Promise<{ text: string; sizes: { width: number; height: number }[] }> {
	const doc = await getDocument({ data: new Uint8Array(bytes), isEvalSupported: false, disableFontFace: true }).promise;
	let text = '';
	const sizes: { width: number; height: number }[] = [];
	for (let n = 1; n <= doc.numPages; n++) {
		const pdfPage = await doc.getPage(n);
		const { width, height } = pdfPage.getViewport({ scale: 1 });
		sizes.push({ width, height });
		const content = await pdfPage.getTextContent();
		for (const item of content.items) {
			if ('str' in item) text += item.str + (item.hasEOL ? '\n' : '');
		}
		text += '\n';
	}
	await doc.destroy();
	return { text: text.replace(/\s+/g, ' '), sizes };
}

test('prints the summary of one commune: its tools by category, as an A4 PDF', async ({ context, page }, testInfo) => {
	await page.goto('/');
	await waitForServiceWorker(page);
	await waitForTerritoryStored(page);
	// Everything below works without network: the summary is made from the device's own sheets.
	await goOffline(context);
	await page.reload();

	await newSheet(page, 'pressoir');
	await page.getByLabel('Nom de l’outil ou du lieu').fill(PRESSOIR);
	await pickCommune(page, 'perche en noce', 'Perche en Nocé');
	await answer(page, MAINS_QUESTION, 'Oui');
	await answer(page, 'État actuel', 'En service');
	await expectSaved(page);

	await newSheet(page, 'moulin_farine');
	await page.getByLabel('Nom de l’outil ou du lieu').fill(MOULIN);
	await pickCommune(page, 'perche en noce', 'Perche en Nocé');
	await answer(page, 'État actuel', 'À réparer');
	await page.getByLabel('Vérifié sur place le').fill('15/03/2020');
	await page.getByLabel('Vérifié sur place le').blur();
	await page.getByRole('button', { name: 'Terminer la fiche' }).click();
	await expect(page.getByRole('heading', { name: 'Fiche terminée', level: 1 })).toBeVisible();

	await newSheet(page, 'fournil_four');
	await page.getByLabel('Nom de l’outil ou du lieu').fill(FOUR);
	await pickCommune(page, 'perche en noce', 'Perche en Nocé');
	await answer(page, MAINS_QUESTION, 'Non');
	await expectSaved(page);

	await newSheet(page, 'pressoir');
	await page.getByLabel('Nom de l’outil ou du lieu').fill(ELSEWHERE);
	await pickCommune(page, 'ferte vidame', 'La Ferté-Vidame');
	await answer(page, MAINS_QUESTION, 'Oui');
	await expectSaved(page);

	const rows = await readStore<{ fields: { name: string; commune: string | null; verifiedOn: string | null } }>(page, 'sheets');
	expect(rows).toHaveLength(4);
	const insee = rows.find((r) => r.fields.name === PRESSOIR)?.fields.commune;
	expect(insee, 'the commune chosen for the press').toBeTruthy();
	expect(rows.find((r) => r.fields.name === MOULIN)?.fields.verifiedOn).toBe('2020-03-15');
	expect(rows.find((r) => r.fields.name === ELSEWHERE)?.fields.commune).not.toBe(insee);

	// The screen version, on the phone.
	await page.goto(`/commune/imprimer?commune=${insee}`);
	const summary = page.getByTestId('print-summary');
	await expect(summary).toBeVisible();
	await expect(page.getByRole('heading', { level: 1, name: 'Perche en Nocé' })).toBeVisible();
	await expect(summary).toContainText('Récapitulatif des outils de transformation alimentaire');
	const tools = page.getByTestId('print-tool');
	await expect(tools).toHaveCount(3);
	for (const name of [PRESSOIR, MOULIN, FOUR]) await expect(page.getByRole('heading', { level: 3, name })).toBeVisible();
	await expect(summary).not.toContainText(ELSEWHERE);
	// Groups follow the catalogue's order: grains (moulin, four) before fruits (pressoir).
	await expect(page.getByTestId('print-group').locator('h2')).toHaveText([/^Moulin à farine/, /^Fournil, four à pain/, /^Pressoir/]);
	await expect(page.getByTestId('print-totals')).toContainText('3 outils');
	await expect(page.getByTestId('print-totals')).toContainText('1 fonctionne sans courant du réseau');
	await expect(page.getByTestId('print-totals')).toContainText('1 à revérifier sur place');
	const press = tools.filter({ hasText: PRESSOIR });
	await expect(press.getByTestId('print-mains')).toHaveText('✔ Oui : fonctionne sans courant');
	await expect(press).toContainText('En service');
	const mill = tools.filter({ hasText: MOULIN });
	await expect(mill).toContainText('15/03/2020');
	await expect(mill.getByTestId('print-due')).toHaveText('⚠ à revérifier');
	await expect(mill).toContainText('À réparer');
	await expect(mill).toContainText('Soumise (à relire)');
	const oven = tools.filter({ hasText: FOUR });
	await expect(oven.getByTestId('print-mains')).toHaveText('✘ Non : a besoin du courant');
	await expect(oven).toContainText('non renseigné');
	await expect(oven.getByTestId('print-due')).toHaveCount(0);
	await page.screenshot({ path: testInfo.outputPath('summary-360px.png'), fullPage: true });
	await expectNoSeriousA11yViolations(page);

	// "Imprimer" opens the browser's print dialog (stubbed here: a headless browser has none).
	await page.evaluate(() => {
		window.print = () => document.body.setAttribute('data-printed', 'yes');
	});
	await page.getByRole('button', { name: 'Imprimer' }).click();
	await expect(page.locator('body')).toHaveAttribute('data-printed', 'yes');

	// Printed: Chromium's print to PDF (print media), A4.
	const pdf = await page.pdf({ format: 'A4', path: testInfo.outputPath('summary.pdf') });
	const { text, sizes } = await readPdf(pdf);
	expect(sizes.length).toBeGreaterThanOrEqual(1);
	for (const size of sizes) {
		expect(Math.abs(size.width - 595)).toBeLessThanOrEqual(1);
		expect(Math.abs(size.height - 842)).toBeLessThanOrEqual(1);
	}
	for (const expected of [
		'Perche en Nocé',
		'Récapitulatif des outils de transformation alimentaire',
		PRESSOIR,
		MOULIN,
		FOUR,
		'fonctionne sans courant',
		'à revérifier'
	])
		expect(text, `the PDF holds « ${expected} »`).toContain(expected);
	expect(text, "the other commune's tool is not printed").not.toContain(ELSEWHERE);
	// None of the app's chrome is printed: tab bar, network state, print button.
	for (const chrome of ['Nouvelle fiche', 'Hors ligne', 'Imprimer']) expect(text, `the PDF does not hold « ${chrome} »`).not.toContain(chrome);
});

test('without a commune, or with an unknown one, says so in French and offers the communes of the device', async ({ page }) => {
	await page.goto('/');
	await waitForTerritoryStored(page);
	await newSheet(page, 'alambic');
	await page.getByLabel('Nom de l’outil ou du lieu').fill('Alambic de Mortagne');
	await pickCommune(page, 'mortagne', 'Mortagne-au-Perche');
	await expectSaved(page);

	await page.goto('/commune/imprimer');
	await expect(page.getByRole('heading', { level: 1, name: 'Récapitulatif à imprimer' })).toBeVisible();
	await expect(page.getByText('Choisissez la commune dont vous voulez imprimer le récapitulatif.')).toBeVisible();
	await page.getByRole('link', { name: 'Mortagne-au-Perche' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Mortagne-au-Perche' })).toBeVisible();
	await expect(page.getByTestId('print-tool')).toHaveText([/Alambic de Mortagne/]);

	await page.goto('/commune/imprimer?commune=99999');
	await expect(page.getByTestId('print-unknown')).toHaveText('La commune « 99999 » n’est pas connue de l’atlas.');
	await expect(page.getByRole('link', { name: 'Mortagne-au-Perche' })).toBeVisible();
});
