/**
 * `npm run admin -- copy-to-postgres URL [--resume] [--verify-only]` on a generated census of
 * 10,000 sheets written through the real SQLite store (accounts, sheets of 25 fields, history,
 * comments, conflicts, refusals, audit, settings, merged duplicates, 50 photos and one upload in
 * progress, plus the legacy territory.json and outlines.json files):
 * - the copy verifies (every table's count and checksum, every photo's bytes);
 * - a PostgreSQL store opened on the copy answers as the SQLite store does (listChanges over the
 *   whole census, histories, comments, conflicts, users, audit, settings, photos and their bytes);
 * - the next version and the next ids continue after the copied ones;
 * - a second copy into the same database is refused without --resume; --verify-only then detects
 *   a change made on PostgreSQL; a copy interrupted (rows and photo chunks missing) completes with
 *   --resume; a value holding U+0000 is listed and nothing is written; a running app is refused.
 *
 * Needs a PostgreSQL server where it may create databases: ATLAS_TEST_DATABASE_URL (npm test and
 * .ci/run start one). Skipped without it, except in CI, where it fails.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import { run } from '$lib/server/cli/main';
import { copyToPostgres, PHOTO_CHECK } from '$lib/server/cli/copy/run';
import { SqliteStore } from '$lib/server/sqlite/store';
import { PgStore } from '$lib/server/postgres/store';
import { appendChunk, createUpload, photoBytesFor } from '$lib/server/photos';
import { formatHlc } from '$lib/domain/hlc';
import type { FieldWrite, User } from '$lib/server/store/types';

const SERVER = process.env.ATLAS_TEST_DATABASE_URL;
if (!SERVER && process.env.CI) throw new Error('copy-to-postgres.test.ts needs ATLAS_TEST_DATABASE_URL in CI (.ci/run starts PostgreSQL)');

const SHEETS = 10_000;
const PHOTOS = 50;
const T0 = Date.parse('2026-11-28T13:05:00.000Z');
const iso = (ms: number) => new Date(ms).toISOString();
const shaOf = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

/** Output of one command line run. */
interface Result {
	code: number;
	out: string;
	err: string;
}
async function cli(dataDir: string, ...argv: string[]): Promise<Result> {
	const out: string[] = [];
	const err: string[] = [];
	const code = await run(argv, { out: (s) => out.push(s), err: (s) => err.push(s) }, { dataDir, timeZone: 'Europe/Paris', databaseUrl: '' });
	return { code, out: out.join('\n'), err: err.join('\n') };
}
const quiet = { out: () => undefined, err: () => undefined };

// ---------- databases on the test server (each named with the run's prefix, dropped at the end) ----------

const prefix = `${process.env.ATLAS_TEST_DB_PREFIX ?? 'atlas_copy_'}${randomBytes(3).toString('hex')}_`;
let admin: postgres.Sql | null = null;
const created: string[] = [];

