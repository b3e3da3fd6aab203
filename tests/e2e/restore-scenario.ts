/**
 * The restore scenario shared by restore-heals.test.ts (SQLite: `admin backup`, then `admin
 * restore`) and restore-postgres.test.ts (`admin copy-to-postgres`, then the switch to PostgreSQL):
 * the server goes back to an earlier snapshot of itself, and the phones heal it on their next sync.
 *
 * Timeline (what each phone does):
 *  1. Marie (volunteer) records « Pressoir de Préaux » in Perche en Nocé, hands it in and syncs;
 *     the mairie of Perche en Nocé syncs and sees it, « Soumise ».
 *  2. SNAPSHOT (the backup, or the copy to PostgreSQL).
 *  3. Marie writes the notes, adds a photo, records a second sheet « Alambic de Préaux » and syncs
 *     (the photo uploaded); the mairie syncs, sends the press back for correction with its message,
 *     writes a comment, syncs; Marie syncs (she sees it « À corriger ») and answers with a comment.
 *     The server acknowledged all of it.
 *  4. REWIND (restore, or switch): the server holds the snapshot again, and has forgotten step 3.
 *  5. The mairie syncs first: her phone sees the rewind and re-sends her decision and her comment;
 *     she then changes the notes of the press (the field Marie wrote in step 3) and syncs.
 *  6. Marie syncs: her phone re-sends the notes (with their original, older stamp: the mairie's
 *     newer value stays), the second sheet, her comment, and uploads the photo again.
 *  7. Everyone syncs once more; each phone, and the coordinator who never saw the sheet before,
 *     read the same press: the mairie's notes, « À corriger », each message once, the photo
 *     (fetched from the server by the coordinator), and the second sheet.
 */
