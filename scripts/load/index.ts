/**
 * The load and fault test, as a library (`npm run load` is scripts/load/main.ts; the reduced CI
 * run is tests/e2e/load-faults.test.ts):
 *
 *   1. the production server (`node <build>/index.js`) on a private port and a fresh data folder;
 *   2. a coordinator (first-run link) and N volunteers (one invitation, each joining from its own
 *      phone: own address, own session cookie, own install id);
 *   3. all volunteers at once: S sheets each in sessions, one photo each, syncing as the app does
 *      (scripts/load/volunteer.ts), optionally with the server killed every few seconds (faults.ts),
 *      a backup taken while they write (backup.ts), and the server restored from an earlier backup
 *      in the middle (restore.ts: the phones heal it);
 *   4. when every phone has sent everything, each pulls until up to date;
 *   5. the checks (checks.ts): exactly N×S sheets, none lost, none doubled, every acknowledged
 *      mutation there, every photo intact, every phone converged on the server's version.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createServer } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { takeBackupDuringLoad, verifyRestore, type BackupReport } from './backup';
import { databaseChecks, missingAcked, photoApiCheck, pullEverything, stateChecks, type Check } from './checks';
import { Exclusive, Killer, type KillReport } from './faults';
import { HttpClient } from './http';
import { AlternatingClient } from './instances';
import { createScratchDatabase, pgDatabaseChecks } from './pg';
import { photoFor, readJpeg } from './photo';
import { Restorer, restoreChecks, type RestoreReport } from './restore';
import { ServerProcess } from './server';
import { seeded } from './sheets';
import { Recorder, type KindSummary, type SlowRequest } from './stats';
import { createCoordinator, joinVolunteers } from './team';
import { LoadAbort, Volunteer, type Shared } from './volunteer';

export interface LoadOptions {
	volunteers: number;
	sheets: number;
	/** Kill the server every this many seconds (±50 %); null: no faults. */
	killEvery: number | null;
	/** At most this many kills (default: as many as fit in the load). */
	maxKills: number;
	/**
	 * Instead of a timer: kill once each of these shares of the sheets is acknowledged (e.g. 0.25,
	 * 0.5, 0.75) — the same kills whatever the machine's speed (CI).
	 */
	killAt: readonly number[] | null;
	/** The production build to run (`build`, or a copy of it). */
	buildDir: string;
	/** The server's port (0: any free port). */
	port: number;
	/** Port of the server started on the restored backup (0: any free port). */
	restorePort: number;
	seed: number;
	/** The app's sync timings (seconds after an edit, backoff) are multiplied by this. */
	timeScale: number;
	/** Longest pause between two sessions of one volunteer, in ms. */
	thinkMs: number;
	/** Most sheets made between two syncs. */
	sessionMax: number;
	/** Chance that a session also edits an earlier sheet. */
	revisitRate: number;
	/** The whole run fails past this many ms. */
	timeoutMs: number;
	photoFile: string;
	/** Where to put the data folders (a fresh one inside; default: the system's temporary folder). */
	workDir: string;
	/** Keep the data folders afterwards (to look at them). */
	keep: boolean;
	/** Take a backup (`admin backup`) once this share of the sheets is acknowledged, then restore it and check it; null: none. */
	backupAt: number | null;
	/**
	 * Restore the server in the middle of the load: `admin backup` at half this many seconds, then at
	 * this many the server stopped, `admin restore` of that backup, started again (SQLite only); null: none.
	 */
	restoreAt: number | null;
	/**
	 * Instead of a timer: the backup once this share of the sheets is acknowledged, the restore at the
	 * second share (e.g. [0.3, 0.6]) — the same moments whatever the machine's speed (CI).
	 */
	restoreAtShares: readonly [number, number] | null;
	/** Progress lines (null: quiet). */
	log: ((line: string) => void) | null;
	/**
	 * A PostgreSQL server (postgres://user@host:port/any-database): the app runs on a fresh
	 * database made there for the run (DATABASE_URL), dropped afterwards unless `keep`; null: SQLite.
	 */
	databaseUrl: string | null;
	/** App instances (each its own port and data folder, one database: PostgreSQL only); every phone alternates between them. */
	instances: number;
}

