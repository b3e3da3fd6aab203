/**
 * The one way the browser talks to the app's API (docs/design.md): `request()` sends JSON,
 * checks the answer against a valibot schema before any screen sees it, and turns every failure
 * into an ApiError whose message is ready to show.
 *
 * - The server answers an error as `{ code, message }`, the message already in the person's language
 *   (lib/server/http.ts): it is passed through untouched.
 * - No network (fetch throws) is status 0, code `network`; an error without that body is `server`; an
 *   answer the schema refuses (a server of another version, a proxy's HTML page) is `bad_response`.
 *   Their messages are the client's own, or the resource's when it words them for its screen.
 * - A cancelled request (a newer input, a navigation) stays an AbortError: callers and the error
 *   funnel ignore it.
 *
 * The sync engine (lib/sync) and the service worker keep their own transport: they speak a protocol
 * of their own (docs/sync-protocol.md), not the screens' JSON calls.
 */
import * as v from 'valibot';
import { t, type MessageKey } from '$lib/i18n';

/** The failures the client names itself, when the server did not say. */
export type ClientCode = 'network' | 'server' | 'bad_response';

export class ApiError extends Error {
	constructor(
		/** HTTP status; 0 when the server could not be reached. */
		readonly status: number,
		/** The server's error code, or one of ClientCode. */
		readonly code: string,
		message: string,
		/** Seconds to wait before trying again (a 429's Retry-After), when the server said. */
		readonly retryAfter: number | null = null
	) {
		super(message);
		this.name = 'ApiError';
	}

	/** Not signed in (or the session was revoked / expired). */
	get unauthenticated(): boolean {
		return this.status === 401;
	}

	/** Signed in, but this is not for this person's role. */
	get forbidden(): boolean {
		return this.status === 403;
	}

	/** The server could not be reached at all. */
	get unreachable(): boolean {
		return this.status === 0;
	}
}

export type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

export interface RequestOptions<S extends v.GenericSchema> {
	/** Sent as JSON (a string is sent as it is: a file the person chose, already JSON). */
	body?: unknown;
	/** What the answer must look like. */
	schema: S;
	signal?: AbortSignal;
	/** The resource's own words for the client's failures (the screen's sentence around them). */
	messages?: Partial<Record<ClientCode, MessageKey>>;
	/** Extra request headers (If-None-Match...). */
	headers?: Record<string, string>;
}

const DEFAULT_MESSAGES: Record<ClientCode, MessageKey> = {
	network: 'request.network',
	server: 'request.server',
	bad_response: 'request.bad_response'
};

// A refusal the server worded without a code (a broken configuration) still shows its message.
const ErrorBody = v.object({ code: v.optional(v.string(), 'unknown'), message: v.pipe(v.string(), v.nonEmpty()) });

export function isAbort(e: unknown): boolean {
	return (e as { name?: unknown } | null)?.name === 'AbortError';
}

/** Sends the request; the raw Response, or an ApiError when the network failed. */
async function send(
	method: Method,
	url: string,
	body: unknown,
	signal: AbortSignal | undefined,
	headers: Record<string, string>,
	messages: Partial<Record<ClientCode, MessageKey>> | undefined
): Promise<Response> {
	const hasBody = body !== undefined;
	try {
		return await fetch(url, {
			method,
			headers: { Accept: 'application/json', ...(hasBody ? { 'Content-Type': 'application/json' } : {}), ...headers },
			body: hasBody ? (typeof body === 'string' ? body : JSON.stringify(body)) : undefined,
			// The API's answers are the server's state now: never an HTTP cache's older copy.
			cache: 'no-store',
			credentials: 'same-origin',
			signal
		});
	} catch (e) {
		if (isAbort(e)) throw e;
		throw new ApiError(0, 'network', t(messages?.network ?? DEFAULT_MESSAGES.network));
	}
}

function failure(res: Response, data: unknown, messages: Partial<Record<ClientCode, MessageKey>> | undefined): ApiError {
	const retry = Number(res.headers.get('retry-after'));
	const retryAfter = Number.isFinite(retry) && retry > 0 ? retry : null;
	const parsed = v.safeParse(ErrorBody, data);
	if (parsed.success) return new ApiError(res.status, parsed.output.code, parsed.output.message, retryAfter);
	return new ApiError(res.status, 'server', t(messages?.server ?? DEFAULT_MESSAGES.server), retryAfter);
}

function checked<S extends v.GenericSchema>(method: Method, url: string, res: Response, data: unknown, options: RequestOptions<S>): v.InferOutput<S> {
	const parsed = v.safeParse(options.schema, data);
	if (parsed.success) return parsed.output;
	console.error(`Unexpected answer from ${method} ${url}`, v.flatten(parsed.issues));
	throw new ApiError(res.status, 'bad_response', t(options.messages?.bad_response ?? DEFAULT_MESSAGES.bad_response));
}

/** One call to the app's API: the checked answer, or a thrown ApiError (or AbortError). */
export async function request<S extends v.GenericSchema>(method: Method, url: string, options: RequestOptions<S>): Promise<v.InferOutput<S>> {
	const res = await send(method, url, options.body, options.signal, options.headers ?? {}, options.messages);
	const data: unknown = await res.json().catch(() => undefined);
	if (!res.ok) throw failure(res, data, options.messages);
	return checked(method, url, res, data, options);
}

/**
 * A GET that the server may answer « 304 Not Modified » (the phone keeps the territory, its outlines):
 * null when what the phone holds (`etag`) is still current, else the answer and its new ETag.
 */
export async function requestFresh<S extends v.GenericSchema>(
	url: string,
	etag: string | null,
	options: Omit<RequestOptions<S>, 'headers' | 'body'>
): Promise<{ value: v.InferOutput<S>; etag: string | null } | null> {
	const res = await send('GET', url, undefined, options.signal, etag ? { 'If-None-Match': etag } : {}, options.messages);
	if (res.status === 304) {
		// An unread body keeps the request open (through the service worker, as long as the page
		// lives): the page would never look settled.
		await res.body?.cancel();
		return null;
	}
	const data: unknown = await res.json().catch(() => undefined);
	if (!res.ok) throw failure(res, data, options.messages);
	return { value: checked('GET', url, res, data, options), etag: res.headers.get('ETag') };
}

/** An answer with nothing to read but success. */
export const OkSchema = v.object({ ok: v.literal(true) });
