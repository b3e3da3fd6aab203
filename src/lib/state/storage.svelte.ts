/**
 * Browser storage is fragile (lessons.md #2): after the first sheet we ask for persistent storage
 * (the browser then does not evict the data under pressure), show what is used and available, and
 * tell iPhone users to add the app to the home screen (Safari erases sites unused for 7 days).
 */
import { db } from '$lib/db/database';
import { getMeta, META, setMeta } from '$lib/db/meta';

export interface StorageFacts {
	usage: number | null;
	quota: number | null;
	persisted: boolean | null;
}

class StorageState {
	facts = $state<StorageFacts>({ usage: null, quota: null, persisted: null });

	async refresh(): Promise<void> {
		const s = typeof navigator !== 'undefined' ? navigator.storage : undefined;
		if (!s) return;
		const [estimate, persisted] = await Promise.all([s.estimate ? s.estimate().catch(() => null) : null, s.persisted ? s.persisted().catch(() => null) : null]);
		this.facts = { usage: estimate?.usage ?? null, quota: estimate?.quota ?? null, persisted };
	}

	/** Ask once, after the first sheet (asking on first visit is refused by browsers and annoys). */
	async askPersistOnce(): Promise<void> {
		const s = typeof navigator !== 'undefined' ? navigator.storage : undefined;
		if (!s?.persist) return;
		const asked = await getMeta(db(), META.persistAsked, false);
		if (asked) return;
		await setMeta(db(), META.persistAsked, true);
		await s.persist().catch(() => false);
		await this.refresh();
	}

	async persistNow(): Promise<boolean> {
		const ok = (await navigator.storage?.persist?.().catch(() => false)) ?? false;
		await this.refresh();
		return ok;
	}
}

export const storageState = new StorageState();

/** iPhone or iPad Safari, not yet installed on the home screen. */
export function needsHomeScreenHint(nav: Navigator = navigator): boolean {
	const ua = nav.userAgent;
	const ios = /iPhone|iPad|iPod/.test(ua) || (ua.includes('Macintosh') && nav.maxTouchPoints > 1);
	const standalone =
		(nav as Navigator & { standalone?: boolean }).standalone === true ||
		(typeof matchMedia !== 'undefined' && matchMedia('(display-mode: standalone)').matches);
	return ios && !standalone;
}
