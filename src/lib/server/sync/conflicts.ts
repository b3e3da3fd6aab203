/**
 * The coordinator's side of conflicts: the rare real ones (two people changed one field without
 * seeing each other's value). Listing them, and "keep this one": keeping the value that lost writes
 * it again through the same field-write function as every edit, stamped by the server (so it wins
 * everywhere at the next pull); keeping the current value just closes the conflict.
 */
import type { FieldName } from '$lib/domain/sheet';
import type { ReviewStatus } from '$lib/domain/vocab';
import { actorOf } from '$lib/domain/access';
import { needsComment, statusTransition } from '$lib/domain/review';
import type { Conflict, Store, User } from '../store/types';
import { writeFields } from './service';
import { serverStamp } from './stamps';

export { SERVER_NODE, serverStamp } from './stamps';

export class ConflictError extends Error {
	constructor(readonly code: 'not_found' | 'status_move_refused') {
		super(code);
	}
}

export async function resolveConflict(store: Store, user: User, id: number, keep: 'kept' | 'lost', now = new Date()): Promise<void> {
	await store.transaction(async () => {
		const conflict = (await store.listConflicts(true)).find((c: Conflict) => c.id === id);
		if (!conflict) throw new ConflictError('not_found');
		const at = now.toISOString();
		if (keep === 'lost') {
			const record = await store.getRecord(conflict.recordId);
			// A status taken back is a review move like any other: the status machine decides, and a
			// send back without its message is never made this way.
			if (conflict.field === 'status' && record) {
				const to = conflict.lost.v as ReviewStatus;
				const from = (record.fields.status?.v as ReviewStatus | undefined) ?? null;
				const scope = { createdBy: record.createdBy, commune: record.commune };
				if (needsComment(to) || statusTransition(actorOf(user), scope, from, to) !== 'ok') throw new ConflictError('status_move_refused');
			}
			const stored = record?.fields[conflict.field]?.hlc;
			const hlc = serverStamp(stored, now);
			// Only an overwrite of the very value the conflict kept is "seen"; if someone wrote a third
			// value since, taking the old one back is itself a conflict, and logged as one.
			const base = stored === conflict.kept.hlc ? stored : undefined;
			await writeFields(
				store,
				user,
				conflict.recordId,
				new Map([[conflict.field as FieldName, base ? { v: conflict.lost.v, hlc, base } : { v: conflict.lost.v, hlc }]]),
				at,
				'server'
			);
		}
		await store.resolveConflict(id, user.id, at);
	});
}
