/**
 * The team, made through the product's own path: the coordinator account from the first-run link
 * the server printed (POST /api/setup), one volunteer invitation made with the coordinator's
 * session (POST /api/team/invitations, as the « Équipe » screen does), then each volunteer accepting
 * it from their own phone (POST /api/join): their own address, their own browser, their own
 * session cookie.
 */
import { HttpClient } from './http';
import type { ServerProcess } from './server';
import type { Recorder } from './stats';

export interface Member {
	http: HttpClient;
	userId: string;
	name: string;
}

const PHONES = ['Pixel 7', 'SM-A546B', 'Redmi Note 12', 'moto g54', 'SM-G991B', 'CPH2591'];

/** A distinct private address per phone (10.0.0.1, 10.0.0.2…), as a proxy would report them. */
export const addressOf = (i: number) => `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255 || 1}`;

function userAgent(i: number): string {
	const phone = PHONES[i % PHONES.length] as string;
	return `Mozilla/5.0 (Linux; Android 14; ${phone}) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Mobile Safari/537.36`;
}

function expectStatus(what: string, status: number, wanted: number, body: unknown): void {
	if (status !== wanted) throw new Error(`${what}: HTTP ${status} ${JSON.stringify(body)}`);
}

function userIdOf(body: unknown): string {
	const id = (body as { user?: { id?: unknown } } | null)?.user?.id;
	if (typeof id !== 'string') throw new Error(`no user in ${JSON.stringify(body)}`);
	return id;
}

export async function createCoordinator(server: ServerProcess, recorder: Recorder): Promise<Member> {
	const http = new HttpClient(server.origin, '10.255.255.254', 'Mozilla/5.0 (X11; Linux x86_64) Firefox/131.0', recorder);
	const name = 'Claire Coordination';
	const res = await http.post('setup', '/api/setup', { token: server.setupToken(), name });
	expectStatus('setup', res.status, 201, res.body);
	return { http, userId: userIdOf(res.body), name };
}

/** A phone's connection: to the one server by default (several instances: scripts/load/instances.ts). */
export type ClientFactory = (index: number, address: string, userAgent: string) => HttpClient;

/** `count` volunteers joined through one invitation link, `concurrency` joining at a time. */
export async function joinVolunteers(
	server: ServerProcess,
	coordinator: Member,
	recorder: Recorder,
	count: number,
	concurrency = 20,
	makeClient: ClientFactory = (_, address, agent) => new HttpClient(server.origin, address, agent, recorder)
): Promise<Member[]> {
	const inv = await coordinator.http.post('invite', '/api/team/invitations', {
		role: 'benevole',
		maxUses: Math.max(1, Math.min(10_000, count)),
		label: 'Bénévoles (essai de charge)'
	});
	expectStatus('invitation', inv.status, 201, inv.body);
	const link = (inv.body as { link?: unknown }).link;
	const token = typeof link === 'string' ? link.split('#')[1] : undefined;
	if (!token) throw new Error(`no link in ${JSON.stringify(inv.body)}`);

	const members: Member[] = new Array(count);
	let next = 0;
	const worker = async () => {
		for (let i = next++; i < count; i = next++) {
			const http = makeClient(i, addressOf(i + 1), userAgent(i));
			const name = `Bénévole ${String(i + 1).padStart(3, '0')}`;
			const res = await http.post('join', '/api/join', { token, name });
			expectStatus(`join ${name}`, res.status, 201, res.body);
			if (!http.cookie) throw new Error(`join ${name}: no session cookie`);
			members[i] = { http, userId: userIdOf(res.body), name };
		}
	};
	await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
	return members;
}
