import { json, type RequestHandler } from '@sveltejs/kit';
import * as v from 'valibot';
import { MAX_REVERIFY_MONTHS } from '$lib/domain/review';
import { getStore } from '$lib/server/context';
import { handleApi, readBody, requireAdmin, requireUser } from '$lib/server/http';
import { reverifyMonths, setReverifyMonths } from '$lib/server/settings';

export { trailingSlash } from '$lib/server/http';

const SettingsBody = v.object({
	reverifyMonths: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(MAX_REVERIFY_MONTHS))
});

/** The census settings, for anyone of the team (devices also get them with each pull). */
export const GET: RequestHandler = (event) =>
	handleApi(async () => {
		requireUser(event);
		return json({ reverifyMonths: await reverifyMonths(getStore()) }, { headers: { 'Cache-Control': 'no-store' } });
	});

/** Changed by the coordinator only. */
export const POST: RequestHandler = (event) =>
	handleApi(async () => {
		requireAdmin(event, 'configure');
		const body = await readBody(event, SettingsBody);
		await setReverifyMonths(getStore(), body.reverifyMonths);
		return json({ reverifyMonths: body.reverifyMonths }, { headers: { 'Cache-Control': 'no-store' } });
	});
