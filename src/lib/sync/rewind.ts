/**
 * A server that went back in time (sync-protocol.md, « Restore and rewind »): the coordinator
 * restored last night's backup, or moved the census to PostgreSQL from an older copy. The server
 * then no longer holds what it acknowledged to this phone since, and waits for mutation numbers the
 * phone will never send again. The phone heals it by itself, at its next exchange.
 *
 * Seen when an answer names another server id or generation than the last one stored, when its
 * lastSeq is below the highest the server ever acknowledged (ackedSeq), or when the server waits for
 * a number below the outbox's first (rows are deleted only once acknowledged: such a number was
 * acknowledged, then forgotten — this also heals a phone that updated the app after the restore).
 *
 * Healing, in ONE Dexie transaction:
 * - the writes acknowledged above the server's lastSeq are sent again: per sheet, ONE row with the
 *   CURRENT value of each such field and its ORIGINAL stamp (a newer value written elsewhere since
 *   still wins on the server), only where the sheet still holds that stamp (a newer value pulled
 *   from someone else is theirs to send again); the acknowledged comments above lastSeq ride with
 *   their sheet's row, so a send back and its reason come back together;
 * - these rows, then the outbox as it was, are numbered from the server's lastSeq + 1;
 * - every photo whose bytes are still here is to be uploaded again (the server answers « already
 *   there » for those it kept); a photo whose bytes were freed cannot be (it stays freed);
 * - the pull starts again from the beginning; the new identity is stored; the instant is kept for
 *   the sync line.
 */
import type { AckedRow, AtlasDb, CommentDraft, FieldChange, OutboxRow, SheetRow } from '$lib/db/database';
import { getMeta, META, setMeta } from '$lib/db/meta';
import { COMMENTS_PER_MUTATION } from '$lib/domain/review';
import type { FieldName } from '$lib/domain/sheet';

/** Which database answered (every push and pull answer says it; an older server does not). */
export interface ServerMark {
	id: string;
	generation: string;
}

/** How long the sync line says that a restore was healed (the person may open the app the next day). */
const RESTORE_NOTICE_MS = 24 * 60 * 60 * 1000;

/** Whether the sync line still tells of the restore healed at `healedAt`. */
export function restoredRecently(healedAt: string | null, now: Date): boolean {
	const at = healedAt ? Date.parse(healedAt) : NaN;
	return Number.isFinite(at) && now.getTime() - at < RESTORE_NOTICE_MS;
}

const fieldKey = (recordId: string, field: string) => `f:${recordId}:${field}`;
const commentKey = (id: string) => `c:${id}`;

/**
 * Keeps what the server acknowledged: call in the transaction that deletes the confirmed outbox
 * rows (over `acked` and `meta`). Refused rows are not kept: the server holds none of their values.
 */
export async function recordAcknowledged(db: AtlasDb, confirmed: readonly OutboxRow[], refused: ReadonlySet<number>, lastSeq: number): Promise<void> {
	const rows: AckedRow[] = [];
	for (const row of confirmed) {
		if (refused.has(row.seq)) continue;
		for (const [field, change] of Object.entries(row.fields) as [FieldName, FieldChange | undefined][]) {
			if (!change) continue;
			rows.push({
				key: fieldKey(row.recordId, field),
				recordId: row.recordId,
				seq: row.seq,
				field,
				hlc: change.hlc,
				...(change.base ? { base: change.base } : {})
			});
		}
		for (const comment of row.comments ?? []) rows.push({ key: commentKey(comment.id), recordId: row.recordId, seq: row.seq, comment });
	}
	// Oldest first: a field written twice keeps its later write.
	rows.sort((a, b) => a.seq - b.seq);
	if (rows.length > 0) await db.acked.bulkPut(rows);
	const acked = await getMeta<unknown>(db, META.ackedSeq, 0);
	if (typeof acked !== 'number' || lastSeq > acked) await setMeta(db, META.ackedSeq, lastSeq);
}

/** What an answer shows of the server, against what this phone stored. */
type Reading = 'same' | 'learn' | 'gap' | 'rewound';

async function read(db: AtlasDb, server: ServerMark | undefined, lastSeq: number): Promise<Reading> {
	const [storedId, storedGeneration, acked] = await Promise.all([
		getMeta<unknown>(db, META.serverId, null),
		getMeta<unknown>(db, META.serverGeneration, null),
		getMeta<unknown>(db, META.ackedSeq, 0)
	]);
	const known = server === undefined || (storedId === server.id && storedGeneration === server.generation);
	const otherServer = !known && typeof storedId === 'string';
	if (otherServer || (typeof acked === 'number' && lastSeq < acked)) return 'rewound';
	const first = (await db.outbox.orderBy('seq').first())?.seq;
	if (first !== undefined && first > lastSeq + 1) return 'gap';
	return known ? 'same' : 'learn';
}

/**
 * Compares an answer with what this phone knows of the server and heals a rewind (see above), in
 * one transaction. Returns null when the server is where it was; else the instant of the healing,
 * and whether the person is told (a server seen restored; not a mere gap, which this phone can
 * close without knowing why).
 */
