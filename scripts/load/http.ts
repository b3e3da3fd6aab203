/**
 * One device's connection to the server, as a phone has it: its own keep-alive socket (one at a
 * time, like a browser tab's sync), its own session cookie, its own address (sent as
 * X-Forwarded-For, which the server reads when it runs behind a proxy: ADDRESS_HEADER), and the
 * Origin header the browser adds to every API call (the server refuses cross-site writes).
 *
 * A request either gets an answer (any status) or throws NetworkError (refused, reset, timed out):
 * the same split as the app's transports, where a thrown fetch means "offline".
 */
import http from 'node:http';
import type { Recorder, RequestKind } from './stats';

export class NetworkError extends Error {
	constructor(
		readonly code: string,
		/** The request went out on a kept-alive connection and failed before any answer. */
		readonly staleSocket = false
	) {
		super(`network: ${code}`);
		this.name = 'NetworkError';
	}
}

export interface Reply {
	status: number;
	/** The parsed JSON body, or null (not JSON, or empty). */
	body: unknown;
	/** The raw bytes (photos). */
	raw: Buffer;
}

interface RequestOptions {
	json?: unknown;
	bytes?: Uint8Array;
	headers?: Record<string, string>;
	/** Keep the raw bytes, do not parse JSON. */
	binary?: boolean;
}

/** Requests in flight over all clients (reported at each kill: the kill hit work in progress). */
export const inFlight = { count: 0 };

/**
 * Longest a request may take before it counts as lost: the server's own limit (Node's
 * requestTimeout, 300 s); a browser's fetch has none of its own.
 */
const TIMEOUT_MS = 300_000;
/**
 * An idle connection is closed after this long, before the server closes it (Node's
 * keepAliveTimeout, 5 s): reusing a socket the server is closing at that instant fails with a reset
 * that says nothing about the server (browsers retry those by themselves).
 */
const IDLE_MS = 4000;

export class HttpClient {
	readonly #agent = new http.Agent({ keepAlive: true, maxSockets: 1, timeout: IDLE_MS });
	readonly #url: URL;
	cookie = '';

	constructor(
		readonly origin: string,
		readonly address: string,
		readonly userAgent: string,
		private readonly recorder: Recorder
	) {
		this.#url = new URL(origin);
	}

	post(kind: RequestKind, path: string, json: unknown): Promise<Reply> {
		return this.request(kind, 'POST', path, { json });
	}

	async request(kind: RequestKind, method: string, path: string, o: RequestOptions = {}): Promise<Reply> {
		const payload =
			o.json !== undefined ? Buffer.from(JSON.stringify(o.json)) : o.bytes ? Buffer.from(o.bytes.buffer, o.bytes.byteOffset, o.bytes.byteLength) : null;
		const headers: Record<string, string> = {
			Origin: this.origin,
			'User-Agent': this.userAgent,
			'X-Forwarded-For': this.address,
			Accept: 'application/json',
			...(o.json !== undefined ? { 'Content-Type': 'application/json' } : {}),
			...(payload ? { 'Content-Length': String(payload.byteLength) } : {}),
			...(this.cookie ? { Cookie: this.cookie } : {}),
			...o.headers
		};
		const started = performance.now();
		inFlight.count++;
		try {
			let reply: Reply;
			try {
				reply = await this.#send(method, path, headers, payload, o.binary === true);
			} catch (e) {
				// A kept-alive connection the server had closed meanwhile (its keep-alive delay ran out, or
				// the process restarted): sent again once on a new connection, as browsers do by themselves.
				if (!(e instanceof NetworkError && e.staleSocket)) throw e;
				this.recorder.resent++;
				reply = await this.#send(method, path, headers, payload, o.binary === true);
			}
			this.recorder.bytesSent += payload?.byteLength ?? 0;
			this.recorder.bytesReceived += reply.raw.byteLength;
			if (reply.status >= 200 && reply.status < 300) this.recorder.ok(kind, performance.now() - started);
			else this.recorder.error(kind, String(reply.status));
			return reply;
		} catch (e) {
			const code = e instanceof NetworkError ? e.code : 'unknown';
			this.recorder.error(kind, `network:${code}`);
			throw e instanceof NetworkError ? e : new NetworkError(code);
		} finally {
			inFlight.count--;
		}
	}

	#send(method: string, path: string, headers: Record<string, string>, payload: Buffer | null, binary: boolean): Promise<Reply> {
		return new Promise((resolve, reject) => {
			const req = http.request({ host: this.#url.hostname, port: this.#url.port, method, path, headers, agent: this.#agent, timeout: TIMEOUT_MS }, (res) => {
				const chunks: Buffer[] = [];
				res.on('data', (c: Buffer) => chunks.push(c));
				res.on('error', (e: NodeJS.ErrnoException) => reject(new NetworkError(e.code ?? 'ERESPONSE')));
				res.on('aborted', () => reject(new NetworkError('EABORTED')));
				res.on('end', () => {
					if (!res.complete) return reject(new NetworkError('EINCOMPLETE'));
					for (const line of res.headers['set-cookie'] ?? []) this.#keepCookie(line);
					const raw = Buffer.concat(chunks);
					let body: unknown = null;
					if (!binary && raw.byteLength > 0) {
						try {
							body = JSON.parse(raw.toString('utf8'));
						} catch {
							body = null;
						}
					}
					resolve({ status: res.statusCode ?? 0, body, raw });
				});
			});
			req.on('timeout', () => req.destroy(Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' })));
			let answered = false;
			req.on('response', () => (answered = true));
			req.on('error', (e: NodeJS.ErrnoException) => {
				const code = e.code ?? 'EREQUEST';
				reject(new NetworkError(code, req.reusedSocket && !answered && ['ECONNRESET', 'EPIPE', 'ECONNABORTED'].includes(code)));
			});
			req.end(payload ?? undefined);
		});
	}

	/** The session cookie, as the browser keeps it (name=value; attributes are the browser's business). */
	#keepCookie(line: string): void {
		const pair = line.split(';')[0]?.trim();
		if (!pair || !pair.includes('=')) return;
		const name = pair.slice(0, pair.indexOf('='));
		const others = this.cookie.split('; ').filter((c) => c && !c.startsWith(`${name}=`));
		this.cookie = [...others, pair].join('; ');
	}

	close(): void {
		this.#agent.destroy();
	}
}
