import { json, type RequestHandler } from '@sveltejs/kit';
import { getStore } from '$lib/server/context';
import { handleApi, requireAdmin } from '$lib/server/http';

export { trailingSlash } from '$lib/server/http';

/** Open conflicts (field, both values, who, when) with the sheet's name, for the coordinator. */
export const GET: RequestHandler = (event) =>
	handleApi(async () => {
		requireAdmin(event, 'resolve_conflicts');
		const store = getStore();
		const names = new Map((await store.listUsers()).map((u) => [u.id, u.name]));
		const conflicts = await store.listConflicts(true);
		const out = [];
		for (const c of conflicts) {
			const record = await store.getRecord(c.recordId);
			out.push({
				id: c.id,
				recordId: c.recordId,
				sheetName: (record?.fields.name?.v as string | undefined) ?? '',
				field: c.field,
				at: c.at,
				kept: { v: c.kept.v, by: c.kept.by ? (names.get(c.kept.by) ?? null) : null, hlc: c.kept.hlc },
				lost: { v: c.lost.v, by: c.lost.by ? (names.get(c.lost.by) ?? null) : null, hlc: c.lost.hlc },
				current: record?.fields[c.field]?.v ?? null
			});
		}
		return json({ conflicts: out }, { headers: { 'Cache-Control': 'no-store' } });
	});
