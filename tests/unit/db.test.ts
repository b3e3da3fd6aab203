import { beforeEach, describe, expect, it } from 'vitest';
import { AtlasDb } from '$lib/db/database';
import {
	createSheet,
	deleteSheet,
	discardIfUntouched,
	getSheet,
	InvalidSheetError,
	listSheets,
	oldestPending,
	pendingSheetIds,
	restoreSheet,
	updateSheet
} from '$lib/db/sheets';
import { addPhotoToSheet, photoBytes, removePhotoFromSheet } from '$lib/db/photos';
import { buildBackup } from '$lib/db/backup';
import { META, setMeta } from '$lib/db/meta';
import { parseBackup, fromBase64, BACKUP_FORMAT } from '$lib/backup/format';
import { isHlc } from '$lib/domain/hlc';
import { blankFields, FIELD_NAMES } from '$lib/domain/sheet';
import { ciderPress } from '../fixtures/sheets';

let db: AtlasDb;
let n = 0;
beforeEach(async () => {
	db = new AtlasDb(`test-${++n}-${Math.random()}`);
	await db.open();
});

const day = (d: string) => new Date(`${d}T10:00:00.000Z`);

describe('sheet repository', () => {
	it('creates a sheet of the chosen category as a local draft: stored, asserting nothing, queued for nobody', async () => {
		const sheet = await createSheet(db, 'pressoir', day('2026-10-12'));
		expect(sheet.fields.category).toBe('pressoir');
		expect(sheet.fields.status).toBe('brouillon');
		expect(sheet.fields.surveyedOn).toBe('2026-10-12');
		expect(sheet.fields.verifiedOn).toBeNull();
		expect(sheet.fields.worksWithoutMains).toBeNull();
		expect((await getSheet(db, sheet.id))?.fields.category).toBe('pressoir');
		expect(await db.outbox.count()).toBe(0);
		expect(await pendingSheetIds(db)).toEqual(new Set());
	});

	it('queues the whole sheet, in one row, with its first real entry', async () => {
		const sheet = await createSheet(db, 'pressoir', day('2026-10-12'));
		await updateSheet(db, sheet.id, { worksWithoutMains: 'inconnu' }, day('2026-10-12'));
		const rows = await db.outbox.toArray();
		expect(rows).toHaveLength(1);
		expect(rows[0]?.seq).toBe(1);
		expect(rows[0]?.recordId).toBe(sheet.id);
		// Every field: the server learns the category, the day and the draft status with it.
		expect(Object.keys(rows[0]?.fields ?? {}).sort()).toEqual([...FIELD_NAMES].sort());
		expect(rows[0]?.fields.worksWithoutMains?.v).toBe('inconnu');
		expect(rows[0]?.fields.verifiedOn?.v).toBeNull();
		expect(isHlc(rows[0]?.fields.category?.hlc)).toBe(true);
		expect((await getSheet(db, sheet.id))?.clocks.category).toBe(rows[0]?.fields.category?.hlc);
	});

	it('keeps a draft local while it holds nothing but a category, even one changed', async () => {
		const sheet = await createSheet(db, 'pressoir');
		await updateSheet(db, sheet.id, { category: 'alambic' });
		await updateSheet(db, sheet.id, { name: '' });
		expect((await getSheet(db, sheet.id))?.fields.category).toBe('alambic');
		expect(await db.outbox.count()).toBe(0);
		expect(await discardIfUntouched(db, sheet.id)).toBe(true);
		expect(await db.sheets.count()).toBe(0);
	});

	it('puts the surveyor name of this device on new sheets', async () => {
		await setMeta(db, META.surveyor, 'Marie Lefèvre');
		const sheet = await createSheet(db, 'moulin_farine');
		expect(sheet.fields.surveyedBy).toBe('Marie Lefèvre');
	});

	it('writes an edit and its outbox change in one transaction, with a newer HLC', async () => {
		const sheet = await createSheet(db, 'pressoir');
		const before = (await updateSheet(db, sheet.id, { name: 'Pressoir' })).clocks.name as string;
		const next = await updateSheet(db, sheet.id, { name: 'Pressoir de Préaux' });
		expect(next.fields.name).toBe('Pressoir de Préaux');
		expect((next.clocks.name as string) > before).toBe(true);
		const rows = await db.outbox.toArray();
		// Coalesced into the row not yet taken by a push.
		expect(rows).toHaveLength(1);
		expect(rows[0]?.fields.name).toEqual({ v: 'Pressoir de Préaux', hlc: next.clocks.name });
	});

	it('rolls back the sheet when its outbox write fails', async () => {
		const sheet = await createSheet(db, 'pressoir');
		const hook = (() => {
			throw new Error('disk full');
		}) as never;
		db.outbox.hook('updating', hook);
		db.outbox.hook('creating', hook);
		await expect(updateSheet(db, sheet.id, { name: 'Jamais' })).rejects.toThrow();
		db.outbox.hook('updating').unsubscribe(hook);
		db.outbox.hook('creating').unsubscribe(hook);
		expect((await getSheet(db, sheet.id))?.fields.name).toBe('');
	});

	it('opens a new outbox row once the previous one is taken by a push', async () => {
		const sheet = await createSheet(db, 'pressoir');
		await updateSheet(db, sheet.id, { address: 'La Grande Noë' });
		await setMeta(db, META.pushingUpTo, 1);
		await updateSheet(db, sheet.id, { name: 'Après envoi' });
		const rows = await db.outbox.orderBy('seq').toArray();
		expect(rows.map((r) => r.seq)).toEqual([1, 2]);
		expect(Object.keys(rows[1]?.fields ?? {})).toEqual(['name']);
	});

	it('gives unique increasing sequence numbers across sheets', async () => {
		const a = await createSheet(db, 'pressoir');
		const b = await createSheet(db, 'alambic');
		await updateSheet(db, a.id, { name: 'A' });
		await updateSheet(db, b.id, { name: 'B' });
		await updateSheet(db, a.id, { notes: 'a' });
		await updateSheet(db, b.id, { notes: 'b' });
		const seqs = (await db.outbox.orderBy('seq').toArray()).map((r) => r.seq);
		expect(seqs).toEqual([1, 2, 3, 4]);
	});

	it('refuses an invalid edit and changes nothing', async () => {
		const sheet = await createSheet(db, 'pressoir');
		await expect(updateSheet(db, sheet.id, { capacityValue: Number.NaN })).rejects.toBeInstanceOf(InvalidSheetError);
		await expect(updateSheet(db, sheet.id, { commune: 'Mortagne' })).rejects.toBeInstanceOf(InvalidSheetError);
		expect((await getSheet(db, sheet.id))?.fields.capacityValue).toBeNull();
		expect(await db.outbox.count()).toBe(0);
	});

	it('does not write anything when nothing changed', async () => {
		const sheet = await createSheet(db, 'pressoir');
		await updateSheet(db, sheet.id, { name: 'Pressoir' });
		const rowBefore = await db.outbox.get(1);
		await updateSheet(db, sheet.id, { name: 'Pressoir' });
		expect(await db.outbox.get(1)).toEqual(rowBefore);
	});

	it('deletes with a tombstone that can be restored', async () => {
		const sheet = await createSheet(db, 'pressoir');
		await deleteSheet(db, sheet.id);
		const deleted = await getSheet(db, sheet.id);
		expect(deleted?.fields.deleted).toBe(true);
		expect(await db.sheets.count()).toBe(1);
		const rows = await db.outbox.toArray();
		expect(rows.some((r) => r.fields.deleted?.v === true)).toBe(true);
		await restoreSheet(db, sheet.id);
		expect((await getSheet(db, sheet.id))?.fields.deleted).toBe(false);
	});

	it('reports a damaged row and still lists the others', async () => {
		const good = await createSheet(db, 'pressoir');
		await db.sheets.put({ id: 'damaged-row-0001', fields: { category: 'tracteur' }, clocks: {}, createdAt: 'x', updatedAt: '2099' });
		await db.sheets.put({ id: 'damaged-row-0002', fields: null as never, clocks: {}, createdAt: 'x', updatedAt: '2098' });
		const { sheets, damaged } = await listSheets(db);
		expect(sheets.map((s) => s.id)).toEqual([good.id]);
		expect(damaged.map((d) => d.id).sort()).toEqual(['damaged-row-0001', 'damaged-row-0002']);
		await expect(getSheet(db, 'damaged-row-0001')).rejects.toBeInstanceOf(InvalidSheetError);
	});

	it('knows which sheets wait to be sent and since when', async () => {
		const a = await createSheet(db, 'pressoir', day('2026-11-20'));
		await updateSheet(db, a.id, { name: 'Pressoir' }, day('2026-11-20'));
		await createSheet(db, 'alambic', day('2026-11-19'));
		expect(await pendingSheetIds(db)).toEqual(new Set([a.id]));
		expect((await oldestPending(db))?.toISOString()).toBe('2026-11-20T10:00:00.000Z');
		await db.outbox.clear();
		expect(await oldestPending(db)).toBeNull();
	});
});

