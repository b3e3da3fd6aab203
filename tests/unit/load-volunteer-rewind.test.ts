/**
 * The load's simulated phone (scripts/load/volunteer.ts) heals a server restored from an earlier
 * snapshot as the app does (src/lib/sync/rewind.ts): against a tiny server of the protocol's rules
 * (a mutation applied only as lastSeq + 1, the newer stamp wins per field), what it acknowledged
 * after the snapshot comes back, under new numbers, with its original stamps.
 */
import { describe, expect, it } from 'vitest';
import type { HttpClient } from '../../scripts/load/http';
import { makeSheet, seeded } from '../../scripts/load/sheets';
import { Volunteer, type Shared } from '../../scripts/load/volunteer';

type Fields = Record<string, { v: unknown; hlc: string }>;

/** The server's rules that matter here, in memory; `restore` takes it back to a snapshot under a new generation. */
class TinyServer {
	lastSeq = 0;
	records = new Map<string, Fields>();
	generation = 'generation-1';

	snapshot(): { lastSeq: number; records: Map<string, Fields> } {
		return structuredClone({ lastSeq: this.lastSeq, records: this.records });
	}

	restore(s: { lastSeq: number; records: Map<string, Fields> }): void {
		this.lastSeq = s.lastSeq;
		this.records = structuredClone(s.records);
		this.generation = 'generation-2';
	}

	write(recordId: string, fields: Fields): void {
		const record = this.records.get(recordId) ?? {};
		for (const [name, change] of Object.entries(fields)) if (!record[name] || record[name].hlc < change.hlc) record[name] = { v: change.v, hlc: change.hlc };
		this.records.set(recordId, record);
	}

	get client(): HttpClient {
		const answer = () => ({ lastSeq: this.lastSeq, serverTime: new Date().toISOString(), server: { id: 'server-1', generation: this.generation } });
		return {
			post: async (_kind: string, path: string, body: { mutations?: { seq: number; recordId: string; fields: Fields }[] }) => {
				if (path === '/api/sync/push') {
					for (const m of body.mutations ?? []) {
						if (m.seq <= this.lastSeq) continue;
						if (m.seq !== this.lastSeq + 1) break; // a gap: waits for the missing number
						this.write(m.recordId, m.fields);
						this.lastSeq = m.seq;
					}
					return { status: 200, body: { ...answer(), rejected: [] } };
				}
				return { status: 200, body: { ...answer(), cursor: 0, changes: [], more: false, reset: false } };
			}
		} as unknown as HttpClient;
	}
}

function phone(server: TinyServer): Volunteer {
	const shared: Shared = {
		startedAt: Date.now(),
		acks: [],
		refusals: [],
		syncFailures: {},
		timeScale: 0,
		thinkMs: 0,
		deadline: Date.now() + 60_000,
		slots: new Map(),
		capacity: 10
	};
	return new Volunteer(0, server.client, 'user-1', 'Bénévole 001', null, shared, seeded(3));
}

const sheet = (name: string) => ({ ...makeSheet(seeded(5), 'Bénévole 001', '2026-11-28', '2026-11-28T10:00:00.000Z', () => 'equipment-1'), name });

describe('the load’s phone after a restore', () => {
	it('re-sends what the restored server lost, with its stamps, under numbers after its lastSeq; a newer value written since stays', async () => {
		const server = new TinyServer();
		const v = phone(server);
		const press = v.createSheet(sheet('Pressoir de Préaux'));
		expect(await v.syncOnce()).toBeNull();
		const before = server.snapshot();

		v.editSheet(press, { name: 'Pressoir de l’association', notes: 'Cidre et jus' });
		const still = v.createSheet(sheet('Alambic de Préaux'));
		expect(await v.syncOnce()).toBeNull();
		expect(server.lastSeq).toBe(3);

		server.restore(before);
		// Someone else writes the notes on the restored server, after the phone's (older) write.
		const newer = `${new Date(Date.now() + 60_000).toISOString()}-0000-otherphone000000`;
		server.write(press, { notes: { v: 'Pressage le samedi', hlc: newer } });
		// And the phone has an edit of its own waiting.
		v.editSheet(still, { notes: 'Vu en novembre' });

		expect(await v.syncOnce()).toBeNull();
		expect(v.heals).toBe(1);
		expect(v.resentRows).toBe(2);
		// Renumbered after the server's lastSeq (1): two re-sent rows, then the waiting edit.
		expect(server.lastSeq).toBe(4);
		expect(v.lastSeq).toBe(4);
		expect(v.outbox).toEqual([]);
		const held = (id: string) => server.records.get(id) as Fields;
		const mine = (id: string) => v.sheets.get(id) as unknown as { fields: Record<string, unknown>; clocks: Record<string, string> };
		expect(held(press).name).toEqual({ v: 'Pressoir de l’association', hlc: mine(press).clocks.name });
		expect(held(press).notes).toEqual({ v: 'Pressage le samedi', hlc: newer });
		for (const [name, value] of Object.entries(mine(still).fields)) expect(held(still)[name], name).toEqual({ v: value, hlc: mine(still).clocks[name] });
		// The next sync sees nothing more to heal.
		expect(await v.syncOnce()).toBeNull();
		expect(v.heals).toBe(1);
	});

	it('heals a server whose lastSeq is below what it acknowledged, under the same identity, and pulls from the start', async () => {
		const server = new TinyServer();
		const v = phone(server);
		v.createSheet(sheet('Pressoir de Préaux'));
		expect(await v.syncOnce()).toBeNull();
		v.cursor = 7;
		server.restore({ lastSeq: 0, records: new Map() });
		server.generation = 'generation-1';
		const pulled = await v.pullAll().then(() => v.cursor);
		expect(v.heals).toBe(1);
		expect(pulled).toBe(0);
		expect(v.outbox.map((r) => r.seq)).toEqual([1]);
		expect(await v.syncOnce()).toBeNull();
		expect(server.records.size).toBe(1);
	});
});
