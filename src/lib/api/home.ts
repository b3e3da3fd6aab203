/** The coordinator's home asks the server one thing: the census's progress (GET /api/progress). */
import type { Progress } from '$lib/domain/progress';
import { ProgressSchema } from '$lib/schemas/progress';
import { request } from './client';

export function fetchProgress(): Promise<Progress> {
	return request('GET', '/api/progress', {
		schema: ProgressSchema,
		messages: { network: 'homes.figures_offline', server: 'error.server', bad_response: 'error.server' }
	});
}
