/**
 * Photo bytes, content-addressed by SHA-256 (the same photo added twice is stored once). Adding a
 * photo to a sheet stores the bytes, the sheet's `photos` field and the outbox row in ONE
 * transaction. Bytes are kept at least until the server confirmed the photo; then they may be freed
 * when storage is short (./photo-freeing.ts), leaving a thumbnail.
 */
import type { PhotoRef, Sheet } from '$lib/domain/sheet';
import type { AtlasDb, PhotoRow } from './database';
import { getSheet, SheetNotFoundError, updateSheet } from './sheets';

export interface NewPhoto {
	sha: string;
	data: ArrayBuffer;
	mime: string;
	width: number;
	height: number;
}

export async function addPhotoToSheet(db: AtlasDb, sheetId: string, photo: NewPhoto, now: Date = new Date()): Promise<Sheet> {
	return db.transaction('rw', [db.sheets, db.outbox, db.meta, db.photos], async () => {
		const sheet = await getSheet(db, sheetId);
		if (!sheet) throw new SheetNotFoundError(sheetId);
		const iso = now.toISOString();
		const held = await db.photos.get(photo.sha);
		// The same photo again after its full bytes were freed: it is full-size on the phone again.
		if (held && held.data === undefined) await db.photos.update(photo.sha, { data: photo.data });
		if (!held) {
			const row: PhotoRow = {
				sha: photo.sha,
				data: photo.data,
				mime: photo.mime,
				bytes: photo.data.byteLength,
				width: photo.width,
				height: photo.height,
				createdAt: iso,
				uploaded: false
			};
			await db.photos.add(row);
		}
		if (sheet.fields.photos.some((p) => p.sha === photo.sha)) return sheet;
		const ref: PhotoRef = {
			sha: photo.sha,
			mime: photo.mime,
			bytes: photo.data.byteLength,
			width: photo.width,
			height: photo.height,
			takenAt: iso
		};
		return updateSheet(db, sheetId, { photos: [...sheet.fields.photos, ref] }, now);
	});
}

/**
 * Take a photo off a sheet. Its bytes are freed at once only when no other sheet refers to it and
 * it was never uploaded; otherwise sync frees them once the server confirmed.
 */
export async function removePhotoFromSheet(db: AtlasDb, sheetId: string, sha: string, now: Date = new Date()): Promise<Sheet> {
	return db.transaction('rw', [db.sheets, db.outbox, db.meta, db.photos], async () => {
		const sheet = await getSheet(db, sheetId);
		if (!sheet) throw new SheetNotFoundError(sheetId);
		const next = await updateSheet(db, sheetId, { photos: sheet.fields.photos.filter((p) => p.sha !== sha) }, now);
		const row = await db.photos.get(sha);
		// Only bytes never uploaded are freed here: only then is every sheet read to see if another
		// one still shows the photo (a scan of the table, not worth doing otherwise).
		if (!row || row.uploaded) return next;
		const stillUsed = await db.sheets.filter((r) => Array.isArray(r.fields?.photos) && (r.fields.photos as PhotoRef[]).some((p) => p?.sha === sha)).count();
		if (stillUsed === 0) await db.photos.delete(sha);
		return next;
	});
}

export async function getPhoto(db: AtlasDb, sha: string): Promise<PhotoRow | undefined> {
	return db.photos.get(sha);
}

export interface PhotoStorage {
	/** Photos held full-size on this device. */
	count: number;
	bytes: number;
	/** Photos whose full-size bytes were freed (db/photo-freeing.ts), and the room that gave back. */
	freedCount: number;
	freedBytes: number;
}

/** The photos held on this device, full-size or freed. */
export async function photoBytes(db: AtlasDb): Promise<PhotoStorage> {
	const out: PhotoStorage = { count: 0, bytes: 0, freedCount: 0, freedBytes: 0 };
	await db.photos.each((p) => {
		if (p.data !== undefined) {
			out.count += 1;
			out.bytes += p.bytes;
		} else {
			out.freedCount += 1;
			out.freedBytes += Math.max(0, p.bytes - (p.thumb?.byteLength ?? 0));
		}
	});
	return out;
}
