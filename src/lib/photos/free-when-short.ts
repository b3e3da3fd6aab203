/**
 * When the phone frees confirmed photos (db/photo-freeing.ts): on app start and after each photo
 * upload batch (sync/scheduler.svelte.ts). One run at a time; a call during a run is dropped (the
 * next start or batch checks again).
 */
import { db } from '$lib/db/database';
import { freeConfirmedPhotos, type Freed, type StorageUse } from '$lib/db/photo-freeing';
import { makeThumbnail } from './thumbnail';

let running = false;

async function storageUse(): Promise<StorageUse> {
	const estimate = await navigator.storage?.estimate?.().catch(() => null);
	return { usage: estimate?.usage ?? null, quota: estimate?.quota ?? null };
}

export async function freePhotosWhenShort(): Promise<Freed | null> {
	if (running || typeof navigator === 'undefined') return null;
	running = true;
	try {
		return await freeConfirmedPhotos(db(), await storageUse(), makeThumbnail);
	} catch (e) {
		// Not the error funnel: nothing was lost (a photo not freed keeps its bytes) and there is
		// nothing for the person to do; the next check tries again.
		console.warn('photos not freed', e);
		return null;
	} finally {
		running = false;
	}
}
