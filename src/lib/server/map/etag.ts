/** Conditional GET for the map's configuration answers (tile sources, outlines). */
import { createHash } from 'node:crypto';

/** A strong ETag of a text answer. */
export function etagOf(body: string): string {
	return `"${createHash('sha256').update(body).digest('hex').slice(0, 24)}"`;
}

/** If-None-Match uses weak comparison: `W/"x"` matches `"x"`; `*` matches any current version. */
export function matchesEtag(header: string | null, etag: string): boolean {
	if (!header) return false;
	return header
		.split(',')
		.map((tag) => tag.trim().replace(/^W\//, ''))
		.some((tag) => tag === '*' || tag === etag);
}

/** 304 when the device holds this version, else the JSON text; revalidated on every use. */
export function conditionalJson(request: Request, body: string, etag: string, contentType = 'application/json'): Response {
	const headers = { ETag: etag, 'Cache-Control': 'no-cache' };
	if (matchesEtag(request.headers.get('if-none-match'), etag)) return new Response(null, { status: 304, headers });
	return new Response(body, { headers: { ...headers, 'Content-Type': `${contentType}; charset=utf-8` } });
}
