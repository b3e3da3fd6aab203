/**
 * Sign-in limits that nobody can use against someone (src/lib/server/signin-limits.ts), on a server
 * of its own behind a proxy (ADDRESS_HEADER): wrong passwords sent from many addresses only make a
 * mairie's sign-in wait a few seconds — she is told how long, then gets in — and the coordinator
 * sees the failures in the Journal and lifts the wait.
 */
import { expect, test, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { TestServer, createCoordinator, inviteLink, joinWithLink } from './server';

const server = new TestServer(Number(process.env.E2E_SIGNIN_PORT ?? 4721));
server.env = { ADDRESS_HEADER: 'X-Forwarded-For', XFF_DEPTH: '1' };

const PASSWORD = 'pommes et poires du Perche';
let coordinator: { context: BrowserContext; page: Page };

/** A browser at 360×740 whose requests reach the server from `address` (as the proxy reports it). */
async function device(browser: Browser, address: string): Promise<{ context: BrowserContext; page: Page }> {
	const context = await browser.newContext({ viewport: { width: 360, height: 740 }, locale: 'fr-FR', serviceWorkers: 'allow' });
	await context.setExtraHTTPHeaders({ 'X-Forwarded-For': address });
	return { context, page: await context.newPage() };
}

test.beforeAll(async ({ browser }) => {
	await server.start();
	coordinator = await device(browser, '198.51.100.10');
	await createCoordinator(coordinator.page, server);
});
test.afterAll(async () => {
	await coordinator.context.close();
	await server.dispose();
});

/** A mairie who joined on her office computer and chose a sign-in name and password there. */
async function mairieWithPassword(browser: Browser, name: string, login: string): Promise<void> {
	const office = await device(browser, '198.51.100.20');
	await joinWithLink(office.page, server, await inviteLink(coordinator.page, server, { role: 'mairie', communes: ['61309'] }), name);
	const res = await office.page.request.post(`${server.origin}/api/me/password`, { data: { login, password: PASSWORD }, headers: { Origin: server.origin } });
	expect(res.status()).toBe(200);
	await office.context.close();
}

/** Someone elsewhere tries wrong passwords on `login` from ten addresses until each try waits 8 s. */
async function attack(login: string): Promise<void> {
	const attempt = (address: string) =>
		fetch(`${server.origin}/api/signin`, {
			method: 'POST',
			headers: { 'Content-Type': 'application/json', Origin: server.origin, 'X-Forwarded-For': address },
			body: JSON.stringify({ login, password: 'ce n’est pas le bon' })
		});
	let failures = 0;
	for (let round = 0; failures < 8 && round < 30; round++) {
		for (let i = 1; i <= 10 && failures < 8; i++) if ((await attempt(`203.0.113.${i}`)).status === 401) failures++;
		if (failures < 8) await new Promise((r) => setTimeout(r, 1000));
	}
	expect(failures).toBe(8);
}

async function signInPage(page: Page, login: string): Promise<void> {
	await page.goto(`${server.origin}/connexion`);
	await page.getByLabel('Identifiant').fill(login);
	await page.getByLabel('Mot de passe').fill(PASSWORD);
	await page.getByRole('button', { name: 'Se connecter' }).click();
}

test('after wrong passwords from elsewhere, the mairie is told how long to wait, then signs in', async ({ browser }, testInfo) => {
	test.setTimeout(120_000);
	await mairieWithPassword(browser, 'Mairie de Préaux', 'mairie.preaux');
	await attack('mairie.preaux');

	const tablet = await device(browser, '192.0.2.50');
	await signInPage(tablet.page, 'mairie.preaux');
	await expect(tablet.page.getByRole('alert')).toHaveText(/^Trop d’essais\. Réessayez dans [1-8] secondes?\.$/);
	await expect(tablet.page.getByText('Des mots de passe faux ont été essayés avec cet identifiant')).toBeVisible();
	// The button counts down, and cannot be pressed before the wait is over.
	await expect(tablet.page.getByRole('button', { name: /^Se connecter dans \d\s?s$/ })).toBeDisabled();
	await tablet.page.screenshot({ path: testInfo.outputPath('signin-wait.png') });

	await expect(tablet.page.getByRole('status').filter({ hasText: 'Vous pouvez réessayer maintenant.' })).toBeVisible({ timeout: 15_000 });
	// The password is still typed: one tap.
	await tablet.page.getByRole('button', { name: 'Se connecter' }).click();
	await expect(tablet.page).toHaveURL(`${server.origin}/commune`);
	await tablet.context.close();
});

test('the coordinator sees the repeated failures in the Journal and lifts the wait', async ({ browser }, testInfo) => {
	test.setTimeout(120_000);
	await mairieWithPassword(browser, 'Mairie de Ceton', 'mairie.ceton');
	await attack('mairie.ceton');

	const { page } = coordinator;
	await page.goto(`${server.origin}/journal`);
	const panel = page.getByRole('region', { name: 'Échecs de connexion répétés' });
	const card = panel.getByRole('listitem').filter({ hasText: 'Mairie de Ceton (identifiant «\u00a0mairie.ceton\u00a0»)' });
	await expect(card).toContainText(/8 échecs depuis le \d\d\/\d\d\/\d{4} \d\d:\d\d, venant de \d+ adresses\./);
	await expect(card).toContainText('Chaque essai sur ce compte attend 8 secondes.');
	await page.screenshot({ path: testInfo.outputPath('journal-failures.png') });

	await card.getByRole('button', { name: 'Lever l’attente' }).click();
	await expect(panel.getByRole('status')).toHaveText('Attente levée pour Mairie de Ceton.');
	await expect(card).toHaveCount(0);
	await expect(page.getByText('Claire Coordination a levé l’attente de connexion de Mairie de Ceton')).toBeVisible();
	await page.screenshot({ path: testInfo.outputPath('journal-lifted.png') });

	// No wait any more: the mairie signs in at once from a new address.
	const tablet = await device(browser, '192.0.2.60');
	await signInPage(tablet.page, 'mairie.ceton');
	await expect(tablet.page).toHaveURL(`${server.origin}/commune`);
	await tablet.context.close();
});
