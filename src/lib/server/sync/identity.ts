/**
 * Who the server is, for the phones (sync-protocol.md, « Restore and rewind »): two settings.
 * - `server_id`: random, made once; never changes while the database lives on (a restore and a copy
 *   to PostgreSQL carry it over).
 * - `server_generation`: random, made with the id, and made NEW by `restore` (in the checked copy,
 *   before it takes the data folder's place) and by `copy-to-postgres` (in the target). A phone that
 *   sees another id or generation knows the server may have forgotten what it acknowledged, and
 *   sends it again.
 * Both travel in every push and pull answer. Only offline commands (server stopped) change them,
 * so they are read outside the answer's transaction.
 */
import type { Store } from '../store/types';

export const SERVER_ID_SETTING = 'server_id';
export const SERVER_GENERATION_SETTING = 'server_generation';

export interface ServerIdentity {
	id: string;
	generation: string;
}

/** A random token of 128 bits, URL-safe. */
export function newIdentityToken(): string {
	const bytes = new Uint8Array(16);
	crypto.getRandomValues(bytes);
	return Buffer.from(bytes).toString('base64url');
}

/** The server's identity, made when missing (under the writer lock: instances sharing a database agree). */
export async function serverIdentity(store: Store): Promise<ServerIdentity> {
	const id = await store.getSetting(SERVER_ID_SETTING);
	const generation = await store.getSetting(SERVER_GENERATION_SETTING);
	if (id && generation) return { id, generation };
	return store.transaction(async () => {
		// Read again inside the writer's transaction: another instance may have just made them.
		const made = {
			id: (await store.getSetting(SERVER_ID_SETTING)) || newIdentityToken(),
			generation: (await store.getSetting(SERVER_GENERATION_SETTING)) || newIdentityToken()
		};
		await store.putSetting(SERVER_ID_SETTING, made.id);
		await store.putSetting(SERVER_GENERATION_SETTING, made.generation);
		return made;
	});
}
