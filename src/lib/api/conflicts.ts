/** The coordinator's conflicts: the open ones, and « keep this value ». */
import { ConflictsAnswerSchema, type Conflict } from '$lib/schemas/conflicts';
import { OkSchema, request } from './client';

export async function fetchConflicts(): Promise<Conflict[]> {
	return (await request('GET', '/api/conflicts', { schema: ConflictsAnswerSchema, messages: { server: 'error.unknown' } })).conflicts;
}

export async function resolveConflict(id: number, keep: 'kept' | 'lost'): Promise<void> {
	await request('POST', `/api/conflicts/${id}`, { schema: OkSchema, body: { keep } });
}
