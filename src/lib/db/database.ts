/**
 * The local database (IndexedDB through Dexie). Every version is kept here with its upgrade, so
 * a phone holding week-old data opens it with a newer app without losing a row.
 *
 * Invariants:
 * - A sheet and the outbox row that carries its edit are written in ONE transaction (repositories).
 * - Photo bytes are stored as ArrayBuffer (Safari fails on Blobs in IndexedDB), keyed by SHA-256.
 * - Nothing read back is trusted: repositories validate rows (an older version may have written them).
 */
import Dexie, { type Table } from 'dexie';
import type { FieldName } from '$lib/domain/sheet';
import type { ReviewStatus } from '$lib/domain/vocab';

/** A comment written on this device, waiting in the outbox. */
export interface CommentDraft {
	id: string;
	text: string;
	at: string;
	/** The decision this comment explains (a send back), null for a plain comment. */
	status?: ReviewStatus | null;
}

/** A stored sheet row: the domain Sheet, as written (validated on read). */
export interface SheetRow {
	id: string;
	fields: Record<string, unknown>;
	clocks: Record<string, string>;
	createdAt: string;
	updatedAt: string;
}

/** One field change waiting for the server: the value and the HLC of the write. */
export interface FieldChange {
	v: unknown;
	hlc: string;
	/**
	 * The HLC of the value this edit replaced (absent for a new field). The server logs a conflict
	 * only when its stored value is not that base: someone else wrote in between, unseen.
	 */
	base?: string;
}

/**
 * A numbered mutation for the server (sync-protocol.md, "Push"). `seq` is unique per install and
 * increasing; the server applies each seq once. Rows not yet handed to a push may be coalesced
 * (later edits of the same sheet fold into the latest row) so typing does not make one row a key.
 */
export interface OutboxRow {
	seq: number;
	recordId: string;
	fields: Partial<Record<FieldName, FieldChange>>;
	/**
	 * Review comments written here, sent with the fields of the same row: a send back and
	 * its reason reach the server together. A row with a comment is never an empty no-op.
	 */
	comments?: CommentDraft[];
	/** ISO instant of the first edit this row carries: how long it has waited. */
	createdAt: string;
	updatedAt: string;
}

export interface PhotoRow {
	sha: string;
	/**
	 * The full-size bytes. Absent once freed to give the phone room back (db/photo-freeing.ts),
	 * which only happens after the server confirmed them (`uploaded`): every reader handles a row
	 * without them (shown from the server or as `thumb`, never uploaded again).
	 */
	data?: ArrayBuffer;
	mime: string;
	/** Size of the full-size photo (kept when `data` is freed: what freeing gave back). */
	bytes: number;
	width: number;
	height: number;
	createdAt: string;
	/** Set by sync once the server holds the bytes (its SHA-256 checked). */
	uploaded: boolean;
	/** Why the server refused the photo for good (too large, wrong type, damaged), if it did. */
	uploadError?: string;
	/** A small JPEG made from `data` when it was freed: what the sheet shows offline. */
	thumb?: ArrayBuffer;
	thumbMime?: string;
	/** When `data` was freed (ISO date). */
	freedAt?: string;
}

export interface MetaRow {
	key: string;
	value: unknown;
}

/** A mutation the server refused for good (no right, invalid value): shown on its sheet. */
export interface RejectionRow {
	seq: number;
	recordId: string;
	code: string;
	at: string;
	/** Comments the refused row carried: shown to the person, so that no message typed is lost unseen. */
	comments?: CommentDraft[];
}

/**
 * What the server acknowledged of this install's writes, to send again after a server restore
 * (sync-protocol.md, « Restore and rewind »). One row per sheet and field (its last acknowledged
 * write) and one per acknowledged comment; written in the transaction that deletes the confirmed
 * outbox rows, never for refused ones. `seq` is the mutation number that carried it.
 */
export type AckedRow =
	| { key: string; recordId: string; seq: number; field: FieldName; hlc: string; base?: string }
	| { key: string; recordId: string; seq: number; comment: CommentDraft };

export interface TerritoryRow {
	/** 'current': the territory's communes; 'outlines': their outlines (GeoJSON) for the map. */
	key: 'current' | 'outlines';
	value: unknown;
	etag: string | null;
	fetchedAt: string;
}

/**
 * An area of map prepared for offline use: its tiles are in the service worker's
 * PREPARED cache ('atlas-tiles-prepared'); this row says what they cover, so they can be listed
 * and removed (a tile shared with another prepared area stays).
 */
export interface MapAreaRow {
	id: string;
	sourceId: string;
	/** INSEE codes of the communes prepared together, and their names at the time. */
	communes: string[];
	names: string[];
	minZoom: number;
	maxZoom: number;
	/** The box downloaded (the communes' outlines' box). */
	bbox: { west: number; south: number; east: number; north: number };
	tiles: number;
	bytes: number;
	/** Tiles the server did not give (missing at sea, errors): the area works without them. */
	failed: number;
	createdAt: string;
	/** False while downloading (an interrupted download is shown so and can be resumed or removed). */
	complete: boolean;
}

export class AtlasDb extends Dexie {
	sheets!: Table<SheetRow, string>;
	outbox!: Table<OutboxRow, number>;
	photos!: Table<PhotoRow, string>;
	meta!: Table<MetaRow, string>;
	territory!: Table<TerritoryRow, string>;
	rejections!: Table<RejectionRow, number>;
	mapAreas!: Table<MapAreaRow, string>;
	acked!: Table<AckedRow, string>;

	constructor(name = 'atlas-outils') {
		super(name);
		this.version(1).stores({
			sheets: 'id, updatedAt',
			outbox: 'seq, recordId',
			photos: 'sha, uploaded',
			meta: 'key',
			territory: 'key'
		});
		// 2 — refusals reported by the server, kept for the volunteer to see.
		this.version(2).stores({ rejections: 'seq, recordId' });
		// 3 — review: sheets now carry their author and comment thread, sent with pulls.
		// Sheets pulled before lack both: the pull starts again from the beginning to bring them.
		this.version(3)
			.stores({})
			.upgrade(async (tx) => {
				await tx.table('meta').put({ key: 'cursor', value: 0 });
			});
		// 4 — map areas prepared for offline use.
		this.version(4).stores({ mapAreas: 'id, sourceId' });
		// 5 — sheets indexed by review status: the tab badges (every page) read only the sheets to
		// correct or to review, and are not recomputed when a draft is typed in.
		this.version(5).stores({ sheets: 'id, updatedAt, fields.status' });
		// 6 — the writes the server acknowledged, by seq: after a server restore, those above the
		// server's new point are sent again. Empty at the upgrade: only writes acknowledged from now
		// on can be sent again (the outbox itself is renumbered whatever happened before).
		this.version(6).stores({ acked: 'key, seq' });
	}
}

let instance: AtlasDb | null = null;

/**
 * The app's database (one per page). When the browser closes the connection itself (iOS does in
 * background tabs) or another tab upgrades the schema, Dexie 4 closes it with auto-open kept on, so
 * the next operation reopens it: callers never hold a dead connection.
 */
export function db(): AtlasDb {
	instance ??= new AtlasDb();
	return instance;
}
