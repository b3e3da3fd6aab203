import type { RequestHandler } from './$types';
import { getStore } from '$lib/server/context';
import { ApiError, handleApi, requireAdmin } from '$lib/server/http';
import { isExportFormat, openExport, toWebStream } from '$lib/server/export';
import { photosDir } from '$lib/server/photos';
import { loadTerritory } from '$lib/server/territory';
import { filterFromParams } from '$lib/schemas/census';
import { inLocale } from '$lib/i18n/request-locale.server';

export { trailingSlash } from '$lib/server/http';

/**
 * GET /api/export/{format}?<census filters>[&private=1] — the census as a file to download,
 * streamed (coordinator only); `format` is one of EXPORT_FORMATS. The filters are the census
 * screen's query string (schemas/census.ts); `private=1` adds the named persons' contact data and
 * is written in the audit log. Unknown format: 404; a filter value the census does not know, or
 * `private` other than 0/1: 400 invalid_input.
 */
export const GET: RequestHandler = (event) =>
	handleApi(async () => {
		const { user } = requireAdmin(event, 'export');
		const format = event.params.format;
		if (!isExportFormat(format)) throw new ApiError('not_found');
		const params = event.url.searchParams;
		const filter = filterFromParams(params);
		const priv = params.get('private');
		if (!filter || (priv !== null && priv !== '0' && priv !== '1')) throw new ApiError('invalid_input');
		const store = getStore();
		const file = await openExport(store, {
			format,
			filter,
			withPrivate: priv === '1',
			user,
			territory: await loadTerritory(store),
			photosDir: photosDir(),
			audit: { actorId: user.id, ip: event.getClientAddress() }
		});
		// Headers and labels in the requester's language, also for the rows pulled after this returns.
		return new Response(toWebStream(inLocale(file.bytes)), {
			headers: {
				'Content-Type': file.contentType,
				'Content-Disposition': `attachment; filename="${file.fileName}"`,
				// Personal data may be in it: no cache keeps a copy.
				'Cache-Control': 'no-store',
				'X-Content-Type-Options': 'nosniff'
			}
		});
	});
