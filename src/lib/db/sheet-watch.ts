/**
 * The device's sheets, but one, kept parsed in memory and in step with the database, at a cost that
 * follows what changed rather than how many sheets are stored.
 *
 * Why not a liveQuery over the table: a liveQuery reading the whole table runs again after EVERY
 * write to it, including each autosave of the sheet being edited. With 10,000 sheets that re-read
 * took about a second per keystroke, and it held a read transaction over `sheets` that the next
 * save had to wait for. Here the sheets are read once; afterwards Dexie's `storagemutated` event
 * (fired after each committed write, in this tab and in the others) says which primary keys may
 * have changed: a write to the excepted sheet alone is ignored, a few changed sheets are read back
 * by key, and only a change over a range of keys (a table cleared, a bulk write of 50 rows or more)
 * reads the table again.
 *
 * Damaged rows are left out (the list of sheets reports them).
 */
import Dexie, { type IntervalTree, type ObservabilitySet } from 'dexie';
import type { Sheet } from '$lib/domain/sheet';
import { parseSheet } from '$lib/schemas/sheet';
import type { AtlasDb, SheetRow } from './database';

export interface SheetWatchOptions {
	/** The sheet left out (the one being edited). */
	except?: string;
	/** Called with every other readable sheet after the first read and after each relevant change. */
	onChange(sheets: Sheet[]): void;
	onError(e: unknown): void;
}

/** Keys that may have changed: a finite set, or 'all' when a range of keys did. */
type Changed = Set<string> | 'all';

/**
 * Add the keys of an interval tree (Dexie's RangeSet, or the plain object it becomes when it comes
 * from another tab) to `into`; false when it holds a range wider than one string key.
 */
function collectKeys(tree: IntervalTree, into: Set<string>): boolean {
	const stack: IntervalTree[] = [tree];
	while (stack.length > 0) {
		const node = stack.pop() as IntervalTree;
		if (!('from' in node)) continue;
		if (typeof node.from !== 'string' || node.from !== node.to) return false;
		into.add(node.from);
		if (node.l) stack.push(node.l);
		if (node.r) stack.push(node.r);
	}
	return true;
}

/** What a committed write may have changed among the sheets: nothing (null), some keys, or 'all'. */
export function sheetsChanged(db: AtlasDb, parts: ObservabilitySet): Changed | null {
	const prefix = `idb://${db.name}/sheets/`;
	const trees = [parts[prefix], parts[`${prefix}:dels`]].filter((t): t is IntervalTree => !!t && 'from' in t);
	if (trees.length === 0) {
		// An index of the table may still say a row changed (a write Dexie could not key): be safe.
		return Object.keys(parts).some((part) => part.startsWith(prefix)) ? 'all' : null;
	}
	const keys = new Set<string>();
	for (const tree of trees) if (!collectKeys(tree, keys)) return 'all';
	return keys;
}

/** Start watching; returns the function that stops it. */
export function watchSheets(db: AtlasDb, options: SheetWatchOptions): () => void {
	// Parsed sheets by id, with the stamp they were parsed at: a full read again (after a bulk write)
	// parses only the rows whose `updatedAt` or field stamps moved (every edit and pull moves them).
	const sheets = new Map<string, { stamp: string; sheet: Sheet | null }>();
	let stopped = false;
	let pending: Changed | null = 'all';
	let running = false;

	function keep(row: SheetRow | undefined, id: string): void {
		if (!row || id === options.except) {
			sheets.delete(id);
			return;
		}
		const stamp = `${String(row.updatedAt)} ${Object.values((row.clocks ?? {}) as Record<string, unknown>).join()}`;
		if (sheets.get(id)?.stamp === stamp) return;
		const parsed = parseSheet(row);
		sheets.set(id, { stamp, sheet: parsed.ok ? parsed.sheet : null });
	}

	function readable(): Sheet[] {
		const list: Sheet[] = [];
		for (const { sheet } of sheets.values()) if (sheet) list.push(sheet);
		return list;
	}

	/** Apply what is pending, until nothing is: changes arriving meanwhile are read afterwards. */
	async function drain(): Promise<void> {
		if (running) return;
		running = true;
		try {
			while (pending && !stopped) {
				const changed = pending;
				pending = null;
				if (changed === 'all') {
					const seen = new Set<string>();
					await db.sheets.each((row) => {
						seen.add(row.id);
						keep(row, row.id);
					});
					for (const id of sheets.keys()) if (!seen.has(id)) sheets.delete(id);
				} else {
					const ids = [...changed];
					const rows = await db.sheets.bulkGet(ids);
					ids.forEach((id, i) => keep(rows[i], id));
				}
				if (!stopped && !pending) options.onChange(readable());
			}
		} catch (e) {
			if (!stopped) options.onError(e);
		} finally {
			running = false;
		}
	}

	function onMutated(parts: ObservabilitySet): void {
		const changed = sheetsChanged(db, parts);
		if (!changed) return;
		if (changed !== 'all' && options.except !== undefined) changed.delete(options.except);
		if (changed !== 'all' && changed.size === 0) return; // only the excepted sheet: nothing to do
		if (changed === 'all' || pending === 'all') pending = 'all';
		else pending = new Set([...(pending ?? []), ...changed]);
		void drain();
	}

	Dexie.on('storagemutated', onMutated);
	void drain();
	return () => {
		stopped = true;
		Dexie.on('storagemutated').unsubscribe(onMutated);
	};
}
