/**
 * Issue 5: the review loop volunteer → mairie → volunteer across offline periods, on phones and an
 * office browser, with the server's own server (its own data folder): a sheet created offline and
 * synced is sent back with a comment, seen "à corriger" with the comment on the volunteer's phone,
 * corrected offline and resent, validated; the history shows every step in order. A mairie of
 * another commune reads the sheet without its private contact, and the server refuses its review
 * moves and edits (checked through the API, not the page).
 */
import { expect, test, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { expectNoSeriousA11yViolations, goOffline, goOnline, waitForServiceWorker } from './helpers';
import { expectSaved, newSheet, pickCommune, waitForTerritoryStored } from './pages';
import { TestServer, createCoordinator, inviteLink, joinWithLink } from './server';

const server = new TestServer(Number(process.env.E2E_REVIEW_PORT ?? 4203));
test.beforeAll(async () => server.start());
test.afterAll(async () => server.dispose());

const V = { protocol: 1, schemaVersion: 1 };

async function device(browser: Browser): Promise<{ context: BrowserContext; page: Page }> {
	const context = await browser.newContext({ viewport: { width: 360, height: 740 }, locale: 'fr-FR', serviceWorkers: 'allow' });
	return { context, page: await context.newPage() };
}

async function join(page: Page, link: string, name: string) {
	await joinWithLink(page, server, link, name);
	await waitForServiceWorker(page);
	await waitForTerritoryStored(page);
}

/** Syncs from « Mes fiches », which holds the sync bar (a mairie's is at /fiches: her home is « Ma commune »). */
async function syncNow(page: Page, path: '/' | '/fiches' = '/') {
	await page.goto(`${server.origin}${path}`);
	await page.getByRole('button', { name: 'Synchroniser maintenant' }).click();
	await expect(page.getByTestId('sync-bar')).toContainText('Tout est envoyé.', { timeout: 20_000 });
	await expect(page.getByRole('button', { name: 'Synchroniser maintenant' })).toBeEnabled();
}

test('volunteer → mairie → volunteer: sent back with a comment, corrected offline, validated; the history tells every step', async ({ browser }) => {
	test.setTimeout(180_000);
	const coord = await device(browser);
	await createCoordinator(coord.page, server);
	const invite = (body: object) => inviteLink(coord.page, server, body);

	const marie = await device(browser);
	await join(marie.page, await invite({ role: 'benevole' }), 'Marie Lefèvre');
	const mairie = await device(browser);
	await join(mairie.page, await invite({ role: 'mairie', communes: ['61309'] }), 'Mairie de Perche en Nocé');
	const other = await device(browser);
	await join(other.page, await invite({ role: 'mairie', communes: ['61079'] }), 'Mairie de Ceton');

	// 1. Marie, without signal, records a press with a named contact and hands it in.
	await goOffline(marie.context);
	await marie.page.goto(`${server.origin}/`);
	const id = await newSheet(marie.page, 'pressoir');
	await marie.page.getByLabel('Nom de l’outil ou du lieu').fill('Pressoir de Préaux');
	await pickCommune(marie.page, 'perche en noce', 'Perche en Nocé');
	await marie.page.getByTestId('person-consent').check();
	await marie.page.getByLabel('Nom de la personne').fill('Jeanne Martin');
	await expectSaved(marie.page);
	await marie.page.getByRole('button', { name: 'Terminer la fiche' }).click();
	await expect(marie.page.getByRole('region', { name: 'Où va la fiche' })).toContainText('elle partira dès que le réseau revient');
	await goOnline(marie.context);
	await syncNow(marie.page);

	// 2. The mairie finds it in « Fiches de ma commune » (to review) and sends it back with a comment.
	await syncNow(mairie.page, '/fiches');
	await expect(mairie.page.getByRole('navigation', { name: 'Navigation principale' }).getByTestId('tab-badge')).toHaveText(/1/);
	// Its connection drops: the list and the decision still work, from what the browser holds.
	await goOffline(mairie.context);
	await mairie.page
		.getByRole('navigation', { name: 'Navigation principale' })
		.getByRole('link', { name: /Ma commune/ })
		.click();
	await mairie.page.waitForURL(/\/commune$/);
	await mairie.page.reload();
	await expect(mairie.page.getByRole('heading', { name: 'Fiches de ma commune', level: 1 })).toBeVisible();
	await expectNoSeriousA11yViolations(mairie.page); // Fiches de ma commune
	await mairie.page.getByTestId('review-item').filter({ hasText: 'Pressoir de Préaux' }).click();
	await expect(mairie.page.getByTestId('review-status')).toContainText('Soumise');
	await mairie.page.getByRole('button', { name: 'Renvoyer pour correction' }).click();
	// Sending back without saying what to fix is not possible.
	await mairie.page.getByRole('button', { name: 'Renvoyer avec ce message' }).click();
	await expect(mairie.page.getByText('Écrivez ce qu’il faut corriger')).toBeVisible();
	await expectNoSeriousA11yViolations(mairie.page); // a sheet with the review decisions, the send-back form open
	await mairie.page.getByLabel('Ce qu’il faut corriger (obligatoire)').fill('Il manque le téléphone de l’association.');
	await mairie.page.getByRole('button', { name: 'Renvoyer avec ce message' }).click();
	await expect(mairie.page.getByTestId('review-status')).toContainText('À corriger');
	await mairie.page.reload();
	await expect(mairie.page.getByTestId('comment-thread')).toContainText('pas encore envoyé');
	await goOnline(mairie.context);
	await syncNow(mairie.page, '/fiches');

	// 3. Marie syncs: the sheet is « à corriger », counted on the tab, the comment on top.
	await syncNow(marie.page);
	const nav = marie.page.getByRole('navigation', { name: 'Navigation principale' });
	await expect(nav.getByTestId('tab-badge')).toHaveText(/1/);
	await expect(nav.getByRole('link', { name: /1 fiche à corriger/ })).toBeVisible();
	const item = marie.page.getByTestId('sheet-item').filter({ hasText: 'Pressoir de Préaux' });
	await expect(item.getByTestId('review-badge')).toHaveText('À corriger');
	await item.click();
	await expect(marie.page.getByTestId('send-back-notice')).toContainText('Mairie de Perche en Nocé');
	await expect(marie.page.getByTestId('send-back-comment')).toHaveText('Il manque le téléphone de l’association.');
	await expectNoSeriousA11yViolations(marie.page); // the volunteer's sheet sent back

	// 4. Offline again, she corrects and resends; back online, she syncs.
	await goOffline(marie.context);
	await marie.page.getByRole('link', { name: 'Modifier' }).click();
	await expect(marie.page.getByTestId('send-back-comment')).toBeVisible();
	await marie.page.getByLabel('Téléphone de l’organisme').fill('02 33 25 00 00');
	await expectSaved(marie.page);
	await marie.page.getByTestId('resend').click();
	// The confirmation, in words for a corrected sheet.
	await expect(marie.page.getByRole('heading', { name: 'Corrections renvoyées', level: 1 })).toBeVisible();
	await expect(marie.page.locator('main')).toContainText('La mairie de Perche en Nocé va relire vos corrections.');
	await expect(marie.page.getByRole('region', { name: 'Où va la fiche' })).toContainText('elle partira dès que le réseau revient');
	await expect(marie.page.getByTestId('send-back-notice')).toHaveCount(0);
	await goOnline(marie.context);
	await syncNow(marie.page);
	await expect(nav.getByTestId('tab-badge')).toHaveCount(0);

	// 5. The mairie validates.
	await syncNow(mairie.page, '/fiches');
	await mairie.page.goto(`${server.origin}/fiches/${id}`);
	await expect(mairie.page.getByTestId('review-status')).toContainText('Soumise');
	await expect(mairie.page.locator('main')).toContainText('02 33 25 00 00');
	await mairie.page.getByRole('button', { name: 'Valider' }).click();
	await expect(mairie.page.getByTestId('review-status')).toContainText('Validée');
	await syncNow(mairie.page, '/fiches');
	await syncNow(marie.page);
	await marie.page.goto(`${server.origin}/fiches/${id}`);
	await expect(marie.page.getByTestId('review-status')).toContainText('Validée');

	// 6. The history shows every step, in order.
	await mairie.page.goto(`${server.origin}/fiches/${id}/historique`);
	const timeline = mairie.page.getByTestId('history-list');
	await expect(timeline).toContainText('a validé la fiche', { timeout: 20_000 });
	await expectNoSeriousA11yViolations(mairie.page); // the history
	const text = (await timeline.innerText()).replace(/\s+/g, ' ');
	const steps = [
		'Fiche créée par Marie Lefèvre',
		'a renvoyé la fiche pour correction',
		'Il manque le téléphone de l’association.',
		'a remis la fiche corrigée',
		'a validé la fiche'
	];
	const positions = steps.map((step) => text.indexOf(step));
	for (const [i, step] of steps.entries()) expect(positions[i], `« ${step} » in: ${text}`).toBeGreaterThanOrEqual(0);
	expect(positions, text).toEqual([...positions].sort((a, b) => a - b));
	// The correction sits between the send back and the validation, with who made it.
	const fix = text.indexOf('02 33 25 00 00');
	expect(fix).toBeGreaterThan(positions[2] ?? Infinity);
	expect(fix).toBeLessThan(positions[4] ?? -1);
	await expect(mairie.page.getByTestId('history-entry').filter({ hasText: 'a validé la fiche' })).toContainText('Mairie de Perche en Nocé');

	// 6b. Marie changes the validated sheet: it goes back to the mairie, and the history says why.
	await marie.page.goto(`${server.origin}/fiches/${id}/modifier`);
	await expect(marie.page.getByText('Si vous la modifiez, elle repartira en relecture.', { exact: false })).toBeVisible();
	await marie.page.getByRole('textbox', { name: 'Notes' }).fill('Ouvert aux particuliers en octobre.');
	await expectSaved(marie.page);
	await syncNow(marie.page);
	await syncNow(mairie.page, '/fiches');
	await mairie.page.goto(`${server.origin}/fiches/${id}`);
	await expect(mairie.page.getByTestId('review-status')).toContainText('Soumise');
	await mairie.page.goto(`${server.origin}/fiches/${id}/historique`);
	await expect(mairie.page.getByTestId('history-list')).toContainText('modifiée après validation');
	await mairie.page.goto(`${server.origin}/fiches/${id}`);
	await mairie.page.getByRole('button', { name: 'Valider' }).click();
	await expect(mairie.page.getByTestId('review-status')).toContainText('Validée');
	await syncNow(mairie.page, '/fiches');

	// 7. A mairie of another commune reads the sheet without its private contact…
	const otherReq = other.page.request;
	const pulled = await otherReq.post(`${server.origin}/api/sync/pull`, {
		data: { ...V, clientId: 'ceton-pc-0000001', cursor: 0 },
		headers: { Origin: server.origin }
	});
	expect(pulled.status()).toBe(200);
	const seen = ((await pulled.json()) as { changes: { id: string; fields: Record<string, { v: unknown }> }[] }).changes.find((c) => c.id === id);
	expect(seen?.fields.name?.v).toBe('Pressoir de Préaux');
	expect(seen?.fields.status?.v).toBe('valide');
	expect('personName' in (seen?.fields ?? {})).toBe(false);
	// … and the server refuses its review moves and edits (validate, send back, archive, edit, comment).
	const stamp = new Date().toISOString();
	const hlc = (n: number) => `${stamp}-000${n}-ceton`;
	const attempts = [{ status: { v: 'a_corriger', hlc: hlc(1) } }, { status: { v: 'archive', hlc: hlc(2) } }, { name: { v: 'Pressoir de Ceton', hlc: hlc(3) } }];
	const pushed = await otherReq.post(`${server.origin}/api/sync/push`, {
		data: {
			...V,
			clientId: 'ceton-pc-0000001',
			mutations: [
				...attempts.map((fields, i) => ({
					seq: i + 1,
					recordId: id,
					fields,
					...(i === 0 ? { comments: [{ id: 'CommentFromCeton01', text: 'Pas chez nous', at: stamp }] } : {})
				})),
				{ seq: 4, recordId: id, fields: {}, comments: [{ id: 'CommentFromCeton02', text: 'Un avis', at: stamp }] }
			]
		},
		headers: { Origin: server.origin }
	});
	expect(pushed.status()).toBe(200);
	expect(await pushed.json()).toMatchObject({
		lastSeq: 4,
		rejected: [
			{ seq: 1, code: 'forbidden' },
			{ seq: 2, code: 'forbidden' },
			{ seq: 3, code: 'forbidden' },
			{ seq: 4, code: 'forbidden' }
		]
	});
	// Nothing changed: the coordinator still sees the validated sheet with its name, and no comment from Ceton.
	const after = await coord.page.request.post(`${server.origin}/api/sync/pull`, {
		data: { ...V, clientId: 'claire-pc-000001', cursor: 0 },
		headers: { Origin: server.origin }
	});
	const final = ((await after.json()) as { changes: { id: string; fields: Record<string, { v: unknown }>; thread: { text: string }[] }[] }).changes.find(
		(c) => c.id === id
	);
	expect(final?.fields.status?.v).toBe('valide');
	expect(final?.fields.name?.v).toBe('Pressoir de Préaux');
	expect(final?.fields.personName?.v).toBe('Jeanne Martin');
	expect(final?.thread.map((c) => c.text)).toEqual(['Il manque le téléphone de l’association.']);
	// The page shows no review decision to that mairie either.
	await syncNow(other.page, '/fiches');
	await other.page.goto(`${server.origin}/fiches/${id}`);
	await expect(other.page.getByRole('heading', { level: 1 })).toHaveText('Pressoir de Préaux');
	await expect(other.page.getByRole('button', { name: 'Valider' })).toHaveCount(0);
	await expect(other.page.getByRole('link', { name: 'Modifier' })).toHaveCount(0);
	await expect(other.page.locator('main')).not.toContainText('Jeanne Martin');
});
