import { json, type RequestHandler } from '@sveltejs/kit';
import { getStore } from '$lib/server/context';
import { handleApi, requireAdmin } from '$lib/server/http';

export { trailingSlash } from '$lib/server/http';

/** The audit log (sign-ins, invitations, revocations, role changes), newest first, paged by id. */
export const GET: RequestHandler = (event) =>
	handleApi(async () => {
		requireAdmin(event, 'audit');
		// A whole positive id, else the first page (both stores compare it with an integer column).
		const asked = Number(event.url.searchParams.get('before') ?? '');
		const before = Number.isSafeInteger(asked) && asked > 0 ? asked : undefined;
		const entries = await getStore().listAudit(100, before);
		const names = new Map((await getStore().listUsers()).map((u) => [u.id, u.name]));
		return json(
			{ entries: entries.map((e) => ({ ...e, actorName: e.actorId ? (names.get(e.actorId) ?? null) : null })) },
			{ headers: { 'Cache-Control': 'no-store' } }
		);
	});
