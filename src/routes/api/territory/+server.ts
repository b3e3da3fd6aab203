/**
 * GET /api/territory: the resolved territory (public administrative data). Devices keep a copy and
 * revalidate it with If-None-Match; the ETag is the territory's version.
 */
import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { t } from '$lib/i18n';
import { getStore } from '$lib/server/context';
import { loadTerritory } from '$lib/server/territory';
import type { Territory } from '$lib/domain/territory';

export { trailingSlash } from '$lib/server/http';

export const GET: RequestHandler = async ({ request }) => {
	let territory: Territory;
	try {
		territory = await loadTerritory(getStore());
	} catch (e) {
		// The detailed reason (setting or file, codes) is for the server log; the device gets a French sentence.
		console.error(e);
		return json({ message: t('territory.error.config') }, { status: 500 });
	}

	const etag = `"${territory.version}"`;
	const headers = { ETag: etag, 'Cache-Control': 'no-cache' };
	if (matchesEtag(request.headers.get('if-none-match'), etag)) {
		return new Response(null, { status: 304, headers });
	}
	return json(territory, { headers });
};

/** If-None-Match uses weak comparison: `W/"x"` matches `"x"`; `*` matches any current version. */
function matchesEtag(header: string | null, etag: string): boolean {
	if (!header) return false;
	return header
		.split(',')
		.map((tag) => tag.trim().replace(/^W\//, ''))
		.some((tag) => tag === '*' || tag === etag);
}
