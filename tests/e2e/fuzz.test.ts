/**
 * Issue 8, bad input. A private production server is attacked, as each role (no session, a
 * volunteer, the mairie of another commune, the coordinator — all made through the product's own
 * paths), with FUZZ_COUNT (default 10,000) malformed or hostile requests spread over EVERY route and
 * method found under src/routes/api: wrong types, missing and unknown fields, 1 MB strings,
 * 10,000 levels of nesting, invalid UTF-8, NUL bytes, wrong content types, cut-off JSON, SQL and
 * HTML injection, files that are not images, wrong upload offsets and sizes, other people's ids,
 * odd numbers, repeated query parameters (tests/e2e/fuzz/*). The requests come from a seeded
 * generator: FUZZ_SEED=<printed seed> sends the same ones again (FUZZ_BODY_CHARS=<n> prints more
 * than the first 160 characters of each offending body).
 *
 * It proves: no answer is a server error (every offending request is printed); every refusal is a
 * 4xx in the error funnel's shape with a French sentence of the catalogue; nothing is half-written
 * (every table of the SQLite file and the photos folder are the same after the storm, except the
 * sheets the legitimate pushes mixed into it made, which are there exactly as sent); the server
 * logged no error. Then the stored hostile text (sheets whose every text field, user names and
 * labels hold script and markup payloads) is shown as text, never run, in every page that shows
 * it, in Chromium.
 */
