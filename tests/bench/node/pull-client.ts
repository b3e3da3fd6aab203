/**
 * Section `pull`: an empty client pulling the whole census from the production server, page by
 * page as src/lib/sync/engine.ts does (POST /api/sync/pull with the last cursor until `more` is
 * false), with the session cookie and `Accept-Encoding: gzip` a browser sends. Counts the bytes
 * of each response body as they arrive on the socket (compressed if the server compressed), and
 * what they would be gzip-compressed by a proxy when the server sent them plain.
 * Argument: { origin, token, runs }. Result: per run, time, pages, sheets, bytes.
 */
import { request, Agent } from 'node:http';
import { gunzipSync, gzipSync } from 'node:zlib';
import { PROTOCOL, PULL_PAGE, SCHEMA_VERSION } from '$lib/domain/protocol';
import type { PullResult } from '$lib/server/sync/service';
import { args, done } from './common';

const a = args<{ origin: string; token: string; runs: number }>();
const agent = new Agent({ keepAlive: true, maxSockets: 1 });

interface Answer {
	status: number;
	encoding: string;
	wire: number;
	body: Buffer;
}

function post(path: string, body: unknown): Promise<Answer> {
	const payload = JSON.stringify(body);
	return new Promise((resolve, reject) => {
		const req = request(
			`${a.origin}${path}`,
			{
				method: 'POST',
				agent,
				headers: {
					'Content-Type': 'application/json',
					Accept: 'application/json',
					'Accept-Encoding': 'gzip',
					'Content-Length': Buffer.byteLength(payload),
					Cookie: `atlas_session=${a.token}`,
					Origin: a.origin
				}
			},
			(res) => {
				const chunks: Buffer[] = [];
				res.on('data', (c: Buffer) => chunks.push(c));
				res.on('end', () => {
					const raw = Buffer.concat(chunks);
					const encoding = String(res.headers['content-encoding'] ?? 'identity');
					resolve({ status: res.statusCode ?? 0, encoding, wire: raw.length, body: encoding === 'gzip' ? gunzipSync(raw) : raw });
				});
				res.on('error', reject);
			}
		);
		req.on('error', reject);
		req.end(payload);
	});
}

const runs = [];
for (let run = 0; run < a.runs; run++) {
	// A new install each time: the server starts it from cursor 0.
	const clientId = `bench-pull-${run}-${Date.now().toString(36)}`;
	let cursor = 0;
	let pages = 0;
	let sheets = 0;
	let wire = 0;
	let plain = 0;
	const bodies: Buffer[] = [];
	const encodings = new Set<string>();
	const t0 = performance.now();
	for (;;) {
		const res = await post('/api/sync/pull', { protocol: PROTOCOL, schemaVersion: SCHEMA_VERSION, clientId, cursor });
		if (res.status !== 200) throw new Error(`pull answered ${res.status}: ${res.body.toString().slice(0, 300)}`);
		const page = JSON.parse(res.body.toString('utf8')) as PullResult;
		pages++;
		sheets += page.changes.length;
		wire += res.wire;
		plain += res.body.length;
		bodies.push(res.body);
		encodings.add(res.encoding);
		cursor = page.cursor;
		if (!page.more) break;
	}
	const ms = performance.now() - t0;
	// Outside the timing: what the same bodies weigh gzip-compressed (zlib's default level, as a proxy).
	const gzipped = encodings.has('gzip') ? wire : bodies.reduce((sum, b) => sum + gzipSync(b).length, 0);
	runs.push({ ms, pages, sheets, wire, plain, gzipped, encodings: [...encodings] });
}
agent.destroy();
done({ page: PULL_PAGE, runs });