describe('outbox housekeeping', () => {
	it('drops a withdrawn private contact from earlier unsent rows', async () => {
		const sheet = await createSheet(db, 'pressoir', day('2026-11-20'));
		await updateSheet(db, sheet.id, { personConsentAt: '2026-11-20T10:00:00.000Z', personPhone: '06 12 34 56 78' }, day('2026-11-20'));
		// Another sheet's edit in between: the next edit of the first sheet opens a new row.
		const other = await createSheet(db, 'alambic', day('2026-11-21'));
		await updateSheet(db, other.id, { name: 'Alambic' }, day('2026-11-21'));
		await updateSheet(db, sheet.id, { personConsentAt: null, personPhone: '' }, day('2026-11-22'));
		const rows = await db.outbox.orderBy('seq').toArray();
		const phones = rows.filter((r) => r.recordId === sheet.id && r.fields.personPhone).map((r) => r.fields.personPhone?.v);
		expect(phones).toEqual(['']);
		expect(JSON.stringify(rows)).not.toContain('06 12 34 56 78');
	});

	it('never leaves a hole in the sequence of outbox numbers', async () => {
		const a = await createSheet(db, 'pressoir');
		await updateSheet(db, a.id, { notes: 'n' }); // 1
		const b = await createSheet(db, 'alambic');
		await updateSheet(db, b.id, { notes: 'b' }); // 2
		await updateSheet(db, a.id, { name: 'x' }); // 3
		const c = await createSheet(db, 'abattoir');
		await updateSheet(db, c.id, { notes: 'c' }); // 4
		await updateSheet(db, a.id, { name: 'y' }); // 5: row 3 is now empty
		const rows = await db.outbox.orderBy('seq').toArray();
		expect(rows.map((r) => r.seq)).toEqual([1, 2, 3, 4, 5]);
		expect(rows[2]?.fields).toEqual({});
		expect(rows[4]?.fields.name?.v).toBe('y');
	});

	it('keeps the age of a superseded edit in the row that replaces it', async () => {
		const a = await createSheet(db, 'pressoir', day('2026-11-20'));
		await updateSheet(db, a.id, { name: 'Pressoir' }, day('2026-11-20'));
		const b = await createSheet(db, 'alambic', day('2026-11-21'));
		await updateSheet(db, b.id, { name: 'Alambic' }, day('2026-11-21'));
		await updateSheet(db, a.id, { name: 'Pressoir de Préaux' }, day('2026-11-25'));
		expect((await oldestPending(db))?.toISOString()).toBe('2026-11-20T10:00:00.000Z');
	});

	it('never touches rows already handed to a push', async () => {
		const sheet = await createSheet(db, 'pressoir');
		await updateSheet(db, sheet.id, { name: 'Avant' });
		await setMeta(db, META.pushingUpTo, 1);
		await updateSheet(db, sheet.id, { name: 'Après' });
		const rows = await db.outbox.orderBy('seq').toArray();
		expect(rows[0]?.fields.name?.v).toBe('Avant');
		expect(rows[1]?.fields.name?.v).toBe('Après');
	});

	it('stores values handed over as reactive proxies', async () => {
		const sheet = await createSheet(db, 'cuisine_partagee');
		const target = [{ id: 'eq000000001', label: 'Four', category: null, quantity: 1 }];
		const proxy = new Proxy(target, {});
		const next = await updateSheet(db, sheet.id, { equipment: proxy });
		expect(next.fields.equipment).toEqual(target);
		expect((await getSheet(db, sheet.id))?.fields.equipment).toEqual(target);
	});

	it('forgets a sheet nobody wrote in, and keeps any sheet with something typed', async () => {
		const empty = await createSheet(db, 'pressoir');
		const typed = await createSheet(db, 'alambic');
		await updateSheet(db, typed.id, { notes: 'x' });
		expect(await discardIfUntouched(db, empty.id)).toBe(true);
		expect(await discardIfUntouched(db, typed.id)).toBe(false);
		expect(await getSheet(db, empty.id)).toBeNull();
		const rows = await db.outbox.orderBy('seq').toArray();
		expect(rows.map((r) => r.recordId)).toEqual([typed.id]);
		expect(await pendingSheetIds(db)).toEqual(new Set([typed.id]));
	});

	/** An empty sheet as an older version made it: the creation day as « verified », queued at once. */
	async function olderEmptySheet(): Promise<string> {
		const id = 'older-empty-sheet-01';
		const fields = { ...blankFields('pressoir', '2026-10-12'), verifiedOn: '2026-10-12', worksWithoutMains: 'inconnu' as const };
		const hlc = '2026-10-12T10:00:00.000Z-0000-olderphone';
		const clocks = Object.fromEntries(FIELD_NAMES.map((f) => [f, hlc]));
		await db.sheets.put({ id, fields: { ...fields }, clocks, createdAt: '2026-10-12T10:00:00.000Z', updatedAt: '2026-10-12T10:00:00.000Z' });
		const change = Object.fromEntries(FIELD_NAMES.map((f) => [f, { v: fields[f], hlc }]));
		await db.outbox.put({ seq: 1, recordId: id, fields: change, createdAt: '2026-10-12T10:00:00.000Z', updatedAt: '2026-10-12T10:00:00.000Z' });
		await setMeta(db, META.nextSeq, 2);
		return id;
	}

	it('forgets an empty sheet an older version queued, leaving its row as a no-op (no hole in the sequence)', async () => {
		const id = await olderEmptySheet();
		expect(await discardIfUntouched(db, id)).toBe(true);
		expect(await getSheet(db, id)).toBeNull();
		expect(await db.outbox.toArray()).toMatchObject([{ seq: 1, recordId: id, fields: {} }]);
	});

	it('keeps an untouched sheet once it was handed to a push', async () => {
		const id = await olderEmptySheet();
		await setMeta(db, META.pushingUpTo, 1);
		expect(await discardIfUntouched(db, id)).toBe(false);
	});
});

