/**
 * A first day as people live it, driven only by what they see (roles, labels, texts): a volunteer
 * records a sheet in a commune and it is sent; that commune's mairie joins by the link the
 * coordinator made, in a fresh browser, and without any reload lands on her commune's sheets and
 * sees it; she reads it (its content comes before the decision), sends it back with a message; the
 * volunteer sees it « à corriger » with the message, corrects one field and resends it; the mairie
 * sees that field, and only that one, highlighted with its value before, and validates; the
 * volunteer sees it validated. Its own server (empty database).
 */
import { expect, test, type Browser, type Page } from '@playwright/test';
import { expectNoSeriousA11yViolations, waitForServiceWorker } from './helpers';
import { TestServer, createCoordinator } from './server';

const server = new TestServer(Number(process.env.E2E_FIRST_DAY_PORT ?? 4641));
test.beforeAll(async () => server.start());
test.afterAll(async () => server.dispose());

const SHEET = 'Moulin de la Fosse';
const REQUEST = 'Il manque le téléphone de l’association.';

async function phone(browser: Browser): Promise<Page> {
	const context = await browser.newContext({
		viewport: { width: 360, height: 740 },
		locale: 'fr-FR',
		timezoneId: 'Europe/Paris',
		serviceWorkers: 'allow',
		hasTouch: true
	});
	return context.newPage();
}

const tabs = (page: Page) => page.getByRole('navigation', { name: 'Navigation principale' });

/** The coordinator makes a join link on « Équipe » and reads it off the screen. */
async function makeLink(coord: Page, who: { role: 'Bénévole' } | { role: 'Mairie'; commune: string; name: string }): Promise<string> {
	await coord.goto(`${server.origin}/equipe`);
	await coord.getByRole('radio', { name: who.role }).check();
	if (who.role === 'Mairie') {
		await coord.getByRole('combobox', { name: 'Ajouter une commune' }).fill(who.commune);
		await coord
			.getByRole('option', { name: new RegExp(who.commune) })
			.first()
			.click();
		await coord.getByLabel('Nom du lien (facultatif)').fill(who.name);
	}
	await coord.getByRole('button', { name: 'Créer le lien' }).click();
	const link = coord.getByText(`${server.origin}/rejoindre#`).first();
	await expect(link).toBeVisible();
	return ((await link.textContent()) ?? '').trim();
}

/** Opens a link received by text message and joins with a name, as a person does. */
async function join(page: Page, link: string, name: string): Promise<void> {
	await page.goto(link);
	await page.getByLabel('Votre nom (tel que l’équipe le verra)').fill(name);
	await page.getByRole('button', { name: 'Rejoindre' }).click();
}

/** « Mes fiches », then « Synchroniser maintenant » (the volunteer's way to fetch the news). */
async function volunteerSyncs(page: Page): Promise<void> {
	await tabs(page)
		.getByRole('link', { name: /Mes fiches/ })
		.click();
	const button = page.getByRole('button', { name: 'Synchroniser maintenant' });
	await expect(button).toBeEnabled({ timeout: 20_000 });
	await button.click();
}

/** « Ma commune », then its « Synchroniser maintenant ». */
async function mairieSyncs(page: Page): Promise<void> {
	await tabs(page)
		.getByRole('link', { name: /Ma commune/ })
		.click();
	await expect(page.getByRole('heading', { name: 'Fiches de ma commune', level: 1 })).toBeVisible();
	const button = page.getByRole('button', { name: 'Synchroniser maintenant' });
	await expect(button).toBeEnabled({ timeout: 20_000 });
	await button.click();
}

