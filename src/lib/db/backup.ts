/**
 * Build the backup of everything not yet sent (see backup/format.ts), read in ONE read
 * transaction so sheets, outbox rows and photos agree with each other.
 */
import { BACKUP_FORMAT, BACKUP_VERSION, toBase64, type Backup } from '$lib/backup/format';
import type { Sheet } from '$lib/domain/sheet';
import type { AtlasDb } from './database';
import { clientId, getMeta, META, setMeta } from './meta';
import { holdsEdit, splitRows } from './sheets';

async function owner(db: AtlasDb): Promise<{ id: string; name: string } | null> {
	const me = (await db.meta.get('identity'))?.value as { id?: unknown; name?: unknown } | null | undefined;
	return me && typeof me.id === 'string' && typeof me.name === 'string' ? { id: me.id, name: me.name } : null;
}

export async function buildBackup(db: AtlasDb, appVersion: string, now: Date = new Date()): Promise<Backup> {
	return db.transaction('rw', [db.sheets, db.outbox, db.photos, db.meta], async () => {
		const outbox = await db.outbox.orderBy('seq').toArray();
		// What goes into the file must not change any more: the coordinator may import it.
		const top = outbox.at(-1)?.seq ?? 0;
		const exported = await getMeta<unknown>(db, META.exportedUpTo, 0);
		if (top > (typeof exported === 'number' ? exported : 0)) await setMeta(db, META.exportedUpTo, top);
		const pendingIds = new Set(outbox.filter(holdsEdit).map((r) => r.recordId));
		// Every row is read: a row this version cannot parse goes in raw, whatever its state.
		const all = splitRows(await db.sheets.toArray());
		const sheets = all.sheets.filter((s) => pendingIds.has(s.id));
		const damagedIds = new Set(all.damaged.map((d) => d.id));
		const damaged = (await db.sheets.bulkGet([...damagedIds])).filter((r) => r !== undefined).map((row) => ({ id: String(row.id), row }));
		const shas = new Set(sheets.flatMap((s: Sheet) => s.fields.photos.map((p) => p.sha)));
		// A photo whose full bytes were freed is on the server already (only confirmed photos are
		// freed): the file has nothing to carry for it, and the sheet refers to it by its SHA-256.
		const photos = (await db.photos.bulkGet([...shas])).flatMap((p) => (p?.data ? [{ ...p, data: p.data }] : []));
		return {
			format: BACKUP_FORMAT,
			version: BACKUP_VERSION,
			exportedAt: now.toISOString(),
			clientId: await clientId(db),
			app: appVersion,
			user: await owner(db),
			sheets,
			outbox: outbox.map((r) => ({ ...r, fields: r.fields as Record<string, { v: unknown; hlc: string }> })),
			damaged,
			photos: photos.map((p) => ({
				sha: p.sha,
				mime: p.mime,
				bytes: p.bytes,
				width: p.width,
				height: p.height,
				data: toBase64(p.data)
			}))
		} as Backup;
	});
}