describe('photos', () => {
	const bytes = (size: number, fill: number) => new Uint8Array(size).fill(fill).buffer;
	const sha = (c: string) => c.repeat(64);

	it('stores photo bytes as an ArrayBuffer with the sheet reference, once per hash', async () => {
		const sheet = await createSheet(db, 'pressoir');
		await addPhotoToSheet(db, sheet.id, { sha: sha('a'), data: bytes(1000, 1), mime: 'image/jpeg', width: 2000, height: 1500 });
		const again = await addPhotoToSheet(db, sheet.id, { sha: sha('a'), data: bytes(1000, 1), mime: 'image/jpeg', width: 2000, height: 1500 });
		expect(again.fields.photos).toHaveLength(1);
		const row = await db.photos.get(sha('a'));
		expect(row?.data).toBeInstanceOf(ArrayBuffer);
		expect(row?.bytes).toBe(1000);
		expect(await photoBytes(db)).toEqual({ count: 1, bytes: 1000, freedCount: 0, freedBytes: 0 });
	});

	it('frees the bytes of a removed photo that no sheet uses and that was never uploaded', async () => {
		const a = await createSheet(db, 'pressoir');
		const b = await createSheet(db, 'alambic');
		const p = { sha: sha('b'), data: bytes(10, 2), mime: 'image/jpeg', width: 10, height: 10 };
		await addPhotoToSheet(db, a.id, p);
		await addPhotoToSheet(db, b.id, p);
		await removePhotoFromSheet(db, a.id, sha('b'));
		expect(await db.photos.get(sha('b'))).toBeDefined();
		await removePhotoFromSheet(db, b.id, sha('b'));
		expect(await db.photos.get(sha('b'))).toBeUndefined();
	});
});

