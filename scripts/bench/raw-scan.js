/**
 * The baselines of the `pull` and `export` sections, in a process of their own: a raw better-sqlite3
 * scan of the seeded census (in version order, one pass), each record made an object with its
 * parsed values, then
 * - export: JSON.stringify of each record, one line each, written to a file (the least an export
 *   of the same rows can do);
 * - pull: the records cut into pages of the pull's size, each page JSON.stringify'd in the pull's
 *   shape and gzip-compressed (the least a pull of the same rows can cost in time and bytes).
 * Argument: { mode: 'export', dbFile, out } | { mode: 'pull', dbFile, page, runs }.
 */
import { closeSync, openSync, statSync, writeSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import Database from 'better-sqlite3';
import { peakRssKB } from './peak-rss.js';

/**
 * @typedef {{ id: string; version: number; createdBy: string; commune: string | null; createdAt: string; updatedAt: string; fields: Record<string, { v: unknown; hlc: string }> }} RawRecord
 */

/**
 * Every record with its fields, in version order, from one scan: of the records' snapshot columns
 * (field_values, field_stamps: one JSON text each) when the schema has them, else of the records
 * joined to their per-field rows. The cheapest read the schema allows is the limit to compare with.
 * @param {Database.Database} db
 * @param {(r: RawRecord) => void} onRecord
 */
function scan(db, onRecord) {
	const columns = new Set(
		db
			.prepare('PRAGMA table_info(records)')
			.all()
			.map((c) => /** @type {{ name: string }} */ (c).name)
	);
	let count = 0;
	if (columns.has('field_values') && columns.has('field_stamps')) {
		const rows = db
			.prepare('SELECT id, version, created_by, commune, created_at, updated_at, field_values, field_stamps FROM records ORDER BY version')
			.raw()
			.iterate();
		for (const row of rows) {
			const [id, version, createdBy, commune, createdAt, updatedAt, values, stamps] = /** @type {any[]} */ (row);
			const v = JSON.parse(values);
			const s = JSON.parse(stamps);
			/** @type {RawRecord['fields']} */
			const fields = {};
			for (const k of Object.keys(v)) fields[k] = { v: v[k], hlc: s[k]?.[0] ?? '' };
			onRecord({ id, version, createdBy, commune, createdAt, updatedAt, fields });
			count++;
		}
		return count;
	}
	const rows = db
		.prepare(
			`SELECT r.id, r.version, r.created_by, r.commune, r.created_at, r.updated_at, f.field, f.value, f.hlc
			 FROM records r JOIN record_fields f ON f.record_id = r.id ORDER BY r.version`
		)
		.raw()
		.iterate();
	/** @type {RawRecord | null} */
	let current = null;
	for (const row of rows) {
		const [id, version, createdBy, commune, createdAt, updatedAt, field, value, hlc] = /** @type {any[]} */ (row);
		if (current?.id !== id) {
			if (current) onRecord(current);
			current = { id, version, createdBy, commune, createdAt, updatedAt, fields: {} };
			count++;
		}
		/** @type {RawRecord} */ (current).fields[field] = { v: JSON.parse(value), hlc };
	}
	if (current) onRecord(current);
	return count;
}

const a = JSON.parse(process.argv[2] ?? '{}');
const db = new Database(a.dbFile, { readonly: true });

if (a.mode === 'export') {
	const fd = openSync(a.out, 'w');
	let buffer = '';
	const t0 = performance.now();
	const rows = scan(db, (r) => {
		buffer += `${JSON.stringify({ id: r.id, createdBy: r.createdBy, createdAt: r.createdAt, updatedAt: r.updatedAt, fields: Object.fromEntries(Object.entries(r.fields).map(([k, f]) => [k, f.v])) })}\n`;
		if (buffer.length > 1 << 20) {
			writeSync(fd, buffer);
			buffer = '';
		}
	});
	writeSync(fd, buffer);
	closeSync(fd);
	const ms = performance.now() - t0;
	process.stdout.write(`${JSON.stringify({ rows, ms, bytes: statSync(a.out).size, maxRssKB: peakRssKB() })}\n`);
} else if (a.mode === 'pull') {
	/** @type {number[]} */
	const times = [];
	let gzipBytes = 0;
	let jsonBytes = 0;
	let sheets = 0;
	for (let run = 0; run < a.runs; run++) {
		gzipBytes = 0;
		jsonBytes = 0;
		/** @type {object[]} */
		let page = [];
		const flush = () => {
			const json = JSON.stringify({ changes: page });
			jsonBytes += Buffer.byteLength(json);
			gzipBytes += gzipSync(json).length;
			page = [];
		};
		const t0 = performance.now();
		sheets = scan(db, (r) => {
			page.push({ id: r.id, version: r.version, deleted: r.fields.deleted?.v === true, createdBy: r.createdBy, fields: r.fields, thread: [] });
			if (page.length === a.page) flush();
		});
		if (page.length) flush();
		times.push(performance.now() - t0);
	}
	process.stdout.write(`${JSON.stringify({ times, sheets, gzipBytes, jsonBytes })}\n`);
} else {
	throw new Error(`unknown mode ${a.mode}`);
}
db.close();
