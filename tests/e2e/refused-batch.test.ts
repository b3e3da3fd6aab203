/**
 * A push refused whole (a stricter or older server answering 400 to a batch it cannot read) no
 * longer holds the outbox back for ever: the phone splits the batch down to the one change the
 * server refuses, sets it aside as refused on its sheet, and the rest reaches the server.
 *
 * The stricter server is a small proxy in front of a private server: it answers 400 to any push
 * holding a sheet whose name contains « REFUSE », and forwards everything else as it is.
 */
import { expect, test, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { createServer, request, type Server } from 'node:http';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { goOffline, goOnline, waitForServiceWorker } from './helpers';
import { expectSaved, newSheet, pickCommune, waitForTerritoryStored } from './pages';
import { TestServer, createCoordinator, inviteLink, joinWithLink } from './server';

const PROXY_PORT = Number(process.env.E2E_REFUSED_PORT ?? 4711);
const SCREENS = resolve('test-results/screens/refused-batch');

/** The private server, reached only through the proxy: its origin (links, cookies, checks) is the proxy's. */
class BehindProxy extends TestServer {
	override readonly origin = `http://127.0.0.1:${PROXY_PORT}`;
}
const server = new BehindProxy(PROXY_PORT + 1);

/** Pushes the proxy answered 400 without forwarding them. */
let refusedPushes = 0;

type Push = { mutations?: { fields?: { name?: { v?: unknown } } }[] };
const holdsRefuse = (body: Push) => (body.mutations ?? []).some((m) => String(m.fields?.name?.v ?? '').includes('REFUSE'));

function startProxy(): Promise<Server> {
	const proxy = createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', () => {
			const body = Buffer.concat(chunks);
			if (req.method === 'POST' && req.url?.split('?')[0] === '/api/sync/push') {
				let push: Push = {};
				try {
					push = JSON.parse(body.toString('utf8')) as Push;
				} catch {
					// not JSON: forwarded, the server answers it
				}
				if (holdsRefuse(push)) {
					refusedPushes++;
					res.writeHead(400, { 'Content-Type': 'application/json' });
					res.end(JSON.stringify({ code: 'invalid_input' }));
					return;
				}
			}
			const upstream = request({ host: '127.0.0.1', port: server.port, method: req.method, path: req.url, headers: req.headers }, (answer) => {
				res.writeHead(answer.statusCode ?? 502, answer.headers);
				answer.pipe(res);
			});
			upstream.on('error', () => {
				if (!res.headersSent) res.writeHead(502);
				res.end();
			});
			upstream.end(body);
		});
	});
	return new Promise((done) => proxy.listen(PROXY_PORT, '127.0.0.1', () => done(proxy)));
}

let proxy: Server | null = null;
test.beforeAll(async () => {
	proxy = await startProxy();
	await server.start();
});
test.afterAll(async () => {
	await server.dispose();
	proxy?.closeAllConnections();
	await new Promise((done) => proxy?.close(done));
});

async function device(browser: Browser): Promise<{ context: BrowserContext; page: Page }> {
	const context = await browser.newContext({ viewport: { width: 360, height: 740 }, locale: 'fr-FR', serviceWorkers: 'allow' });
	return { context, page: await context.newPage() };
}

async function record(page: Page, name: string): Promise<string> {
	const id = await newSheet(page, 'pressoir');
	await page.getByLabel('Nom de l’outil ou du lieu').fill(name);
	await pickCommune(page, 'perche en noce', 'Perche en Nocé');
	await expectSaved(page);
	return id;
}

test('a batch the server refuses whole: the one refused sheet is set aside and shown refused, the others reach the server', async ({ browser }) => {
	test.setTimeout(180_000);
	mkdirSync(SCREENS, { recursive: true });
	const coord = await device(browser);
	await createCoordinator(coord.page, server);
	const marie = await device(browser);
	await joinWithLink(marie.page, server, await inviteLink(coord.page, server, { role: 'benevole' }), 'Marie Lefèvre');
	await waitForServiceWorker(marie.page);
	await waitForTerritoryStored(marie.page);

	// Without signal, Marie records three presses; the server cannot read the second one.
	await goOffline(marie.context);
	await marie.page.goto(`${server.origin}/`);
	await record(marie.page, 'Moulin de Ceton');
	const refused = await record(marie.page, 'Pressoir REFUSE de Préaux');
	await record(marie.page, 'Four de Dancé');

	// Back online, she syncs: nothing is left waiting.
	await goOnline(marie.context);
	await marie.page.goto(`${server.origin}/`);
	await marie.page.getByRole('button', { name: 'Synchroniser maintenant' }).click();
	await expect(marie.page.getByText('Tout est envoyé.')).toBeVisible({ timeout: 30_000 });
	expect(refusedPushes).toBeGreaterThan(0);

	// « Mes fiches » says which sheet was refused.
	const item = marie.page.getByRole('link', { name: /Pressoir REFUSE de Préaux/ });
	await expect(item).toContainText('Refusée');
	for (const name of ['Moulin de Ceton', 'Four de Dancé']) await expect(marie.page.getByRole('link', { name: new RegExp(name) })).not.toContainText('Refusée');
	await marie.page.screenshot({ path: `${SCREENS}/mes-fiches.png`, fullPage: true });

	// The sheet says why, in words, and what to do.
	await item.click();
	await expect(marie.page).toHaveURL(`${server.origin}/fiches/${refused}`);
	const notice = marie.page.getByRole('status').filter({ hasText: 'Modification refusée par le serveur' });
	await expect(notice).toContainText('Le serveur n’a pas pu lire cette modification');
	await expect(notice).toContainText('mise de côté pour que vos autres fiches partent');
	await marie.page.screenshot({ path: `${SCREENS}/fiche-refusee.png`, fullPage: true });

	// The coordinator's census holds the two others, not the refused one.
	await coord.page.goto(`${server.origin}/`);
	await coord.page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Recensement' }).click();
	const census = coord.page.getByRole('main');
	await expect(census.getByText('2 fiches', { exact: true })).toBeVisible();
	await expect(census.getByRole('link', { name: 'Moulin de Ceton' })).toBeVisible();
	await expect(census.getByRole('link', { name: 'Four de Dancé' })).toBeVisible();
	await expect(census.getByRole('link', { name: /REFUSE/ })).toHaveCount(0);

	// Nothing is stuck behind it: a later edit of another sheet goes out at once.
	await marie.page.goto(`${server.origin}/`);
	await marie.page.getByRole('link', { name: /Four de Dancé/ }).click();
	await marie.page.getByRole('link', { name: 'Modifier' }).click();
	await marie.page.getByLabel('Nom de l’outil ou du lieu').fill('Four banal de Dancé');
	await expectSaved(marie.page);
	await marie.page.goto(`${server.origin}/`);
	await marie.page.getByRole('button', { name: 'Synchroniser maintenant' }).click();
	await expect(marie.page.getByText('Tout est envoyé.')).toBeVisible({ timeout: 30_000 });
	await coord.page.reload();
	await expect(census.getByRole('link', { name: 'Four banal de Dancé' })).toBeVisible();

	for (const c of [coord, marie]) await c.context.close();
});