import { expect, test, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { createHash } from 'node:crypto';
import { TestServer, createCoordinator, inviteLink } from './server';
import { GeoStub, TileStub, communesOfCdc, gridSquare, writeTerritory } from './stubs';
import { makeSmallPhoto } from './pages';
import { waitForServiceWorker } from './helpers';
import { hangs, loopback, send, sessionCookie, type RawRequest, type RawResponse } from './fuzz/http';
import { caseSeed } from './fuzz/rng';
import { discoverRoutes } from './fuzz/routes';
import { SPECS, buildCases, type Case } from './fuzz/specs';
import { refusalProblem } from './fuzz/messages';
import { auditActionsSince, differences, fingerprint, versions } from './fuzz/fingerprint';
import { freshHlc } from './fuzz/sheets';
import type { LaneState, Member, World } from './fuzz/world';

const SEED = Number(process.env.FUZZ_SEED ?? 20_260_808) >>> 0;
const COUNT = Number(process.env.FUZZ_COUNT ?? 10_000);
/** Requests in flight at once, besides the serial lanes. */
const CONCURRENCY = 6;

const server = new TestServer(Number(process.env.E2E_FUZZ_PORT ?? 4430));
const geo = new GeoStub(Number(process.env.E2E_FUZZ_GEO_PORT ?? 4431));
const tiles = new TileStub(Number(process.env.E2E_FUZZ_TILE_PORT ?? 4432));
/** CC Cœur du Perche: twelve communes on the stubs' grid. */
const CDC = '200068435';
const COMMUNES = communesOfCdc(CDC);
const MAIRIE_A = '61309';
const MAIRIE_B = '61345';
const ELSEWHERE = (COMMUNES.find((c) => c.code !== MAIRIE_A && c.code !== MAIRIE_B) as { code: string }).code;
const V = { protocol: 1, schemaVersion: 1 };

test.describe.configure({ mode: 'serial' });

// ------------------------------------------------------------------ stored payloads

/** Payloads each text field holds: markup that would run if shown as HTML, and a probe to find it. */
const XSS = {
	img: '<img data-xss-probe src=x onerror="window.__xss=1">',
	script: '"><script data-xss-probe>window.__xss=1</script>',
	svg: "'><svg data-xss-probe onload=window.__xss=1>",
	link: '<a data-xss-probe href="javascript:window.__xss=1">lien</a>',
	js: 'javascript:window.__xss=1',
	sql: "'; DROP TABLE records; --"
};
const NAME_1 = `Pressoir ${XSS.img}`;
const NAME_2 = `Pressoir bis ${XSS.script}`;
const NAME_C = `Atelier ${XSS.svg}`;
const NAME_MA = `Four ${XSS.link}`;
const PERSON = `Marie ${XSS.img}`.slice(0, 80);
const MAIRIE_A_NAME = `Mairie ${XSS.svg}`.slice(0, 80);
const LABEL = `Bénévoles ${XSS.script}`.slice(0, 120);

function hostileTextFields(name: string): Record<string, unknown> {
	return {
		name,
		categoryOther: `${XSS.svg} ${XSS.sql}`.slice(0, 120),
		description: Object.values(XSS).join(' | '),
		address: `${XSS.link} ${XSS.sql}`,
		accessPrice: XSS.script,
		accessMinBatch: XSS.img,
		sanitaryNumber: XSS.js,
		orgName: `${XSS.svg}`,
		orgPhone: XSS.js,
		orgEmail: XSS.js,
		personName: XSS.img,
		personPhone: XSS.js,
		personEmail: `${XSS.js}`,
		notes: Object.values(XSS).join('\n'),
		surveyedBy: XSS.script,
		equipment: [{ id: 'EquipmentFuzz01', label: XSS.img, category: null, quantity: 1 }]
	};
}

/** The centre of a commune's square on the stubs' grid, moved by `dLat` degrees. */
function pointIn(code: string, dLat = 0) {
	const b = gridSquare(COMMUNES.findIndex((c) => c.code === code));
	return { lat: (b.south + b.north) / 2 + dLat, lon: (b.west + b.east) / 2, accuracy: 8, source: 'gps', at: new Date().toISOString() };
}

const stamp = (node: string) => freshHlc(node);
const fieldsOf = (values: Record<string, unknown>, node: string) => Object.fromEntries(Object.entries(values).map(([k, v]) => [k, { v, hlc: stamp(node) }]));

// ------------------------------------------------------------------ set-up through the product

let world: World;
let coordinator: { context: BrowserContext; page: Page };
let addressCounter = 0;
const ids = { xss1: 'FuzzXssSheet000001', xss2: 'FuzzXssSheet000002', c1: 'FuzzCoordSheet0001', ma1: 'FuzzMairieASheet01' };
let polyglotSha = '';
let polyglotAnswer = 0;
/** Mairie A's session (kept out of the storm: its pages are checked at the end). */
let mairieACookie = '';

async function call(method: string, path: string, cookie: string | null, body?: unknown, extra: Partial<RawRequest> = {}): Promise<RawResponse> {
	const headers: Record<string, string> = { accept: 'application/json', origin: server.origin };
	if (cookie) headers.cookie = cookie;
	if (body !== undefined && !Buffer.isBuffer(body)) headers['content-type'] = 'application/json';
	const raw = body === undefined ? undefined : Buffer.isBuffer(body) ? body : Buffer.from(JSON.stringify(body));
	return send(server.port, { method, path, headers: { ...headers, ...extra.headers }, body: raw, localAddress: loopback(addressCounter++) });
}

const json = <T>(res: RawResponse): T => JSON.parse(res.body.toString()) as T;

async function join(link: string, name: string): Promise<string> {
	const res = await call('POST', '/api/join', null, { token: link.split('#')[1], name });
	expect(res.status, res.body.toString()).toBe(201);
	return sessionCookie(res);
}

async function upload(cookie: string, bytes: Buffer, upTo = bytes.length): Promise<{ sha: string; status: number }> {
	const sha = createHash('sha256').update(bytes).digest('hex');
	const announced = await call('POST', `/api/photos/${sha}`, cookie, { size: bytes.length, mime: 'image/jpeg' });
	expect(announced.status, announced.body.toString()).toBe(200);
	const res = await call('PATCH', `/api/photos/${sha}`, cookie, bytes.subarray(0, upTo), {
		headers: { 'content-type': 'application/offset+octet-stream', 'upload-offset': '0' }
	});
	return { sha, status: res.status };
}

async function push(cookie: string, clientId: string, mutations: { recordId: string; fields: Record<string, unknown>; comments?: unknown[] }[]): Promise<void> {
	const res = await call('POST', '/api/sync/push', cookie, { ...V, clientId, mutations: mutations.map((m, i) => ({ seq: i + 1, ...m })) });
	expect(res.status, `${res.body.toString()}\n${server.output.slice(-3000)}`).toBe(200);
	expect(json<{ rejected: unknown[] }>(res).rejected).toEqual([]);
}

test.beforeAll(async ({ browser }) => {
	test.setTimeout(60_000);
	await geo.start();
	await tiles.start();
	server.env = { ATLAS_GEO_API: geo.origin, ATLAS_TILE_SOURCES: JSON.stringify(tiles.sources()) };
	writeTerritory(server.dataDir, CDC);
	await server.start();

	const context = await browser.newContext({ viewport: { width: 360, height: 740 }, locale: 'fr-FR', timezoneId: 'Europe/Paris', serviceWorkers: 'allow' });
	coordinator = { context, page: await context.newPage() };
	await createCoordinator(coordinator.page, server);
	const setupToken = server.setupLink().split('#')[1] as string;
	const coordCookie = `atlas_session=${(await context.cookies()).find((c) => c.name === 'atlas_session')?.value}`;

	// The team, through invitation links (the labels and a name hold markup too).
	const links = {
		volunteer: await inviteLink(coordinator.page, server, { role: 'benevole', label: LABEL }),
		mairieA: await inviteLink(coordinator.page, server, { role: 'mairie', communes: [MAIRIE_A], label: LABEL }),
		otherMairie: await inviteLink(coordinator.page, server, { role: 'mairie', communes: [MAIRIE_B] })
	};
	const cookies = {
		volunteer: await join(links.volunteer, PERSON),
		mairieA: await join(links.mairieA, MAIRIE_A_NAME),
		otherMairie: await join(links.otherMairie, 'Mairie de Rémalard'),
		coordinator: coordCookie
	};

	mairieACookie = cookies.mairieA;

	// Photos: one complete, one half sent; and a JPEG header followed by a script (a polyglot).
	const jpeg = await makeSmallPhoto(coordinator.page);
	const complete = await upload(cookies.volunteer, jpeg);
	expect(complete.status).toBe(200);
	const other = Buffer.concat([jpeg.subarray(0, jpeg.length - 2), Buffer.from([0x00, 0xff, 0xd9])]);
	const half = Math.floor(other.length / 2);
	const partial = await upload(cookies.volunteer, other, half);
	expect(partial.status).toBe(200);
	const polyglot = Buffer.concat([
		Buffer.from([0xff, 0xd8, 0xff, 0xe0]),
		Buffer.from(`<html><script>window.__xss=1</script><img src=x onerror="window.__xss=1">${'garbage'.repeat(200)}`)
	]);
	const sent = await upload(cookies.volunteer, polyglot);
	polyglotSha = sent.sha;
	polyglotAnswer = sent.status;
	// The server checks an image's signature, not the whole file: such a file may be kept, but it is
	// only ever served as the image type announced, never sniffed into a page (see the page test).
	if (polyglotAnswer === 200) {
		const served = await call('GET', `/api/photos/${polyglotSha}`, cookies.volunteer);
		expect(served.headers['content-type']).toBe('image/jpeg');
		expect(served.headers['x-content-type-options']).toBe('nosniff');
	} else expect(polyglotAnswer).toBe(415);

	// Sheets, by legitimate pushes: every text field hostile.
	const photoRef = { sha: complete.sha, mime: 'image/jpeg', bytes: jpeg.length, width: 800, height: 600, takenAt: new Date().toISOString() };
	const clients = {
		volunteer: 'FuzzVolunteerPhone01',
		otherMairie: 'FuzzMairieBPhone0001',
		coordinator: 'FuzzCoordinatorDesk1',
		mairieA: 'FuzzMairieAPhone0001'
	};
	const commentOf = (text: string) => ({ id: `FuzzComment${Math.random().toString(36).slice(2, 12)}`, text, at: new Date().toISOString() });
	await push(cookies.volunteer, clients.volunteer, [
		{
			recordId: ids.xss1,
			fields: fieldsOf(
				{
					category: 'pressoir',
					...hostileTextFields(NAME_1),
					commune: MAIRIE_A,
					location: pointIn(MAIRIE_A),
					condition: 'en_service',
					worksWithoutMains: 'oui',
					photos: [photoRef],
					status: 'soumis'
				},
				'vol'
			),
			comments: [commentOf(`Bonjour ${XSS.img}`)]
		},
		{
			recordId: ids.xss2,
			fields: fieldsOf(
				{
					category: 'pressoir',
					...hostileTextFields(NAME_2),
					commune: MAIRIE_A,
					location: pointIn(MAIRIE_A, 0.0004),
					condition: 'en_service',
					status: 'soumis'
				},
				'vol'
			)
		}
	]);
	await push(cookies.mairieA, clients.mairieA, [
		{
			recordId: ids.ma1,
			fields: fieldsOf(
				{ category: 'fournil_four', ...hostileTextFields(NAME_MA), commune: MAIRIE_A, location: pointIn(MAIRIE_A, -0.01), status: 'soumis' },
				'mairiea'
			)
		},
		{
			recordId: ids.xss1,
			fields: fieldsOf({ status: 'a_corriger' }, 'mairiea'),
			comments: [{ ...commentOf(`À corriger ${XSS.script}`), status: 'a_corriger' }]
		}
	]);
	// The coordinator's sheet, and a stale write on the volunteer's (an older stamp: a conflict).
	await push(cookies.coordinator, clients.coordinator, [
		{
			recordId: ids.c1,
			fields: fieldsOf(
				{ category: 'autre', ...hostileTextFields(NAME_C), commune: ELSEWHERE, location: pointIn(ELSEWHERE), condition: 'en_service', status: 'soumis' },
				'coord'
			)
		},
		{ recordId: ids.xss1, fields: { notes: { v: `Ancienne note ${XSS.svg}`, hlc: '2020-01-01T00:00:00.000Z-0000-coord' } } }
	]);
	const registered = await call('POST', '/api/sync/pull', cookies.otherMairie, { ...V, clientId: clients.otherMairie, cursor: 0 });
	expect(registered.status).toBe(200);
	// The commune outlines, fetched once from the API Géo stand-in and kept: the storm only reads them.
	expect((await call('GET', '/api/territory/outlines', null)).status).toBe(200);

	const team = json<{ users: { id: string; role: string; communes: string[]; devices: { id: string }[] }[]; invitations: { id: string }[] }>(
		await call('GET', '/api/team', coordCookie)
	);
	const user = (role: string, commune?: string) =>
		team.users.find((u) => u.role === role && (!commune || u.communes.includes(commune))) as (typeof team.users)[number];
	const people = { volunteer: user('benevole'), mairieA: user('mairie', MAIRIE_A), otherMairie: user('mairie', MAIRIE_B), coordinator: user('coordinateur') };
	const conflicts = json<{ conflicts: { id: number }[] }>(await call('GET', '/api/conflicts', coordCookie)).conflicts;
	expect(conflicts.length).toBeGreaterThan(0);
	world = {
		port: server.port,
		origin: server.origin,
		cookies: { volunteer: cookies.volunteer, otherMairie: cookies.otherMairie, coordinator: cookies.coordinator },
		userIds: { volunteer: people.volunteer.id, mairieA: people.mairieA.id, otherMairie: people.otherMairie.id, coordinator: people.coordinator.id },
		sessionIds: {
			volunteer: people.volunteer.devices.map((d) => d.id),
			mairieA: people.mairieA.devices.map((d) => d.id),
			otherMairie: people.otherMairie.devices.map((d) => d.id),
			coordinator: people.coordinator.devices.map((d) => d.id)
		},
		invitationIds: team.invitations.map((i) => i.id),
		setupToken,
		invitationTokens: Object.values(links).map((l) => l.split('#')[1] as string),
		conflictIds: conflicts.map((c) => c.id),
		records: { volunteer: [ids.xss1, ids.xss2], coordinator: [ids.c1], mairieA: [ids.ma1] },
		photos: {
			complete: { sha: complete.sha, size: jpeg.length, mime: 'image/jpeg', offset: jpeg.length },
			partial: { sha: partial.sha, size: other.length, mime: 'image/jpeg', offset: half }
		},
		clients: { volunteer: clients.volunteer, otherMairie: clients.otherMairie, coordinator: clients.coordinator },
		communes: { mairieA: MAIRIE_A, otherMairie: MAIRIE_B, elsewhere: ELSEWHERE }
	};
});

test.afterAll(async () => {
	await coordinator?.context.close();
	await server.dispose();
	await geo.stop();
	await tiles.stop();
});

// ------------------------------------------------------------------ the storm

interface Failure {
	n: number;
	what: string;
	problem: string;
}

function describeRequest(c: Case, req: RawRequest): string {
	const body = req.body
		? ` body(${req.body.length} B${req.chunked ? ', chunked' : ''}): ${JSON.stringify(req.body.subarray(0, Number(process.env.FUZZ_BODY_CHARS ?? 160)).toString('latin1'))}`
		: '';
	return `#${c.n} ${c.role} ${req.method} ${req.path.slice(0, 200)}${req.path.length > 200 ? '…' : ''} [${c.kind}]${body}`;
}

async function runCase(c: Case, state: LaneState, failures: Failure[], statuses: Map<string, Map<number, number>>): Promise<number> {
	const responses: RawResponse[] = [];
	let sent = 0;
	for (const step of c.steps(state)) {
		const req = step.request.localAddress === 'per-address' ? { ...step.request, localAddress: loopback(addressCounter++) } : step.request;
		let res: RawResponse;
		sent++;
		try {
			res = await send(server.port, req);
		} catch (e) {
			failures.push({ n: c.n, what: describeRequest(c, req), problem: `no answer: ${(e as Error).message}` });
			return sent;
		}
		responses.push(res);
		const key = `${c.method} /api/${c.route}`;
		const byStatus = statuses.get(key) ?? new Map<number, number>();
		byStatus.set(res.status, (byStatus.get(res.status) ?? 0) + 1);
		statuses.set(key, byStatus);
		const fail = (problem: string) => failures.push({ n: c.n, what: describeRequest(c, req), problem });
		if (res.status >= 500) fail(`server error ${res.status}: ${res.body.toString().slice(0, 200)}`);
		else if (step.expect === 'refuse' && (res.status < 400 || res.status >= 500))
			fail(`expected a refusal, got ${res.status}: ${res.body.toString().slice(0, 200)}`);
		else if (step.status !== undefined && res.status !== step.status) fail(`expected ${step.status}, got ${res.status}: ${res.body.toString().slice(0, 200)}`);
		if (res.status >= 400 && res.status < 500) {
			const problem = refusalProblem(res.headers['content-type'], res.body);
			if (problem) fail(`refusal not in the funnel's shape (${res.status}): ${problem}`);
		}
	}
	const after = c.after?.(responses, state);
	if (after) failures.push({ n: c.n, what: `#${c.n} ${c.role} ${c.method} /api/${c.route} [${c.kind}]`, problem: after });
	return sent;
}

test(`the API answers ${COUNT} hostile requests without a server error, in French, and writes nothing`, async () => {
	test.setTimeout(120_000);
	console.log(`fuzz: seed ${SEED} (FUZZ_SEED=${SEED} FUZZ_COUNT=${COUNT} to run these requests again)`);

	// Every route and method of the source tree has its cases, and no case targets a route that is gone.
	const routes = discoverRoutes();
	expect(routes.length).toBeGreaterThan(0);
	expect(
		routes.filter((r) => r.methods.length === 0).map((r) => r.route),
		'routes whose methods were not found'
	).toEqual([]);
	const declared = Object.fromEntries(routes.map((r) => [r.route, r.methods]));
	const specified = Object.fromEntries(Object.entries(SPECS).map(([route, methods]) => [route, Object.keys(methods).sort()]));
	expect(specified, 'fuzz specs (tests/e2e/fuzz/specs.ts) must cover every route and method of src/routes/api').toEqual(declared);

	const state: LaneState = { lastSeq: new Map(), legit: new Map() };
	for (const [member, clientId] of Object.entries(world.clients)) {
		const res = await call('POST', '/api/sync/pull', world.cookies[member as Member], { ...V, clientId, cursor: 0 });
		state.lastSeq.set(clientId, json<{ lastSeq: number }>(res).lastSeq);
	}
	const startVersion = versions(server.dataDir);
	const outputBefore = server.output.length;
	const before = fingerprint(server.dataDir);

	const cases = buildCases(SEED, COUNT, world, routes, caseSeed);
	const failures: Failure[] = [];
	const statuses = new Map<string, Map<number, number>>();
	const lanes = new Map<string, Case[]>();
	const pool: Case[] = [];
	for (const c of cases) {
		if (c.lane) lanes.set(c.lane, [...(lanes.get(c.lane) ?? []), c]);
		else pool.push(c);
	}
	let requests = 0;
	const started = Date.now();
	const timing = new Map<string, number>();
	const slowest = new Map<string, number>();
	const timed = async (c: Case) => {
		const t0 = Date.now();
		const k = await runCase(c, state, failures, statuses);
		requests += k;
		const key = `${c.method} /api/${c.route}`;
		const ms = Date.now() - t0;
		timing.set(key, (timing.get(key) ?? 0) + ms);
		slowest.set(key, Math.max(slowest.get(key) ?? 0, ms));
	};
	const runLane = async (list: Case[]) => {
		for (const c of list) await timed(c);
	};
	let next = 0;
	const worker = async () => {
		while (next < pool.length) await timed(pool[next++] as Case);
	};
	await Promise.all([...[...lanes.values()].map(runLane), ...Array.from({ length: CONCURRENCY }, worker)]);
	const seconds = (Date.now() - started) / 1000;

	// The report: requests and answers per route.
	const lines = [...statuses.entries()]
		.sort(([a], [b]) => a.localeCompare(b))
		.map(([key, byStatus]) => {
			const total = [...byStatus.values()].reduce((a, b) => a + b, 0);
			const detail = [...byStatus.entries()]
				.sort(([a], [b]) => a - b)
				.map(([s, k]) => `${s}×${k}`)
				.join(' ');
			return `  ${key.padEnd(42)} ${String(total).padStart(5)} ${String(timing.get(key) ?? 0).padStart(7)} ms (max ${slowest.get(key) ?? 0})  ${detail}`;
		});
	console.log(`fuzz: ${requests} requests (${cases.length} cases) in ${seconds.toFixed(1)} s, ${failures.length} problems\n${lines.join('\n')}`);

	// Nothing written but what the legitimate pushes made, and those exactly.
	const after = fingerprint(server.dataDir, new Set(state.legit.keys()));
	const changed = differences(before, after);
	const endVersion = versions(server.dataDir);
	const added = Object.entries(after.counts)
		.filter(([t, n]) => n !== before.counts[t])
		.map(([t, n]) => `${t} ${before.counts[t] ?? 0}→${n}`);
	console.log(`fuzz: ${state.legit.size} legitimate sheets mixed in; rows changed by design: ${added.join(', ') || 'none'}`);
	const coordinatorClient = world.clients.coordinator;
	const pulled = json<{ changes: { id: string; fields: Record<string, { v: unknown }> }[] }>(
		await call('POST', '/api/sync/pull', world.cookies.coordinator, { ...V, clientId: coordinatorClient, cursor: startVersion.counter })
	).changes;
	const audit = auditActionsSince(server.dataDir, before.lastAuditId);
	const logged = server.output
		.slice(outputBefore)
		.split('\n')
		.filter((l) => /error|\[(GET|POST|PUT|PATCH|DELETE) \//i.test(l));

	if (failures.length > 0) {
		console.log(
			`fuzz: ${failures.length} problems (seed ${SEED}):\n` +
				failures
					.slice(0, 200)
					.map((f) => `  ${f.what}\n    → ${f.problem}`)
					.join('\n')
		);
	}
	expect(
		failures.map((f) => `#${f.n}: ${f.problem.slice(0, 160)}`),
		`problems (seed ${SEED}, see the log above)`
	).toEqual([]);
	expect(hangs, 'connections that hung after a request, then were reset').toEqual([]);
	expect(requests).toBeGreaterThanOrEqual(COUNT);
	expect(changed, 'rows or files changed by the storm').toEqual([]);
	expect(endVersion.counter).toBe(endVersion.maxRecord);
	expect(endVersion.counter).toBe(startVersion.counter + state.legit.size);
	expect(pulled.map((c) => c.id).sort()).toEqual([...state.legit.keys()].sort());
	for (const change of pulled) {
		const values = Object.fromEntries(Object.entries(change.fields).map(([k, f]) => [k, f.v]));
		expect(values).toEqual(state.legit.get(change.id));
	}
	// The audit log only gained attempts that were refused (and backup imports, logged even when every mutation was refused).
	expect(
		Object.keys(audit).filter((a) => !['signin.failed', 'invitation.refused', 'backup.imported', 'export.private'].includes(a)),
		JSON.stringify(audit)
	).toEqual([]);
	expect(logged, 'errors in the server log').toEqual([]);
	// Every role is still signed in.
	for (const member of ['volunteer', 'otherMairie', 'coordinator'] as const) expect((await call('GET', '/api/me', world.cookies[member])).status).toBe(200);
});

// ------------------------------------------------------------------ stored text in the pages

/** Opens `path` and checks that no payload ran or became markup, and that `texts` show literally. */
async function expectInert(page: Page, path: string, texts: (string | RegExp)[], act?: () => Promise<void>): Promise<void> {
	await page.goto(`${server.origin}${path}`);
	for (const text of texts) await expect(page.locator('body'), `${path} shows ${text}`).toContainText(text, { timeout: 20_000 });
	if (act) await act();
	const found = await page.evaluate(() => ({
		xss: (window as unknown as { __xss?: unknown }).__xss,
		probes: document.querySelectorAll('[data-xss-probe]').length,
		jsLinks: [...document.querySelectorAll('[href], [src], [action], [formaction]')].filter((e) =>
			['href', 'src', 'action', 'formaction'].some((a) => /^\s*javascript:/i.test(e.getAttribute(a) ?? ''))
		).length,
		violations: (window as unknown as { __csp?: string[] }).__csp ?? []
	}));
	expect(found, path).toEqual({ xss: undefined, probes: 0, jsLinks: 0, violations: [] });
}

async function openAs(browser: Browser, cookie: string): Promise<{ context: BrowserContext; page: Page; dialogs: string[] }> {
	const context = await browser.newContext({ viewport: { width: 360, height: 740 }, locale: 'fr-FR', timezoneId: 'Europe/Paris', serviceWorkers: 'allow' });
	await context.addCookies([{ name: 'atlas_session', value: cookie.split('=')[1] as string, url: server.origin }]);
	return watch(context);
}

async function watch(context: BrowserContext): Promise<{ context: BrowserContext; page: Page; dialogs: string[] }> {
	const dialogs: string[] = [];
	// A blocked inline script or handler still says so: the page records every policy violation.
	await context.addInitScript(() => {
		const w = window as unknown as { __csp: string[] };
		w.__csp = [];
		document.addEventListener('securitypolicyviolation', (e) => w.__csp.push(`${e.violatedDirective} ${e.blockedURI}`));
	});
	const page = await context.newPage();
	page.on('dialog', (d) => {
		dialogs.push(d.message());
		void d.dismiss();
	});
	return { context, page, dialogs };
}

/** Syncs from the sync bar: the coordinator's home, or « Mes fiches » for a mairie (her home is « Ma commune »). */
async function syncNow(page: Page, path: '/' | '/fiches' = '/'): Promise<void> {
	await page.goto(`${server.origin}${path}`);
	await waitForServiceWorker(page);
	await page.getByRole('button', { name: 'Synchroniser maintenant' }).click();
	await expect(page.getByTestId('sync-bar')).toContainText('Tout est envoyé.', { timeout: 20_000 });
}

test('stored markup is shown as text and never runs, in every page that shows sheet text', async ({ browser }, testInfo) => {
	test.setTimeout(90_000);
	const desk = await watch(coordinator.context);
	const { page } = desk;
	await syncNow(page);

	await expectInert(page, '/commune', [NAME_1]);
	await expectInert(page, `/fiches/${ids.xss1}`, [NAME_1, XSS.js, XSS.sql]);
	await page.screenshot({ path: testInfo.outputPath('sheet-with-markup-360px.png'), fullPage: true });
	await expectInert(page, `/fiches/${ids.xss1}/historique`, [NAME_1, PERSON, `À corriger ${XSS.script}`]);
	await expectInert(page, `/fiches/${ids.c1}/modifier`, []);
	await expect(page.getByLabel('Nom de l’outil ou du lieu')).toHaveValue(NAME_C);
	await expectInert(page, '/recensement', [NAME_1, NAME_C]);
	// The nearest tool of each commune, by name.
	await expectInert(page, '/maillage?family=fruits', [/Pressoir (bis )?("><script|<img) data-xss-probe/]);
	await expectInert(page, '/doublons', [NAME_1, NAME_2]);
	await expectInert(page, `/doublons/reunir?a=${ids.xss1}&b=${ids.xss2}`, [NAME_1, NAME_2]);
	await expectInert(page, '/conflits', [`Ancienne note ${XSS.svg}`]);
	await expectInert(page, '/equipe', [PERSON, LABEL]);
	// The journal names who did what: an action of mairie A (whose name holds markup) comes first.
	const password = await call('POST', '/api/me/password', mairieACookie, { login: 'mairie.a.fuzz', password: 'un mot de passe assez long' });
	expect(password.status, password.body.toString()).toBe(200);
	await expectInert(page, '/journal', [MAIRIE_A_NAME]);
	await expectInert(page, '/carte', [], async () => {
		await page.locator(`[data-testid="map-marker"][data-id="${ids.c1}"]`).click();
		await expect(page.getByTestId('map-summary')).toContainText(NAME_C);
	});
	// The polyglot "photo" (a JPEG header, then a script) is served as an image, never as a page.
	if (polyglotAnswer === 200) await expectInert(page, `/api/photos/${polyglotSha}`, []);
	expect(desk.dialogs).toEqual([]);

	// The mairie of the commune: its review list and the printable summary.
	const mairie = await openAs(browser, mairieACookie);
	await syncNow(mairie.page, '/fiches');
	await expectInert(mairie.page, '/commune', [NAME_2, NAME_MA]);
	await expectInert(mairie.page, `/commune/imprimer?commune=${MAIRIE_A}`, [NAME_1, NAME_MA]);
	await mairie.page.screenshot({ path: testInfo.outputPath('print-summary-with-markup-360px.png'), fullPage: true });
	expect(mairie.dialogs).toEqual([]);
	await mairie.context.close();
});
