import { json, type RequestHandler } from '@sveltejs/kit';
import * as v from 'valibot';
import { FIELD_NAMES } from '$lib/domain/sheet';
import { ID_RE } from '$lib/schemas/sheet';
import { getStore } from '$lib/server/context';
import { ApiError, handleApi, readBody, requireAdmin } from '$lib/server/http';
import { MergeError, mergeRecords } from '$lib/server/sync/merge-records';

export { trailingSlash } from '$lib/server/http';

const Body = v.object({
	keep: v.pipe(v.string(), v.regex(ID_RE)),
	drop: v.pipe(v.string(), v.regex(ID_RE)),
	/** The fields whose value is taken from the merged sheet (the others keep the kept sheet's). */
	take: v.pipe(v.array(v.picklist(FIELD_NAMES)), v.maxLength(FIELD_NAMES.length))
});

/** Merges two sheets of the same tool (coordinator): see lib/server/sync/merge-records.ts. */
export const POST: RequestHandler = (event) =>
	handleApi(async () => {
		const { user } = requireAdmin(event, 'merge');
		const body = await readBody(event, Body);
		try {
			await mergeRecords(getStore(), user, body);
		} catch (e) {
			if (e instanceof MergeError) throw new ApiError(e.code);
			throw e;
		}
		return json({ ok: true }, { headers: { 'Cache-Control': 'no-store' } });
	});
