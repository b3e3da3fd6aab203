/**
 * Scenario 11: what a device may see changes when its person's role or communes change. Gaining a
 * commune must bring that commune's private contact (the server only sends it to those allowed):
 * the pull starts over from the beginning. Losing one must take it away: the private contact of
 * sheets now out of reach is removed from this device — except on sheets with unsent edits of
 * those fields (what the person typed is never dropped before it is sent).
 */
import { actorOf, canOnSheet, type Role } from '$lib/domain/access';
import { PRIVATE_FIELDS, type FieldName } from '$lib/domain/sheet';
import type { AtlasDb } from '$lib/db/database';
import { META, setMeta } from '$lib/db/meta';

export interface Scope {
	id: string;
	role: Role;
	communes: readonly string[];
}

const EMPTY: Record<(typeof PRIVATE_FIELDS)[number], string | null> = {
	personName: '',
	personPhone: '',
	personEmail: '',
	personConsentAt: null
};

export function sameScope(a: Scope | null, b: Scope | null): boolean {
	if (!a || !b) return a === b;
	return a.id === b.id && a.role === b.role && [...a.communes].sort().join(',') === [...b.communes].sort().join(',');
}

/** Re-pull everything, and purge private contact this person may no longer read. */
export async function applyScopeChange(db: AtlasDb, after: Scope): Promise<{ purged: number }> {
	const actor = actorOf({ id: after.id, role: after.role, communes: after.communes });
	let purged = 0;
	await db.transaction('rw', [db.sheets, db.outbox, db.meta], async () => {
		const pending = new Map<string, Set<string>>();
		await db.outbox.each((row) => {
			const set = pending.get(row.recordId) ?? new Set<string>();
			for (const name of Object.keys(row.fields)) set.add(name);
			pending.set(row.recordId, set);
		});
		await db.sheets.toCollection().modify((row) => {
			const fields = row.fields as Record<string, unknown>;
			const commune = typeof fields.commune === 'string' ? fields.commune : null;
			// Who made it locally does not matter here: private fields follow the commune's mairie rule.
			if (canOnSheet(actor, 'read_private', { createdBy: '', commune })) return;
			const mine = pending.get(row.id);
			let touched = false;
			for (const f of PRIVATE_FIELDS) {
				if (mine?.has(f)) continue;
				if (fields[f] !== EMPTY[f]) {
					fields[f] = EMPTY[f];
					delete (row.clocks as Partial<Record<FieldName, string>>)[f];
					touched = true;
				}
			}
			if (touched) purged++;
		});
		await setMeta(db, META.cursor, 0);
	});
	return { purged };
}
