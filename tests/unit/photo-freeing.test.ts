/**
 * Photo bytes leave the phone when storage is short, and only once the server confirmed them: the
 * oldest confirmed photos are freed first, each keeps a thumbnail, and a photo the server has not
 * confirmed (not uploaded, refused, or marked not uploaded again by a server restore) keeps its bytes.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AtlasDb, type PhotoRow } from '$lib/db/database';
import { createSheet } from '$lib/db/sheets';
import { addPhotoToSheet, photoBytes } from '$lib/db/photos';
import { buildBackup } from '$lib/db/backup';
import { freeConfirmedPhotos, SHORT_PHOTO_BYTES, type MakeThumbnail } from '$lib/db/photo-freeing';
import { PhotoUploader, type PhotoTransport } from '$lib/sync/photos';

let db: AtlasDb;
beforeEach(async () => {
	db = new AtlasDb(`freeing-${Math.random()}`);
	await db.open();
});
afterEach(async () => {
	db.close();
	await db.delete();
});

const MB = 1_000_000;
/** A 2 kB "JPEG" standing for the thumbnail; remembers which photos it was asked for. */
function thumbnails(): MakeThumbnail & { asked: string[] } {
	const asked: string[] = [];
	const make = async (data: ArrayBuffer) => {
		asked.push(String(new Uint8Array(data)[0]));
		return { data: new Uint8Array(2000).buffer, mime: 'image/jpeg' };
	};
	return Object.assign(make, { asked });
}

/** A photo row of `size` declared bytes (the bytes held are small: the rule reads `bytes`). */
async function photo(n: number, size: number, state: Partial<PhotoRow> = {}): Promise<string> {
	const sha = String(n).padStart(64, '0');
	const data = new Uint8Array(100);
	data[0] = n;
	await db.photos.put({
		sha,
		data: data.buffer,
		mime: 'image/jpeg',
		bytes: size,
		width: 2000,
		height: 1500,
		createdAt: `2026-11-${String(n).padStart(2, '0')}T10:00:00.000Z`,
		uploaded: true,
		...state
	});
	return sha;
}

const freedShas = async () => (await db.photos.toArray()).filter((p) => p.data === undefined).map((p) => Number(p.sha));

