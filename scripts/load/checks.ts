/**
 * What must hold after the load, each a named check with a count of what is wrong:
 * the server holds exactly the sheets the phones made (none missing, none extra), every field as its
 * author last wrote it, every mutation acknowledged before a kill (or before a backup) still there,
 * no mutation applied twice (the history never holds the same write twice), every photo complete
 * and intact, the server's lastSeq of each install equal to the phone's last number, and every
 * phone's copy equal to the server's (same version of every sheet, same cursor).
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { newNodeId } from '$lib/domain/hlc';
import { PROTOCOL, SCHEMA_VERSION } from '$lib/domain/protocol';
import { FIELD_NAMES } from '$lib/domain/sheet';
import { SqliteStore } from '$lib/server/sqlite/store';
import type { HttpClient } from './http';
import type { Ack, Volunteer } from './volunteer';

export interface Check {
	name: string;
	ok: boolean;
	detail: string;
}

export interface ServerRecord {
	version: number;
	createdBy: string;
	fields: Record<string, { v: unknown; hlc: string }>;
}

export interface ServerState {
	records: Map<string, ServerRecord>;
	/** The cursor after the last page: the server's current version. */
	version: number;
}

/** JSON with sorted keys: equal values give equal text whatever the key order. */
export function canon(value: unknown): string {
	if (Array.isArray(value)) return `[${value.map(canon).join(',')}]`;
	if (value && typeof value === 'object') {
		const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
		return `{${entries
			.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
			.map(([k, v]) => `${JSON.stringify(k)}:${canon(v)}`)
			.join(',')}}`;
	}
	return JSON.stringify(value) ?? 'undefined';
}

const check = (name: string, wrong: number, detail: string): Check => ({ name, ok: wrong === 0, detail });
const sample = (list: readonly string[]) => (list.length === 0 ? '' : ` — e.g. ${list.slice(0, 3).join('; ')}`);

/** Everything the server holds, read as the coordinator's phone would (all fields, all sheets). */
export async function pullEverything(http: HttpClient): Promise<ServerState> {
	const clientId = newNodeId();
	const records = new Map<string, ServerRecord>();
	let cursor = 0;
	for (let page = 0; page < 100_000; page++) {
		const res = await http.post('check-pull', '/api/sync/pull', { protocol: PROTOCOL, schemaVersion: SCHEMA_VERSION, clientId, cursor });
		if (res.status !== 200) throw new Error(`check pull: HTTP ${res.status} ${JSON.stringify(res.body)}`);
		const body = res.body as { cursor: number; more: boolean; changes: { id: string; version: number; createdBy: string; fields: ServerRecord['fields'] }[] };
		for (const c of body.changes) records.set(c.id, { version: c.version, createdBy: c.createdBy, fields: c.fields });
		cursor = body.cursor;
		if (!body.more) break;
	}
	return { records, version: cursor };
}

/** Acknowledged mutations the server no longer holds: a field missing, older, or with another value. */
export function missingAcked(acks: readonly Ack[], records: ReadonlyMap<string, ServerRecord>): string[] {
	const wrong: string[] = [];
	for (const ack of acks) {
		const record = records.get(ack.recordId);
		if (!record) {
			wrong.push(`sheet ${ack.recordId} (phone ${ack.volunteer}, seq ${ack.seq}) missing`);
			continue;
		}
		for (const [name, change] of Object.entries(ack.fields)) {
			const held = record.fields[name];
			// A later acknowledged write of the same field may have replaced it (higher stamp).
			if (!held || held.hlc < change.hlc) wrong.push(`${ack.recordId}.${name} (seq ${ack.seq}) lost`);
			else if (held.hlc === change.hlc && canon(held.v) !== canon(change.v)) wrong.push(`${ack.recordId}.${name} (seq ${ack.seq}) changed`);
		}
	}
	return wrong;
}