export const DEFAULTS: LoadOptions = {
	volunteers: 500,
	sheets: 20,
	killEvery: null,
	maxKills: Number.POSITIVE_INFINITY,
	killAt: null,
	buildDir: 'build',
	port: 0,
	restorePort: 0,
	seed: 1,
	timeScale: 0.05,
	thinkMs: 1000,
	sessionMax: 5,
	revisitRate: 0.3,
	timeoutMs: 60 * 60_000,
	photoFile: 'scripts/load/photo.jpg',
	workDir: tmpdir(),
	keep: false,
	backupAt: null,
	restoreAt: null,
	restoreAtShares: null,
	log: null,
	databaseUrl: null,
	instances: 1
};

export interface LoadResult {
	ok: boolean;
	/** Why the run stopped before its checks (the checks are then incomplete). */
	error: string | null;
	options: Omit<LoadOptions, 'log'>;
	checks: Check[];
	kinds: KindSummary[];
	/** The slowest answered requests (ms since the run started). */
	slowest: SlowRequest[];
	/** How late this process's own event loop ran during the load (ms): large values mean the load generator, not the server, was slow. */
	generatorLag: { p99: number; max: number };
	/** setup: the team; work: every phone making and sending its sheets; final: the last pulls; load: both. */
	timings: { setupMs: number; workMs: number; finalPullMs: number; loadMs: number; checkMs: number; totalMs: number };
	counts: {
		sheets: number;
		mutations: number;
		requests: number;
		pulledChanges: number;
		bytesReceived: number;
		bytesSent: number;
		photos: number;
		serverVersion: number;
	};
	/** Sheets and mutations per second of the work phase; requests and pulled sheets per second of the whole load. */
	throughput: { sheetsPerSec: number; mutationsPerSec: number; requestsPerSec: number; pulledPerSec: number };
	kills: KillReport[];
	serverStartMs: number[];
	syncFailures: Record<string, number>;
	/** Requests sent again on a new connection (not errors: see http.ts). */
	resent: number;
	refusals: string[];
	backup: BackupReport | null;
	restore: RestoreReport | null;
	/** Rewinds healed by the phones, and the rows they sent again. */
	heals: { phones: number; heals: number; resentRows: number };
	dataDir: string;
	/** What the servers printed last (their errors), when a request got a 5xx without a kill to explain it. */
	serverOutput: string | null;
	/** The store the server ran on. */
	store: 'sqlite' | 'postgres';
	/** The system's load average (1, 5, 15 min) at the start and at the end of the load (two cores: other work on the machine shows here). */
	loadAverage: { before: number[]; after: number[] };
}

async function freePort(): Promise<number> {
	return new Promise((done, fail) => {
		const s = createServer();
		s.once('error', fail);
		s.listen(0, '127.0.0.1', () => {
			const address = s.address();
			s.close(() => (typeof address === 'object' && address ? done(address.port) : fail(new Error('no port'))));
		});
	});
}

const rate = (n: number, ms: number) => (ms > 0 ? (n * 1000) / ms : 0);