afterAll(async () => {
	if (!admin) return;
	for (const name of created) await admin.unsafe(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
	await admin.end();
}, 60_000);

/**
 * The SQLite store of the data folder, opened for `fn` only: while it is open the data folder is
 * "in use by the app", and the copy refuses to run.
 */
async function withSqlite<T>(data: string, fn: (store: SqliteStore) => Promise<T>): Promise<T> {
	const store = new SqliteStore(join(data, 'atlas.sqlite'));
	try {
		return await fn(store);
	} finally {
		await store.close();
	}
}

/** A new database (empty, or a copy of `template`, one of ours); returns its URL. */
async function newDatabase(name: string, template?: string): Promise<string> {
	admin ??= postgres(SERVER as string, { max: 1, onnotice: () => undefined });
	const full = `${prefix}${name}`;
	await admin.unsafe(`CREATE DATABASE "${full}"${template ? ` TEMPLATE "${prefix}${template}"` : ''}`);
	created.push(full);
	const url = new URL(SERVER as string);
	url.pathname = `/${full}`;
	return url.toString();
}

// ---------- the census ----------

const users: User[] = [
	{
		id: 'u-coord',
		name: 'Claire Coordinatrice',
		role: 'coordinateur',
		communes: [],
		login: 'claire',
		passwordHash: 'scrypt$x',
		createdAt: iso(T0),
		lastSeenAt: iso(T0 + 5),
		revokedAt: null
	},
	{
		id: 'u-mairie',
		name: 'Mairie de Mortagne',
		role: 'mairie',
		communes: ['61293', '61309'],
		login: 'mortagne',
		passwordHash: 'scrypt$y',
		createdAt: iso(T0),
		lastSeenAt: null,
		revokedAt: null
	},
	...Array.from({ length: 18 }, (_, i): User => ({
		id: `u-${String(i).padStart(2, '0')}`,
		name: i % 2 ? `Zoé Bénévole ${i}` : `Émile « Le Pressoir » ${i}`,
		role: 'benevole',
		communes: [],
		login: null,
		passwordHash: null,
		createdAt: iso(T0 + i),
		lastSeenAt: i % 3 ? iso(T0 + 1000 * i) : null,
		revokedAt: i === 7 ? iso(T0 + 99) : null
	}))
];
const recordId = (i: number) => `rec-${createHash('md5').update(String(i)).digest('hex').slice(0, 20)}`;

/** 25 fields of every kind a sheet holds: text with accents and emoji, numbers, booleans, lists, objects, null. */
function fieldsOf(i: number, by: string, photos: string[]): FieldWrite[] {
	const hlc = formatHlc(T0 + i, i % 7, by);
	const values: Record<string, unknown> = {
		category: ['pressoir', 'moulin', 'four', 'atelier'][i % 4],
		name: `Pressoir n°${i} — « chez Zoé » 🍎`,
		commune: i % 2 ? '61309' : '61293',
		lat: 48.5 + (i % 1000) / 10_000,
		lon: 0.55 + (i % 777) / 10_000,
		address: `${i} rue de l'Église`,
		owner: i % 5 ? 'Association des Amis du Perche' : null,
		capacity: i * 3,
		unit: 'kg/h',
		shared: i % 2 === 0,
		year: 1900 + (i % 120),
		state: ['bon', 'moyen', 'à réparer'][i % 3],
		energy: ['électrique', 'manuel'][i % 2],
		contactName: `Contact ${i}`,
		contactPhone: `02 33 ${String(i).padStart(4, '0')}`,
		contactEmail: `contact${i}@example.org`,
		notes: i % 11 ? `Ligne 1\nLigne 2 "guillemets" \\ barre ${i}` : '',
		tags: ['cidre', 'jus', i % 2 ? 'bio' : 'local'],
		schedule: { lundi: '9h-12h', jeudi: i % 2 ? '14h-18h' : null },
		price: i % 4 ? 12.5 : 0,
		validated: i % 9 === 0,
		status: i % 13 ? 'draft' : 'to_review',
		surveyDate: iso(T0 - i * 60_000).slice(0, 10),
		photos: photos.map((sha) => ({ sha, mime: 'image/jpeg', bytes: 1000, width: 4, height: 3, takenAt: iso(T0) })),
		extra: i % 17 ? null : { escaped: 'nul \u0000 escaped in JSON is fine' }
	};
	return Object.entries(values).map(([field, value]) => ({ field, value, hlc, by }));
}

function jpeg(i: number, size: number): Buffer {
	const bytes = randomBytes(size);
	bytes.set([0xff, 0xd8, 0xff, 0xe0], 0);
	bytes.writeUInt32BE(i, 4);
	return bytes;
}

interface Census {
	root: string;
	data: string;
	photoShas: string[];
	partialSha: string;
	partialBytes: Buffer;
	bytesOf: Map<string, Buffer>;
}

async function generate(): Promise<Census> {
	const root = mkdtempSync(join(tmpdir(), 'atlas-copy-'));
	const data = join(root, 'data');
	mkdirSync(data);
	const store = new SqliteStore(join(data, 'atlas.sqlite'));
	const photoDir = join(data, 'photos');
	const bytesOf = new Map<string, Buffer>();
	const photoShas: string[] = [];
	const coord = users[0] as User;
	// An upload in progress: announced, half its bytes sent.
	const partialBytes = jpeg(999, 30_000);
	const partialSha = shaOf(partialBytes);
	try {
		for (const u of users) await store.insertUser(u);
		// Photos through the upload protocol (announce, chunks, verified, renamed), a few over 1 MiB (several chunks).
		for (let i = 0; i < PHOTOS; i++) {
			const bytes = jpeg(i, i % 10 === 0 ? 1024 * 1024 + 5000 + i : 2000 + 37 * i);
			const sha = shaOf(bytes);
			const ctx = { store, dir: photoDir, now: new Date(T0 + i) };
			const uploader = users[2 + (i % 18)] as User;
			await createUpload(ctx, uploader, sha, { size: bytes.length, mime: 'image/jpeg' });
			for (let at = 0; at < bytes.length; at += 1024 * 1024) await appendChunk(ctx, uploader, sha, at, bytes.subarray(at, at + 1024 * 1024));
			bytesOf.set(sha, bytes);
			photoShas.push(sha);
		}
		const ctx = { store, dir: photoDir, now: new Date(T0) };
		await createUpload(ctx, users[3] as User, partialSha, { size: partialBytes.length, mime: 'image/jpeg' });
		await appendChunk(ctx, users[3] as User, partialSha, 0, partialBytes.subarray(0, 15_000));

		await store.transaction(async () => {
			await store.insertSetupToken({ tokenHash: 'setup-hash', createdAt: iso(T0), expiresAt: iso(T0 + 86_400_000), usedAt: iso(T0 + 60_000) });
			for (let i = 0; i < 10; i++) {
				await store.insertInvitation({
					id: `inv-${i}`,
					tokenHash: `inv-hash-${i}`,
					role: i % 3 ? 'benevole' : 'mairie',
					communes: i % 3 ? [] : ['61309'],
					label: `Bénévoles du marché ${i}`,
					maxUses: i % 2 ? null : 10,
					uses: i,
					expiresAt: i % 4 ? iso(T0 + 7 * 86_400_000) : null,
					createdBy: coord.id,
					createdAt: iso(T0 + i),
					revokedAt: i === 5 ? iso(T0 + 10) : null,
					forUserId: i === 6 ? 'u-03' : null
				});
			}
			for (let i = 0; i < 30; i++) {
				const u = users[i % users.length] as User;
				await store.insertSession({
					id: `ses-${i}`,
					tokenHash: `ses-hash-${i}`,
					userId: u.id,
					device: 'Firefox sur Android',
					createdAt: iso(T0 + i),
					lastSeenAt: iso(T0 + 2 * i),
					expiresAt: iso(T0 + 30 * 86_400_000),
					revokedAt: i % 7 ? null : iso(T0 + 3)
				});
			}
			for (let i = 0; i < 20; i++) {
				const u = users[2 + (i % 18)] as User;
				await store.insertClient({ clientId: `client-${i}`, userId: u.id, lastSeq: 0, createdAt: iso(T0 + i), lastPushAt: null });
				await store.setLastSeq(`client-${i}`, 100 + i, iso(T0 + 10_000 + i));
			}
			for (let i = 0; i < SHEETS; i++) {
				const by = (users[2 + (i % 18)] as User).id;
				const id = recordId(i);
				await store.insertRecord({ id, createdBy: by, commune: i % 2 ? '61309' : '61293', createdAt: iso(T0 + i), updatedAt: iso(T0 + i) });
				const photos = i < PHOTOS ? [photoShas[i] as string] : [];
				const fields = fieldsOf(i, by, photos);
				await store.putFields(id, fields);
				await store.bumpVersion(id, i % 2 ? '61309' : '61293', iso(T0 + i + 1));
				// Two history rows per sheet (the append-only log), via sync or the server.
				for (const f of fields.slice(0, 2)) {
					await store.insertHistory({
						recordId: id,
						field: f.field,
						old: i % 3 ? undefined : 'ancien',
						new: f.value,
						hlc: f.hlc,
						by: f.by,
						via: i % 4 ? 'sync' : 'server',
						at: iso(T0 + i),
						clientId: i % 4 ? `client-${i % 20}` : null,
						device: i % 4 ? 'Chrome sur Android' : null,
						reason: i % 50 ? null : 'edited_after_validation'
					});
				}
				if (i % 20 === 0) {
					await store.insertComment({
						id: `com-${i}`,
						recordId: id,
						by: coord.id,
						role: 'coordinateur',
						text: `À revoir : l'adresse n°${i} 🙂`,
						status: i % 40 ? null : 'to_fix',
						clientId: null,
						at: iso(T0 + i)
					});
				}
				if (i % 100 === 0) {
					await store.insertConflict({
						recordId: id,
						field: 'name',
						kept: { v: `Gardé ${i}`, hlc: formatHlc(T0 + i, 1, by), by },
						lost: { v: { complexe: [i] }, hlc: formatHlc(T0 + i, 0, 'u-01'), by: 'u-01' },
						at: iso(T0 + i)
					});
				}
			}
			for (const c of await store.listConflicts(true)) if (c.id % 3 === 0) await store.resolveConflict(c.id, coord.id, iso(T0 + 500));
			// Merged duplicates: each points to a sheet copied after or before it (keyset order is by id).
			for (let i = 0; i < 20; i++) await store.setMergedInto(recordId(200 + i), recordId(9000 + i), iso(T0 + 50_000 + i));
			for (let i = 0; i < 50; i++)
				await store.insertRejected({ clientId: `client-${i % 20}`, seq: 1000 + i, recordId: recordId(i), code: 'forbidden', at: iso(T0 + i) });
			for (let i = 0; i < 200; i++) {
				await store.audit({
					at: iso(T0 + i),
					actorId: i % 5 ? coord.id : null,
					action: i % 2 ? 'signin.password' : 'invitation.created',
					target: i % 3 ? `inv-${i % 10}` : null,
					detail: { i, note: 'détail « spécial »' },
					ip: i % 2 ? '192.0.2.1' : null
				});
			}
			await store.putSetting('review_policy', JSON.stringify({ validation: 'mairie', note: 'réglage' }));
			await store.putSetting('server_clock', '1798000000000-0001');
			await store.putSetting('server_id', 'serveur-du-perche');
			await store.putSetting('server_generation', 'generation-sqlite');
			await store.hitRateLimit('signin:192.0.2.1', 60_000, T0);
		});
	} finally {
		await store.close();
	}
	// Files of older versions: imported into the settings by the copy.
	writeFileSync(join(data, 'territory.json'), JSON.stringify({ id: 'perche', name: 'Perche', cdc: ['200069912'], communes: [] }));
	writeFileSync(join(data, 'outlines.json'), JSON.stringify({ key: 'k', source: 'upload', collection: { type: 'FeatureCollection', features: [] } }));
	return { root, data, photoShas, partialSha, partialBytes, bytesOf };
}

// Needs a PostgreSQL server to copy into: skipped without one outside CI only (in CI the file throws first).
describe.skipIf(!SERVER)('copy-to-postgres', () => {
	let census: Census;
	let url: string;
	let pg: PgStore;
	let first: Result;
	let resumeUrl: string;
	const timings: string[] = [];

	beforeAll(async () => {
		let started = Date.now();
		census = await generate();
		timings.push(`generation ${((Date.now() - started) / 1000).toFixed(1)} s`);
		url = await newDatabase('main');
		started = Date.now();
		first = await cli(census.data, 'copy-to-postgres', url);
		timings.push(`copy + verification ${((Date.now() - started) / 1000).toFixed(1)} s`);
		if (first.code !== 0) throw new Error(`copy failed (${first.code}):\n${first.err}\n${first.out}`);
		// A second copy of the result (a file copy by the server), to damage it as an interrupted copy would be.
		resumeUrl = await newDatabase('resume', 'main');
		pg = new PgStore(url, { max: 2 });
	}, 120_000);

	afterAll(async () => {
		await pg?.close();
		console.info(`copy-to-postgres: ${timings.join(', ')}`);
		if (census) rmSync(census.root, { recursive: true, force: true });
	}, 60_000);

	it('copies and verifies every table and every photo, printing a French table and a summary', () => {
		const lines = first.out.split('\n');
		expect(lines[0]).toMatch(/^table\s+lignes\s+empreinte SQLite\s+empreinte PostgreSQL\s+ok$/);
		for (const table of ['users', 'records', 'record_fields', 'history', 'comments', 'conflicts', 'photos', 'settings', 'audit', 'octets des photos']) {
			expect(
				lines.find((l) => l.startsWith(`${table} `)),
				table
			).toMatch(/\boui$/);
		}
		expect(lines.find((l) => l.startsWith('record_fields '))).toMatch(/ 250\s000 /);
		expect(first.out).not.toMatch(/\bNON\b/);
		expect(lines.at(-2)).toMatch(/^Copie terminée et vérifiée en [\d.]+ s\u00a0: 17 tables identiques/);
		expect(lines.at(-1)).toMatch(/DATABASE_URL/);
		// Progress on stderr: every table, the merged pointers, the legacy files, the photos, the identities.
		expect(first.err).toMatch(/^Copie de .*atlas\.sqlite vers postgres:\/\//);
		expect(first.err).toMatch(/records\u00a0: 20 fiche\(s\) fusionnée\(s\)/);
		expect(first.err).toMatch(/Réglage «\u00a0territory\u00a0» repris du fichier/);
		expect(first.err).toMatch(/photos\u00a0: 50 complète\(s\), 1 envoi\(s\) en cours/);
		expect(first.err).toMatch(/Numérotation reprise .*audit/);
	});

	it(
		'gives a PostgreSQL store that answers as the SQLite store did',
		() =>
			withSqlite(census.data, async (sqlite) => {
				const [a, b] = [await sqlite.listChanges(0, 20_000), await pg.listChanges(0, 20_000)];
				expect(a).toHaveLength(SHEETS);
				expect(b).toEqual(a);
				expect(JSON.stringify(b.slice(0, 500))).toBe(JSON.stringify(a.slice(0, 500)));
				expect(await pg.currentVersion()).toBe(await sqlite.currentVersion());
				for (const i of [0, 1, 200, 4321, 9999]) expect(await pg.listHistory(recordId(i))).toEqual(await sqlite.listHistory(recordId(i)));
				const ids = Array.from({ length: SHEETS }, (_, i) => recordId(i));
				expect(await pg.listComments(ids)).toEqual(await sqlite.listComments(ids));
				expect(await pg.listConflicts(false)).toEqual(await sqlite.listConflicts(false));
				expect(await pg.listUsers()).toEqual(await sqlite.listUsers());
				expect(await pg.listInvitations()).toEqual(await sqlite.listInvitations());
				expect(await pg.listSessions()).toEqual(await sqlite.listSessions());
				expect(await pg.listAudit(1000)).toEqual(await sqlite.listAudit(1000));
				expect(await pg.getClient('client-3')).toEqual(await sqlite.getClient('client-3'));
				expect(await pg.listRejected('client-1', [1001, 1021, 1041])).toEqual(await sqlite.listRejected('client-1', [1001, 1021, 1041]));
				expect(await pg.getSetting('review_policy')).toBe(await sqlite.getSetting('review_policy'));
				expect(await pg.getSetting('server_clock')).toBe('1798000000000-0001');
				// The same server, in a new generation: phones send again what the copy may lack.
				expect(await pg.getSetting('server_id')).toBe('serveur-du-perche');
				expect(await sqlite.getSetting('server_generation')).toBe('generation-sqlite');
				expect(await pg.getSetting('server_generation')).toMatch(/^[\w-]{16,}$/);
				expect(await pg.getSetting('server_generation')).not.toBe('generation-sqlite');
				// The legacy files, now settings (the app on PostgreSQL may not see the data folder).
				expect(JSON.parse((await pg.getSetting('territory')) ?? 'null')).toMatchObject({ id: 'perche', cdc: ['200069912'] });
				expect(await pg.getSetting('outlines')).toContain('FeatureCollection');
				expect(await pg.getSetting('outlines_version')).toMatch(/^copie-[0-9a-f]{32}$/);
				expect(await pg.getSetting('territory')).toBeTruthy();
				expect(await sqlite.getSetting('territory')).toBeNull(); // the source is only read

				// Photos: the rows, the bytes (read back through the PostgreSQL photo bytes), the upload in progress.
				const bytes = photoBytesFor(pg, '');
				for (const sha of census.photoShas) {
					expect(await pg.getPhoto(sha)).toEqual(await sqlite.getPhoto(sha));
					const read = await bytes.read(sha);
					expect(read && Buffer.from(read).equals(census.bytesOf.get(sha) as Buffer), sha).toBe(true);
				}
				expect(await pg.photoReferences(census.photoShas[3] as string)).toEqual(await sqlite.photoReferences(census.photoShas[3] as string));
				const partial = (await pg.getPhoto(census.partialSha)) ?? undefined;
				expect(partial).toEqual(await sqlite.getPhoto(census.partialSha));
				expect(await bytes.progress(partial as NonNullable<typeof partial>)).toEqual({ received: 15_000, complete: false });
				expect((await bytes.digest(census.partialSha))?.sha).toBe(shaOf(census.partialBytes.subarray(0, 15_000)));
			}),
		60_000
	);

	it('verifies again with --verify-only (exit 0), and refuses a second copy without --resume (nothing written)', async () => {
		const verified = await cli(census.data, 'copy-to-postgres', url, '--verify-only');
		expect(verified.code, verified.err).toBe(0);
		expect(verified.out).toMatch(/Vérification réussie en [\d.]+ s\u00a0: 17 tables identiques/);
		expect(verified.err).not.toMatch(/Copie de/);

		const again = await cli(census.data, 'copy-to-postgres', url);
		expect(again.code).toBe(1);
		expect(again.err).toMatch(/La base PostgreSQL n’est pas vide \(tables users, .*records.*\)\. Pour reprendre une copie interrompue, ajoutez --resume/);
		expect(again.out).toBe('');
	}, 60_000);

	it('continues versions and ids after the copied ones on PostgreSQL, and --verify-only then sees the difference', async () => {
		const { before, lastAudit } = await withSqlite(census.data, async (sqlite) => ({
			before: await sqlite.currentVersion(),
			lastAudit: (await sqlite.listAudit(1))[0]?.id as number
		}));
		await pg.transaction(() => pg.insertRecord({ id: 'rec-new-on-pg', createdBy: 'u-01', commune: null, createdAt: iso(T0), updatedAt: iso(T0) }));
		expect((await pg.getRecord('rec-new-on-pg'))?.version).toBe(before + 1);
		await pg.audit({ actorId: null, action: 'signout', target: null, detail: {}, ip: null });
		expect((await pg.listAudit(1))[0]?.id).toBe(lastAudit + 1);
		await pg.insertHistory({
			recordId: 'rec-new-on-pg',
			field: 'name',
			old: undefined,
			new: 'x',
			hlc: formatHlc(T0, 0, 'u-01'),
			by: 'u-01',
			via: 'server',
			at: iso(T0)
		});
		const history = await pg.listHistory('rec-new-on-pg');
		expect(history[0]?.id).toBe(SHEETS * 2 + 1);

		const verified = await cli(census.data, 'copy-to-postgres', url, '--verify-only');
		expect(verified.code).toBe(1);
		expect(verified.out.split('\n').find((l) => l.startsWith('records '))).toMatch(/10\s000 \/ 10\s001 .* NON$/);
		expect(verified.err).toMatch(/Vérification ÉCHOUÉE\u00a0: 4 différence\(s\) entre SQLite et PostgreSQL \(audit, records, counters, history\)/);
	}, 60_000);

	it('completes an interrupted copy with --resume (missing rows and photo bytes added, the rest kept)', async () => {
		const target = resumeUrl;
		// As if stopped midway: half the field rows, the merged pointers, some photo bytes and identities gone.
		const raw = postgres(target, { max: 1, onnotice: () => undefined });
		try {
			await raw`DELETE FROM record_fields WHERE record_id > ${recordId(5000)}`;
			await raw`UPDATE records SET merged_into = NULL`;
			await raw`DELETE FROM photo_chunks WHERE sha IN (${census.photoShas[0] as string}, ${census.partialSha})`;
			await raw`UPDATE photos SET received = 0 WHERE sha IN (${census.photoShas[0] as string}, ${census.partialSha})`;
			await raw`DELETE FROM settings WHERE key = 'territory'`;
			await raw`SELECT setval(pg_get_serial_sequence('history', 'id'), 1, false)`;
		} finally {
			await raw.end();
		}
		const resumed = await copyToPostgres({ dataDir: census.data, url: target, io: quiet, verifyOnly: true }).then(async (broken) => {
			// The verification sees what is missing (a stopped copy is never reported as done)...
			expect(broken.checks.filter((c) => !c.ok).map((c) => c.name)).toEqual(['records', 'record_fields', 'settings', PHOTO_CHECK]);
			// ...and --resume adds it.
			return cli(census.data, 'copy-to-postgres', target, '--resume');
		});
		expect(resumed.code, resumed.err + resumed.out).toBe(0);
		expect(resumed.err).toMatch(/Reprise\u00a0: les tables .* ont déjà des lignes/);
		expect(resumed.err).toMatch(/record_fields\u00a0: 250\s000 ligne\(s\), [1-9][\d\s]+ ajoutée\(s\)/);
		expect(resumed.err).toMatch(/users\u00a0: 20 ligne\(s\), 0 ajoutée\(s\)/);
		const store = new PgStore(target, { max: 1 });
		try {
			const copied = await store.listChanges(0, 20_000);
			expect(copied).toEqual(await withSqlite(census.data, (sqlite) => sqlite.listChanges(0, 20_000)));
			await store.insertHistory({
				recordId: recordId(1),
				field: 'name',
				old: undefined,
				new: 'y',
				hlc: formatHlc(T0, 0, 'u-01'),
				by: 'u-01',
				via: 'server',
				at: iso(T0)
			});
			expect((await store.listHistory(recordId(1))).at(-1)?.id).toBe(SHEETS * 2 + 1);
		} finally {
			await store.close();
		}
	}, 120_000);
});

// Needs a PostgreSQL server to copy into: skipped without one outside CI only (in CI the file throws first).
describe.skipIf(!SERVER)('copy-to-postgres refusals', () => {
	let root: string;
	let data: string;

	beforeAll(async () => {
		root = mkdtempSync(join(tmpdir(), 'atlas-copy-refusal-'));
		data = join(root, 'data');
		const store = new SqliteStore(join(data, 'atlas.sqlite'));
		try {
			await store.insertUser({ ...(users[2] as User), id: 'u-nul', name: 'Zoé\u0000Bénévole' });
			await store.insertUser(users[3] as User);
			await store.insertRecord({ id: 'rec-1', createdBy: 'u-nul', commune: null, createdAt: iso(T0), updatedAt: iso(T0) });
			await store.putFields('rec-1', [{ field: 'name', value: 'sans nul', hlc: formatHlc(T0, 0, 'u-nul'), by: 'u-nul' }]);
			await store.insertComment({
				id: 'com-nul',
				recordId: 'rec-1',
				by: 'u-nul',
				role: 'benevole',
				text: 'a\u0000b',
				status: null,
				clientId: 'c\u0000',
				at: iso(T0)
			});
		} finally {
			await store.close();
		}
	});
	afterAll(() => rmSync(root, { recursive: true, force: true }));

	it('lists every value holding U+0000 and writes nothing', async () => {
		const url = await newDatabase('nul');
		const res = await cli(data, 'copy-to-postgres', url);
		expect(res.code).toBe(1);
		expect(res.err).toContain('2 valeur(s) contiennent le caractère nul (U+0000)');
		expect(res.err).toContain('  table users, ligne u-nul\u00a0: name');
		expect(res.err).toContain('  table comments, ligne com-nul\u00a0: text, client_id');
		expect(res.err).toMatch(/Rien n’a été copié\.$/);
		const raw = postgres(url, { max: 1, onnotice: () => undefined });
		try {
			// Not even the schema: the values are checked before PostgreSQL is opened.
			expect((await raw`SELECT COUNT(*)::int AS n FROM pg_tables WHERE schemaname = 'public'`)[0]?.n).toBe(0);
		} finally {
			await raw.end();
		}
	});

	it('refuses while the app holds the database, and checks its arguments', async () => {
		const url = await newDatabase('held');
		const app = new SqliteStore(join(data, 'atlas.sqlite'));
		try {
			const res = await cli(data, 'copy-to-postgres', url);
			expect(res.code).toBe(1);
			expect(res.err).toMatch(/^L’application utilise encore la base .*atlas\.sqlite\. Arrêtez-la d’abord/);
		} finally {
			await app.close();
		}
		expect((await cli(data, 'copy-to-postgres')).code).toBe(2);
		expect((await cli(data, 'copy-to-postgres', 'mysql://x')).err).toMatch(/n’est pas une adresse PostgreSQL/);
		expect((await cli(data, 'copy-to-postgres', url, '--resume', '--verify-only')).code).toBe(2);
		const help = await cli(data, 'help');
		expect(help.out).toContain('copy-to-postgres ADRESSE [--resume] [--verify-only]');
	});

	it('says backup and restore are for SQLite when DATABASE_URL names PostgreSQL', async () => {
		const out: string[] = [];
		const err: string[] = [];
		const io = { out: (s: string) => out.push(s), err: (s: string) => err.push(s) };
		const code = await run(['backup', join(root, 'sauvegarde')], io, { dataDir: data, databaseUrl: 'postgres://atlas@127.0.0.1:1/none' });
		expect(code).toBe(1);
		expect(err.join('\n')).toMatch(/La commande backup ne vaut que pour la base SQLite.*pg_dump/);
		expect(await run(['restore', join(root, 'sauvegarde')], io, { dataDir: data, databaseUrl: 'postgres://atlas@127.0.0.1:1/none' })).toBe(1);
	});

	it('says in French which PostgreSQL does not answer, without its password', async () => {
		const err: string[] = [];
		const io = { out: () => undefined, err: (s: string) => err.push(s) };
		const code = await run(['users'], io, { dataDir: data, databaseUrl: 'postgres://atlas:secret@127.0.0.1:1/none' });
		expect(code).toBe(1);
		const text = err.join('\n');
		expect(text).toMatch(/La base PostgreSQL postgres:\/\/atlas:\*\*\*@127\.0\.0\.1:1\/none ne répond pas \(.*ECONNREFUSED.*\)\u00a0: vérifiez DATABASE_URL/);
		expect(text).not.toContain('secret');
	});
});
