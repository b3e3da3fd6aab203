/** The API's JSON answers are gzipped for clients that accept it, and only those. */
import { describe, expect, it } from 'vitest';
import { gunzipSync } from 'node:zlib';
import { acceptsGzip, gzipJson } from '$lib/server/compress';

const big = { changes: Array.from({ length: 200 }, (_, i) => ({ id: `sheet-${i}`, name: 'Pressoir de la Ferme des Pommiers' })) };
const req = (encoding?: string) => new Request('http://x/api/sync/pull', { headers: encoding ? { 'accept-encoding': encoding } : {} });

describe('gzip of API answers', () => {
	it('compresses a large JSON answer for a client that accepts gzip, and it decodes back', async () => {
		const res = await gzipJson(req('gzip, deflate, br'), Response.json(big, { headers: { 'Cache-Control': 'no-store' } }));
		expect(res.headers.get('content-encoding')).toBe('gzip');
		expect(res.headers.get('vary')).toContain('Accept-Encoding');
		expect(res.headers.get('cache-control')).toBe('no-store');
		const packed = new Uint8Array(await res.arrayBuffer());
		expect(Number(res.headers.get('content-length'))).toBe(packed.byteLength);
		expect(packed.byteLength).toBeLessThan(JSON.stringify(big).length / 5);
		expect(JSON.parse(gunzipSync(packed).toString('utf8'))).toEqual(big);
	});

	it('leaves the answer plain without Accept-Encoding gzip, with gzip;q=0, or when small', async () => {
		for (const encoding of [undefined, 'br', 'gzip;q=0', 'identity']) {
			const res = await gzipJson(req(encoding), Response.json(big));
			expect(res.headers.get('content-encoding')).toBeNull();
			expect(await res.json()).toEqual(big);
		}
		const small = await gzipJson(req('gzip'), Response.json({ ok: true }, { status: 201 }));
		expect(small.headers.get('content-encoding')).toBeNull();
		expect(small.status).toBe(201);
		expect(await small.json()).toEqual({ ok: true });
	});

	it('never touches what is not JSON (exports, photos are streamed files)', async () => {
		const csv = new Response('a;b\n'.repeat(1000), { headers: { 'content-type': 'text/csv' } });
		expect(await gzipJson(req('gzip'), csv)).toBe(csv);
		expect(acceptsGzip(req('GZIP'))).toBe(true);
	});
});
