/**
 * The census page on the server: every matching sheet the reader may see streams once through the
 * tally (counts + small sort keys, see domain/census-page.ts), then only the page's records are read
 * again. A mairie's commune filter is forced to its own communes before anything is read.
 */
import { actorOf } from '$lib/domain/access';
import type { CensusFilter } from '$lib/domain/census';
import { CensusTally, emptyCounts, scopeFilter, toTableRow, type CensusPageAnswer, type CensusPaging } from '$lib/domain/census-page';
import type { Territory } from '$lib/domain/territory';
import { censusContext, censusRows, toCensusRow } from '$lib/server/census/rows';
import type { Store, User } from '$lib/server/store/types';

export async function censusPage(
	store: Store,
	user: User,
	territory: Territory,
	filter: CensusFilter,
	paging: CensusPaging,
	now = new Date()
): Promise<CensusPageAnswer> {
	const scoped = scopeFilter(filter, actorOf(user));
	if (!scoped) return { total: 0, page: 1, size: paging.size, rows: [], counts: emptyCounts() };
	const ctx = await censusContext(store, territory, now);
	const tally = new CensusTally(paging.sort, ctx);
	for await (const row of censusRows(store, user, scoped, ctx)) tally.add(row);
	const { page, ids } = tally.page(paging);
	const names = new Map((await store.listUsers()).map((u) => [u.id, u.name]));
	const rows = [];
	for (const id of ids) {
		// Changed since the pass (a photograph over a few milliseconds): shown as it is now.
		const record = await store.getRecord(id);
		if (record) rows.push(toTableRow(toCensusRow(record, user, names), ctx));
	}
	return { total: tally.total, page, size: paging.size, rows, counts: tally.counts };
}
