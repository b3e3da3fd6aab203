/**
 * English, end to end, on a phone whose browser is set to English: the app still opens in French
 * (the census is French), the person chooses English on « Cet appareil », and from then on — offline,
 * after a reload — the tabs, the sheet form, dates and numbers, and the server's messages are in
 * English. Choosing French brings everything back.
 */
import { expect, test, type Page } from '@playwright/test';
import { goOffline, goOnline, waitForServiceWorker } from './helpers';

test.use({ locale: 'en-GB' });

const tabs = (page: Page, name: string) => page.getByRole('navigation', { name }).getByRole('link');

/** A sign-in with a login nobody has: the server's answer, as the page shows it. */
async function wrongSignIn(page: Page, labels: { login: string; password: string; submit: string }): Promise<string> {
	await page.goto('/connexion');
	await page.getByLabel(labels.login).fill('nobody-here');
	await page.getByLabel(labels.password).fill('not the password');
	await page.getByRole('button', { name: labels.submit }).click();
	const alert = page.getByRole('alert');
	await expect(alert).toBeVisible();
	return (await alert.textContent()) ?? '';
}

test('English chosen on « Cet appareil » holds offline and after a reload, server messages included; French comes back', async ({ context, page }) => {
	await page.goto('/');
	await waitForServiceWorker(page);
	// An English browser still gets French: the default is the census's language.
	await expect(tabs(page, 'Navigation principale').first()).toHaveText(/Mes fiches/);
	await expect(page.locator('html')).toHaveAttribute('lang', 'fr');

	// On « Cet appareil », a name being typed survives the switch (applied in place, no reload).
	await tabs(page, 'Navigation principale').filter({ hasText: 'Cet appareil' }).click();
	await page.getByRole('textbox', { name: 'Votre nom (pour les nouvelles fiches)' }).fill('Sam Taylor');
	await page.getByRole('radiogroup', { name: 'Langue / Language' }).getByLabel('English').check();
	await expect(page.getByRole('heading', { name: 'This device', level: 1 })).toBeVisible();
	await expect(page.getByRole('textbox', { name: 'Your name (for new sheets)' })).toHaveValue('Sam Taylor');
	await expect(page.locator('html')).toHaveAttribute('lang', 'en');
	// Sizes in English units.
	await expect(page.getByTestId('storage-photos')).toHaveText('Photos kept full-size on this device: 0 photos, 0 B');

	// Offline, after a reload: still English, from the service worker.
	await goOffline(context);
	const reloaded = await page.reload();
	expect(reloaded?.fromServiceWorker()).toBe(true);
	await expect(page.locator('html')).toHaveAttribute('lang', 'en');
	await expect(tabs(page, 'Main navigation')).toHaveText([/My sheets/, /New sheet/, /Map/, /This device/]);
	await expect(page.getByTestId('network-state')).toHaveText(/Offline/);
	await expect(page.getByRole('radiogroup', { name: 'Langue / Language' }).getByLabel('English')).toBeChecked();

	// The sheet form in English: fill it, it saves; a decimal point and a day/month/year date.
	await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'New sheet' }).click();
	await expect(page.getByRole('heading', { name: 'New sheet', level: 1 })).toBeVisible();
	await page.locator('[data-category="pressoir"]').click();
	await page.waitForURL(/\/fiches\/[^/]+\/modifier$/);
	await page.getByLabel('Name of the tool or the place').fill('Village fruit press');
	await page.getByRole('textbox', { name: 'Capacity', exact: true }).fill('1,500.5');
	await page.getByRole('button', { name: 'Today' }).click();
	// Today where the phone is (its time zone, not the test runner's): 28/11/2026.
	const today = await page.evaluate(() => new Date().toLocaleDateString('en-GB'));
	await expect(page.getByRole('textbox', { name: 'Checked on site on' })).toHaveValue(today);
	await expect(page.getByTestId('save-state')).toHaveText('Saved on this device');
	await page.getByRole('link', { name: 'View the sheet' }).click();
	await expect(page.getByTestId('detail-capacity')).toHaveText('1500.5 kg/h');
	await expect(page.getByText(`Created on ${today}`)).toBeVisible();
	await expect(page.getByTestId('detail-state')).toHaveText('Draft');

	// The server answers in English too (the language travels in a cookie).
	await goOnline(context);
	// Sign-ins are limited to 10 a minute per address, and other files on this shared server
	// (api-security) may have used them up: the limiter's refusal is a server message too.
	expect(await wrongSignIn(page, { login: 'Username', password: 'Password', submit: 'Sign in' })).toMatch(
		/^(Wrong username or password\.|Too many attempts\. Try again in \d+ seconds?\.)$/
	);

	// Back to French: the screens, the numbers and the server.
	await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'This device' }).click();
	await page.getByRole('radiogroup', { name: 'Langue / Language' }).getByLabel('Français').check();
	await expect(page.getByRole('heading', { name: 'Cet appareil', level: 1 })).toBeVisible();
	await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
	await page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Mes fiches' }).click();
	await page.getByTestId('sheet-item').click();
	await expect(page.getByTestId('detail-capacity')).toHaveText('1500,5 kg/h');
	expect(await wrongSignIn(page, { login: 'Identifiant', password: 'Mot de passe', submit: 'Se connecter' })).toMatch(
		/^(Identifiant ou mot de passe incorrect\.|Trop d’essais\. Réessayez dans \d+ secondes?\.)$/
	);
	await page.reload();
	await expect(page.getByRole('heading', { name: 'Se connecter', level: 1 })).toBeVisible();
});
