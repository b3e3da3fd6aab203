import { json, type RequestHandler } from '@sveltejs/kit';
import { getStore } from '$lib/server/context';
import { handleApi, requireAdmin } from '$lib/server/http';

/** The audit log (sign-ins, invitations, revocations, role changes), newest first, paged by id. */
export const GET: RequestHandler = (event) =>
	handleApi(async () => {
		requireAdmin(event, 'audit');
		const before = Number(event.url.searchParams.get('before') ?? '') || undefined;
		const entries = await getStore().listAudit(100, before);
		const names = new Map((await getStore().listUsers()).map((u) => [u.id, u.name]));
		return json(
			{ entries: entries.map((e) => ({ ...e, actorName: e.actorId ? (names.get(e.actorId) ?? null) : null })) },
			{ headers: { 'Cache-Control': 'no-store' } }
		);
	});