export async function noticeServer(
	db: AtlasDb,
	server: ServerMark | undefined,
	lastSeq: number,
	now: Date
): Promise<{ at: string; told: boolean; resent: number } | null> {
	// Nearly always the same server: one read, no write lock taken on the outbox.
	if ((await db.transaction('r', [db.outbox, db.meta], () => read(db, server, lastSeq))) === 'same') return null;
	return db.transaction('rw', [db.outbox, db.acked, db.sheets, db.photos, db.meta], async () => {
		const reading = await read(db, server, lastSeq);
		if (reading === 'same') return null;
		if (server) {
			await setMeta(db, META.serverId, server.id);
			await setMeta(db, META.serverGeneration, server.generation);
		}
		if (reading === 'learn') return null;
		const resent = await heal(db, lastSeq, now);
		const at = now.toISOString();
		const told = reading === 'rewound';
		if (told) {
			await setMeta(db, META.restoreHealedAt, at);
			// The sync line says whether this phone had anything to send again (a mairie who only read
			// since the backup must not be told that « her sheets » were sent).
			await setMeta(db, META.restoreResent, resent);
		}
		return { at, told, resent };
	});
}

/** The healing itself, inside noticeServer's transaction: how many rows and photos go again. */
async function heal(db: AtlasDb, lastSeq: number, now: Date): Promise<number> {
	const lost = (await db.acked.where('seq').above(lastSeq).toArray()).sort((a, b) => a.seq - b.seq);
	const sheets = new Map<string, SheetRow | undefined>();
	const sheetOf = async (id: string) => {
		if (!sheets.has(id)) sheets.set(id, await db.sheets.get(id));
		return sheets.get(id);
	};
	// Per sheet, in the order the server first acknowledged them: what to send again.
	const again = new Map<string, { fields: Partial<Record<FieldName, FieldChange>>; comments: CommentDraft[] }>();
	// The stamps the server forgot, and the one each replaced: a pending edit based on a forgotten
	// stamp is based, for the restored server, on the one before (no false conflict is logged).
	const forgotten = new Map<string, { hlc: string; base: string | undefined }>();
	for (const a of lost) {
		const entry = again.get(a.recordId) ?? { fields: {}, comments: [] };
		if ('comment' in a) {
			entry.comments.push(a.comment);
		} else {
			forgotten.set(fieldKey(a.recordId, a.field), { hlc: a.hlc, base: a.base });
			const sheet = await sheetOf(a.recordId);
			if (!sheet || sheet.clocks[a.field] !== a.hlc || !Object.hasOwn(sheet.fields, a.field)) continue;
			entry.fields[a.field] = { v: sheet.fields[a.field], hlc: a.hlc, ...(a.base ? { base: a.base } : {}) };
		}
		again.set(a.recordId, entry);
	}
	// Written again when the server acknowledges the rows sent now.
	await db.acked.bulkDelete(lost.map((a) => a.key));

	const at = now.toISOString();
	const resent: Omit<OutboxRow, 'seq'>[] = [];
	for (const [recordId, { fields, comments }] of again) {
		const hasFields = Object.keys(fields).length > 0;
		if (!hasFields && comments.length === 0) continue;
		// A mutation carries a bounded number of comments: the rest follow in rows of their own.
		for (let i = 0; i === 0 || i < comments.length; i += COMMENTS_PER_MUTATION) {
			const part = comments.slice(i, i + COMMENTS_PER_MUTATION);
			const row: Omit<OutboxRow, 'seq'> = { recordId, fields: i === 0 ? fields : {}, createdAt: at, updatedAt: at };
			if (part.length > 0) row.comments = part;
			if (Object.keys(row.fields).length > 0 || part.length > 0) resent.push(row);
		}
	}

	const pending = await db.outbox.orderBy('seq').toArray();
	const rows: OutboxRow[] = [...resent, ...pending.map(({ seq: _seq, ...rest }) => rebase(rest, forgotten))].map((row, i) => ({
		...row,
		seq: lastSeq + 1 + i
	}));
	await db.outbox.clear();
	if (rows.length > 0) await db.outbox.bulkAdd(rows);
	const last = lastSeq + rows.length;
	await setMeta(db, META.nextSeq, last + 1);
	// No push is in flight any more (its answer is this one).
	await setMeta(db, META.pushingUpTo, 0);
	// Rows that went into an exported backup keep their freeze under their new numbers.
	const exported = await getMeta<unknown>(db, META.exportedUpTo, 0);
	if (typeof exported === 'number' && exported > 0) await setMeta(db, META.exportedUpTo, last);
	await setMeta(db, META.ackedSeq, lastSeq);

	// One photo at a time: their bytes are not all read into memory together.
	let photos = 0;
	for (const sha of await db.photos.toCollection().primaryKeys()) {
		const photo = await db.photos.get(sha);
		// A photo whose full bytes were freed has none to send: it stays as it is.
		if (photo?.uploaded && photo.data) {
			await db.photos.update(sha, { uploaded: false });
			photos++;
		}
	}
	await setMeta(db, META.cursor, 0);
	return resent.length + photos;
}

/** An outbox row whose edits were based on stamps the server forgot: based on the ones before. */
function rebase(row: Omit<OutboxRow, 'seq'>, forgotten: ReadonlyMap<string, { hlc: string; base: string | undefined }>): Omit<OutboxRow, 'seq'> {
	let fields: OutboxRow['fields'] | null = null;
	for (const [field, change] of Object.entries(row.fields) as [FieldName, FieldChange | undefined][]) {
		const lost = forgotten.get(fieldKey(row.recordId, field));
		if (!change?.base || !lost || change.base !== lost.hlc) continue;
		fields ??= { ...row.fields };
		const base = lost.base;
		const { base: _old, ...rest } = change;
		fields[field] = base ? { ...rest, base } : rest;
	}
	return fields ? { ...row, fields } : row;
}
