/**
 * A push refused whole (sync-protocol.md, "Refused batches"): the server answers 400 (it cannot
 * read the batch: a stricter or older server) or 413 (too large) instead of judging each mutation.
 * Resending the same batch would be refused for ever and hold back everything after it, so the
 * engine halves the batch on each refusal (BatchSize) until the one row at fault is alone. If the
 * server still takes an empty push, that row is set aside (setAside); if not, the server refuses
 * everything (a protocol problem): nothing is set aside and the sync fails as a server failure.
 *
 * Setting a row aside records it exactly as a refusal the server reports for one mutation (the
 * refusal shown on its sheet, its comments kept for the person to read, the refused values'
 * stamps dropped so the server's values win at the next pull, which starts from the beginning),
 * and leaves in its place an EMPTY row of the same number: the server applies it as a no-op, so
 * its lastSeq moves on with no gap and the rows after it are applied.
 */
import type { AtlasDb, OutboxRow } from '$lib/db/database';
import { META, setMeta } from '$lib/db/meta';

/** Why a row was set aside: the server could not read it, or it was too large alone. */
export type SetAsideCode = 'unreadable' | 'too_large';

/** The code of a push refused whole, from its HTTP status; null for any other failure. */
export function refusedWhole(status: number): SetAsideCode | null {
	if (status === 400) return 'unreadable';
	if (status === 413) return 'too_large';
	return null;
}

/** How many rows the next push takes: halved on each refusal, doubled back after each acceptance. */
export class BatchSize {
	#limit: number;

	constructor(private readonly max: number) {
		this.#limit = max;
	}

	get value(): number {
		return this.#limit;
	}

	/** A batch of `sent` rows was refused whole: the next one takes half of it (at least one). */
	refused(sent: number): void {
		this.#limit = Math.max(1, Math.ceil(sent / 2));
	}

	accepted(): void {
		this.#limit = Math.min(this.max, this.#limit * 2);
	}
}

/** A row that carries nothing: the server applies it as a no-op. */
export function isEmptyRow(row: OutboxRow): boolean {
	return Object.keys(row.fields).length === 0 && !row.comments?.length;
}

/**
 * Records a refusal of `row` on its sheet (the same record as a refusal the server reports), in
 * the caller's transaction, which must cover rejections, sheets and meta.
 */
export async function recordRefusal(db: AtlasDb, row: OutboxRow, code: string, at: string): Promise<void> {
	await db.rejections.put({ seq: row.seq, recordId: row.recordId, code, at, ...(row.comments?.length ? { comments: row.comments } : {}) });
	// The refused values must not outlive the refusal: their stamps are dropped so the server's
	// values win at the next pull, which starts again from the beginning.
	const sheet = await db.sheets.get(row.recordId);
	if (sheet) {
		const clocks = { ...sheet.clocks };
		for (const name of Object.keys(row.fields)) delete clocks[name];
		await db.sheets.put({ ...sheet, clocks });
	}
	await setMeta(db, META.cursor, 0);
}

/**
 * Sets the outbox row `seq` aside (module comment), in one transaction. Returns false when there
 * is nothing to set aside: the row is gone, or already empty (a server that refuses even an empty
 * row refuses this install's pushes, not a value: the caller stops instead of looping).
 */
export async function setAside(db: AtlasDb, seq: number, code: SetAsideCode, now: Date): Promise<boolean> {
	return db.transaction('rw', [db.outbox, db.rejections, db.sheets, db.meta], async () => {
		const row = await db.outbox.get(seq);
		if (!row || isEmptyRow(row)) return false;
		await recordRefusal(db, row, code, now.toISOString());
		await db.outbox.put({ seq: row.seq, recordId: row.recordId, fields: {}, createdAt: row.createdAt, updatedAt: row.updatedAt });
		return true;
	});
}
