/**
 * What every API route shares: reading a JSON body with a schema, turning error codes into an
 * HTTP status and a French message, and the checks of who is asking. Routes stay thin.
 */
import { json, type RequestEvent } from '@sveltejs/kit';
import * as v from 'valibot';
import { t, type MessageKey } from '$lib/i18n';
import { AccountError, type AccountErrorCode } from './accounts';
import { SyncError } from './sync/service';
import { actorOf, canAdmin, type AdminAction } from '$lib/domain/access';
import type { Session, User } from './store/types';

export type ApiErrorCode =
	| AccountErrorCode
	| SyncError['code']
	| 'unauthenticated'
	| 'rate_limited'
	| 'bad_origin'
	| 'bad_json'
	| 'too_large'
	| 'photo_type'
	| 'photo_too_large'
	| 'photo_mismatch'
	| 'photo_hash_mismatch'
	| 'offset_mismatch'
	| 'upload_content_type'
	| 'status_move_refused'
	| 'merge_invalid'
	| 'outlines_unavailable'
	| 'outlines_invalid'
	| 'outlines_no_match'
	| 'territory_unknown_codes';

const STATUS: Record<ApiErrorCode, number> = {
	token_invalid: 400,
	token_expired: 410,
	token_used: 410,
	token_revoked: 410,
	already_set_up: 409,
	name_invalid: 400,
	login_invalid: 400,
	login_taken: 409,
	password_too_short: 400,
	signin_failed: 401,
	forbidden: 403,
	not_found: 404,
	status_move_refused: 409,
	merge_invalid: 400,
	communes_required: 400,
	invalid_input: 400,
	last_coordinator: 409,
	current_password_wrong: 403,
	unauthenticated: 401,
	rate_limited: 429,
	bad_origin: 403,
	bad_json: 400,
	too_large: 413,
	upgrade_required: 426,
	protocol_unknown: 400,
	client_not_yours: 403,
	photo_type: 415,
	photo_too_large: 413,
	photo_mismatch: 409,
	photo_hash_mismatch: 400,
	offset_mismatch: 409,
	upload_content_type: 415,
	outlines_unavailable: 503,
	outlines_invalid: 400,
	outlines_no_match: 400,
	territory_unknown_codes: 400
};

/** The JSON answer for an error code: `{ code, message }` with the French message. */
export function apiError(code: ApiErrorCode, headers?: Record<string, string>): Response {
	return json({ code, message: t(`api.error.${code}` as MessageKey) }, { status: STATUS[code], headers });
}

/** Runs a route body; AccountErrors become their JSON answer, anything else the 500 funnel. */
export async function handleApi(fn: () => Promise<Response>): Promise<Response> {
	try {
		return await fn();
	} catch (e) {
		if (e instanceof AccountError) return apiError(e.code);
		if (e instanceof ApiError) return apiError(e.code);
		if (e instanceof SyncError) {
			const res = apiError(e.code);
			if (e.code !== 'upgrade_required') return res;
			return json({ ...(await res.json()), ...e.detail }, { status: 426 });
		}
		throw e;
	}
}

export class ApiError extends Error {
	constructor(readonly code: ApiErrorCode) {
		super(code);
	}
}

const MAX_BODY_DEFAULT = 64 * 1024;

/** Reads and validates a JSON body; bad JSON or a failed schema is a 400 with a French message. */
export async function readBody<S extends v.GenericSchema>(
	event: RequestEvent,
	schema: S,
	MAX_BODY = MAX_BODY_DEFAULT
): Promise<v.InferOutput<S>> {
	const length = Number(event.request.headers.get('content-length') ?? '0');
	if (length > MAX_BODY) throw new ApiError('too_large');
	let raw: unknown;
	try {
		const text = await event.request.text();
		if (text.length > MAX_BODY) throw new ApiError('too_large');
		raw = JSON.parse(text);
	} catch (e) {
		if (e instanceof ApiError) throw e;
		throw new ApiError('bad_json');
	}
	const parsed = v.safeParse(schema, raw);
	if (!parsed.success) throw new ApiError('invalid_input');
	return parsed.output;
}

export function requireUser(event: RequestEvent): { user: User; session: Session } {
	const auth = event.locals.auth;
	if (!auth) throw new ApiError('unauthenticated');
	return auth;
}

/** The signed-in person, allowed `action` by the one policy (src/lib/domain/access.ts). */
export function requireAdmin(event: RequestEvent, action: AdminAction): { user: User; session: Session } {
	const auth = requireUser(event);
	if (!canAdmin(actorOf(auth.user), action)) throw new ApiError('forbidden');
	return auth;
}

/** The person as the client may know it: never hashes, never other people's secrets. */
export function publicUser(user: User) {
	return {
		id: user.id,
		name: user.name,
		role: user.role,
		communes: user.communes,
		login: user.login,
		hasPassword: user.passwordHash !== null
	};
}

