/**
 * A raw HTTP/1.1 client for the fuzz test (node:http, not Playwright's request): it sends exactly
 * the bytes it is given (invalid UTF-8, NUL bytes, truncated JSON, chunked bodies without a length)
 * and may send from any loopback address (127.x.y.z), so the routes rate-limited per address
 * (sign-in, invitations, first run) still check their input instead of answering 429 to every case.
 */
import http from 'node:http';

export interface RawRequest {
	method: string;
	/** Path and query, already percent-encoded (node refuses spaces and control characters). */
	path: string;
	headers: Record<string, string>;
	body?: Buffer;
	/** Sent with Transfer-Encoding: chunked (no Content-Length: the server cannot refuse early). */
	chunked?: boolean;
	/** Loopback source address; a fresh connection is used for it. */
	localAddress?: string;
}

export interface RawResponse {
	status: number;
	headers: http.IncomingHttpHeaders;
	body: Buffer;
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 32 });

/** Connections that hung, then were reset (a request the server never read): reported as failures. */
export const hangs: string[] = [];

/**
 * Sends `req`. A kept-alive connection the server closed just as it was reused fails at once,
 * before the server read anything: that one is retried on a new connection. One that first HUNG
 * (a second or more) and was then reset is the server's fault — the previous request on it left
 * the connection unusable — and is recorded in `hangs`.
 */
export async function send(port: number, req: RawRequest, timeoutMs = 60_000): Promise<RawResponse> {
	const t0 = Date.now();
	try {
		return await sendOnce(port, req, timeoutMs, true);
	} catch (e) {
		const { reusedSocket, previous } = e as { reusedSocket?: boolean; previous?: string };
		if (!reusedSocket) throw e;
		if (Date.now() - t0 >= 1000)
			hangs.push(`${req.method} ${req.path.slice(0, 80)}: reset after ${Date.now() - t0} ms; the connection's previous request: ${previous}`);
		return sendOnce(port, req, timeoutMs, false);
	}
}

function sendOnce(port: number, req: RawRequest, timeoutMs: number, reuse: boolean): Promise<RawResponse> {
	return new Promise((resolve, reject) => {
		const headers: Record<string, string> = { ...req.headers };
		// Said outright: node sends no chunked body by default for GET, DELETE or OPTIONS.
		if (req.body && req.chunked) headers['transfer-encoding'] = 'chunked';
		else if (req.body) headers['content-length'] = String(req.body.length);
		const r = http.request(
			{
				host: '127.0.0.1',
				port,
				method: req.method,
				path: req.path,
				headers,
				agent: req.localAddress || !reuse ? false : agent,
				localAddress: req.localAddress,
				timeout: timeoutMs
			},
			(res) => {
				const chunks: Buffer[] = [];
				res.on('data', (c: Buffer) => chunks.push(c));
				res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
				res.on('error', reject);
			}
		);
		r.on('error', (e: NodeJS.ErrnoException) => {
			const reset = e.code === 'ECONNRESET' || e.code === 'EPIPE';
			reject(Object.assign(e, { reusedSocket: reset && r.reusedSocket, previous }));
		});
		r.on('timeout', () => r.destroy(new Error(`no answer within ${timeoutMs} ms`)));
		let previous = '';
		r.on('socket', (sock) => {
			// Each connection remembers its last request, to name it when the next one hangs.
			const tagged = sock as unknown as { lastRequest?: string };
			previous = tagged.lastRequest ?? '';
			tagged.lastRequest = `${req.method} ${req.path.slice(0, 60)} (${req.body?.length ?? 0} B${req.chunked ? ', chunked' : ''}, ${req.headers['content-type'] ?? 'no type'})`;
		});
		if (req.body) {
			if (req.chunked && req.body.length > 1) {
				// Two chunks, split anywhere (also inside a UTF-8 sequence).
				const cut = Math.floor(req.body.length / 3);
				r.write(req.body.subarray(0, cut));
				r.write(req.body.subarray(cut));
			} else r.write(req.body);
		}
		r.end();
	});
}

/** The `atlas_session` cookie a join/sign-in answer set, as a Cookie header value. */
export function sessionCookie(res: RawResponse): string {
	const set = res.headers['set-cookie'] ?? [];
	for (const line of set) {
		const m = /^(atlas_session=[^;]+)/.exec(line);
		if (m) return m[1] as string;
	}
	throw new Error(`no session cookie in the answer (${res.status}): ${res.body.toString().slice(0, 200)}`);
}

/** A loopback source address of its own for request number `n` (127.1.0.1, 127.1.0.2, ...). */
export function loopback(n: number): string {
	return `127.${1 + (Math.floor(n / (254 * 256)) % 200)}.${Math.floor(n / 254) % 256}.${1 + (n % 254)}`;
}