describe('backup file', () => {
	it('holds every unsent sheet with its photos and outbox rows, and nothing sent', async () => {
		const a = await updateSheet(db, (await createSheet(db, 'pressoir')).id, ciderPress());
		await addPhotoToSheet(db, a.id, { sha: 'c'.repeat(64), data: new Uint8Array([1, 2, 3, 250]).buffer, mime: 'image/jpeg', width: 4, height: 1 });
		const sent = await createSheet(db, 'alambic');
		await db.outbox.where('recordId').equals(sent.id).delete();

		const backup = await buildBackup(db, 'test', new Date('2026-11-28T10:00:00Z'));
		const parsed = parseBackup(JSON.parse(JSON.stringify(backup)));
		expect(parsed.ok).toBe(true);
		expect(backup.format).toBe(BACKUP_FORMAT);
		expect(backup.version).toBe(1);
		expect(backup.sheets.map((s) => s.id)).toEqual([a.id]);
		expect(backup.sheets[0]?.fields.name).toBe(ciderPress().name);
		expect(backup.outbox.every((r) => r.recordId === a.id)).toBe(true);
		expect(backup.photos).toHaveLength(1);
		expect([...fromBase64(backup.photos[0]?.data ?? '')]).toEqual([1, 2, 3, 250]);
	});

	it('puts rows it cannot read in the file, raw', async () => {
		await db.sheets.put({ id: 'damaged-row-0001', fields: { category: 'tracteur' }, clocks: {}, createdAt: 'x', updatedAt: 'y' });
		const backup = await buildBackup(db, 'test');
		expect(backup.damaged).toEqual([{ id: 'damaged-row-0001', row: expect.objectContaining({ fields: { category: 'tracteur' } }) }]);
	});

	it('refuses a file that is not an Atlas backup', () => {
		expect(parseBackup({ format: 'autre', version: 1 }).ok).toBe(false);
		expect(parseBackup(null).ok).toBe(false);
	});
});