/** The checks made through the API while the server runs. */
export function stateChecks(volunteers: readonly Volunteer[], slots: ReadonlyMap<string, number>, state: ServerState, expectedSheets: number): Check[] {
	const made = new Map<string, { volunteer: Volunteer; sheet: { fields: Record<string, unknown>; clocks: Record<string, string | undefined> } }>();
	for (const v of volunteers) for (const [id, sheet] of v.sheets) made.set(id, { volunteer: v, sheet: sheet as never });
	const missing = [...made.keys()].filter((id) => !state.records.has(id));
	const extra = [...state.records.keys()].filter((id) => !made.has(id));

	const fieldsWrong: string[] = [];
	for (const [id, { volunteer, sheet }] of made) {
		const record = state.records.get(id);
		if (!record) continue;
		if (record.createdBy !== volunteer.userId) fieldsWrong.push(`${id}: author ${record.createdBy}, expected ${volunteer.userId}`);
		for (const name of FIELD_NAMES) {
			const held = record.fields[name];
			if (!held) fieldsWrong.push(`${id}.${name} absent`);
			else if (held.hlc !== sheet.clocks[name] || canon(held.v) !== canon(sheet.fields[name])) fieldsWrong.push(`${id}.${name} differs`);
		}
	}

	const seqWrong = volunteers.filter((v) => v.serverLastSeq !== v.lastSeq).map((v) => `${v.name}: server ${v.serverLastSeq}, phone ${v.lastSeq}`);

	const diverged: string[] = [];
	for (const v of volunteers) {
		if (v.cursor !== state.version) {
			diverged.push(`${v.name}: cursor ${v.cursor}, server ${state.version}`);
			continue;
		}
		if (v.seenCount + v.foreign.size !== state.records.size) {
			diverged.push(`${v.name}: ${v.seenCount + v.foreign.size} sheets, server ${state.records.size}`);
			continue;
		}
		for (const [id, record] of state.records) {
			const slot = slots.get(id);
			const held = slot === undefined ? undefined : v.seen[slot];
			if (held !== record.version) {
				diverged.push(`${v.name}: ${id} at version ${held ?? 'none'}, server ${record.version}`);
				break;
			}
		}
	}

	return [
		check(`the server holds exactly ${expectedSheets} sheets`, Math.abs(state.records.size - expectedSheets), `${state.records.size} held`),
		check('no sheet lost', missing.length, `${missing.length} missing${sample(missing)}`),
		check('no unexpected sheet', extra.length, `${extra.length} extra${sample(extra)}`),
		check('every field as its author last wrote it', fieldsWrong.length, `${fieldsWrong.length} wrong${sample(fieldsWrong)}`),
		check("the server's lastSeq of each phone is the phone's last number", seqWrong.length, `${seqWrong.length} wrong${sample(seqWrong)}`),
		check(
			`every phone converged to the server's version ${state.version}`,
			diverged.length,
			`${volunteers.length - diverged.length}/${volunteers.length} converged${sample(diverged)}`
		)
	];
}

/** Photos through the API: each comes back byte for byte (read as the coordinator). */
export async function photoApiCheck(http: HttpClient, volunteers: readonly Volunteer[]): Promise<Check> {
	const wrong: string[] = [];
	for (const v of volunteers) {
		if (!v.photo) continue;
		const res = await http.request('photo-get', 'GET', `/api/photos/${v.photo.sha}`, { binary: true, headers: { Accept: 'image/*' } });
		if (res.status !== 200) wrong.push(`${v.name}: HTTP ${res.status}`);
		else if (createHash('sha256').update(res.raw).digest('hex') !== v.photo.sha) wrong.push(`${v.name}: bytes differ`);
	}
	const photos = volunteers.filter((v) => v.photo).length;
	return check(`every photo served back intact (${photos})`, wrong.length, `${photos - wrong.length}/${photos} intact${sample(wrong)}`);
}

/**
 * The database itself, the server stopped: no write applied twice (one history entry per field
 * write and stamp), every photo recorded complete with its file in place and intact.
 */
export async function databaseChecks(dataDir: string, volunteers: readonly Volunteer[], expectedSheets: number): Promise<Check[]> {
	const store = new SqliteStore(join(dataDir, 'atlas.sqlite'));
	try {
		const records = await store.listChanges(0, expectedSheets * 2 + 1000);
		const twice: string[] = [];
		let writes = 0;
		for (const r of records) {
			const history = await store.listHistory(r.id);
			writes += history.length;
			const keys = new Set<string>();
			for (const h of history) {
				const key = `${h.field} ${h.hlc}`;
				if (keys.has(key)) twice.push(`${r.id}.${h.field} ${h.hlc}`);
				keys.add(key);
			}
		}
		const photoWrong: string[] = [];
		const dir = join(dataDir, 'photos');
		for (const v of volunteers) {
			if (!v.photo) continue;
			const row = await store.getPhoto(v.photo.sha);
			const file = join(dir, v.photo.sha.slice(0, 2), v.photo.sha);
			if (!row?.completedAt) photoWrong.push(`${v.name}: not complete in the database`);
			else if (!existsSync(file)) photoWrong.push(`${v.name}: file missing`);
			else if (createHash('sha256').update(readFileSync(file)).digest('hex') !== v.photo.sha) photoWrong.push(`${v.name}: file damaged`);
		}
		const files = readdirSync(dir, { withFileTypes: true })
			.filter((d) => d.isDirectory() && d.name !== '.partial')
			.reduce((n, d) => n + readdirSync(join(dir, d.name)).length, 0);
		const photos = volunteers.filter((v) => v.photo).length;
		return [
			check(`the database holds exactly ${expectedSheets} sheets`, Math.abs(records.length - expectedSheets), `${records.length} rows`),
			check('no mutation applied twice', twice.length, `${writes} field writes in the history, ${twice.length} twice${sample(twice)}`),
			check(`every photo stored once, complete and intact (${photos})`, photoWrong.length + Math.abs(files - photos), `${files} files${sample(photoWrong)}`)
		];
	} finally {
		await store.close();
	}
}
