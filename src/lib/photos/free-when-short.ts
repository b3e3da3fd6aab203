/**
 * When the phone frees confirmed photos (db/photo-freeing.ts): on app start and after a photo upload
 * batch that confirmed some (sync/scheduler.svelte.ts), and when the browser refused a write for lack
 * of room (components/sheet/PhotosField.svelte). One run at a time: a call during a run waits for it,
 * then runs (a refusal must not be answered by a run that started before it).
 *
 * A refused write is the surest sign of a full phone: Chromium's estimate() reports a quota of the
 * usage plus a fixed allowance (it hides the real one), so its 80 % line may never be crossed. After
 * a refusal, the usage at that moment is taken as the quota: a fifth of it is given back.
 */
import { db } from '$lib/db/database';
import { freeConfirmedPhotos, type Freed, type StorageUse } from '$lib/db/photo-freeing';
import { makeThumbnail } from './thumbnail';

let current: Promise<Freed | null> | null = null;

async function storageUse(refused: boolean): Promise<StorageUse> {
	const estimate = await navigator.storage?.estimate?.().catch(() => null);
	const usage = estimate?.usage ?? null;
	return { usage, quota: refused ? usage : (estimate?.quota ?? null) };
}

async function run(refused: boolean): Promise<Freed | null> {
	try {
		return await freeConfirmedPhotos(db(), await storageUse(refused), makeThumbnail);
	} catch (e) {
		// Not the error funnel: nothing was lost (a photo not freed keeps its bytes) and there is
		// nothing for the person to do; the next check tries again.
		console.warn('photos not freed', e instanceof Error ? `${e.name}: ${e.message}` : e);
		return null;
	}
}

export async function freePhotosWhenShort(options: { refused?: boolean } = {}): Promise<Freed | null> {
	if (typeof navigator === 'undefined') return null;
	while (current) await current;
	const mine = run(options.refused === true);
	current = mine;
	try {
		return await mine;
	} finally {
		current = null;
	}
}
