/**
 * The coordinator's home asks the server one thing: GET /api/progress. The answer is checked before
 * the screen sees it; every failure is a ProgressApiError with a French message ready to show (the
 * server's own, or ours for a missing network or an unreadable answer).
 */
import * as v from 'valibot';
import { t } from '$lib/i18n';
import type { Progress } from '$lib/domain/progress';

export class ProgressApiError extends Error {
	constructor(
		/** HTTP status; 0 when the server could not be reached. */
		readonly status: number,
		message: string
	) {
		super(message);
		this.name = 'ProgressApiError';
	}
}

const count = v.pipe(v.number(), v.integer(), v.minValue(0));

const ProgressSchema = v.object({
	byStatus: v.object({ brouillon: count, soumis: count, valide: count, a_corriger: count, archive: count }),
	conflicts: count,
	setup: v.object({ territory: v.boolean(), volunteer: v.boolean(), mairies: v.boolean() })
});

export async function fetchProgress(): Promise<Progress> {
	let res: Response;
	try {
		res = await fetch('/api/progress', { headers: { Accept: 'application/json' } });
	} catch {
		throw new ProgressApiError(0, t('homes.figures_offline'));
	}
	const body: unknown = await res.json().catch(() => null);
	if (!res.ok) {
		const message = (body as { message?: unknown } | null)?.message;
		throw new ProgressApiError(res.status, typeof message === 'string' ? message : t('error.server'));
	}
	const parsed = v.safeParse(ProgressSchema, body);
	if (!parsed.success) throw new ProgressApiError(res.status, t('error.server'));
	return parsed.output;
}
