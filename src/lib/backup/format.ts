/**
 * "Sauvegarder mes fiches": a file holding every sheet not yet sent, with its photos and its
 * pending outbox rows, for a volunteer to keep or hand to the coordinator when sync is impossible.
 * The sync issue imports it on the server through the same push path (client id + seq make a
 * second import, or an import after the phone synced, change nothing).
 *
 * Format (JSON, UTF-8), documented in docs/backup-format.md:
 * { format: "atlas-outils-sauvegarde", version: 1, exportedAt, clientId, app,
 *   sheets: Sheet[], outbox: OutboxRow[], photos: [{ sha, mime, bytes, width, height, data: base64 }],
 *   damaged: [{ id, row }] }
 */
import * as v from 'valibot';
import { SheetSchema, SHA256_RE } from '$lib/schemas/sheet';
import { FIELD_NAMES } from '$lib/domain/sheet';

export const BACKUP_FORMAT = 'atlas-outils-sauvegarde';
export const BACKUP_VERSION = 1;

const FieldChangeSchema = v.object({ v: v.unknown(), hlc: v.string(), base: v.optional(v.string()) });

export const BackupOutboxRowSchema = v.object({
	seq: v.pipe(v.number(), v.integer(), v.minValue(1)),
	recordId: v.string(),
	fields: v.record(v.picklist(FIELD_NAMES), FieldChangeSchema),
	comments: v.optional(v.array(v.object({ id: v.string(), text: v.string(), at: v.string() }))),
	createdAt: v.string(),
	updatedAt: v.string()
});

export const BackupPhotoSchema = v.object({
	sha: v.pipe(v.string(), v.regex(SHA256_RE)),
	mime: v.string(),
	bytes: v.pipe(v.number(), v.integer(), v.minValue(1)),
	width: v.number(),
	height: v.number(),
	data: v.pipe(v.string(), v.base64())
});

export const BackupSchema = v.object({
	format: v.literal(BACKUP_FORMAT),
	version: v.literal(BACKUP_VERSION),
	exportedAt: v.pipe(v.string(), v.isoTimestamp()),
	clientId: v.string(),
	app: v.string(),
	/** Who this install belongs to, when it had joined the team (used to import it as theirs). */
	user: v.optional(v.nullable(v.object({ id: v.string(), name: v.string() })), null),
	sheets: v.array(SheetSchema),
	outbox: v.array(BackupOutboxRowSchema),
	photos: v.array(BackupPhotoSchema),
	/** Stored rows this app version could not read, kept raw so nothing is lost (may be absent). */
	damaged: v.optional(v.array(v.object({ id: v.string(), row: v.unknown() })), [])
});

export type Backup = v.InferOutput<typeof BackupSchema>;

export function parseBackup(input: unknown): { ok: true; backup: Backup } | { ok: false } {
	const r = v.safeParse(BackupSchema, input);
	return r.success ? { ok: true, backup: r.output } : { ok: false };
}

/** Base64 of bytes, in chunks (a 1 MB photo must not overflow the call stack). */
export function toBase64(data: ArrayBuffer): string {
	const bytes = new Uint8Array(data);
	let binary = '';
	const chunk = 0x8000;
	for (let i = 0; i < bytes.length; i += chunk) {
		binary += String.fromCharCode(...bytes.subarray(i, i + chunk));
	}
	return btoa(binary);
}

export function fromBase64(text: string): Uint8Array {
	const binary = atob(text);
	const out = new Uint8Array(binary.length);
	for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
	return out;
}

export function backupFileName(exportedAt: Date, clientId: string): string {
	const d = exportedAt.toISOString().slice(0, 16).replace(/[:T]/g, '-');
	return `atlas-sauvegarde-${d}-${clientId.slice(0, 6)}.json`;
}
