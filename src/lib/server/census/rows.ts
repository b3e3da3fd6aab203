/**
 * The census on the server: every record as a CensusRow, read a page at a time in version order
 * (never the whole census in memory: exports of 100,000 sheets stream through this), with the
 * private contact fields removed for whoever may not read them (the one policy, domain/access.ts),
 * and the filter of the census screen applied.
 */
import { actorOf, visibleFields } from '$lib/domain/access';
import { matchesCensus, type CensusContext, type CensusFilter, type CensusRow } from '$lib/domain/census';
import { isoDay } from '$lib/domain/dates';
import type { SheetFields } from '$lib/domain/sheet';
import type { Territory } from '$lib/domain/territory';
import type { Store, StoredRecord, User } from '../store/types';
import { reverifyMonths } from '../settings';

/** The context of matching for a territory (commune → CDC, names), today and the re-verification age. */
export async function censusContext(store: Store, territory: Territory, now = new Date()): Promise<CensusContext> {
	const byInsee = new Map(territory.communes.map((c) => [c.insee, c]));
	return {
		cdcOf: (insee) => byInsee.get(insee)?.cdc?.siren ?? null,
		communeName: (insee) => byInsee.get(insee)?.name ?? insee,
		today: isoDay(now),
		reverifyMonths: await reverifyMonths(store)
	};
}

export function toCensusRow(r: StoredRecord, user: User, names: ReadonlyMap<string, string>): CensusRow {
	const values = Object.fromEntries(Object.entries(r.fields).map(([k, f]) => [k, f.v])) as Partial<SheetFields>;
	return {
		id: r.id,
		createdBy: r.createdBy,
		createdByName: names.get(r.createdBy) ?? '',
		createdAt: r.createdAt,
		updatedAt: r.updatedAt,
		fields: visibleFields(actorOf(user), { createdBy: r.createdBy, commune: r.commune }, values)
	};
}

/**
 * Every census row `user` may see that matches `filter`, in one pass over the store's snapshot of
 * current values (scanValues: a page of records at a time, one JSON text per record). Records that
 * change while it runs may be seen at their new version (a consistent snapshot is not promised:
 * an export is a photograph taken over a few seconds).
 */
export async function* censusRows(store: Store, user: User, filter: CensusFilter, ctx: CensusContext): AsyncGenerator<CensusRow> {
	const names = new Map((await store.listUsers()).map((u) => [u.id, u.name]));
	const actor = actorOf(user);
	for await (const r of store.scanValues()) {
		const row: CensusRow = {
			id: r.id,
			createdBy: r.createdBy,
			createdByName: names.get(r.createdBy) ?? '',
			createdAt: r.createdAt,
			updatedAt: r.updatedAt,
			fields: visibleFields(actor, { createdBy: r.createdBy, commune: r.commune }, r.values as Partial<SheetFields>)
		};
		if (matchesCensus(row, filter, ctx)) yield row;
	}
}
