/**
 * Settings the coordinator chooses for the whole census, stored in the database (not in memory:
 * several app servers may share it). Each has a default used until it is set.
 */
import { DEFAULT_REVERIFY_MONTHS, MAX_REVERIFY_MONTHS } from '$lib/domain/review';
import type { Store } from './store/types';

const REVERIFY_KEY = 'reverifyMonths';

/** After how many months a tool's "last verified" date asks for a new visit. */
export async function reverifyMonths(store: Store): Promise<number> {
	const raw = await store.getSetting(REVERIFY_KEY);
	const n = raw === null ? NaN : Number(raw);
	return Number.isInteger(n) && n >= 1 && n <= MAX_REVERIFY_MONTHS ? n : DEFAULT_REVERIFY_MONTHS;
}

export async function setReverifyMonths(store: Store, months: number): Promise<void> {
	await store.putSetting(REVERIFY_KEY, String(months));
}