import { expect, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { waitForServiceWorker } from './helpers';
import { expectSaved, makeSmallPhoto, newSheet, pickCommune, waitForTerritoryStored } from './pages';
import { createCoordinator, inviteLink, joinWithLink, type TestServer } from './server';

/** The build the servers run: its command line is the one `npm run admin` runs (scripts/admin.js runs build/cli/main.js). */
export const BUILD_DIR = resolve(process.env.E2E_BUILD_DIR ?? 'build');

/**
 * The operator's command line, as `npm run admin -- <args>` runs it, on the server's data folder.
 * DATABASE_URL empty unless given: the commands then work on the data folder's SQLite file.
 */
export function admin(server: TestServer, args: string[], env: Record<string, string> = {}): string {
	const run = spawnSync(process.execPath, [join(BUILD_DIR, 'cli', 'main.js'), ...args], {
		env: { ...process.env, ATLAS_DATA_DIR: server.dataDir, DATABASE_URL: '', ...env },
		encoding: 'utf8',
		timeout: 120_000
	});
	if (run.status !== 0) throw new Error(`admin ${args[0]} failed (exit ${run.status}):\n${run.stdout}\n${run.stderr}`);
	return run.stdout;
}

/** How the server is brought back to an earlier state of itself. */
export interface Rewind {
	/** The point the server will go back to (the server running, phones synced). */
	snapshot(): Promise<void>;
	/** The server stopped, put back to the snapshot, and started again. */
	rewind(): Promise<void>;
}

const NOTES_BY_MARIE = 'Cidre et jus sur rendez-vous';
const NOTES_BY_MAIRIE = 'Pressage le samedi matin, dit la mairie';
const SEND_BACK = 'Il manque le téléphone de l’association.';
const MAIRIE_COMMENT = 'Je passe jeudi voir le pressoir.';
const MARIE_COMMENT = 'Merci, je demande le numéro au président.';
/** The sentence the person sees once the phone has healed the server. */
const HEALED = /Le serveur a été restauré\s*: vos fiches ont été renvoyées/;

export async function restoreScenario(browser: Browser, server: TestServer, how: Rewind, shots?: string): Promise<void> {
	const devices: BrowserContext[] = [];
	try {
		await scenario(browser, server, how, devices, shots);
	} finally {
		// Closed even when a step fails: no page left talking to the server while it stops.
		for (const context of devices) await context.close();
	}
}

async function scenario(browser: Browser, server: TestServer, how: Rewind, devices: BrowserContext[], shots?: string): Promise<void> {
	const device = async () => {
		const context = await browser.newContext({ viewport: { width: 360, height: 740 }, locale: 'fr-FR', serviceWorkers: 'allow' });
		devices.push(context);
		return { context, page: await context.newPage() };
	};
	const origin = server.origin;
	const coord = await device();
	await createCoordinator(coord.page, server);
	const invite = (body: object) => inviteLink(coord.page, server, body);
	const join = async (page: Page, link: string, name: string) => {
		await joinWithLink(page, server, link, name);
		await waitForServiceWorker(page);
		await waitForTerritoryStored(page);
	};
	const marie = await device();
	await join(marie.page, await invite({ role: 'benevole' }), 'Marie Lefèvre');
	const mairie = await device();
	await join(mairie.page, await invite({ role: 'mairie', communes: ['61309'] }), 'Mairie de Perche en Nocé');

	/** « Synchroniser maintenant » on the screen that holds it (the volunteer's « Mes fiches », the mairie's « Fiches »), until all is sent. */
	const syncNow = async (page: Page, path: '/' | '/fiches') => {
		await page.goto(`${origin}${path}`);
		const bar = page.getByRole('region', { name: 'Synchroniser maintenant' });
		await bar.getByRole('button', { name: 'Synchroniser maintenant' }).click();
		await expect(bar).toContainText('Tout est envoyé.', { timeout: 30_000 });
		await expect(bar.getByRole('button', { name: 'Synchroniser maintenant' })).toBeEnabled();
	};
	const sheetPage = (page: Page, id: string) => page.goto(`${origin}/fiches/${id}`);

	// 1. Before the snapshot: the press, handed in and seen by the mairie.
	const press = await newSheet(marie.page, 'pressoir');
	await marie.page.getByLabel('Nom de l’outil ou du lieu').fill('Pressoir de Préaux');
	await pickCommune(marie.page, 'perche en noce', 'Perche en Nocé');
	await expectSaved(marie.page);
	await marie.page.getByRole('button', { name: 'Terminer la fiche' }).click();
	await expect(marie.page.getByRole('heading', { name: 'Fiche terminée', level: 1 })).toBeVisible();
	await syncNow(marie.page, '/');
	await syncNow(mairie.page, '/fiches');
	await sheetPage(mairie.page, press);
	await expect(mairie.page.getByRole('heading', { level: 1 })).toHaveText('Pressoir de Préaux');

	// 2. The snapshot.
	await how.snapshot();

	// 3. After it, acknowledged by the server: fields, a photo, a new sheet, a decision, comments.
	await marie.page.goto(`${origin}/fiches/${press}/modifier`);
	await marie.page.getByRole('textbox', { name: 'Notes' }).fill(NOTES_BY_MARIE);
	await marie.page
		.getByLabel('Choisir dans la galerie')
		.setInputFiles({ name: 'pressoir.jpg', mimeType: 'image/jpeg', buffer: await makeSmallPhoto(marie.page) });
	await expect(marie.page.getByRole('img', { name: 'Photo 1 de la fiche' })).toBeVisible();
	await expectSaved(marie.page);
	const still = await newSheet(marie.page, 'alambic');
	await marie.page.getByLabel('Nom de l’outil ou du lieu').fill('Alambic de Préaux');
	await pickCommune(marie.page, 'perche en noce', 'Perche en Nocé');
	await expectSaved(marie.page);
	await syncNow(marie.page, '/');

	await syncNow(mairie.page, '/fiches');
	await sheetPage(mairie.page, press);
	await expect(mairie.page.locator('main')).toContainText(NOTES_BY_MARIE);
	await mairie.page.getByRole('button', { name: 'Renvoyer pour correction' }).click();
	await mairie.page.getByLabel('Ce qu’il faut corriger (obligatoire)').fill(SEND_BACK);
	await mairie.page.getByRole('button', { name: 'Renvoyer avec ce message' }).click();
	await expect(mairie.page.getByText('À corriger').first()).toBeVisible();
	await mairie.page.getByLabel('Écrire un message').fill(MAIRIE_COMMENT);
	await mairie.page.getByRole('button', { name: 'Envoyer le message' }).click();
	await expect(mairie.page.getByRole('listitem').filter({ hasText: MAIRIE_COMMENT })).toHaveCount(1);
	await syncNow(mairie.page, '/fiches');

	await syncNow(marie.page, '/');
	await sheetPage(marie.page, press);
	await expect(marie.page.getByText(SEND_BACK).first()).toBeVisible();
	await marie.page.getByLabel('Écrire un message').fill(MARIE_COMMENT);
	await marie.page.getByRole('button', { name: 'Envoyer le message' }).click();
	await expect(marie.page.getByRole('listitem').filter({ hasText: MARIE_COMMENT })).toHaveCount(1);
	await syncNow(marie.page, '/');

	// 4. The server goes back to the snapshot.
	await how.rewind();

	// 5. The mairie first: her phone heals the server, then she changes the notes Marie wrote in 3.
	await syncNow(mairie.page, '/fiches');
	await expect(mairie.page.getByText(HEALED)).toBeVisible();
	if (shots) await mairie.page.screenshot({ path: `${shots}-mairie-healed.png`, fullPage: true });
	await mairie.page.goto(`${origin}/fiches/${press}/modifier`);
	await mairie.page.getByRole('textbox', { name: 'Notes' }).fill(NOTES_BY_MAIRIE);
	await expectSaved(mairie.page);
	await syncNow(mairie.page, '/fiches');

	// 6. Marie: her phone re-sends what the server lost; her older notes do not replace the mairie's.
	await syncNow(marie.page, '/');
	await expect(marie.page.getByText(HEALED)).toBeVisible();
	if (shots) await marie.page.screenshot({ path: `${shots}-marie-healed.png`, fullPage: true });

	// 7. Everyone converges on the same sheets.
	await syncNow(mairie.page, '/fiches');
	await syncNow(marie.page, '/');
	await coord.page.goto(`${origin}/`);
	await coord.page.getByRole('button', { name: 'Synchroniser maintenant' }).click();
	await expect(coord.page.getByRole('button', { name: 'Synchroniser maintenant' })).toBeEnabled({ timeout: 30_000 });

	for (const [who, page] of [
		['Marie', marie.page],
		['la mairie', mairie.page],
		['la coordination', coord.page]
	] as const) {
		await sheetPage(page, press);
		const main = page.locator('main');
		await expect(page.getByRole('heading', { level: 1 }), who).toHaveText('Pressoir de Préaux', { timeout: 20_000 });
		await expect(main, who).toContainText(NOTES_BY_MAIRIE);
		await expect(main, who).not.toContainText(NOTES_BY_MARIE);
		await expect(page.getByText('À corriger').first(), who).toBeVisible();
		// Each message once: the decision's, the mairie's comment, Marie's answer.
		for (const text of [SEND_BACK, MAIRIE_COMMENT, MARIE_COMMENT]) {
			await expect(page.getByRole('region', { name: 'Échanges' }).getByRole('listitem').filter({ hasText: text }), `${who}: « ${text} »`).toHaveCount(1);
		}
		const photo = page.getByRole('img', { name: 'Photo 1 de la fiche' });
		await expect(photo, who).toHaveCount(1);
		// Shown, not a placeholder: the image decodes at its full width (the coordinator's device never
		// held these bytes: they come from the server, which had them again only from Marie's phone).
		await expect
			.poll(() => photo.evaluate((img) => (img instanceof HTMLImageElement && img.complete ? img.naturalWidth : 0)), { message: who, timeout: 20_000 })
			.toBe(800);
		if (shots && page === coord.page) await page.screenshot({ path: `${shots}-coordination-sheet.png`, fullPage: true });
		await sheetPage(page, still);
		await expect(page.getByRole('heading', { level: 1 }), who).toHaveText('Alambic de Préaux');
	}

	// Nothing doubled: one press and one still in Marie's sheets, one press to review in the mairie's
	// commune (the still, never handed in, is not for her to review).
	await marie.page.goto(`${origin}/`);
	await expect(marie.page.getByRole('link', { name: /Pressoir de Préaux/ })).toHaveCount(1);
	await expect(marie.page.getByRole('link', { name: /Alambic de Préaux/ })).toHaveCount(1);
	await mairie.page.goto(`${origin}/commune`);
	await expect(mairie.page.getByRole('link', { name: /Pressoir de Préaux/ })).toHaveCount(1);
}
