/**
 * The census screen's one request: GET /api/census with the screen's own query string. The answer
 * is checked before the screen sees it (a server of another version, or a proxy's HTML page, gives
 * a clear French failure rather than a broken table).
 */
import * as v from 'valibot';
import { t } from '$lib/i18n';
import type { CensusPageAnswer } from '$lib/domain/census-page';

export class CensusApiError extends Error {
	constructor(
		/** HTTP status; 0 when the server could not be reached. */
		readonly status: number,
		/** The server's error code, or `network` / `bad_response`. */
		readonly code: string,
		message: string
	) {
		super(message);
		this.name = 'CensusApiError';
	}
}

const count = v.pipe(v.number(), v.integer(), v.minValue(0));
const counts = v.record(v.string(), count);
const nullableString = v.nullable(v.string());

const RowSchema = v.object({
	id: v.string(),
	name: v.string(),
	category: nullableString,
	categoryOther: v.string(),
	commune: nullableString,
	communeName: v.string(),
	condition: nullableString,
	status: nullableString,
	worksWithoutMains: v.nullable(v.string()),
	verifiedOn: nullableString,
	updatedAt: v.string(),
	createdByName: v.string(),
	deleted: v.boolean(),
	reverify: v.boolean()
});

const AnswerSchema = v.object({
	total: count,
	page: v.pipe(v.number(), v.integer(), v.minValue(1)),
	size: v.pipe(v.number(), v.integer(), v.minValue(1)),
	rows: v.array(RowSchema),
	counts: v.object({
		byCategory: counts,
		byCdc: counts,
		byCommune: counts,
		byCategoryCdc: v.record(v.string(), counts),
		worksWithoutMains: v.object({ oui: count, non: count, inconnu: count }),
		reverify: count
	})
});

export async function fetchCensus(query: string, signal?: AbortSignal): Promise<CensusPageAnswer> {
	let res: Response;
	try {
		res = await fetch(`/api/census${query ? `?${query}` : ''}`, { headers: { Accept: 'application/json' }, signal });
	} catch (e) {
		if (e instanceof DOMException && e.name === 'AbortError') throw e;
		throw new CensusApiError(0, 'network', t('census.error.network'));
	}
	let body: unknown = null;
	try {
		body = await res.json();
	} catch {
		// not JSON: handled below
	}
	if (!res.ok) {
		const b = body as { code?: unknown; message?: unknown } | null;
		const message = typeof b?.message === 'string' ? b.message : t('census.error.bad_response');
		throw new CensusApiError(res.status, typeof b?.code === 'string' ? b.code : 'bad_response', message);
	}
	const parsed = v.safeParse(AnswerSchema, body);
	if (!parsed.success) throw new CensusApiError(res.status, 'bad_response', t('census.error.bad_response'));
	// The server is the one that knows the vocabularies; the screen only shows their labels.
	return parsed.output as CensusPageAnswer;
}
