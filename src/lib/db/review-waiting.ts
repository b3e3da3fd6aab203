/**
 * The sheets waiting on someone, for the tabs' badges: sent back for correction (a_corriger) or
 * handed in for review (soumis), deleted ones left out. Read through the status index as raw rows
 * (no parse): typing in a draft does not touch that range, so a live query of it does not rerun.
 * A row whose commune is not a string is in nobody's commune.
 */
import type { AtlasDb } from './database';

export interface WaitingSheet {
	status: 'a_corriger' | 'soumis';
	commune: string | null;
	/** Undefined: created here and not yet pulled back, so this device's person's. */
	createdBy: string | undefined;
}

export async function waitingSheets(db: AtlasDb): Promise<WaitingSheet[]> {
	const rows: WaitingSheet[] = [];
	await db.sheets
		.where('fields.status')
		.anyOf('a_corriger', 'soumis')
		.each((row) => {
			const f = row.fields as { status?: unknown; deleted?: unknown; commune?: unknown };
			if (f.deleted === true || (f.status !== 'a_corriger' && f.status !== 'soumis')) return;
			rows.push({ status: f.status, commune: typeof f.commune === 'string' ? f.commune : null, createdBy: (row as { createdBy?: string }).createdBy });
		});
	return rows;
}