test('a volunteer records a sheet, the new mairie finds it without reloading, sends it back, sees the corrected field highlighted and validates', async ({
	browser
}) => {
	test.setTimeout(240_000);
	const coord = await phone(browser);
	await createCoordinator(coord, server);

	// 1. The volunteer joins and records a mill in Perche en Nocé; it is handed in and sent.
	const volunteer = await phone(browser);
	await join(volunteer, await makeLink(coord, { role: 'Bénévole' }), 'Marie Lefèvre');
	await expect(volunteer.getByRole('heading', { name: 'Mes fiches', level: 1 })).toBeVisible();
	await waitForServiceWorker(volunteer);
	await tabs(volunteer).getByRole('link', { name: 'Nouvelle fiche' }).click();
	await volunteer.getByRole('button', { name: 'Moulin à farine' }).click();
	await volunteer.getByLabel('Nom de l’outil ou du lieu').fill(SHEET);
	await volunteer.getByRole('combobox', { name: 'Commune' }).fill('perche en noce');
	await volunteer
		.getByRole('option', { name: /Perche en Nocé/ })
		.first()
		.click();
	await volunteer.getByLabel('Adresse ou lieu-dit').fill('La Fosse');
	await volunteer.getByLabel('Description', { exact: true }).fill('Moulin à farine sur l’Huisne, meules de pierre.');
	await volunteer.getByLabel('Organisme gestionnaire').fill('Les Amis du Moulin');
	await expect(volunteer.getByText('Enregistré sur cet appareil')).toBeVisible();
	await volunteer.getByRole('button', { name: 'Terminer la fiche' }).click();
	// Handed in (a confirmation screen, or « Mes fiches »): the sheet appears in her list, sent.
	await tabs(volunteer)
		.getByRole('link', { name: /Mes fiches/ })
		.click();
	const mine = volunteer.getByRole('listitem').filter({ hasText: SHEET });
	await expect(mine).toContainText('Envoyée', { timeout: 20_000 });

	// 2. The mairie of Perche en Nocé joins in a fresh browser: no reload, she lands on her commune's
	// sheets and the volunteer's sheet is there within 15 s.
	const mairieLink = await makeLink(coord, { role: 'Mairie', commune: 'Perche en Nocé', name: 'Mairie de Perche en Nocé' });
	const mairie = await phone(browser);
	await join(mairie, mairieLink, 'Mairie de Perche en Nocé');
	await expect(mairie.getByRole('heading', { name: 'Fiches de ma commune', level: 1 })).toBeVisible();
	const item = mairie.getByRole('link', { name: new RegExp(SHEET) });
	await expect(item).toBeVisible({ timeout: 15_000 });

	// 3. She opens it: the content first, then the decision; no send badge, no volunteer's instructions.
	await item.click();
	await expect(mairie.getByRole('heading', { name: SHEET, level: 1 })).toBeVisible();
	const main = mairie.getByRole('main');
	await expect(main.getByText('La Fosse', { exact: true })).toBeVisible();
	const validate = mairie.getByRole('button', { name: 'Valider' });
	const sendBack = mairie.getByRole('button', { name: 'Renvoyer pour correction' });
	await expect(validate).toBeVisible();
	for (const content of [
		main.getByText('La Fosse', { exact: true }),
		main.getByText('Les Amis du Moulin'),
		main.getByText('Moulin à farine sur l’Huisne', { exact: false })
	]) {
		const [above, below] = [await content.boundingBox(), await validate.boundingBox()];
		expect(above && below && above.y + above.height <= below.y, 'the sheet’s content comes before the decision').toBe(true);
	}
	for (const notForHer of ['Envoyée', 'À envoyer', 'Corrigez la fiche, puis renvoyez-la.'])
		await expect(main.getByText(notForHer, { exact: true })).toHaveCount(0);
	// A first decision: nothing was decided before, so nothing is highlighted.
	await expect(main.getByText('Modifié', { exact: true })).toHaveCount(0);

	// She sends it back, saying what to correct; the page confirms it in words, with her message.
	await sendBack.click();
	await mairie.getByLabel('Ce qu’il faut corriger (obligatoire)').fill(REQUEST);
	await mairie.getByRole('button', { name: 'Renvoyer avec ce message' }).click();
	const confirmation = mairie.getByRole('status').filter({ hasText: 'Fiche renvoyée au bénévole avec votre message.' });
	await expect(confirmation).toContainText(REQUEST);
	await expect(confirmation).toContainText('Votre décision est arrivée au serveur.', { timeout: 20_000 });

	// 4. The volunteer syncs: the sheet is « à corriger », with the mairie's message on top.
	await volunteerSyncs(volunteer);
	await expect(mine).toContainText('À corriger', { timeout: 20_000 });
	await mine.getByRole('link').click();
	await expect(volunteer.getByRole('status').filter({ hasText: 'Mairie de Perche en Nocé' })).toContainText(REQUEST);
	await expect(volunteer.getByText('Corrigez la fiche, puis renvoyez-la.')).toBeVisible();
	// She adds the phone number and resends.
	await volunteer.getByRole('link', { name: 'Modifier' }).click();
	await volunteer.getByLabel('Téléphone de l’organisme').fill('02 33 25 00 00');
	await expect(volunteer.getByText('Enregistré sur cet appareil')).toBeVisible();
	await volunteer.getByRole('button', { name: 'J’ai corrigé : renvoyer à la mairie' }).click();
	await tabs(volunteer)
		.getByRole('link', { name: /Mes fiches/ })
		.click();
	await expect(mine).toContainText('Envoyée', { timeout: 20_000 });
	await expect(mine).not.toContainText('À corriger');

	// 5. The mairie syncs and opens the sheet again: the phone, and only it, is highlighted, with
	// its value before; the number is a link a phone can call.
	await mairieSyncs(mairie);
	await expect(item).toContainText('Soumise', { timeout: 20_000 });
	await item.click();
	await expect(main.getByText('Modifié', { exact: true })).toHaveCount(1, { timeout: 20_000 });
	await expect(main.getByText('Depuis le renvoi pour correction du', { exact: false })).toContainText('Téléphone de l’organisme');
	await expect(main.getByText('Téléphone de l’organisme, avant\u00a0: (vide)')).toBeVisible();
	await expect(main.getByRole('link', { name: '02 33 25 00 00' })).toHaveAttribute('href', 'tel:0233250000');
	await expectNoSeriousA11yViolations(mairie); // the sheet with a field highlighted
	await validate.click();
	const validated = mairie.getByRole('status').filter({ hasText: 'Fiche validée. Le bénévole le verra à sa prochaine synchronisation.' });
	await expect(validated).toContainText('Votre décision est arrivée au serveur.', { timeout: 20_000 });
	await expect(main.getByText('Modifié', { exact: true })).toHaveCount(0);

	// 6. The volunteer syncs: the sheet is validated.
	await volunteerSyncs(volunteer);
	await expect(mine).toContainText('Validée', { timeout: 20_000 });
});
