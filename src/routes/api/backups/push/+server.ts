import { json, type RequestHandler } from '@sveltejs/kit';
import * as v from 'valibot';
import { getStore } from '$lib/server/context';
import { handleApi, readBody, requireAdmin } from '$lib/server/http';
import { push } from '$lib/server/sync/service';
import { noNul } from '$lib/schemas/nul';
import { PushBody } from '$lib/schemas/sync';

export { trailingSlash } from '$lib/server/http';

const Body = v.object({ ...PushBody.entries, userId: v.optional(v.nullable(v.pipe(v.string(), v.maxLength(200), noNul)), null) });

/**
 * "Importer une sauvegarde": a volunteer's backup file goes through the very push path of its
 * install, with the rights of the install's owner (the person the server knows for this clientId,
 * else the one named in the file, else the coordinator importing it). Each (clientId, seq) is
 * applied once: importing twice, or after the phone synced, changes nothing.
 */
export const POST: RequestHandler = (event) =>
	handleApi(async () => {
		const { user: coordinator } = requireAdmin(event, 'import');
		const body = await readBody(event, Body, 1024 * 1024);
		const store = getStore();
		const client = await store.getClient(body.clientId);
		const named = body.userId ? await store.getUser(body.userId) : null;
		const owner = (client ? await store.getUser(client.userId) : null) ?? named ?? coordinator;
		const { userId: _ignored, ...req } = body;
		const result = await push({ store }, owner, req);
		await store.audit({
			actorId: coordinator.id,
			action: 'backup.imported',
			target: body.clientId,
			detail: { owner: owner.id, mutations: req.mutations.length },
			ip: event.getClientAddress()
		});
		return json({ ...result, owner: { id: owner.id, name: owner.name } });
	});
