import { json, type RequestHandler } from '@sveltejs/kit';
import { getStore } from '$lib/server/context';
import { handleApi, requireAdmin } from '$lib/server/http';
import { failureReports } from '$lib/server/signin-limits';

export { trailingSlash } from '$lib/server/http';

/**
 * Repeated failed sign-ins of the last hour, per person (the Journal): how many, from how many
 * addresses, since when, and the wait each try on the account has now. Names that name nobody are
 * left out (what was typed is not kept).
 */
export const GET: RequestHandler = (event) =>
	handleApi(async () => {
		requireAdmin(event, 'audit');
		const store = getStore();
		const reports = await failureReports(store);
		const users = new Map((await store.listUsers()).map((u) => [u.id, u]));
		const accounts = reports.flatMap((r) => {
			const user = users.get(r.account);
			if (!user) return [];
			const at = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
			return [
				{
					userId: user.id,
					name: user.name,
					login: user.login,
					failures: r.failures,
					addresses: r.addresses,
					firstAt: at(r.firstAt),
					lastAt: at(r.lastAt),
					delaySeconds: Math.ceil(r.delayMs / 1000)
				}
			];
		});
		return json({ accounts }, { headers: { 'Cache-Control': 'no-store' } });
	});
