/**
 * The territory's commune outlines (GeoJSON FeatureCollection, one feature `{ code, nom, centre }`
 * per commune): see lib/server/map/outlines.ts for where they come from and when they are fetched.
 *
 * - GET: public (administrative geography, no personal data), with an ETag; 503
 *   `outlines_unavailable` when the server has none and cannot reach the API Géo.
 * - POST: the coordinator loads a GeoJSON file of communes instead (up to 15 MB).
 * - DELETE: the coordinator forgets that file and goes back to the API Géo.
 */
import { json } from '@sveltejs/kit';
import * as v from 'valibot';
import type { RequestHandler } from './$types';
import type { Territory } from '$lib/domain/territory';
import { t } from '$lib/i18n';
import { getStore } from '$lib/server/context';
import { ApiError, apiError, handleApi, readBody, requireAdmin } from '$lib/server/http';
import { conditionalJson } from '$lib/server/map/etag';
import { getOutlines, MAX_UPLOAD_BYTES, OutlinesError, resetOutlines, uploadOutlines, type ServedOutlines } from '$lib/server/map/outlines';
import { loadTerritory } from '$lib/server/territory';

export { trailingSlash } from '$lib/server/http';

export const GET: RequestHandler = ({ request }) =>
	handleApi(() =>
		withTerritory(async (territory) => {
			const served = await getOutlines({ territory, store: getStore() });
			return conditionalJson(request, served.body, served.etag, 'application/geo+json');
		})
	);

export const POST: RequestHandler = (event) =>
	handleApi(async () => {
		const { user } = requireAdmin(event, 'configure');
		// Checked in full by the outlines service: its refusals name what is wrong with the file.
		const file = await readBody(event, v.unknown(), MAX_UPLOAD_BYTES);
		return withTerritory(async (territory) => {
			const result = await uploadOutlines(file, { territory, store: getStore() });
			await getStore().audit({
				actorId: user.id,
				action: 'territory.outlines_uploaded',
				target: null,
				detail: { outlined: result.outlined, missing: result.missing.length, dropped: result.dropped },
				ip: event.getClientAddress()
			});
			return json({ ...summary(result), dropped: result.dropped }, { headers: { 'Cache-Control': 'no-store' } });
		});
	});

export const DELETE: RequestHandler = (event) =>
	handleApi(async () => {
		const { user } = requireAdmin(event, 'configure');
		return withTerritory(async (territory) => {
			const result = await resetOutlines({ territory, store: getStore() });
			await getStore().audit({
				actorId: user.id,
				action: 'territory.outlines_reset',
				target: null,
				detail: { outlined: result.outlined, missing: result.missing.length },
				ip: event.getClientAddress()
			});
			return json(summary(result), { headers: { 'Cache-Control': 'no-store' } });
		});
	});

/** What the coordinator is told: where the outlines come from, how many, which communes have none. */
function summary(s: ServedOutlines) {
	return { source: s.source, fetchedAt: s.fetchedAt, outlined: s.outlined, missing: s.missing };
}

/** Runs `fn` with the territory; its refusals become their JSON answer. */
async function withTerritory(fn: (territory: Territory) => Promise<Response>): Promise<Response> {
	let territory: Territory;
	try {
		territory = await loadTerritory(getStore());
	} catch (e) {
		// The detailed reason (setting or file, codes) is for the server log; the device gets a French sentence.
		console.error(e);
		return json({ message: t('territory.error.config') }, { status: 500 });
	}
	try {
		return await fn(territory);
	} catch (e) {
		if (!(e instanceof OutlinesError)) throw e;
		if (e.code === 'outlines_invalid' && e.feature !== undefined) {
			return json({ code: e.code, message: t('api.error.outlines_no_code', { n: e.feature }), feature: e.feature }, { status: 400 });
		}
		if (e.code === 'outlines_unavailable') return apiError(e.code, { 'Retry-After': '300', 'Cache-Control': 'no-store' });
		throw new ApiError(e.code);
	}
}
