/**
 * The cost of a local save (p95 ≤ 16 ms with 10,000 sheets stored). Timings live in
 * `npm run bench`; these tests guard the causes: the requests a save sends to IndexedDB are the
 * same whatever the number of sheets stored (by key, or on the sheet's own outbox rows: never a
 * scan, a count or a full read), the meta rows are read once and written once, and a new sheet
 * no longer stamps its ~35 fields one round trip at a time.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { DBCore, DBCoreQuery, DBCoreTable, Middleware } from 'dexie';
import { AtlasDb, type SheetRow } from '$lib/db/database';
import { createSheet, reviewSheet, updateSheet } from '$lib/db/sheets';
import { META, setMeta } from '$lib/db/meta';
import { FIELD_NAMES } from '$lib/domain/sheet';
import { ciderPress } from '../fixtures/sheets';

/** Dexie's range over every key (DBCoreRangeType.Any, a const enum: 3). */
const wholeRange = (q: DBCoreQuery) => (q.range.type as number) === 3;

/** Every request that reaches IndexedDB, as "table.method" (mutations by their type). */
function recorder(log: string[]): Middleware<DBCore> {
	return {
		stack: 'dbcore',
		name: 'request-log',
		create: (down) => ({
			...down,
			table(name) {
				const table = down.table(name);
				const wrapped: DBCoreTable = {
					...table,
					get: (req) => (log.push(`${name}.get`), table.get(req)),
					getMany: (req) => (log.push(`${name}.getMany`), table.getMany(req)),
					// A read over a whole table or index ('…:all'); the newest outbox row is one read (limit 1).
					query: (req) => (log.push(`${name}.query${wholeRange(req.query) && req.limit !== 1 ? ':all' : ''}`), table.query(req)),
					openCursor: (req) => (log.push(`${name}.cursor${wholeRange(req.query) ? ':all' : ''}`), table.openCursor(req)),
					count: (req) => (log.push(`${name}.count`), table.count(req)),
					mutate: (req) => (log.push(`${name}.${req.type}`), table.mutate(req))
				};
				return wrapped;
			}
		})
	};
}

let n = 0;
async function openDb(log: string[]): Promise<AtlasDb> {
	const db = new AtlasDb(`save-cost-${++n}-${Math.random()}`);
	db.use(recorder(log));
	await db.open();
	return db;
}

/** `count` stored sheets, as a pull leaves them (no outbox rows). */
async function store(db: AtlasDb, count: number): Promise<void> {
	const rows: SheetRow[] = [];
	for (let i = 0; i < count; i++) {
		rows.push({
			id: `stored-sheet-${String(i).padStart(6, '0')}`,
			fields: { ...ciderPress(), name: `Pressoir ${i}` },
			clocks: {},
			createdAt: '2026-10-12T09:00:00.000Z',
			updatedAt: '2026-10-12T09:00:00.000Z'
		});
	}
	await db.sheets.bulkPut(rows);
}

/** The requests of one edit of a sheet, with `count` other sheets stored. */
async function requestsOfAnEdit(count: number): Promise<string[]> {
	const log: string[] = [];
	const db = await openDb(log);
	await store(db, count);
	const sheet = await createSheet(db, 'pressoir');
	await updateSheet(db, sheet.id, { name: 'Premier nom' });
	log.length = 0;
	await updateSheet(db, sheet.id, { name: 'Pressoir de Préaux', description: 'Deux champs changés' });
	db.close();
	return log;
}

describe('the cost of a save', () => {
	let small: string[];
	let large: string[];
	beforeEach(async () => {
		small ??= await requestsOfAnEdit(3);
		large ??= await requestsOfAnEdit(600);
	});

	it('sends the same requests whatever the number of sheets stored', () => {
		expect(large).toEqual(small);
	});

	it('never scans, counts or reads a whole table', () => {
		expect(large.filter((r) => r.endsWith(':all') || r.endsWith('.count'))).toEqual([]);
	});

	it('reads the meta rows once and writes them once, however many fields changed', () => {
		expect(large.filter((r) => r.startsWith('meta.'))).toEqual(['meta.getMany', 'meta.put']);
	});

	it('writes the sheet once and its change into one outbox row', () => {
		expect(large.filter((r) => r === 'sheets.put' || (r.startsWith('outbox.') && (r.endsWith('.put') || r.endsWith('.add'))))).toEqual([
			'sheets.put',
			'outbox.put'
		]);
	});
});

describe('stamps and numbers handed out together', () => {
	it('stamps every field of a new sheet with its own increasing HLC at its first entry, in one meta write', async () => {
		const log: string[] = [];
		const db = await openDb(log);
		// A new sheet is stamped and queued whole with its first real entry (before it, it stays local).
		const created = await createSheet(db, 'pressoir', new Date('2026-11-20T10:00:00.000Z'));
		expect(created.clocks).toEqual({});
		log.length = 0;
		const sheet = await updateSheet(db, created.id, { name: 'Pressoir' }, new Date('2026-11-20T10:00:00.000Z'));
		const stamps = FIELD_NAMES.map((name) => sheet.clocks[name] as string);
		expect(new Set(stamps).size).toBe(FIELD_NAMES.length);
		expect([...stamps].sort()).toEqual(stamps);
		expect(log.filter((r) => r.startsWith('meta.'))).toEqual(['meta.getMany', 'meta.put']);
		// The clock state stored is the last stamp's: the next one comes after all of them.
		const next = await updateSheet(db, sheet.id, { name: 'Après' }, new Date('2026-11-20T10:00:00.000Z'));
		expect((next.clocks.name as string) > (stamps.at(-1) as string)).toBe(true);
		db.close();
	});

	it('keeps the client id, the clock offset and the next number across saves', async () => {
		const db = await openDb([]);
		await setMeta(db, META.clockOffset, 60_000);
		const at = new Date('2026-11-20T10:00:00.000Z');
		const a = await updateSheet(db, (await createSheet(db, 'pressoir', at)).id, { name: 'Pressoir' }, at);
		const b = await updateSheet(db, (await createSheet(db, 'alambic', at)).id, { name: 'Alambic' }, at);
		const node = (await db.meta.get(META.clientId))?.value as string;
		expect(node).toMatch(/^[0-9a-zA-Z_]+$/);
		for (const stamp of [...Object.values(a.clocks), ...Object.values(b.clocks)]) {
			expect(stamp.endsWith(`-${node}`)).toBe(true);
			// The server's clock, not the phone's: one minute ahead.
			expect(stamp.startsWith('2026-11-20T10:01:00.000Z')).toBe(true);
		}
		await reviewSheet(db, a.id, { comment: 'Vu sur place' });
		expect((await db.outbox.orderBy('seq').toArray()).map((r) => r.seq)).toEqual([1, 2, 3]);
		expect((await db.meta.get(META.nextSeq))?.value).toBe(4);
		db.close();
	});

	it('writes nothing when a save is refused', async () => {
		const log: string[] = [];
		const db = await openDb(log);
		const sheet = await createSheet(db, 'pressoir');
		const hlc = (await db.meta.get(META.hlc))?.value;
		log.length = 0;
		await expect(updateSheet(db, sheet.id, { commune: 'Mortagne' })).rejects.toThrow();
		expect(log.filter((r) => /\.(put|add|delete)$/.test(r))).toEqual([]);
		expect((await db.meta.get(META.hlc))?.value).toEqual(hlc);
		db.close();
	});
});
