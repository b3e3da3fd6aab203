/**
 * Rows of either store as domain objects (both schemas have the same tables and columns). Numbers go
 * through Number(): postgres.js returns `bigint` columns as strings. JSON payloads are text columns
 * in both stores, parsed here.
 */
import type {
	AuditEntry,
	Conflict,
	HistoryEntry,
	Invitation,
	RecordValues,
	Session,
	SigninFailureSummary,
	SigninPair,
	StoredComment,
	StoredPhoto,
	StoredRecord,
	SyncClient,
	User
} from './types';

export type Row = Record<string, unknown>;

export const str = (v: unknown): string => String(v);
export const strOrNull = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

function list(v: unknown): string[] {
	try {
		const parsed: unknown = JSON.parse(String(v ?? '[]'));
		return Array.isArray(parsed) ? parsed.map(String) : [];
	} catch {
		return [];
	}
}

export function toUser(r: Row): User {
	return {
		id: str(r.id),
		name: str(r.name),
		role: str(r.role) as User['role'],
		communes: list(r.communes),
		login: strOrNull(r.login),
		passwordHash: strOrNull(r.password_hash),
		createdAt: str(r.created_at),
		lastSeenAt: strOrNull(r.last_seen_at),
		revokedAt: strOrNull(r.revoked_at)
	};
}

export function toInvitation(r: Row): Invitation {
	return {
		id: str(r.id),
		tokenHash: str(r.token_hash),
		role: str(r.role) as Invitation['role'],
		communes: list(r.communes),
		label: str(r.label),
		maxUses: r.max_uses === null ? null : Number(r.max_uses),
		uses: Number(r.uses),
		expiresAt: strOrNull(r.expires_at),
		createdBy: strOrNull(r.created_by),
		createdAt: str(r.created_at),
		revokedAt: strOrNull(r.revoked_at),
		forUserId: strOrNull(r.for_user_id)
	};
}

export function toSession(r: Row): Session {
	return {
		id: str(r.id),
		tokenHash: str(r.token_hash),
		userId: str(r.user_id),
		device: str(r.device),
		createdAt: str(r.created_at),
		lastSeenAt: str(r.last_seen_at),
		expiresAt: str(r.expires_at),
		revokedAt: strOrNull(r.revoked_at)
	};
}

export function toAudit(r: Row): AuditEntry {
	let detail: Record<string, unknown> = {};
	try {
		detail = JSON.parse(String(r.detail)) as Record<string, unknown>;
	} catch {
		// a damaged detail is shown empty rather than breaking the log
	}
	return {
		id: Number(r.id),
		at: str(r.at),
		actorId: strOrNull(r.actor_id),
		action: str(r.action) as AuditEntry['action'],
		target: strOrNull(r.target),
		detail,
		ip: strOrNull(r.ip)
	};
}

/** A record's stamps snapshot: {"name": [hlc, by]}. */
export type Stamps = Record<string, [string, string | null]>;

/** The fields of a record from its snapshot columns: values and stamps zipped. */
function snapshotFields(values: unknown, stamps: unknown): StoredRecord['fields'] {
	const v = JSON.parse(str(values)) as Record<string, unknown>;
	const s = JSON.parse(str(stamps)) as Stamps;
	const fields: StoredRecord['fields'] = {};
	for (const name of Object.keys(s)) {
		const [hlc, by] = s[name] as [string, string | null];
		fields[name] = { v: v[name], hlc, by };
	}
	return fields;
}

export function toRecord(r: Row): StoredRecord {
	return {
		id: str(r.id),
		createdBy: str(r.created_by),
		commune: strOrNull(r.commune),
		version: Number(r.version),
		createdAt: str(r.created_at),
		updatedAt: str(r.updated_at),
		mergedInto: strOrNull(r.merged_into),
		fields: snapshotFields(r.field_values, r.field_stamps)
	};
}

export function toRecordValues(r: Row): RecordValues {
	return {
		id: str(r.id),
		createdBy: str(r.created_by),
		commune: strOrNull(r.commune),
		version: Number(r.version),
		createdAt: str(r.created_at),
		updatedAt: str(r.updated_at),
		mergedInto: strOrNull(r.merged_into),
		values: JSON.parse(str(r.field_values)) as Record<string, unknown>
	};
}

export function toConflict(r: Row): Conflict {
	return {
		id: Number(r.id),
		recordId: str(r.record_id),
		field: str(r.field),
		kept: { v: JSON.parse(str(r.kept_value)) as unknown, hlc: str(r.kept_hlc), by: strOrNull(r.kept_by) },
		lost: { v: JSON.parse(str(r.lost_value)) as unknown, hlc: str(r.lost_hlc), by: strOrNull(r.lost_by) },
		at: str(r.at),
		resolvedAt: strOrNull(r.resolved_at),
		resolvedBy: strOrNull(r.resolved_by)
	};
}

export function toHistory(r: Row): HistoryEntry {
	return {
		id: Number(r.id),
		recordId: str(r.record_id),
		field: str(r.field),
		old: r.old_value === null ? undefined : (JSON.parse(str(r.old_value)) as unknown),
		new: JSON.parse(str(r.new_value)) as unknown,
		hlc: str(r.hlc),
		by: strOrNull(r.by_user),
		via: str(r.via),
		at: str(r.at),
		clientId: strOrNull(r.client_id),
		device: strOrNull(r.device),
		reason: strOrNull(r.reason)
	};
}

export function toComment(r: Row): StoredComment {
	return {
		id: str(r.id),
		recordId: str(r.record_id),
		by: strOrNull(r.by_user),
		role: str(r.role),
		text: str(r.text),
		status: strOrNull(r.status),
		clientId: strOrNull(r.client_id),
		at: str(r.at)
	};
}

export function toPhoto(r: Row): StoredPhoto {
	return {
		sha: str(r.sha),
		size: Number(r.size),
		mime: str(r.mime),
		uploadedBy: strOrNull(r.uploaded_by),
		createdAt: str(r.created_at),
		completedAt: strOrNull(r.completed_at)
	};
}

export function toClient(r: Row): SyncClient {
	return {
		clientId: str(r.client_id),
		userId: str(r.user_id),
		lastSeq: Number(r.last_seq),
		createdAt: str(r.created_at),
		lastPushAt: strOrNull(r.last_push_at)
	};
}

/** A number column that may be NULL (bigint columns arrive as strings from PostgreSQL). */
const numOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

export function toSigninPair(r: Row): SigninPair {
	return { failures: Number(r.failures), windowStart: Number(r.window_start), windowFailures: Number(r.window_failures), turnAt: Number(r.turn_at) };
}

/** An account's row of sums (failures, addresses, first_at, last_at). */
export function toSigninSummary(account: string, r: Row): SigninFailureSummary {
	return { account, failures: Number(r.failures ?? 0), addresses: Number(r.addresses ?? 0), firstAt: numOrNull(r.first_at), lastAt: numOrNull(r.last_at) };
}
