/**
 * `npm run admin -- backup FOLDER` and `restore FOLDER`, driven in-process through the command
 * line's `run()` against a real SQLite data folder with photos: the backup is taken while the
 * server's own connection stays open and keeps writing; it refuses to overwrite; restore refuses
 * while the server holds the database and refuses a damaged backup (nothing changed), and
 * otherwise puts the backup in place, keeping the old folder beside it.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync, openSync, writeSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from '$lib/server/cli/main';
import { SqliteStore } from '$lib/server/sqlite/store';
import { appendChunk, createUpload } from '$lib/server/photos';
import { writeFields } from '$lib/server/sync/service';
import { serverIdentity } from '$lib/server/sync/identity';
import { formatHlc } from '$lib/domain/hlc';
import type { FieldName } from '$lib/domain/sheet';
import type { IncomingWrite } from '$lib/domain/merge';
import type { User } from '$lib/server/store/types';

const T0 = new Date('2026-11-28T13:05:00.000Z');
const marie: User = {
	id: 'marie',
	name: 'Marie Lefèvre',
	role: 'benevole',
	communes: [],
	login: null,
	passwordHash: null,
	createdAt: T0.toISOString(),
	lastSeenAt: null,
	revokedAt: null
};

let root: string;
let data: string;
/** The server's connection: open for the whole test unless a test stops "the server". */
let server: SqliteStore | null;

interface Result {
	code: number;
	out: string;
	err: string;
}

async function cli(dataDir: string, ...argv: string[]): Promise<Result> {
	const out: string[] = [];
	const err: string[] = [];
	const code = await run(argv, { out: (s) => out.push(s), err: (s) => err.push(s) }, { dataDir, now: T0, timeZone: 'Europe/Paris' });
	return { code, out: out.join('\n'), err: err.join('\n') };
}

function jpeg(size: number): Buffer {
	const bytes = randomBytes(size);
	bytes.set([0xff, 0xd8, 0xff, 0xe0], 0);
	return bytes;
}
const shaOf = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

/** A sheet written the way a push writes it. */
async function sheet(store: SqliteStore, id: string, name: string, photos: string[] = []): Promise<void> {
	const hlc = formatHlc(T0.getTime(), 0, 'marie');
	const fields: [FieldName, unknown][] = [
		['category', 'pressoir'],
		['name', name],
		['commune', '61309'],
		['photos', photos.map((sha) => ({ sha, mime: 'image/jpeg', bytes: 10, width: 4, height: 3, takenAt: T0.toISOString() }))]
	];
	const changes = new Map<FieldName, IncomingWrite>(fields.map(([f, v]) => [f, { v, hlc }]));
	await store.transaction(() => writeFields(store, marie, id, changes, T0.toISOString()).then(() => undefined));
}

async function photo(store: SqliteStore, bytes: Buffer): Promise<string> {
	const sha = shaOf(bytes);
	const ctx = { store, dir: join(data, 'photos'), now: T0 };
	await createUpload(ctx, marie, sha, { size: bytes.length, mime: 'image/jpeg' });
	await appendChunk(ctx, marie, sha, 0, bytes);
	return sha;
}

/** Sheet names held by the database of a data folder (opened as the server would). */
async function namesIn(dataDir: string): Promise<string[]> {
	const store = new SqliteStore(join(dataDir, 'atlas.sqlite'));
	try {
		return (await store.listChanges(0, 10_000)).map((r) => String(r.fields.name?.v)).sort();
	} finally {
		await store.close();
	}
}

const ids = (n: number) => `Sheet${String(n).padStart(10, '0')}`;

beforeEach(async () => {
	root = mkdtempSync(join(tmpdir(), 'atlas-backup-'));
	data = join(root, 'data');
	mkdirSync(data);
	server = new SqliteStore(join(data, 'atlas.sqlite'));
	await server.insertUser(marie);
	writeFileSync(join(data, 'territory.json'), '{"id":"perche"}\n');
});
afterEach(async () => {
	await server?.close();
	rmSync(root, { recursive: true, force: true });
});

