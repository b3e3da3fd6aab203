/**
 * db/sheet-watch: the other sheets of the device, kept in step with the database (the « outil
 * semblable » prompt of the form reads them). Guards the cost: the edited sheet's own saves read
 * nothing, another sheet's change is read back by key, a bulk write reads the table again.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DBCore, Middleware } from 'dexie';
import { AtlasDb, type SheetRow } from '$lib/db/database';
import { createSheet, updateSheet } from '$lib/db/sheets';
import { watchSheets } from '$lib/db/sheet-watch';
import type { Sheet } from '$lib/domain/sheet';
import { ciderPress } from '../fixtures/sheets';

/** Reads of the sheets table: 'scan' for a cursor or query over it, 'key' for reads by key. */
function sheetReads(log: string[]): Middleware<DBCore> {
	return {
		stack: 'dbcore',
		name: 'sheet-reads',
		create: (down) => ({
			...down,
			table(name) {
				const table = down.table(name);
				if (name !== 'sheets') return table;
				return {
					...table,
					get: (req) => (log.push('key'), table.get(req)),
					getMany: (req) => (log.push('key'), table.getMany(req)),
					query: (req) => (log.push('scan'), table.query(req)),
					openCursor: (req) => (log.push('scan'), table.openCursor(req))
				};
			}
		})
	};
}

const row = (id: string, name: string): SheetRow => ({
	id,
	fields: { ...ciderPress(), name },
	clocks: {},
	createdAt: '2026-10-12T09:00:00.000Z',
	updatedAt: '2026-10-12T09:00:00.000Z'
});
const settle = () => new Promise((r) => setTimeout(r, 30));

let db: AtlasDb;
let reads: string[];
let seen: Sheet[][];
let stop: () => void;
let n = 0;

beforeEach(async () => {
	reads = [];
	seen = [];
	db = new AtlasDb(`watch-${++n}-${Math.random()}`);
	db.use(sheetReads(reads));
	await db.open();
});
afterEach(() => {
	stop?.();
	db.close();
});

const names = (list: Sheet[] | undefined) => (list ?? []).map((s) => s.fields.name).sort();

describe('watching the other sheets', () => {
	it('gives every other readable sheet, without the one being edited nor damaged rows', async () => {
		const draft = await createSheet(db, 'pressoir');
		await db.sheets.bulkPut([row('sheet-a-000001', 'Pressoir A'), row('sheet-b-000001', 'Pressoir B')]);
		await db.sheets.put({ id: 'damaged-0000001', fields: { category: 'tracteur' }, clocks: {}, createdAt: 'x', updatedAt: 'y' });
		stop = watchSheets(db, {
			except: draft.id,
			onChange: (s) => seen.push(s),
			onError: (e) => {
				throw e;
			}
		});
		await settle();
		expect(names(seen.at(-1))).toEqual(['Pressoir A', 'Pressoir B']);
	});

	it('reads nothing when only the edited sheet is saved', async () => {
		const draft = await createSheet(db, 'pressoir');
		await db.sheets.bulkPut([row('sheet-a-000001', 'Pressoir A')]);
		stop = watchSheets(db, {
			except: draft.id,
			onChange: (s) => seen.push(s),
			onError: (e) => {
				throw e;
			}
		});
		await settle();
		const emitted = seen.length;
		reads.length = 0;
		for (const name of ['P', 'Pr', 'Pre', 'Pres']) await updateSheet(db, draft.id, { name });
		await settle();
		// The saves read their own sheet by key (the repository); the watch reads nothing more.
		expect(reads.filter((r) => r === 'scan')).toEqual([]);
		expect(reads.length).toBe(4);
		expect(seen.length).toBe(emitted);
	});

	it('reads back by key a sheet changed elsewhere (a pull, another tab), added or removed', async () => {
		const draft = await createSheet(db, 'pressoir');
		await db.sheets.bulkPut([row('sheet-a-000001', 'Pressoir A'), row('sheet-b-000001', 'Pressoir B')]);
		stop = watchSheets(db, {
			except: draft.id,
			onChange: (s) => seen.push(s),
			onError: (e) => {
				throw e;
			}
		});
		await settle();
		reads.length = 0;
		await db.sheets.put({ ...row('sheet-a-000001', 'Pressoir A renommé'), updatedAt: '2026-11-01T00:00:00.000Z' });
		await settle();
		expect(names(seen.at(-1))).toEqual(['Pressoir A renommé', 'Pressoir B']);
		await db.sheets.put(row('sheet-c-000001', 'Pressoir C'));
		await settle();
		expect(names(seen.at(-1))).toEqual(['Pressoir A renommé', 'Pressoir B', 'Pressoir C']);
		await db.sheets.delete('sheet-b-000001');
		await settle();
		expect(names(seen.at(-1))).toEqual(['Pressoir A renommé', 'Pressoir C']);
		expect(reads.filter((r) => r === 'scan')).toEqual([]);
	});

	it('reads the table again after a bulk write or a clear', async () => {
		stop = watchSheets(db, {
			onChange: (s) => seen.push(s),
			onError: (e) => {
				throw e;
			}
		});
		await settle();
		expect(seen.at(-1)).toEqual([]);
		await db.sheets.bulkPut(Array.from({ length: 60 }, (_, i) => row(`bulk-sheet-${String(i).padStart(3, '0')}`, `Pressoir ${i}`)));
		await settle();
		expect(seen.at(-1)).toHaveLength(60);
		await db.sheets.clear();
		await settle();
		expect(seen.at(-1)).toEqual([]);
	});

	it('stops following the database once stopped', async () => {
		stop = watchSheets(db, {
			onChange: (s) => seen.push(s),
			onError: (e) => {
				throw e;
			}
		});
		await settle();
		stop();
		const emitted = seen.length;
		await db.sheets.put(row('sheet-a-000001', 'Pressoir A'));
		await settle();
		expect(seen.length).toBe(emitted);
	});
});
