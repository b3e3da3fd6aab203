/**
 * JSON answers of the API, gzip-compressed when the client accepts it. A first pull of 10,000
 * sheets is about 30 MB of JSON and about 2 MB gzipped (measured by `npm run bench -- pull`):
 * the difference between a sync that ends and one that never does on one bar of signal.
 *
 * Only complete JSON bodies of at least MIN_BYTES: exports and photos are streamed files (ZIP and
 * XLSX are compressed already), and a tiny answer would grow. The body is compressed off the
 * event loop (zlib's thread pool), so a large pull does not stall other requests.
 */
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';

const gzipAsync = promisify(gzip);
const MIN_BYTES = 1024;

export function acceptsGzip(request: Request): boolean {
	const header = request.headers.get('accept-encoding') ?? '';
	// "gzip;q=0" refuses it explicitly.
	return header.split(',').some((part) => {
		const [name, ...params] = part.trim().toLowerCase().split(';');
		return name === 'gzip' && !params.some((p) => /^\s*q=0(\.0*)?\s*$/.test(p));
	});
}

export async function gzipJson(request: Request, response: Response): Promise<Response> {
	if (!acceptsGzip(request) || response.headers.has('content-encoding') || !response.body) return response;
	if (!(response.headers.get('content-type') ?? '').startsWith('application/json')) return response;
	const plain = new Uint8Array(await response.arrayBuffer());
	const headers = new Headers(response.headers);
	headers.append('Vary', 'Accept-Encoding');
	if (plain.byteLength < MIN_BYTES) return new Response(plain, { status: response.status, statusText: response.statusText, headers });
	const packed = await gzipAsync(plain, { level: 6 });
	headers.set('Content-Encoding', 'gzip');
	headers.set('Content-Length', String(packed.byteLength));
	return new Response(new Uint8Array(packed), { status: response.status, statusText: response.statusText, headers });
}
