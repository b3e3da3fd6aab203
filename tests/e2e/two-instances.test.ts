/**
 * Issue 9: two app instances (`node build` twice, two ports, two data folders — nothing shared but
 * the database) on one PostgreSQL, as behind a load balancer that does not keep a phone on one
 * instance. Both start at once on an empty database (one migrates, the other waits for it).
 *  1. Simulated phones (scripts/load's Volunteer: the app's sync and upload code) each alternate
 *     between the instances: push to A, pull from B, next push to B…, photo chunks A, B, A…; some
 *     pushes are sent to both at once (an answer lost, the retry sent to the other instance while
 *     the first still works on it). They converge with nothing lost and nothing applied twice.
 *  2. A real phone (Chromium, service worker live) signs in on A, records a sheet offline, syncs
 *     when the signal returns; the same account signed in on B sees the sheet and its photo.
 *  3. The sign-in limit is shared: the 11th attempt from one address is refused on A and on B.
 * Needs a PostgreSQL server: ATLAS_TEST_DATABASE_URL (`npm test` starts a throw-away one); the
 * test makes its own database there (e2e_two_…) and drops it afterwards.
 */
import { expect, test, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { canon, missingAcked, photoApiCheck, pullEverything, stateChecks, type Check, type ServerState } from '../../scripts/load/checks';
import { HttpClient } from '../../scripts/load/http';
import { AlternatingClient, type DuplicateStats } from '../../scripts/load/instances';
import { createScratchDatabase, pgDatabaseChecks, type ScratchDatabase } from '../../scripts/load/pg';
import { photoFor, readJpeg } from '../../scripts/load/photo';
import { ServerProcess } from '../../scripts/load/server';
import { seeded } from '../../scripts/load/sheets';
import { Recorder } from '../../scripts/load/stats';
import { createCoordinator, joinVolunteers, type Member } from '../../scripts/load/team';
import { Volunteer, type Shared } from '../../scripts/load/volunteer';
import { goOffline, goOnline, waitForServiceWorker } from './helpers';
import { makeSmallPhoto, newSheet, pickCommune, waitForTerritoryStored } from './pages';

const DATABASE_SERVER = process.env.ATLAS_TEST_DATABASE_URL;
const NO_DATABASE =
	'ATLAS_TEST_DATABASE_URL is not set: the two-instance test needs a PostgreSQL server (npm test starts one; or set it to e.g. postgres://atlas@127.0.0.1:5432/postgres). ' +
	'ATLAS_TEST_DATABASE_URL absente : ce test a besoin d’un serveur PostgreSQL.';
// Outside CI a developer without PostgreSQL may run the other browser tests; in CI it must run.
if (!DATABASE_SERVER && !process.env.CI && process.env.TEST_WORKER_INDEX === undefined) console.warn(`two-instances.test.ts skipped: ${NO_DATABASE}`);
test.skip(!DATABASE_SERVER && !process.env.CI, NO_DATABASE);
test.describe.configure({ mode: 'serial' });

const PORT = Number(process.env.E2E_TWO_PORT ?? 4431);
const VOLUNTEERS = 12;
const SHEETS = 8;
const LOGIN = 'coordination@parc-perche.fr';
const PASSWORD = 'pommes et poires du Perche';

let database: ScratchDatabase | null = null;
const servers: ServerProcess[] = [];
const recorder = new Recorder();
const clients: HttpClient[] = [];
let coordinator: Member | null = null;
/** The coordinator's connection to each instance (one session, read on both). */
const coordinatorOn: HttpClient[] = [];
const root = resolve('test-results', `two-instances-${PORT}`);

test.beforeAll(async () => {
	if (!DATABASE_SERVER) throw new Error(NO_DATABASE);
	rmSync(root, { recursive: true, force: true });
	database = await createScratchDatabase(DATABASE_SERVER, 'e2e_two');
	for (const [i, name] of ['a', 'b'].entries()) {
		const dataDir = join(root, name);
		mkdirSync(dataDir, { recursive: true });
		servers.push(new ServerProcess({ buildDir: resolve(process.env.E2E_BUILD_DIR ?? 'build'), port: PORT + i, dataDir, env: { DATABASE_URL: database.url } }));
	}
	// Both at once on the empty database: the migrations must run once, the other instance waiting.
	await Promise.all(servers.map((s) => s.start()));
	const [a, b] = servers as [ServerProcess, ServerProcess];
	// The first run through A's API (its printed link), with a password to sign in elsewhere.
	coordinator = await createCoordinator(a, recorder);
	const setup = await coordinator.http.post('setup', '/api/me/password', { login: LOGIN, password: PASSWORD });
	expect(setup.status, JSON.stringify(setup.body)).toBe(200);
	coordinatorOn.push(coordinator.http, new HttpClient(b.origin, '10.255.255.254', 'Firefox', recorder));
	(coordinatorOn[1] as HttpClient).cookie = coordinator.http.cookie;
	clients.push(...coordinatorOn);
});

test.afterAll(async () => {
	for (const c of clients) c.close();
	await Promise.all(servers.map((s) => s.stop()));
	await database?.drop();
	rmSync(root, { recursive: true, force: true });
});

function failed(checks: readonly Check[]): string[] {
	return checks.filter((c) => !c.ok).map((c) => `${c.name}: ${c.detail}`);
}

test('phones alternating between two instances converge, with nothing lost and nothing applied twice', async () => {
	test.setTimeout(180_000);
	const [a, b] = servers as [ServerProcess, ServerProcess];
	const origins = [a.origin, b.origin];
	const random = seeded(9);
	const duplicates: DuplicateStats = { sent: 0, mismatches: [] };
	const jpeg = readJpeg(resolve('scripts/load/photo.jpg'));
	const shared: Shared = {
		startedAt: Date.now(),
		acks: [],
		refusals: [],
		syncFailures: {},
		timeScale: 0.05,
		thinkMs: 300,
		deadline: Date.now() + 150_000,
		slots: new Map(),
		capacity: VOLUNTEERS * SHEETS
	};
	// Every phone alternates; every other one also sends a third of its pushes to both instances at once.
	const members = await joinVolunteers(a, coordinator as Member, recorder, VOLUNTEERS, 6, (i, address, agent) => {
		const c = new AlternatingClient(origins, address, agent, recorder, i % 2, i % 2 === 1 ? { rate: 0.35, random: seeded(100 + i), stats: duplicates } : null);
		clients.push(c);
		return c;
	});
	const volunteers = members.map(
		(m, i) => new Volunteer(i, m.http, m.userId, m.name, photoFor(jpeg, `${m.name} ${m.userId}`, new Date().toISOString()), shared, seeded(7919 + i))
	);
	shared.startedAt = Date.now();
	await Promise.all(
		volunteers.map(async (v) => {
			await new Promise((r) => setTimeout(r, random() * 500));
			await v.work(SHEETS, 3, 0.4);
		})
	);
	// Everything is sent: each phone pulls (alternating still) until up to date.
	await Promise.all(volunteers.map((v) => v.syncAll()));

	// What each instance serves is the same, and it is what the phones wrote.
	const states: ServerState[] = [];
	for (const http of coordinatorOn) states.push(await pullEverything(http));
	const [fromA, fromB] = states as [ServerState, ServerState];
	const expected = VOLUNTEERS * SHEETS;
	const checks: Check[] = [
		...stateChecks(volunteers, shared.slots, fromA, expected),
		{
			name: 'A and B serve the same sheets at the same version',
			ok: fromA.version === fromB.version && canon([...fromA.records].sort()) === canon([...fromB.records].sort()),
			detail: `A at ${fromA.version} with ${fromA.records.size} sheets, B at ${fromB.version} with ${fromB.records.size}`
		}
	];
	const lost = missingAcked(shared.acks, fromA.records);
	checks.push({
		name: 'every acknowledged mutation is there',
		ok: lost.length === 0,
		detail: `${shared.acks.length} acknowledged, ${lost.length} lost ${lost.slice(0, 3).join('; ')}`
	});
	checks.push({ name: 'no mutation or photo refused', ok: shared.refusals.length === 0, detail: shared.refusals.slice(0, 3).join('; ') });
	checks.push({ name: 'no failed sync', ok: Object.keys(shared.syncFailures).length === 0, detail: JSON.stringify(shared.syncFailures) });
	const badStatus = recorder.errorCount();
	checks.push({
		name: 'no request answered with an error (or unanswered)',
		ok: badStatus === 0,
		detail: JSON.stringify(recorder.summary().filter((k) => Object.keys(k.errors).length))
	});
	checks.push({
		name: 'a push sent to both instances at once gets the same lastSeq from both',
		ok: duplicates.mismatches.length === 0,
		detail: duplicates.mismatches.slice(0, 3).join('; ')
	});
	for (const [i, http] of coordinatorOn.entries()) {
		const photos = await photoApiCheck(http, volunteers);
		checks.push({ ...photos, name: `${photos.name} via ${'AB'[i]}` });
	}
	checks.push(...(await pgDatabaseChecks((database as ScratchDatabase).url, volunteers, expected, shared.acks)));
	const report = checks.map((c) => `${c.ok ? 'PASS' : 'FAIL'}  ${c.name}: ${c.detail}`).join('\n');
	console.log(`${report}\n${duplicates.sent} pushes sent to both instances at once; ${shared.acks.length} mutations acknowledged`);
	expect(failed(checks), report).toEqual([]);
	expect(fromA.records.size).toBe(expected);

	// The scenario really alternated: every phone pushed, pulled and sent photo chunks to both.
	for (const m of members) {
		const sent = (m.http as AlternatingClient).sentTo;
		for (const kind of ['push', 'pull', 'photo-append'])
			for (const target of [0, 1]) expect(sent.get(`${kind}@${target}`) ?? 0, `${m.name} ${kind} to ${'AB'[target]}`).toBeGreaterThan(0);
	}
	expect(duplicates.sent).toBeGreaterThanOrEqual(5);
});

async function phone(browser: Browser, address: string): Promise<{ context: BrowserContext; page: Page }> {
	const context = await browser.newContext({ viewport: { width: 360, height: 740 }, locale: 'fr-FR', serviceWorkers: 'allow' });
	// The instances run behind a proxy (ADDRESS_HEADER): this phone's address, as the proxy reports it.
	await context.setExtraHTTPHeaders({ 'X-Forwarded-For': address });
	return { context, page: await context.newPage() };
}

async function signIn(page: Page, origin: string): Promise<void> {
	await page.goto(`${origin}/connexion`);
	await page.getByLabel('Identifiant').fill(LOGIN);
	await page.getByLabel('Mot de passe').fill(PASSWORD);
	await page.getByRole('button', { name: 'Se connecter' }).click();
	// The coordinator lands on her home.
	await expect(page).toHaveURL(`${origin}/`);
}

test('a phone signs in on A, records a sheet offline and syncs; the same account on B sees it', async ({ browser }) => {
	const [a, b] = servers as [ServerProcess, ServerProcess];
	const first = await phone(browser, '10.77.0.1');
	await signIn(first.page, a.origin);
	await first.page.goto(`${a.origin}/`);
	await waitForServiceWorker(first.page);
	await waitForTerritoryStored(first.page);

	await goOffline(first.context);
	await first.page.reload();
	await newSheet(first.page, 'pressoir');
	await first.page.getByLabel('Nom de l’outil ou du lieu').fill('Pressoir des deux serveurs');
	await pickCommune(first.page, 'perche en noce', 'Perche en Nocé');
	await first.page.getByTestId('photo-gallery').setInputFiles({ name: 'pressoir.jpg', mimeType: 'image/jpeg', buffer: await makeSmallPhoto(first.page) });
	await expect(first.page.getByTestId('photo-thumb')).toHaveCount(1);
	await first.page.getByRole('button', { name: 'Terminer la fiche' }).click();
	await expect(first.page.getByRole('heading', { name: 'Fiche terminée', level: 1 })).toBeVisible();
	await first.page.locator('main').getByRole('link', { name: 'Mes fiches' }).click();
	await expect(first.page.getByTestId('sync-bar')).toContainText('1 fiche attend d’être envoyée');

	await goOnline(first.context);
	await expect(first.page.getByTestId('sync-bar')).toContainText('Tout est envoyé.', { timeout: 30_000 });
	await expect(first.page.getByTestId('photos-waiting')).toHaveCount(0, { timeout: 30_000 });

	// Another device, the same account, signed in on B: the sheet and its photo are there.
	const second = await phone(browser, '10.77.0.2');
	await signIn(second.page, b.origin);
	await second.page.goto(`${b.origin}/fiches`);
	const item = second.page.getByTestId('sheet-item').filter({ hasText: 'Pressoir des deux serveurs' });
	await expect(item).toHaveCount(1, { timeout: 30_000 });
	await item.click();
	await expect(second.page.getByRole('heading', { level: 1 })).toHaveText('Pressoir des deux serveurs');
	const thumb = second.page.getByTestId('photo-thumb');
	await expect(thumb).toHaveCount(1);
	expect(await thumb.evaluate((img: HTMLImageElement) => img.decode().then(() => img.naturalWidth))).toBe(800);

	// The server holds it once, whichever instance is asked.
	for (const http of coordinatorOn) {
		const state = await pullEverything(http);
		const named = [...state.records.values()].filter((r) => r.fields.name?.v === 'Pressoir des deux serveurs');
		expect(named).toHaveLength(1);
		expect(state.records.size).toBe(VOLUNTEERS * SHEETS + 1);
	}
	await first.context.close();
	await second.context.close();
});

test('the sign-in limit is shared: the 11th attempt is refused on A and on B', async () => {
	const [a, b] = servers as [ServerProcess, ServerProcess];
	for (const [n, last] of [
		[1, 0],
		[2, 1]
	] as const) {
		const address = `10.88.0.${n}`;
		const on = [new HttpClient(a.origin, address, 'Firefox', recorder), new HttpClient(b.origin, address, 'Firefox', recorder)];
		clients.push(...on);
		// Ten wrong passwords, alternating: each instance alone saw five, the database counts ten. A
		// name of its own each time: one name tried again is slowed down by another rule (per account).
		for (let i = 0; i < 10; i++) {
			const res = await (on[i % 2] as HttpClient).post('setup', '/api/signin', {
				login: `inconnu-${n}-${i}@exemple.fr`,
				password: `essai ${i} du mot de passe`
			});
			expect(res.status, `attempt ${i + 1}`).toBe(401);
		}
		const eleventh = await (on[last] as HttpClient).post('setup', '/api/signin', { login: LOGIN, password: PASSWORD });
		expect(eleventh.status, `11th attempt on ${'AB'[last]}`).toBe(429);
		const twelfth = await (on[1 - last] as HttpClient).post('setup', '/api/signin', { login: LOGIN, password: PASSWORD });
		expect(twelfth.status, `12th attempt on ${'AB'[1 - last]}`).toBe(429);
	}
});
