/**
 * Importing a volunteer's backup file (coordinator): the outbox rows go through the push path of
 * the volunteer's install (/api/backups/push, applied once per number), then the photos through the
 * resumable upload. Safe to run twice, or after the phone itself synced.
 */
import { fromBase64, type Backup } from '$lib/backup/format';
import { PROTOCOL, PUSH_MAX, SCHEMA_VERSION } from '$lib/domain/protocol';
import type { Transport } from './engine';
import { uploadPhotoBytes, type PhotoTransport } from './photos';

export interface ImportReport {
	ok: boolean;
	ownerName: string | null;
	sheets: number;
	mutations: number;
	refused: number;
	photos: number;
	photosFailed: number;
}

export async function importBackup(
	backup: Backup,
	transport: Transport,
	photos: PhotoTransport,
	onProgress: (done: number, total: number) => void = () => {}
): Promise<ImportReport> {
	const rows = [...backup.outbox].sort((a, b) => a.seq - b.seq);
	const total = rows.length + backup.photos.length;
	let done = 0;
	let refused = 0;
	let ownerName: string | null = null;
	for (let i = 0; i < rows.length; i += PUSH_MAX) {
		const batch = rows.slice(i, i + PUSH_MAX);
		let res: { status: number; body: unknown };
		try {
			res = await transport.post('/api/backups/push', {
				protocol: PROTOCOL,
				schemaVersion: SCHEMA_VERSION,
				clientId: backup.clientId,
				userId: backup.user?.id ?? null,
				mutations: batch.map((r) => ({ seq: r.seq, recordId: r.recordId, fields: r.fields, ...(r.comments?.length ? { comments: r.comments } : {}) }))
			});
		} catch {
			return { ok: false, ownerName, sheets: backup.sheets.length, mutations: done, refused, photos: 0, photosFailed: 0 };
		}
		if (res.status !== 200) return { ok: false, ownerName, sheets: backup.sheets.length, mutations: done, refused, photos: 0, photosFailed: 0 };
		const body = res.body as { lastSeq?: number; rejected?: unknown[]; owner?: { name?: string } };
		// The server stops at a gap: a batch not applied up to its last number is not imported.
		if (typeof body.lastSeq !== 'number' || body.lastSeq < (batch.at(-1)?.seq ?? 0))
			return { ok: false, ownerName, sheets: backup.sheets.length, mutations: done, refused, photos: 0, photosFailed: 0 };
		refused += Array.isArray(body.rejected) ? body.rejected.length : 0;
		ownerName = body.owner?.name ?? ownerName;
		done += batch.length;
		onProgress(done, total);
	}
	let sent = 0;
	let failed = 0;
	for (const p of backup.photos) {
		const bytes = fromBase64(p.data);
		const result = await uploadPhotoBytes(photos, { sha: p.sha, mime: p.mime, data: bytes.buffer as ArrayBuffer });
		if (result === 'done') sent++;
		else failed++;
		onProgress(++done, total);
	}
	return { ok: failed === 0, ownerName, sheets: backup.sheets.length, mutations: rows.length, refused, photos: sent, photosFailed: failed };
}
