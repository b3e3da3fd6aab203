/**
 * GET /api/map/sources: the tile sources this server offers (ATLAS_TILE_SOURCES, else the
 * defaults). Public: configuration, no personal data — the map of a device not yet signed in may
 * show the same layers. Devices keep a copy and revalidate it with If-None-Match.
 */
import type { RequestHandler } from './$types';
import { conditionalJson, etagOf } from '$lib/server/map/etag';
import { tileSources } from '$lib/server/map/sources';

export { trailingSlash } from '$lib/server/http';

export const GET: RequestHandler = ({ request }) => {
	const body = JSON.stringify({ sources: tileSources() });
	return conditionalJson(request, body, etagOf(body));
};
