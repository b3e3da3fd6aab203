/**
 * Benchmark (npm run bench, not part of npm test): push throughput of 1,000 realistic sheets into
 * SQLite through the real sync service, and the bytes a sheet costs on the wire. Prints figures;
 * asserts only that everything arrived (timing goals never fail a test run).
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteStore } from '$lib/server/sqlite/store';
import { push } from '$lib/server/sync/service';
import { formatHlc } from '$lib/domain/hlc';
import { FIELD_NAMES } from '$lib/domain/sheet';
import { ciderPress } from '../fixtures/sheets';

describe('sync benchmark', () => {
	it('pushes 1,000 sheets into SQLite', async () => {
		const dir = mkdtempSync(join(tmpdir(), 'atlas-bench-'));
		const store = new SqliteStore(join(dir, 'atlas.sqlite'));
		await store.insertUser({ id: 'marie', name: 'Marie', role: 'benevole', communes: [], login: null, passwordHash: null, createdAt: new Date().toISOString(), lastSeenAt: null, revokedAt: null });
		const fields = ciderPress({ description: 'Pressoir associatif, 10 à 15 groupes par jour ; 200 kg de pommes donnent 100 à 130 bouteilles en 2 heures.' });
		const mutations = Array.from({ length: 1000 }, (_, i) => ({
			seq: i + 1,
			recordId: `Bench${String(i).padStart(15, '0')}`,
			fields: Object.fromEntries(FIELD_NAMES.map((f) => [f, { v: fields[f], hlc: formatHlc(Date.now() - 1000, i % 65535, 'benchnode01') }]))
		}));
		const bytesPerSheet = JSON.stringify(mutations).length / mutations.length;
		const user = (await store.getUser('marie'))!;
		const t0 = performance.now();
		for (let i = 0; i < mutations.length; i += 100) {
			await push({ store }, user, { protocol: 1, schemaVersion: 1, clientId: 'bench-phone-01', mutations: mutations.slice(i, i + 100) });
		}
		const ms = performance.now() - t0;
		console.log(`push: 1000 sheets in ${ms.toFixed(0)} ms = ${(1000 / (ms / 1000)).toFixed(0)} sheets/s (batches of 100); ${bytesPerSheet.toFixed(0)} bytes of JSON per sheet (all ${FIELD_NAMES.length} fields, uncompressed)`);
		expect(await store.currentVersion()).toBe(1000);
		await store.close();
		rmSync(dir, { recursive: true, force: true });
	});
});
