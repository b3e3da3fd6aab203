import { json, type RequestHandler } from '@sveltejs/kit';
import { getStore } from '$lib/server/context';
import { handleApi, requireAdmin } from '$lib/server/http';
import { censusProgress } from '$lib/server/progress';

export { trailingSlash } from '$lib/server/http';

/** GET /api/progress — the coordinator's home: sheets per review state, open conflicts, first-run checklist. */
export const GET: RequestHandler = (event) =>
	handleApi(async () => {
		requireAdmin(event, 'manage_team');
		return json(await censusProgress(getStore()), { headers: { 'Cache-Control': 'no-store' } });
	});
