/**
 * Giving a full phone its room back: once the server has confirmed a photo (its upload ended with
 * the server's « done », after its SHA-256 check: `uploaded`), its full-size bytes may leave the
 * device when storage is short. The row keeps a small thumbnail (what the sheet shows offline; online
 * it shows the server's copy) and the date it was freed.
 *
 * Invariants:
 * - a photo the server has not confirmed (not `uploaded`, or refused with `uploadError`) is NEVER
 *   freed: its bytes on the phone may be the only copy. The row is read again inside the transaction
 *   that frees it, so a photo marked not uploaded meanwhile (after a server restore) keeps its bytes;
 * - the oldest confirmed photos go first, and only until storage is back under both thresholds;
 * - no thumbnail, no freeing: a photo whose thumbnail cannot be made keeps its bytes;
 * - on a full disk the browser refuses every write, even one that makes a row smaller, but lets a
 *   delete through and gives its room back at once: the row is then deleted and written again
 *   without its bytes. Should that second write be refused too, the row stays away: the photo is
 *   the server's (confirmed), and the sheet shows it from there like a photo taken by someone else.
 */
import { classifyError } from '$lib/errors';
import type { AtlasDb, PhotoRow } from './database';

/** Storage is short above this share of the browser's quota… */
export const SHORT_SHARE = 0.8;
/** …or when the full-size photos held on the phone weigh more than this. */
export const SHORT_PHOTO_BYTES = 200_000_000;

export interface StorageUse {
	/** navigator.storage.estimate()'s figures; null where the browser does not say. */
	usage: number | null;
	quota: number | null;
}

export interface Thumbnail {
	data: ArrayBuffer;
	mime: string;
}

export type MakeThumbnail = (data: ArrayBuffer, mime: string) => Promise<Thumbnail>;

export interface Freed {
	count: number;
	/** Bytes given back (full sizes minus the thumbnails kept). */
	bytes: number;
}

const overShare = (use: StorageUse) => use.usage !== null && use.quota !== null && use.quota > 0 && use.usage > SHORT_SHARE * use.quota;

const confirmed = (p: PhotoRow): p is PhotoRow & { data: ArrayBuffer } => p.data !== undefined && p.uploaded === true && !p.uploadError;

/**
 * Frees the oldest confirmed photos while storage is short. Cheap when it is not: the estimate's
 * usage bounds the photo bytes held, so the table is read only when usage is above one threshold
 * (or the browser gives no estimate).
 */
export async function freeConfirmedPhotos(db: AtlasDb, use: StorageUse, makeThumbnail: MakeThumbnail, now: Date = new Date()): Promise<Freed> {
	const freed: Freed = { count: 0, bytes: 0 };
	if (use.usage !== null && !overShare(use) && use.usage <= SHORT_PHOTO_BYTES) return freed;

	// One pass over the table, keeping only what is needed to choose (not the bytes themselves).
	let held = 0;
	const candidates: { sha: string; createdAt: string; bytes: number }[] = [];
	await db.photos.each((p) => {
		if (p.data === undefined) return;
		held += p.bytes;
		if (confirmed(p)) candidates.push({ sha: p.sha, createdAt: p.createdAt, bytes: p.bytes });
	});
	candidates.sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.sha < b.sha ? -1 : 1));

	// The estimate is not read again after each photo: browsers give space back lazily, and a stale
	// figure would free every photo. What was freed is taken off the first figure instead.
	let usage = use.usage;
	const short = () => held > SHORT_PHOTO_BYTES || overShare({ usage, quota: use.quota });
	for (const c of candidates) {
		if (!short()) break;
		const row = await db.photos.get(c.sha);
		if (!row || !confirmed(row)) continue;
		let thumb: Thumbnail;
		try {
			thumb = await makeThumbnail(row.data, row.mime);
		} catch {
			continue;
		}
		if (!(await freeOne(db, c.sha, thumb, now))) continue;
		const given = Math.max(0, c.bytes - thumb.data.byteLength);
		held -= c.bytes;
		if (usage !== null) usage -= given;
		freed.count += 1;
		freed.bytes += given;
	}
	return freed;
}

/** Frees one photo's bytes if it is still confirmed (read again in the transaction that frees it). */
async function freeOne(db: AtlasDb, sha: string, thumb: Thumbnail, now: Date): Promise<boolean> {
	const take = (current: PhotoRow | undefined): PhotoRow | null => {
		if (!current || !confirmed(current)) return null;
		const { data: _full, ...rest } = current;
		return { ...rest, thumb: thumb.data, thumbMime: thumb.mime, freedAt: now.toISOString() };
	};
	try {
		return await db.transaction('rw', db.photos, async () => {
			const freed = take(await db.photos.get(sha));
			if (freed) await db.photos.put(freed);
			return freed !== null;
		});
	} catch (e) {
		if (classifyError(e) !== 'quota') throw e;
	}
	const deleted = await db.transaction('rw', db.photos, async () => {
		const freed = take(await db.photos.get(sha));
		if (freed) await db.photos.delete(sha);
		return freed;
	});
	if (!deleted) return false;
	// `add`, not `put`: the same photo taken again meanwhile holds its bytes and must keep them.
	const { thumb: _small, thumbMime: _mime, ...bare } = deleted;
	await db.photos.add(deleted).catch(() => db.photos.add(bare).catch(() => undefined));
	return true;
}