export async function runLoad(partial: Partial<LoadOptions> = {}): Promise<LoadResult> {
	const o: LoadOptions = { ...DEFAULTS, ...partial };
	const log = o.log ?? (() => undefined);
	const t0 = performance.now();
	mkdirSync(o.workDir, { recursive: true });
	const root = mkdtempSync(join(resolve(o.workDir), 'atlas-load-'));
	const dataDir = join(root, 'data');
	mkdirSync(dataDir);
	if (o.instances > 1 && !o.databaseUrl) throw new Error('several instances need PostgreSQL (databaseUrl)');
	if ((o.restoreAt !== null || o.restoreAtShares !== null) && o.databaseUrl)
		throw new Error('a restore runs admin restore on the SQLite file: not with PostgreSQL');
	const database = o.databaseUrl ? await createScratchDatabase(o.databaseUrl, 'atlas_load') : null;
	// SQLite: an empty DATABASE_URL, whatever this shell has (the server would take it).
	const env: Record<string, string> = { DATABASE_URL: database ? database.url : '' };
	const server = new ServerProcess({ buildDir: resolve(o.buildDir), port: o.port || (await freePort()), dataDir, env });
	// The other instances: their own data folder (nothing shared but the database). Only the first is killed by the faults.
	const others: ServerProcess[] = [];
	for (let i = 1; i < o.instances; i++) {
		const dir = join(root, `data-${i + 1}`);
		mkdirSync(dir);
		others.push(new ServerProcess({ buildDir: resolve(o.buildDir), port: o.port ? o.port + 1 + i : await freePort(), dataDir: dir, env }));
	}
	const origins = [server.origin, ...others.map((s) => s.origin)];
	const loadBefore = loadavg();
	const recorder = new Recorder();
	const random = seeded(o.seed);
	const jpeg = readJpeg(resolve(o.photoFile));
	const shared: Shared = {
		startedAt: Date.now(),
		acks: [],
		refusals: [],
		syncFailures: {},
		timeScale: o.timeScale,
		thinkMs: o.thinkMs,
		deadline: Date.now() + o.timeoutMs,
		slots: new Map(),
		capacity: o.volunteers * o.sheets
	};
	const expectedSheets = o.volunteers * o.sheets;
	const checks: Check[] = [];
	const lag = monitorEventLoopDelay({ resolution: 20 });
	let volunteers: Volunteer[] = [];
	const clients: HttpClient[] = [];
	let killer: Killer | null = null;
	let backup: BackupReport | null = null;
	let restorer: Restorer | null = null;
	let restore: RestoreReport | null = null;
	// A kill and a restore never overlap on the server process.
	const exclusive = new Exclusive();
	let error: string | null = null;
	let setupMs = 0;
	let loadMs = 0;
	let workMs = 0;
	let checkMs = 0;
	let serverVersion = 0;
	let loadAverageAtEnd: number[] | null = null;
	let serverOutput: string | null = null;

	try {
		log(`server: ${origins.join(', ')}, data in ${dataDir}${database ? `, PostgreSQL database ${database.name}` : ''}`);
		await Promise.all([server.start(), ...others.map((s) => s.start())]);
		const coordinator = await createCoordinator(server, recorder);
		clients.push(coordinator.http);
		const members = await joinVolunteers(
			server,
			coordinator,
			recorder,
			o.volunteers,
			20,
			o.instances > 1 ? (i, address, agent) => new AlternatingClient(origins, address, agent, recorder, i % o.instances) : undefined
		);
		clients.push(...members.map((m) => m.http));
		volunteers = members.map(
			(m, i) =>
				new Volunteer(i, m.http, m.userId, m.name, photoFor(jpeg, `${m.name} ${m.userId}`, new Date().toISOString()), shared, seeded(o.seed * 7919 + i + 1))
		);
		setupMs = performance.now() - t0;
		log(`${o.volunteers} volunteers joined in ${(setupMs / 1000).toFixed(1)} s`);

		// ---- the load ----
		const loadStart = performance.now();
		shared.startedAt = Date.now();
		const schedule =
			o.killAt !== null
				? { atAcks: o.killAt.map((share) => Math.max(1, Math.round(share * expectedSheets))) }
				: o.killEvery !== null
					? { everyMs: o.killEvery * 1000, max: o.maxKills }
					: null;
		if (schedule) {
			killer = new Killer(server, shared, () => volunteers, schedule, random, exclusive);
			killer.start();
		}
		const backupTask =
			o.backupAt !== null
				? takeBackupDuringLoad(
						o,
						server,
						shared,
						Math.ceil(expectedSheets * o.backupAt),
						() => volunteers,
						() => coordinator.http.cookie,
						log
					)
				: null;
		// A failed backup must not leave the load waiting: its error is reported once the load is over.
		backupTask?.catch(() => undefined);
		const restoreSchedule =
			o.restoreAtShares !== null
				? { backupAcks: Math.round(o.restoreAtShares[0] * expectedSheets), restoreAcks: Math.round(o.restoreAtShares[1] * expectedSheets) }
				: o.restoreAt !== null
					? { atMs: o.restoreAt * 1000 }
					: null;
		if (restoreSchedule) {
			restorer = new Restorer(o.buildDir, server, shared, () => volunteers, restoreSchedule, exclusive, log);
			restorer.start();
		}
		// Every second, a static file: a server that stops answering it has its event loop blocked.
		const probe = new HttpClient(server.origin, '10.255.255.253', 'probe', recorder);
		clients.push(probe);
		let probing = true;
		const probed = (async () => {
			while (probing) {
				await probe.request('probe', 'GET', '/robots.txt').catch(() => undefined);
				await new Promise((r) => setTimeout(r, 1000));
			}
		})();
		lag.enable();
		const progress = o.log
			? setInterval(() => {
					const sheets = volunteers.reduce((n, v) => n + v.sheets.size, 0);
					const pulled = volunteers.reduce((n, v) => n + v.pulledChanges, 0);
					log(
						`  ${((Date.now() - shared.startedAt) / 1000).toFixed(0)} s: ${shared.acks.length} mutations acknowledged, ${sheets}/${expectedSheets} sheets made, ` +
							`${pulled} sheets pulled, ${killer?.kills.length ?? 0} kills${restorer ? `, ${volunteers.filter((v) => v.heals > 0).length} phones healed a restore` : ''}`
					);
				}, 5000)
			: null;
		try {
			// Each phone starts within the first second (not all in the same millisecond).
			await Promise.all(
				volunteers.map(async (v) => {
					await new Promise((r) => setTimeout(r, random() * 1000));
					await v.work(o.sheets, o.sessionMax, o.revisitRate);
				})
			);
			workMs = performance.now() - loadStart;
			// A restore still to come happens now: the last pulls then meet the restored server.
			if (restorer) restore = await restorer.finish();
			log(`every phone sent everything in ${(workMs / 1000).toFixed(1)} s; last pulls`);
			// Everything is sent: each phone pulls until up to date (the server may still be killed meanwhile).
			await Promise.all(volunteers.map((v) => v.syncAll()));
			// After a restore, a phone's last sync may have been the one that re-sent what the server
			// lost, after others had pulled for the last time: once more, everyone pulls (nothing is left to send).
			if (restorer) await Promise.all(volunteers.map((v) => v.syncAll()));
		} finally {
			if (progress) clearInterval(progress);
			probing = false;
			await probed;
			lag.disable();
			await killer?.stop();
		}
		loadMs = performance.now() - loadStart;
		loadAverageAtEnd = loadavg();
		// An error status without a kill: what the servers said about it (the report alone cannot tell why).
		if (!killer && recorder.errorCount((_, cause) => cause.startsWith('5')) > 0) {
			serverOutput = [server, ...others].map((s) => `--- ${s.origin}\n${s.output.slice(-6000)}`).join('\n');
			log(`server errors:\n${serverOutput}`);
		}
		if (backupTask) backup = await backupTask;
		log(`load done in ${(loadMs / 1000).toFixed(1)} s; checking`);

		// ---- the checks ----
		const checkStart = performance.now();
		const state = await pullEverything(coordinator.http);
		serverVersion = state.version;
		checks.push(...stateChecks(volunteers, shared.slots, state, expectedSheets));
		if (killer) {
			const kills = killer.kills;
			const lost = kills.map((k) => missingAcked(shared.acks.slice(0, k.acksBefore), state.records));
			const wrong = lost.reduce((n, l) => n + l.length, 0);
			checks.push({
				name: `every mutation acknowledged before each of the ${kills.length} kills is there`,
				ok: wrong === 0,
				detail:
					kills.length === 0
						? 'no kill happened'
						: `${kills.map((k) => k.acksBefore).join(', ')} acknowledged before each; ${wrong} lost` +
							kills
								.flatMap((k, i) => (lost[i]?.length ? [` — kill ${i + 1}: ${lost[i]?.slice(0, 3).join('; ')}`] : []))
								.slice(0, 3)
								.join('')
			});
		}
		const allLost = missingAcked(shared.acks, state.records);
		if (restorer) checks.push(...restoreChecks(restore, volunteers, shared.acks));
		checks.push({
			name: restorer ? 'every acknowledged mutation is there (before and after the restore, those it lost sent again)' : 'every acknowledged mutation is there',
			ok: allLost.length === 0,
			detail: `${shared.acks.length} acknowledged, ${allLost.length} lost${allLost.length ? ` — e.g. ${allLost.slice(0, 3).join('; ')}` : ''}`
		});
		checks.push(await photoApiCheck(coordinator.http, volunteers));
		checks.push({
			name: 'no mutation or photo refused',
			ok: shared.refusals.length === 0,
			detail: `${shared.refusals.length} refused${shared.refusals.length ? ` — e.g. ${shared.refusals.slice(0, 3).join('; ')}` : ''}`
		});
		// With kills, a request may get no answer (the process died), a 5xx, or a photo offset the
		// server lost (409, resumed from its offset): the retries are the test. Any other status is a bug.
		// A restore stops the server too (its requests in flight end as a kill's do).
		const faults = killer !== null || restorer !== null;
		const badStatus = recorder.errorCount(
			(kind, cause) => !cause.startsWith('network:') && !(faults && (cause.startsWith('5') || (kind === 'photo-append' && cause === '409')))
		);
		checks.push({
			name: faults
				? 'no request answered with an error status other than those of the kills and the restore (5xx, photo offset 409)'
				: 'no request answered with an error status',
			ok: badStatus === 0,
			detail: `${recorder.errorCount((_, cause) => !cause.startsWith('network:'))} error statuses, ${badStatus} unexpected`
		});
		const unanswered = recorder.errorCount((_, cause) => cause.startsWith('network:'));
		if (!faults) {
			checks.push({
				name: 'every request answered within 300 s (no reset, no timeout)',
				ok: unanswered === 0,
				detail: `${unanswered} unanswered${unanswered ? ' — see the network: errors above' : ''}`
			});
		}
		await Promise.all([server.stop(), ...others.map((s) => s.stop())]);
		checks.push(
			...(database ? await pgDatabaseChecks(database.url, volunteers, expectedSheets, shared.acks) : await databaseChecks(dataDir, volunteers, expectedSheets))
		);
		if (backup) checks.push(...(await verifyRestore(o, backup, root, shared.acks, log)));
		checkMs = performance.now() - checkStart;
	} catch (e) {
		error = e instanceof LoadAbort ? e.message : e instanceof Error ? (e.stack ?? e.message) : String(e);
		await killer?.stop().catch(() => undefined);
	} finally {
		await Promise.all([server, ...others].map((s) => s.stop().catch(() => undefined)));
		for (const c of clients) c.close();
		if (!o.keep) {
			rmSync(root, { recursive: true, force: true });
			await database?.drop().catch((e: unknown) => log(`could not drop ${database.name}: ${String(e)}`));
		}
	}

	const loadAfter = loadAverageAtEnd ?? loadavg();
	const sheets = volunteers.reduce((n, v) => n + v.sheets.size, 0);
	const mutations = shared.acks.length;
	const requests = recorder.requestCount();
	const pulledChanges = volunteers.reduce((n, v) => n + v.pulledChanges, 0);
	const { log: _log, ...options } = o;
	return {
		ok: error === null && checks.length > 0 && checks.every((c) => c.ok),
		error,
		options,
		checks,
		kinds: recorder.summary(),
		slowest: recorder.slowest,
		generatorLag: { p99: lag.percentile(99) / 1e6, max: lag.max / 1e6 },
		timings: { setupMs, workMs, finalPullMs: loadMs - workMs, loadMs, checkMs, totalMs: performance.now() - t0 },
		counts: {
			sheets,
			mutations,
			requests,
			pulledChanges,
			bytesReceived: recorder.bytesReceived,
			bytesSent: recorder.bytesSent,
			photos: volunteers.filter((v) => v.photoDone).length,
			serverVersion
		},
		throughput: {
			sheetsPerSec: rate(sheets, workMs),
			mutationsPerSec: rate(mutations, workMs),
			requestsPerSec: rate(requests, loadMs),
			pulledPerSec: rate(pulledChanges, loadMs)
		},
		kills: killer?.kills ?? [],
		serverStartMs: server.startTimes,
		syncFailures: shared.syncFailures,
		resent: recorder.resent,
		refusals: shared.refusals,
		backup,
		restore,
		heals: {
			phones: volunteers.filter((v) => v.heals > 0).length,
			heals: volunteers.reduce((n, v) => n + v.heals, 0),
			resentRows: volunteers.reduce((n, v) => n + v.resentRows, 0)
		},
		dataDir,
		serverOutput,
		store: database ? 'postgres' : 'sqlite',
		loadAverage: { before: loadBefore, after: loadAfter }
	};
}