describe('freeing confirmed photos when storage is short', () => {
	it('above 80 % of the quota, frees the oldest confirmed photos until back under, each keeping a thumbnail', async () => {
		// Created out of order: the 1st of November is the oldest.
		await photo(3, 1 * MB);
		await photo(1, 1 * MB);
		await photo(2, 1 * MB);
		await photo(4, 1 * MB);
		const now = new Date('2026-11-28T12:00:00.000Z');
		// 9 MB used of 10: 1.02 MB must go (under 8 MB), so two photos (each gives back 0.998 MB).
		const freed = await freeConfirmedPhotos(db, { usage: 9 * MB, quota: 10 * MB }, thumbnails(), now);
		expect(freed).toEqual({ count: 2, bytes: 2 * (MB - 2000) });
		expect(await freedShas()).toEqual([1, 2]);
		const row = await db.photos.get(String(1).padStart(64, '0'));
		expect(row).toMatchObject({ uploaded: true, bytes: MB, thumbMime: 'image/jpeg', freedAt: '2026-11-28T12:00:00.000Z' });
		expect(row?.thumb?.byteLength).toBe(2000);
		expect('data' in (row ?? {})).toBe(false);
		expect(await photoBytes(db)).toEqual({ count: 2, bytes: 2 * MB, freedCount: 2, freedBytes: 2 * (MB - 2000) });
	});

	it('never frees a photo the server has not confirmed, however short storage is', async () => {
		await photo(1, 3 * MB, { uploaded: false });
		await photo(2, 3 * MB, { uploaded: false, uploadError: 'photo_too_large' });
		await photo(3, 3 * MB, { uploaded: true, uploadError: 'photo_type' });
		await photo(4, 1 * MB);
		const make = thumbnails();
		const freed = await freeConfirmedPhotos(db, { usage: 10 * MB, quota: 10 * MB }, make);
		expect(freed.count).toBe(1);
		expect(await freedShas()).toEqual([4]);
		expect(make.asked).toEqual(['4']);
	});

	it('does nothing while storage is not short, and reads nothing when the estimate says so', async () => {
		await photo(1, 1 * MB);
		const make = thumbnails();
		expect(await freeConfirmedPhotos(db, { usage: 8 * MB, quota: 10 * MB }, make)).toEqual({ count: 0, bytes: 0 });
		expect(await freeConfirmedPhotos(db, { usage: 5 * MB, quota: null }, make)).toEqual({ count: 0, bytes: 0 });
		expect(make.asked).toEqual([]);
		expect(await freedShas()).toEqual([]);
	});

	it('frees photos held beyond 200 MB even with room to spare in the quota', async () => {
		await photo(1, 90 * MB);
		await photo(2, 90 * MB);
		await photo(3, 30 * MB, { uploaded: false });
		// 210 MB of photos in a 10 GB quota: the oldest confirmed one goes, and that is enough.
		const freed = await freeConfirmedPhotos(db, { usage: 215 * MB, quota: 10_000 * MB }, thumbnails());
		expect(freed.count).toBe(1);
		expect(await freedShas()).toEqual([1]);
		expect((await photoBytes(db)).bytes).toBeLessThanOrEqual(SHORT_PHOTO_BYTES);
	});

	it('keeps the bytes of a photo marked not uploaded while its thumbnail was being made (a server restore)', async () => {
		const first = await photo(1, 1 * MB);
		await photo(2, 1 * MB);
		const restoreMeanwhile: MakeThumbnail = async () => {
			await db.photos.update(first, { uploaded: false });
			return { data: new Uint8Array(2000).buffer, mime: 'image/jpeg' };
		};
		await freeConfirmedPhotos(db, { usage: 10 * MB, quota: 10 * MB }, restoreMeanwhile);
		expect((await db.photos.get(first))?.data?.byteLength).toBe(100);
		expect(await freedShas()).toEqual([2]);
	});

	it('on a full disk, where even a smaller row is refused, deletes the row and writes it again without its bytes', async () => {
		const kept = await photo(1, 1 * MB, { uploaded: false });
		const first = await photo(2, 1 * MB);
		const second = await photo(3, 1 * MB);
		// What a full disk does: every write refused (a delete goes through), until room came back.
		let full = true;
		const refuse = () => {
			if (full) throw new DOMException('no room', 'QuotaExceededError');
		};
		db.photos.hook('updating', refuse);
		db.photos.hook('creating', (_key, row) => {
			if (row.sha === second) refuse();
		});
		const freed = await freeConfirmedPhotos(db, { usage: 10 * MB, quota: 10 * MB }, thumbnails());
		full = false;
		expect(freed.count).toBe(2);
		// Written again with its thumbnail…
		expect(await db.photos.get(first)).toMatchObject({ uploaded: true, thumbMime: 'image/jpeg' });
		expect((await db.photos.get(first))?.data).toBeUndefined();
		// …or, where even that was refused, left to the server (it holds the photo).
		expect(await db.photos.get(second)).toBeUndefined();
		expect((await db.photos.get(kept))?.data?.byteLength).toBe(100);
	});

	it('keeps the bytes when no thumbnail can be made', async () => {
		await photo(1, 1 * MB);
		const broken: MakeThumbnail = async () => {
			throw new Error('undecodable');
		};
		expect(await freeConfirmedPhotos(db, { usage: 10 * MB, quota: 10 * MB }, broken)).toEqual({ count: 0, bytes: 0 });
		expect(await freedShas()).toEqual([]);
	});
});

describe('a freed photo elsewhere on the phone', () => {
	const failingTransport: PhotoTransport = {
		create: async () => {
			throw new Error('a freed photo must never be sent');
		},
		append: async () => {
			throw new Error('a freed photo must never be sent');
		}
	};

	it('is never uploaded again, even marked not uploaded, and a backup file leaves it out', async () => {
		const sheet = await createSheet(db, 'pressoir');
		const bytes = new Uint8Array(500).fill(7);
		const sha = 'a'.repeat(64);
		await addPhotoToSheet(db, sheet.id, { sha, data: bytes.buffer, mime: 'image/jpeg', width: 2000, height: 1500 });
		await db.photos.update(sha, { uploaded: true });
		await freeConfirmedPhotos(db, { usage: 10 * MB, quota: 10 * MB }, thumbnails());
		await db.photos.update(sha, { uploaded: false });
		expect(await new PhotoUploader(db, failingTransport).uploadPending()).toEqual({ uploaded: 0, refused: 0, stopped: null });
		const backup = await buildBackup(db, 'test');
		expect(backup.sheets.map((s) => s.id)).toEqual([sheet.id]);
		expect(backup.photos).toEqual([]);
	});

	it('is full-size again when the same photo is added again', async () => {
		const sheet = await createSheet(db, 'pressoir');
		const other = await createSheet(db, 'alambic');
		const bytes = new Uint8Array(500).fill(7);
		const sha = 'b'.repeat(64);
		await addPhotoToSheet(db, sheet.id, { sha, data: bytes.buffer, mime: 'image/jpeg', width: 2000, height: 1500 });
		await db.photos.update(sha, { uploaded: true });
		await freeConfirmedPhotos(db, { usage: 10 * MB, quota: 10 * MB }, thumbnails());
		expect((await db.photos.get(sha))?.data).toBeUndefined();
		await addPhotoToSheet(db, other.id, { sha, data: bytes.slice().buffer, mime: 'image/jpeg', width: 2000, height: 1500 });
		expect((await db.photos.get(sha))?.data?.byteLength).toBe(500);
		expect(await photoBytes(db)).toMatchObject({ count: 1, freedCount: 0 });
	});
});
