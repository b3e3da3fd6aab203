/** The coverage screen's request: GET /api/coverage for what is looked for and a threshold. */
import { coverageParams, type CoverageRequest } from '$lib/components/coverage/api';
import { CoverageAnswerSchema, type CoverageAnswer } from '$lib/schemas/coverage';
import { request } from './client';

export function fetchCoverage(r: CoverageRequest, thresholdKm: number, signal?: AbortSignal): Promise<CoverageAnswer> {
	return request('GET', `/api/coverage?${coverageParams(r, thresholdKm)}`, {
		schema: CoverageAnswerSchema,
		signal,
		messages: { network: 'coverage.offline', server: 'coverage.load_failed', bad_response: 'coverage.load_failed' }
	});
}
