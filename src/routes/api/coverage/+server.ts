/**
 * GET /api/coverage?view=service|mains&family=<family>&category=<category>&threshold=<km> — the
 * coverage analysis ("maillage"): for each commune with an outline, the distance to the
 * nearest tool that counts, beyond the threshold first. Coordinator and mairies (the whole
 * territory: distances and tool names, no private data); volunteers 403. Defaults: service,
 * grains, the family's default threshold. 400 invalid_input for a bad parameter (a category of
 * another family too); 503 outlines_unavailable when the server has no commune outline at all.
 */
import { json, type RequestHandler } from '@sveltejs/kit';
import { actorOf, canReadCensus } from '$lib/domain/access';
import { getStore } from '$lib/server/context';
import { analyse, queryFromParams } from '$lib/server/coverage/analysis';
import { withOutlines } from '$lib/server/coverage/with-outlines';
import { ApiError, handleApi, requireUser } from '$lib/server/http';
import { loadTerritory } from '$lib/server/territory';

export { trailingSlash } from '$lib/server/http';

export const GET: RequestHandler = (event) =>
	handleApi(async () => {
		const { user } = requireUser(event);
		if (!canReadCensus(actorOf(user))) throw new ApiError('forbidden');
		const query = queryFromParams(event.url.searchParams);
		if (!query) throw new ApiError('invalid_input');
		return withOutlines(async () => json(await analyse(getStore(), user, await loadTerritory(getStore()), query), { headers: { 'Cache-Control': 'no-store' } }));
	});
