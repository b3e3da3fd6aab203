/**
 * Seeds a data folder for the server sections: `sheets` realistic sheets in <dataDir>/atlas.sqlite
 * (the file the server opens), a photo on every 20th when asked, and, when asked, a signed-in
 * person: an invitation accepted through the accounts module, whose session token is returned
 * (the cookie a phone would hold).
 * Argument: { dataDir, sheets, photos?: boolean, session?: 'benevole' | 'coordinateur' }.
 */
import { join } from 'node:path';
import { acceptInvitation, createInvitation } from '$lib/server/accounts';
import { SqliteStore } from '$lib/server/sqlite/store';
import { args, done, seedSheets, writePhoto } from './common';

const a = args<{ dataDir: string; sheets: number; photos?: boolean; session?: 'benevole' | 'coordinateur' }>();
const store = new SqliteStore(join(a.dataDir, 'atlas.sqlite'));
const t0 = performance.now();
const photo = a.photos ? writePhoto(join(a.dataDir, 'photos')) : undefined;
await seedSheets(store, a.sheets, photo);
let token: string | null = null;
if (a.session) {
	const invited = await createInvitation({ store }, null, { role: a.session });
	token = (await acceptInvitation({ store, device: 'bench' }, { token: invited.token, name: 'Banc d’essai' })).token;
}
const ms = performance.now() - t0;
await store.close();
done({ ms, token, dbFile: join(a.dataDir, 'atlas.sqlite'), photosDir: join(a.dataDir, 'photos') });
