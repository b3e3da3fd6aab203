/**
 * Shared by the benchmark's Node processes (bundled by scripts/bench/bundle.js, started by the
 * sections in scripts/bench/): arguments in, one JSON result line out, the two people of the
 * seeded census, and the seeding itself, through the store's own API (so a change of how the
 * store keeps sheets changes the seeded data with it).
 */
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SqliteStore } from '$lib/server/sqlite/store';
import type { User } from '$lib/server/store/types';
import { benchFields, benchId, benchStamp, T0, type PhotoRef } from '../sheets';

/** The JSON object given as the process's single argument. */
export function args<T>(): T {
	return JSON.parse(process.argv[2] ?? '{}') as T;
}

/** The result, as the last line of stdout (progress goes to stderr). */
export function done(result: unknown): void {
	process.stdout.write(`${JSON.stringify(result)}\n`);
}

export function progress(message: string): void {
	process.stderr.write(`[bench]   ${message}\n`);
}

const person = (id: string, name: string, role: User['role']): User => ({
	id,
	name,
	role,
	communes: [],
	login: null,
	passwordHash: null,
	createdAt: new Date(T0).toISOString(),
	lastSeenAt: null,
	revokedAt: null
});
/** The volunteer who wrote every seeded sheet, and the coordinator who exports them. */
export const MARIE = person('marie', 'Marie Lefèvre', 'benevole');
export const CLAIRE = person('claire', 'Claire Coordination', 'coordinateur');

/** A 20 kB "JPEG" in the server's photo folder layout (<dir>/<sha[0:2]>/<sha>). */
export function writePhoto(photosDir: string): PhotoRef {
	const bytes = Buffer.alloc(20_000);
	for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 7919) % 251;
	bytes.set([0xff, 0xd8, 0xff, 0xe0], 0);
	const sha = createHash('sha256').update(bytes).digest('hex');
	mkdirSync(join(photosDir, sha.slice(0, 2)), { recursive: true });
	writeFileSync(join(photosDir, sha.slice(0, 2), sha), bytes);
	return { sha, bytes: bytes.length };
}

/**
 * `sheets` sheets written by Marie, every field stamped, 10,000 per transaction: records and
 * fields only (no history), as a census imported or pulled long ago.
 */
export async function seedSheets(store: SqliteStore, sheets: number, photo?: PhotoRef): Promise<void> {
	for (const u of [MARIE, CLAIRE]) if (!(await store.getUser(u.id))) await store.insertUser(u);
	const BATCH = 10_000;
	for (let start = 0; start < sheets; start += BATCH) {
		await store.transaction(async () => {
			for (let i = start; i < Math.min(sheets, start + BATCH); i++) {
				const id = benchId(i);
				const fields = benchFields(i, photo);
				const at = new Date(T0 - i * 60_000).toISOString();
				await store.insertRecord({ id, createdBy: MARIE.id, commune: fields.commune, createdAt: at, updatedAt: at });
				const hlc = benchStamp(i);
				// One write per sheet, as push does (putField per field would rebuild the snapshot 25 times).
				await store.putFields(
					id,
					Object.entries(fields).map(([field, value]) => ({ field, value, hlc, by: MARIE.id }))
				);
			}
		});
		if (sheets > BATCH) progress(`seeded ${Math.min(sheets, start + BATCH).toLocaleString('en-US')} / ${sheets.toLocaleString('en-US')}`);
	}
}
