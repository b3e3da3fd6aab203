import { apiError } from '$lib/server/http';
import { OutlinesError } from '$lib/server/map/outlines';

/** Runs `fn`; no outline to be had becomes 503 `outlines_unavailable` (the map's own answer). */
export async function withOutlines(fn: () => Promise<Response>): Promise<Response> {
	try {
		return await fn();
	} catch (e) {
		if (e instanceof OutlinesError && e.code === 'outlines_unavailable') return apiError(e.code, { 'Retry-After': '300', 'Cache-Control': 'no-store' });
		throw e;
	}
}
