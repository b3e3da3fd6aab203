import { json, type RequestHandler } from '@sveltejs/kit';
import { actorOf, canReadCensus } from '$lib/domain/access';
import { filterFromParams } from '$lib/schemas/census';
import { pagingFromParams } from '$lib/schemas/census-paging';
import { censusPage } from '$lib/server/census/page';
import { getStore } from '$lib/server/context';
import { ApiError, handleApi, requireUser } from '$lib/server/http';
import { loadTerritory } from '$lib/server/territory';

export { trailingSlash } from '$lib/server/http';

/**
 * GET /api/census?<census filter>&sort=&desc=1&page=&size= — one page of the census table with the
 * dashboard's counts. Coordinator: the whole census; mairie: its communes only (forced); volunteer: 403.
 */
export const GET: RequestHandler = (event) =>
	handleApi(async () => {
		const { user } = requireUser(event);
		if (!canReadCensus(actorOf(user))) throw new ApiError('forbidden');
		const filter = filterFromParams(event.url.searchParams);
		const paging = pagingFromParams(event.url.searchParams);
		if (!filter || !paging) throw new ApiError('invalid_input');
		const answer = await censusPage(getStore(), user, await loadTerritory(getStore()), filter, paging);
		return json(answer, { headers: { 'Cache-Control': 'no-store' } });
	});
