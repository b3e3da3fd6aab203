/**
 * What every API route shares: reading a JSON body with a schema, turning error codes into an
 * HTTP status and a message in the person's language, and the checks of who is asking. Routes stay thin.
 */
import { json, type RequestEvent } from '@sveltejs/kit';
import * as v from 'valibot';
import { t, tn, type MessageKey } from '$lib/i18n';
import { AccountError, type AccountErrorCode } from './accounts';
import { SyncError } from './sync/service';
import { RetryLater } from './ratelimit';
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
	| 'territory_unknown_codes'
	| 'method_not_allowed';

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
	territory_unknown_codes: 400,
	method_not_allowed: 405
};

/**
 * The JSON answer for an error code: `{ code, message }`, the message in the requester's language
 * (t() on the server reads the request's `atlas_lang` cookie, French without it:
 * $lib/i18n/request-locale.server.ts, installed by hooks.server.ts).
 */
export function apiError(code: ApiErrorCode, headers?: Record<string, string>): Response {
	return json({ code, message: t(`api.error.${code}` as MessageKey) }, { status: STATUS[code], headers });
}

/**
 * A 429 that says how long to wait: Retry-After, `retryAfter` in the body, and the message with the
 * number — in seconds up to a minute and a half, else in whole minutes (rounded up).
 */
export function retryLaterAnswer(retryAfter: number): Response {
	const seconds = Math.max(1, Math.ceil(retryAfter));
	const message = seconds <= 90 ? tn('api.error.retry_seconds', seconds) : tn('api.error.retry_minutes', Math.ceil(seconds / 60));
	return json({ code: 'rate_limited', message, retryAfter: seconds }, { status: 429, headers: { 'Retry-After': String(seconds) } });
}

/** What a refusal made by the framework itself means, by its status (see apiRefusal). */
const FRAMEWORK_REFUSALS: Partial<Record<number, ApiErrorCode>> = {
	400: 'invalid_input',
	403: 'forbidden',
	404: 'not_found',
	405: 'method_not_allowed',
	413: 'too_large'
};

/**
 * The refusals no route wrote — a method the route does not have (405), an address that cannot be
 * decoded (400) or that names no route (404) — in the routes' own shape `{ code, message }`, so an
 * API answer is never an English text or an HTML page. Answers that already have a code pass.
 */
export async function apiRefusal(response: Response): Promise<Response> {
	if (response.status < 400 || response.status >= 500) return response;
	if ((response.headers.get('content-type') ?? '').startsWith('application/json')) {
		const body = (await response
			.clone()
			.json()
			.catch(() => null)) as { code?: unknown } | null;
		if (typeof body?.code === 'string') return response;
	}
	const allow = response.headers.get('allow');
	return apiError(FRAMEWORK_REFUSALS[response.status] ?? 'invalid_input', allow ? { Allow: allow } : undefined);
}

/**
 * Reads to its end, and drops, a request body the route left unread (a refusal made before
 * reading: no session, too large, not allowed). Left paused half-read, the body would block the
 * next request on the same kept-alive connection: it would hang until the connection times out
 * and is reset. The server's BODY_SIZE_LIMIT still bounds what is read.
 */
export function dropUnreadBody(request: Request): void {
	if (!request.body || request.bodyUsed) return;
	request.body.pipeTo(new WritableStream()).catch(() => {
		// over the size limit, or the client went away: nothing more to read
	});
}

/**
 * Every API route exports this (`export { trailingSlash } from '$lib/server/http'`): its address
 * with a final slash is the same route, answered by the route and hooks.server.ts like any other.
 * Kit's default instead answers « /api/x/ » with a 308 made BEFORE the hooks: the body of a POST
 * is then never read nor dropped (dropUnreadBody), and the next request on that kept-alive
 * connection — behind a proxy that pools connections, another person's — hangs until it is reset.
 */
export const trailingSlash = 'ignore';

/** Runs a route body; AccountErrors become their JSON answer, anything else the 500 funnel. */
export async function handleApi(fn: () => Promise<Response>): Promise<Response> {
	try {
		return await fn();
	} catch (e) {
		if (e instanceof AccountError) return apiError(e.code);
		if (e instanceof ApiError) return apiError(e.code);
		if (e instanceof RetryLater) return retryLaterAnswer(e.retryAfter);
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
export async function readBody<S extends v.GenericSchema>(event: RequestEvent, schema: S, MAX_BODY = MAX_BODY_DEFAULT): Promise<v.InferOutput<S>> {
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
