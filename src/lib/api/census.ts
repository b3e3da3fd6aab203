/** The census screen's one request: GET /api/census with the screen's own query string. */
import type { CensusPageAnswer } from '$lib/domain/census-page';
import { CensusPageSchema } from '$lib/schemas/census-page';
import { request } from './client';

export async function fetchCensus(query: string, signal?: AbortSignal): Promise<CensusPageAnswer> {
	const answer = await request('GET', `/api/census${query ? `?${query}` : ''}`, {
		schema: CensusPageSchema,
		signal,
		// Shown inside « Le recensement n’a pas pu être chargé : … ».
		messages: { network: 'census.error.network', server: 'census.error.bad_response', bad_response: 'census.error.bad_response' }
	});
	// The server is the one that knows the vocabularies; the screen only shows their labels.
	return answer as CensusPageAnswer;
}
