/** Two sheets of one tool made one (POST /api/merge): the kept sheet takes the chosen fields. */
import { OkSchema, request } from './client';

export async function mergeSheets(body: { keep: string; drop: string; take: string[] }): Promise<void> {
	await request('POST', '/api/merge', { schema: OkSchema, body });
}
