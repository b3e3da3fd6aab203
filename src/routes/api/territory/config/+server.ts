/**
 * The territory's configuration (coordinator only): which CDC and extra communes form it, and its
 * name. See lib/server/territory-config.ts for how it is written. Sheets are never touched: a sheet
 * of a commune that leaves the territory stays, listed and exported.
 *
 * - GET: the configuration, whether it is the default, and the names of what it holds.
 * - PUT `{ name, cdc: [siren], communes: [insee], id? }`: replaces it (the id stays the current one
 *   when not given); 400 `territory_unknown_codes` naming the codes the geography does not know.
 * - DELETE: back to the default territory (the 7 Perche CDC).
 * Every change is written in the audit log. The devices get the new territory with their next
 * refresh (its ETag changes).
 */
import { json, type RequestEvent } from '@sveltejs/kit';
import * as v from 'valibot';
import type { RequestHandler } from './$types';
import { t } from '$lib/i18n';
import { getStore } from '$lib/server/context';
import { ApiError, handleApi, readBody, requireAdmin } from '$lib/server/http';
import { loadTerritory } from '$lib/server/territory';
import { readConfigView, resetConfig, saveConfig, UnknownCodesError } from '$lib/server/territory-config';
import { TerritoryConfigSchema, type TerritoryConfig } from '$lib/schemas/territory';

export { trailingSlash } from '$lib/server/http';

const NO_STORE = { 'Cache-Control': 'no-store' };

export const GET: RequestHandler = (event) =>
	handleApi(async () => {
		requireAdmin(event, 'configure');
		return json(await readConfigView(getStore()), { headers: NO_STORE });
	});

export const PUT: RequestHandler = (event) =>
	handleApi(async () => {
		const { user } = requireAdmin(event, 'configure');
		const body = await readBody(event, v.record(v.string(), v.unknown()));
		// The screen does not edit the id: the territory keeps its own.
		const parsed = v.safeParse(TerritoryConfigSchema, { id: (await readConfigView(getStore())).config.id, ...body });
		if (!parsed.success) throw new ApiError('invalid_input');
		let saved: TerritoryConfig;
		try {
			saved = await saveConfig(getStore(), parsed.output);
		} catch (e) {
			if (!(e instanceof UnknownCodesError)) throw e;
			return json(
				{ code: 'territory_unknown_codes', message: t('territory_config.error.unknown_codes', { details: e.details }), details: e.details },
				{ status: 400, headers: NO_STORE }
			);
		}
		const territory = await loadTerritory(getStore());
		await audit(event, user.id, { name: saved.name, cdc: saved.cdc, communes: saved.communes, total: territory.communes.length });
		return json(await readConfigView(getStore()), { headers: NO_STORE });
	});

export const DELETE: RequestHandler = (event) =>
	handleApi(async () => {
		const { user } = requireAdmin(event, 'configure');
		const removed = await resetConfig(getStore());
		await audit(event, user.id, { reset: true, hadFile: removed, total: (await loadTerritory(getStore())).communes.length });
		return json(await readConfigView(getStore()), { headers: NO_STORE });
	});

function audit(event: RequestEvent, actorId: string, detail: Record<string, unknown>): Promise<void> {
	return getStore().audit({ actorId, action: 'territory.changed', target: null, detail, ip: event.getClientAddress() });
}
