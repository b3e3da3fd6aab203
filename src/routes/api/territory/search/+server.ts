/**
 * GET /api/territory/search?q=… (coordinator only): CDC (any EPCI) and communes of France whose name
 * holds the words typed (without accents) or whose code starts with the digits typed, to build the
 * territory. At most 20 of each; `moreCdcs` / `moreCommunes` say that more match.
 */
import { json } from '@sveltejs/kit';
import * as v from 'valibot';
import type { RequestHandler } from './$types';
import { ApiError, handleApi, requireAdmin } from '$lib/server/http';
import { searchGeography } from '$lib/server/territory-config';

export { trailingSlash } from '$lib/server/http';

const QuerySchema = v.pipe(v.string(), v.maxLength(100));

export const GET: RequestHandler = (event) =>
	handleApi(async () => {
		requireAdmin(event, 'configure');
		const parsed = v.safeParse(QuerySchema, event.url.searchParams.get('q') ?? '');
		if (!parsed.success) throw new ApiError('invalid_input');
		// Public geography, but asked as one types: the browser may keep an answer a minute.
		return json(searchGeography(parsed.output), { headers: { 'Cache-Control': 'private, max-age=60' } });
	});
