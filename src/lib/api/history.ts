/** A sheet's history, kept on the server only (GET /api/sheets/[id]/history). */
import * as v from 'valibot';
import { HistoryAnswer } from '$lib/schemas/history';
import { request } from './client';

export async function fetchHistory(id: string, signal?: AbortSignal): Promise<v.InferOutput<typeof HistoryAnswer>['entries']> {
	return (await request('GET', `/api/sheets/${encodeURIComponent(id)}/history`, { schema: HistoryAnswer, signal })).entries;
}
