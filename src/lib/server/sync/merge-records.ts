/**
 * Merging two sheets of the same tool (duplicates): the coordinator keeps one record and
 * chooses, field by field, which values it takes from the other. The other record is never erased:
 * it keeps its id, its history and its comments, is marked deleted and "merged into" the kept one,
 * and devices that still hold it are redirected (their pending edits land on the kept record; their
 * copy learns where the tool went). Every write goes through the same field-write function as sync,
 * stamped by the server, so the chosen values win everywhere at the next pull.
 */
import { FIELD_NAMES, type FieldName } from '$lib/domain/sheet';
import type { Store, StoredRecord, User } from '../store/types';
import { writeFields } from './service';
import { serverStamp } from './stamps';

export class MergeError extends Error {
	constructor(readonly code: 'not_found' | 'merge_invalid') {
		super(code);
	}
}

/** The record that carries on for `id` (following merges, at most a few hops), or null. */
export async function followMerges(store: Store, id: string): Promise<StoredRecord | null> {
	let record = await store.getRecord(id);
	for (let hops = 0; record?.mergedInto && hops < 10; hops++) record = await store.getRecord(record.mergedInto);
	return record;
}

/** Fields never copied from the merged record: its tombstone and its review state stay its own. */
const NOT_COPIED: ReadonlySet<FieldName> = new Set(['deleted', 'status']);

export async function mergeRecords(store: Store, user: User, req: { keep: string; drop: string; take: readonly FieldName[] }, now = new Date()): Promise<void> {
	await store.transaction(async () => {
		if (req.keep === req.drop) throw new MergeError('merge_invalid');
		const keep = await store.getRecord(req.keep);
		const drop = await store.getRecord(req.drop);
		if (!keep || !drop) throw new MergeError('not_found');
		if (keep.mergedInto || drop.mergedInto) throw new MergeError('merge_invalid');
		if (req.take.some((f) => !(FIELD_NAMES as readonly string[]).includes(f) || NOT_COPIED.has(f))) throw new MergeError('merge_invalid');
		const at = now.toISOString();
		// The chosen values of the merged sheet, written on the kept one as edits made on the server.
		const changes = new Map<FieldName, { v: unknown; hlc: string; base?: string }>();
		for (const f of req.take) {
			const from = drop.fields[f];
			if (!from) continue;
			const base = keep.fields[f]?.hlc;
			const hlc = serverStamp(base, now);
			changes.set(f, base ? { v: from.v, hlc, base } : { v: from.v, hlc });
		}
		if (changes.size > 0) await writeFields(store, user, keep.id, changes, at, { via: 'server', reason: `merged_from:${drop.id}` });
		// The merged sheet: a tombstone pointing to the kept one (its history and comments stay).
		const deletedHlc = serverStamp(drop.fields.deleted?.hlc, now);
		const base = drop.fields.deleted?.hlc;
		await writeFields(store, user, drop.id, new Map([['deleted', base ? { v: true, hlc: deletedHlc, base } : { v: true, hlc: deletedHlc }]]), at, {
			via: 'server',
			reason: `merged_into:${keep.id}`
		});
		await store.setMergedInto(drop.id, keep.id, at);
	});
}