describe('backup', () => {
	it('copies the database, the photos and the settings while the server keeps writing, into a folder that is a data folder', async () => {
		const store = server as SqliteStore;
		const photoBytes = jpeg(300_000);
		const sha = await photo(store, photoBytes);
		for (let i = 0; i < 50; i++) await sheet(store, ids(i), `Pressoir ${i}`, i === 0 ? [sha] : []);
		// A photo still uploading is not part of a backup (the phone sends it again after a restore).
		const partial = jpeg(5000);
		await createUpload({ store, dir: join(data, 'photos'), now: T0 }, marie, shaOf(partial), { size: partial.length, mime: 'image/jpeg' });

		// The server goes on writing while the backup runs.
		let writing = true;
		let written = 50;
		const writer = (async () => {
			while (writing) {
				await sheet(store, ids(written), `Pressoir ${written}`);
				written++;
				await new Promise((r) => setImmediate(r));
			}
		})();
		const target = join(root, 'sauvegarde-2026-11-28');
		const res = await cli(data, 'backup', target);
		writing = false;
		await writer;

		expect(res.code, res.err).toBe(0);
		expect(res.out).toContain(`Sauvegarde écrite : ${target}`);
		expect(res.out).toMatch(/\d+ (ko|Mo) — \d+ fiches, 1 photo\./);
		expect(res.out).toContain(`npm run admin -- restore ${target}`);
		// One self-contained database file, the photo, the settings, the description; nothing half-written.
		expect(readdirSync(target).sort()).toEqual(['atlas.sqlite', 'photos', 'sauvegarde.json', 'territory.json']);
		expect(readdirSync(root).filter((n) => n.includes('.part'))).toEqual([]);
		expect(readFileSync(join(target, 'photos', sha.slice(0, 2), sha)).equals(photoBytes)).toBe(true);
		expect(readFileSync(join(target, 'territory.json'), 'utf8')).toBe('{"id":"perche"}\n');

		// A consistent snapshot: every sheet written before the command, none half-written; the
		// printed count is what the copy holds.
		const names = await namesIn(target);
		expect(names.length).toBeGreaterThanOrEqual(50);
		expect(names.length).toBeLessThanOrEqual(written);
		for (let i = 0; i < 50; i++) expect(names).toContain(`Pressoir ${i}`);
		expect(res.out).toContain(`${names.length} fiches`);
		const manifest = JSON.parse(readFileSync(join(target, 'sauvegarde.json'), 'utf8')) as Record<string, unknown>;
		expect(manifest).toMatchObject({ format: 'atlas-des-outils/sauvegarde', createdAt: T0.toISOString(), sheets: names.length, photos: 1 });
	});

	it('refuses to overwrite an existing file or folder, with a French message, and changes nothing', async () => {
		const file = join(root, 'existe.txt');
		writeFileSync(file, 'à garder');
		const res = await cli(data, 'backup', file);
		expect(res.code).toBe(1);
		expect(res.err).toContain(`Refusé : « ${file} » existe déjà. Une sauvegarde n’en écrase jamais une autre`);
		expect(readFileSync(file, 'utf8')).toBe('à garder');

		const folder = join(root, 'dossier');
		mkdirSync(folder);
		expect((await cli(data, 'backup', folder)).code).toBe(1);
		expect(readdirSync(folder)).toEqual([]);
	});

	it('asks for the folder (exit 2) and refuses a folder whose parent does not exist (exit 1)', async () => {
		const none = await cli(data, 'backup');
		expect(none.code).toBe(2);
		expect(none.err).toContain('Indiquez le dossier à créer pour la sauvegarde');
		const lost = await cli(data, 'backup', join(root, 'nulle-part', 'copie'));
		expect(lost.code).toBe(1);
		expect(lost.err).toContain('Le dossier où écrire la sauvegarde n’existe pas');
	});

	it('warns about a recorded photo whose file is gone, and backs up the rest', async () => {
		const store = server as SqliteStore;
		const sha = await photo(store, jpeg(2000));
		await sheet(store, ids(1), 'Moulin', [sha]);
		rmSync(join(data, 'photos', sha.slice(0, 2), sha));
		const res = await cli(data, 'backup', join(root, 'copie'));
		expect(res.code).toBe(0);
		expect(res.err).toContain('Attention : 1 photo(s) enregistrée(s) sont absentes ou abîmées');
		expect(res.out).toContain('1 fiche, 0 photo.');
	});
});

