/**
 * The coordinator's home, read from the store: every sheet's state (one pass over the current
 * values, a page of records at a time, as the census does), the open conflicts, and what the
 * first-run checklist needs (the territory's setting, the team and its invitations).
 */
import { countSheet, emptyStatusCounts, setupState, type Progress } from '$lib/domain/progress';
import type { Store } from './store/types';
import { dataDir, readTerritorySource } from './territory';

export async function censusProgress(store: Store, dir: string = dataDir()): Promise<Progress> {
	const byStatus = emptyStatusCounts();
	for await (const r of store.scanValues()) countSheet(byStatus, r.values);
	const [conflicts, people, invitations, source] = await Promise.all([
		store.listConflicts(true),
		store.listUsers(),
		store.listInvitations(),
		readTerritorySource(store, dir)
	]);
	// Chosen: a saved configuration, an explicit return to the default (the setting exists), or a
	// legacy territory file. Only a server nobody configured reads as "not chosen".
	const territoryChosen = source.text !== null || !source.legacy;
	return { byStatus, conflicts: conflicts.length, setup: setupState({ territoryChosen, people, invitations }) };
}
