import { json, type RequestHandler } from '@sveltejs/kit';
import * as v from 'valibot';
import { getStore } from '$lib/server/context';
import { ApiError, handleApi, readBody, requireAdmin } from '$lib/server/http';
import { ConflictError, resolveConflict } from '$lib/server/sync/conflicts';

export { trailingSlash } from '$lib/server/http';

const Body = v.object({ keep: v.picklist(['kept', 'lost']) });

/** "Keep this one": the coordinator settles a conflict (the value kept wins everywhere). */
export const POST: RequestHandler = (event) =>
	handleApi(async () => {
		const { user } = requireAdmin(event, 'resolve_conflicts');
		const id = Number(event.params.id);
		if (!Number.isSafeInteger(id) || id < 1) throw new ApiError('not_found');
		const { keep } = await readBody(event, Body);
		try {
			await resolveConflict(getStore(), user, id, keep);
		} catch (e) {
			if (e instanceof ConflictError) throw new ApiError(e.code);
			throw e;
		}
		return json({ ok: true });
	});