describe('restore', () => {
	async function backupOf(name: string): Promise<{ target: string; sha: string }> {
		const store = server as SqliteStore;
		const sha = await photo(store, jpeg(4000));
		await sheet(store, ids(1), 'Pressoir de Préaux', [sha]);
		await sheet(store, ids(2), 'Moulin Astrié');
		const target = join(root, name);
		const res = await cli(data, 'backup', target);
		expect(res.code, res.err).toBe(0);
		return { target, sha };
	}

	it('refuses while the server holds the database, and changes nothing', async () => {
		const { target } = await backupOf('copie');
		await sheet(server as SqliteStore, ids(3), 'Alambic écrit après la sauvegarde');
		const res = await cli(data, 'restore', target);
		expect(res.code).toBe(1);
		expect(res.err).toContain('Le serveur utilise encore la base');
		expect(res.err).toContain('Rien n’a été changé.');
		await server?.close();
		server = null;
		expect(await namesIn(data)).toEqual(['Alambic écrit après la sauvegarde', 'Moulin Astrié', 'Pressoir de Préaux']);
		expect(readdirSync(root).sort()).toEqual(['copie', 'data']);
	});

	it('puts the backup in place once the server is stopped, keeping the old folder beside it', async () => {
		const { target, sha } = await backupOf('copie');
		await sheet(server as SqliteStore, ids(3), 'Alambic écrit après la sauvegarde');
		await server?.close();
		server = null;

		const res = await cli(data, 'restore', target);
		expect(res.code, res.err).toBe(0);
		expect(res.out).toContain(`Sauvegarde remise en place dans ${data} : 2 fiches, 1 photo.`);
		const old = `${data}.avant-restauration-2026-11-28T13-05-00`;
		expect(res.out).toContain(`L’ancien dossier de données est gardé tel quel : ${old}`);
		expect(res.out).toContain('La base revient à l’état du 28/11/2026 14:05');

		expect(await namesIn(data)).toEqual(['Moulin Astrié', 'Pressoir de Préaux']);
		expect(existsSync(join(data, 'photos', sha.slice(0, 2), sha))).toBe(true);
		expect(readFileSync(join(data, 'territory.json'), 'utf8')).toBe('{"id":"perche"}\n');
		expect(existsSync(join(data, 'sauvegarde.json'))).toBe(false);
		// The old state is intact beside it; the backup itself is untouched.
		expect(await namesIn(old)).toEqual(['Alambic écrit après la sauvegarde', 'Moulin Astrié', 'Pressoir de Préaux']);
		expect(readdirSync(target).sort()).toEqual(['atlas.sqlite', 'photos', 'sauvegarde.json', 'territory.json']);
	});

	it('gives the restored database a new generation and keeps the server’s id (phones see the rewind)', async () => {
		const before = await serverIdentity(server as SqliteStore);
		const { target } = await backupOf('copie');
		await server?.close();
		server = null;
		const res = await cli(data, 'restore', target);
		expect(res.code, res.err).toBe(0);
		expect(res.out).toContain('les téléphones renverront d’eux-mêmes');
		const restored = new SqliteStore(join(data, 'atlas.sqlite'));
		try {
			const after = await serverIdentity(restored);
			expect(after.id).toBe(before.id);
			expect(after.generation).not.toBe(before.generation);
		} finally {
			await restored.close();
		}
		// The backup itself is only read: restoring it again gives yet another generation.
		const backup = new SqliteStore(join(target, 'atlas.sqlite'));
		try {
			expect(await backup.getSetting('server_generation')).toBe(before.generation);
		} finally {
			await backup.close();
		}
	});

	it('restores into a data folder that does not exist yet (a new machine)', async () => {
		const { target } = await backupOf('copie');
		const fresh = join(root, 'nouvelle-machine', 'data');
		const res = await cli(fresh, 'restore', target);
		expect(res.code, res.err).toBe(0);
		expect(res.out).not.toContain('L’ancien dossier');
		expect(await namesIn(fresh)).toEqual(['Moulin Astrié', 'Pressoir de Préaux']);
	});

	it('checks the database first: a damaged backup is refused and nothing is changed', async () => {
		const { target } = await backupOf('copie');
		await server?.close();
		server = null;
		// Scramble the middle of the file (its tables' pages), as a bad disk or a broken copy would.
		const file = join(target, 'atlas.sqlite');
		const size = statSync(file).size;
		const fd = openSync(file, 'r+');
		writeSync(fd, randomBytes(size - 8192), 0, size - 8192, 4096);
		closeSync(fd);

		const res = await cli(data, 'restore', target);
		expect(res.code).toBe(1);
		expect(res.err).toContain('La sauvegarde est abîmée');
		expect(res.err).toContain('Rien n’a été changé.');
		expect(await namesIn(data)).toEqual(['Moulin Astrié', 'Pressoir de Préaux']);
		expect(readdirSync(root).sort()).toEqual(['copie', 'data']);
	});

	it('refuses a backup whose photo is missing or damaged', async () => {
		const { target, sha } = await backupOf('copie');
		await server?.close();
		server = null;
		writeFileSync(join(target, 'photos', sha.slice(0, 2), sha), jpeg(4000));
		const res = await cli(data, 'restore', target);
		expect(res.code).toBe(1);
		expect(res.err).toContain('1 photo(s) de la sauvegarde sont absentes ou abîmées');
		expect(readdirSync(root).sort()).toEqual(['copie', 'data']);
	});

	it('refuses what is not a backup (exit 1) and asks for the folder (exit 2)', async () => {
		const res = await cli(data, 'restore', root);
		expect(res.code).toBe(1);
		expect(res.err).toContain('n’est pas une sauvegarde de l’Atlas');
		expect((await cli(data, 'restore')).code).toBe(2);
	});
});
