/**
 * GET /api/coverage/export?format=csv|xlsx&view=&family=&category=&threshold= — the coverage
 * analysis as a file (see $lib/server/coverage/files.ts), with the same parameters as GET /api/coverage.
 * Coordinator only (exports are: requireAdmin 'export'). No private data is in it, so nothing is
 * written to the audit log (exports with private contact are; this one has none to hold).
 */
import type { RequestHandler } from '@sveltejs/kit';
import * as v from 'valibot';
import { communeByInsee } from '$lib/domain/territory';
import { getStore } from '$lib/server/context';
import { analyse, queryFromParams } from '$lib/server/coverage/analysis';
import { coverageCsv, coverageXlsx, fileName } from '$lib/server/coverage/files';
import { withOutlines } from '$lib/server/coverage/with-outlines';
import { ApiError, handleApi, requireAdmin } from '$lib/server/http';
import { loadTerritory } from '$lib/server/territory';

export { trailingSlash } from '$lib/server/http';

const Format = v.picklist(['csv', 'xlsx']);

const TYPES = {
	csv: 'text/csv; charset=utf-8',
	xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
} as const;

export const GET: RequestHandler = (event) =>
	handleApi(async () => {
		const { user } = requireAdmin(event, 'export');
		const params = event.url.searchParams;
		const format = v.safeParse(Format, params.get('format') ?? 'csv');
		const query = queryFromParams(params);
		if (!format.success || params.getAll('format').length > 1 || !query) throw new ApiError('invalid_input');
		return withOutlines(async () => {
			const territory = await loadTerritory(getStore());
			const answer = await analyse(getStore(), user, territory, query);
			const communeName = (insee: string) => communeByInsee(territory, insee)?.name ?? insee;
			const body = format.output === 'csv' ? coverageCsv(answer, communeName) : await coverageXlsx(answer, territory.name, communeName);
			return new Response(body as BodyInit, {
				headers: {
					'Content-Type': TYPES[format.output],
					'Content-Disposition': `attachment; filename="${fileName(answer, format.output)}"`,
					'Cache-Control': 'no-store'
				}
			});
		});
	});
