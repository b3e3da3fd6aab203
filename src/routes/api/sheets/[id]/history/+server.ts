import { json, type RequestHandler } from '@sveltejs/kit';
import { getStore } from '$lib/server/context';
import { ApiError, handleApi, requireUser } from '$lib/server/http';
import { buildTimeline } from '$lib/server/review/history';
import { ID_RE } from '$lib/schemas/sheet';

export { trailingSlash } from '$lib/server/http';

/**
 * A sheet's history, oldest first: every write (who, when, old → new, from which device or screen)
 * and every comment. Any signed-in person may read it; the values of a named person's private
 * fields are removed for those not allowed to read them (src/lib/server/review/history.ts).
 */
export const GET: RequestHandler = (event) =>
	handleApi(async () => {
		const { user } = requireUser(event);
		const id = event.params.id ?? '';
		if (!ID_RE.test(id)) throw new ApiError('invalid_input');
		const timeline = await buildTimeline(getStore(), user, id);
		if (!timeline) throw new ApiError('not_found');
		return json(timeline, { headers: { 'Cache-Control': 'no-store' } });
	});
