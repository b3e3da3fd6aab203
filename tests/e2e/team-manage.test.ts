/**
 * The coordinator manages the team from « Équipe »: a mairie sets a password and signs in from
 * another computer; the coordinator disconnects one of its devices, changes its role, gives it a
 * new link, and cancels an invitation link. Runs its own server (empty database).
 */
import { expect, test, type Browser, type Page } from '@playwright/test';
import { TestServer } from './server';
import { waitForTerritoryStored } from './pages';

const server = new TestServer(Number(process.env.E2E_TEAM_PORT ?? 4194));
test.beforeAll(async () => server.start());
test.afterAll(async () => server.dispose());

async function newPage(browser: Browser, viewport = { width: 360, height: 740 }): Promise<Page> {
	const context = await browser.newContext({ viewport, locale: 'fr-FR' });
	return context.newPage();
}

async function me(page: Page): Promise<{ status: number; user?: { id: string; role: string } }> {
	const res = await page.request.get(`${server.origin}/api/me`);
	return { status: res.status(), user: res.ok() ? (await res.json()).user : undefined };
}

test('the coordinator disconnects a device, changes a role, reissues a link and cancels an invitation', async ({ browser }) => {
	const coord = await newPage(browser);
	await coord.goto(server.setupLink());
	await coord.getByLabel('Votre nom').fill('Claire Coordination');
	await coord.getByRole('button', { name: 'Créer le compte de coordination' }).click();
	await expect(coord).toHaveURL(`${server.origin}/`);
	await waitForTerritoryStored(coord);
	await coord.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Équipe' }).click();
	await expect(coord).toHaveURL(/\/equipe$/);

	// Invite a mairie, with a name for the link.
	await coord.getByRole('radio', { name: 'Mairie' }).check();
	await coord.locator('#invite-communes').fill('Ceton');
	await coord.getByRole('option', { name: /Ceton/ }).first().click();
	await coord.getByLabel('Nom du lien (facultatif)').fill('Mairie de Ceton');
	await coord.getByRole('button', { name: 'Créer le lien' }).click();
	const link = (await coord.getByTestId('invite-link-text').textContent())?.trim() ?? '';
	await coord.getByTestId('invite-link').getByRole('button', { name: 'Fermer' }).click();

	// The mairie joins on its office computer and chooses a password.
	const office = await newPage(browser, { width: 1280, height: 800 });
	await office.goto(link);
	await office.getByLabel('Votre nom (tel que l’équipe le verra)').fill('Mairie de Ceton');
	await office.getByRole('button', { name: 'Rejoindre' }).click();
	// A mairie lands on her commune's sheets.
	await expect(office).toHaveURL(`${server.origin}/commune`);
	await office.getByRole('link', { name: 'Cet appareil' }).click();
	await office.getByRole('button', { name: 'Choisir un identifiant et un mot de passe' }).click();
	await office.getByLabel('Identifiant (par exemple votre adresse e-mail)').fill('mairie@ceton.fr');
	await office.getByLabel('Mot de passe (10 caractères au moins)').fill('pommes et poires');
	await office.getByTestId('account').getByRole('button', { name: 'Enregistrer' }).click();
	await expect(office.getByText('Identifiant et mot de passe enregistrés.').first()).toBeVisible();

	// …and signs in from a tablet.
	const tablet = await newPage(browser);
	await tablet.goto(`${server.origin}/connexion`);
	await tablet.getByLabel('Identifiant').fill('mairie@ceton.fr');
	await tablet.getByLabel('Mot de passe').fill('mauvais mot de passe');
	await tablet.getByRole('button', { name: 'Se connecter' }).click();
	await expect(tablet.getByRole('alert')).toHaveText('Identifiant ou mot de passe incorrect.');
	await tablet.getByLabel('Mot de passe').fill('pommes et poires');
	await tablet.getByRole('button', { name: 'Se connecter' }).click();
	await expect(tablet).toHaveURL(`${server.origin}/commune`);
	expect((await me(tablet)).user?.role).toBe('mairie');

	// The coordinator sees two devices and disconnects the tablet.
	await coord.reload();
	const card = coord.locator('[data-person="Mairie de Ceton"]');
	await card.getByText('Voir les appareils (2)').click();
	await card.getByRole('button', { name: 'Déconnecter cet appareil' }).first().click();
	await coord.getByRole('button', { name: 'Oui, déconnecter' }).click();
	await expect(coord.getByText('Appareil déconnecté.').first()).toBeVisible();
	const statuses = [(await me(office)).status, (await me(tablet)).status].sort();
	expect(statuses).toEqual([200, 401]);

	// Role change: the mairie becomes a volunteer (and loses its password).
	await card.getByRole('button', { name: 'Changer le rôle' }).click();
	await card.getByRole('radio', { name: 'Bénévole' }).check();
	await card.getByRole('button', { name: 'Enregistrer' }).click();
	await expect(coord.getByText('Rôle de Mairie de Ceton modifié.').first()).toBeVisible();
	await expect(card).toContainText('Bénévole');
	const signin = await tablet.request.post(`${server.origin}/api/signin`, {
		data: { login: 'mairie@ceton.fr', password: 'pommes et poires' },
		headers: { Origin: server.origin }
	});
	expect(signin.status()).toBe(401);

	// A new link brings the same person back on a new phone.
	const before = (await me(office)).user?.id ?? (await me(tablet)).user?.id;
	await card.getByRole('button', { name: 'Nouveau lien' }).click();
	const again = (await coord.getByTestId('invite-link-text').textContent())?.trim() ?? '';
	const phone = await newPage(browser);
	await phone.goto(again);
	await expect(phone.getByTestId('invited-as')).toContainText('Content de vous revoir, Mairie de Ceton');
	await phone.getByRole('button', { name: 'Rejoindre' }).click();
	await expect(phone).toHaveURL(`${server.origin}/`);
	expect((await me(phone)).user).toMatchObject({ id: before, role: 'benevole' });

	// Cancelling an invitation link: nobody can join with it any more.
	await coord.goto(`${server.origin}/equipe`);
	const invitation = coord.getByTestId('invitation').filter({ hasText: 'Mairie de Ceton' });
	await invitation.getByRole('button', { name: 'Annuler le lien' }).click();
	await coord.getByRole('button', { name: 'Oui, annuler le lien' }).click();
	await expect(coord.getByText('Lien annulé.').first()).toBeVisible();
	const late = await newPage(browser);
	await late.goto(link);
	await expect(late.getByRole('alert')).toContainText('Ce lien a été annulé.');

	// Everything is in the journal.
	await coord.goto(`${server.origin}/journal`);
	await expect(coord.locator('main')).toContainText('Mairie de Ceton');
});
