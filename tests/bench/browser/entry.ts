/**
 * The page of `npm run bench -- local` (bundled by scripts/bench/bundle.js, run in Chromium by
 * scripts/bench/local.js): the app's own IndexedDB code, measured against raw IndexedDB on the same
 * objects, in the same page.
 *
 * Two databases of the app's schema (AtlasDb) hold the same `sheets` sheets, as after a pull:
 * - the app's: saving = updateSheet (the autosave path: the sheet AND its outbox row in one
 *   transaction, with its validation, HLC stamps and outbox folding); listing = what « Mes fiches »
 *   does (listSheets + pendingSheetIds, then filterSheets);
 * - the raw one: saving = one readwrite transaction putting the very sheet and outbox row objects
 *   the app just wrote; listing = getAll of the sheets store, then the same filterSheets.
 * Each save is timed from the call until its transaction has committed (Dexie resolves on
 * `complete`; the raw put awaits `oncomplete`). App and raw saves alternate, so the machine's
 * noise falls on both alike.
 */
import Dexie from 'dexie';
import { AtlasDb, type OutboxRow, type SheetRow } from '$lib/db/database';
import { listSheets, pendingSheetIds, updateSheet } from '$lib/db/sheets';
import { EMPTY_FILTER, filterSheets, type SheetFilter } from '$lib/domain/listing';
import { communeByInsee } from '$lib/domain/territory';
import type { Sheet } from '$lib/domain/sheet';
import { BENCH_TERRITORY, benchId, benchSheet } from '../sheets';

export interface LocalOptions {
	sheets: number;
	saves: number;
	warmup: number;
	lists: number;
}

export interface LocalResult {
	saveApp: number[];
	saveRaw: number[];
	listApp: number[];
	listRaw: number[];
	/** Sheets the app's list found damaged (0: the seeded sheets are valid). */
	damaged: number;
	/** Sheets the filter kept, in the app's list and in the raw one (they must agree). */
	matchedApp: number;
	matchedRaw: number;
	seedMs: number;
	outboxRows: number;
}

/** The search typed in « Mes fiches »: a third of the sheets match (the cider press's association). */
const FILTER: SheetFilter = { ...EMPTY_FILTER, query: 'perche' };
const communeName = (insee: string | null) => (insee ? (communeByInsee(BENCH_TERRITORY, insee)?.name ?? '') : '');

const APP_DB = 'atlas-bench-app';
const RAW_DB = 'atlas-bench-raw';

function request<T>(r: IDBRequest<T>): Promise<T> {
	return new Promise((resolve, reject) => {
		r.onsuccess = () => resolve(r.result);
		r.onerror = () => reject(r.error);
	});
}

function committed(tx: IDBTransaction): Promise<void> {
	return new Promise((resolve, reject) => {
		tx.oncomplete = () => resolve();
		tx.onerror = () => reject(tx.error);
		tx.onabort = () => reject(tx.error ?? new Error('transaction aborted'));
	});
}

/** The baseline save: the same two objects, one transaction, nothing else. */
async function rawSave(raw: IDBDatabase, sheet: SheetRow, outbox: OutboxRow): Promise<void> {
	const tx = raw.transaction(['sheets', 'outbox'], 'readwrite');
	const done = committed(tx);
	tx.objectStore('sheets').put(sheet);
	tx.objectStore('outbox').put(outbox);
	await done;
}

async function rawList(raw: IDBDatabase): Promise<Sheet[]> {
	const tx = raw.transaction('sheets', 'readonly');
	const rows = await request(tx.objectStore('sheets').getAll() as IDBRequest<Sheet[]>);
	return filterSheets(rows, FILTER, new Set(), communeName);
}

async function run(o: LocalOptions): Promise<LocalResult> {
	await Dexie.delete(APP_DB);
	await Dexie.delete(RAW_DB);
	const app = new AtlasDb(APP_DB);
	const seedDb = new AtlasDb(RAW_DB);
	await app.open();
	await seedDb.open();
	const s0 = performance.now();
	for (let start = 0; start < o.sheets; start += 1000) {
		const rows = Array.from({ length: Math.min(1000, o.sheets - start) }, (_, k) => benchSheet(start + k) as unknown as SheetRow);
		await app.sheets.bulkPut(rows);
		await seedDb.sheets.bulkPut(rows);
	}
	const seedMs = performance.now() - s0;
	seedDb.close();
	const raw = await request(indexedDB.open(RAW_DB));

	const saveApp: number[] = [];
	const saveRaw: number[] = [];
	for (let k = 0; k < o.warmup + o.saves; k++) {
		// A different sheet each time, spread over the whole store.
		const id = benchId(Math.floor((k * o.sheets) / (o.warmup + o.saves)));
		const patch = { notes: `Revu sur place le ${k % 28}/11 : meule changée, « tout fonctionne ».` };
		const a0 = performance.now();
		await updateSheet(app, id, patch);
		const a1 = performance.now();
		// Untimed: the exact objects the app wrote, for the raw save.
		const sheet = (await app.sheets.get(id)) as SheetRow;
		const outbox = (await app.outbox.orderBy('seq').last()) as OutboxRow;
		const r0 = performance.now();
		await rawSave(raw, sheet, outbox);
		const r1 = performance.now();
		if (k >= o.warmup) {
			saveApp.push(a1 - a0);
			saveRaw.push(r1 - r0);
		}
	}

	const listApp: number[] = [];
	const listRaw: number[] = [];
	let damaged = 0;
	let matchedApp = 0;
	let matchedRaw = 0;
	for (let k = 0; k < o.lists + 1; k++) {
		const a0 = performance.now();
		const [list, pending] = await Promise.all([listSheets(app), pendingSheetIds(app)]);
		const visible = filterSheets(list.sheets, FILTER, pending, communeName);
		const a1 = performance.now();
		const r0 = performance.now();
		const visibleRaw = await rawList(raw);
		const r1 = performance.now();
		damaged = list.damaged.length;
		matchedApp = visible.length;
		matchedRaw = visibleRaw.length;
		// The first round warms up both.
		if (k > 0) {
			listApp.push(a1 - a0);
			listRaw.push(r1 - r0);
		}
	}
	const outboxRows = await app.outbox.count();
	raw.close();
	app.close();
	await Dexie.delete(APP_DB);
	await Dexie.delete(RAW_DB);
	return { saveApp, saveRaw, listApp, listRaw, damaged, matchedApp, matchedRaw, seedMs, outboxRows };
}

(globalThis as unknown as { atlasBench: { run: typeof run } }).atlasBench = { run };
