/**
 * A restore in the middle of the load (`--restore-at S`), as an operator does it after a disk
 * failure, with the real command line on the server's own data folder:
 *
 * - at S/2 seconds, `admin backup` while the phones write (the nightly backup);
 * - at S seconds, the server is stopped (SIGTERM), `admin restore` puts that backup back in its
 *   place, and the server starts again — under the same lock as the kills (faults.ts), so a kill
 *   never falls in between;
 * - or, for a run whose length depends on the machine (CI), once given counts of mutations are
 *   acknowledged (the backup at the first, the restore at the second);
 * - if the phones finish sending before (either moment), both happen right then, before the last
 *   pulls: every phone still talks to the restored server afterwards.
 *
 * Between the stop and the start, the restored database is read (the server down): how many
 * acknowledged mutations it no longer holds — what the phones must send again. At the end, checks.ts
 * proves that each acknowledged mutation is there, those lost by the restore included, and this
 * module that every phone that had an acknowledgement after the backup healed the server.
 */
import { join, resolve } from 'node:path';
import { SqliteStore } from '$lib/server/sqlite/store';
import { admin } from './backup';
import { missingAcked, type Check, type ServerRecord } from './checks';
import type { Exclusive } from './faults';
import type { ServerProcess } from './server';
import type { Shared, Volunteer } from './volunteer';

export interface RestoreReport {
	/** Milliseconds since the load started. */
	backupAt: number;
	/** Mutations acknowledged when the backup started. */
	acksAtBackup: number;
	restoreAt: number;
	/** Mutations acknowledged when the server was stopped for the restore. */
	acksAtRestore: number;
	/** Of those, how many the restored database did not hold (sent again by the phones). */
	lostByRestore: number;
	/** Phones whose photo was complete at the restore but not at the backup (uploaded again). */
	photosLost: number;
	/** Milliseconds from the stop until the server answered again. */
	downMs: number;
	backupMs: number;
	/** The last line each command printed. */
	backupOutput: string;
	restoreOutput: string;
}

const lastLine = (text: string) => text.trim().split('\n').slice(-1)[0] ?? '';

/** When to back up and when to restore: on a timer (the backup at half of it), or at counts of acknowledged mutations. */
export type RestoreSchedule = { atMs: number } | { backupAcks: number; restoreAcks: number };

export class Restorer {
	report: RestoreReport | null = null;
	#task: Promise<RestoreReport> | null = null;
	#finished = false;
	#wake: () => void = () => undefined;
	readonly #woken = new Promise<void>((done) => (this.#wake = done));

	constructor(
		private readonly buildDir: string,
		private readonly server: ServerProcess,
		private readonly shared: Shared,
		private readonly volunteers: () => readonly Volunteer[],
		private readonly schedule: RestoreSchedule,
		private readonly exclusive: Exclusive,
		private readonly log: (line: string) => void
	) {}

	start(): void {
		this.#task = this.#run();
		// Its error is reported by finish().
		this.#task.catch(() => undefined);
	}

	/** Waits until the moment (`backup` or `restore`) of the schedule, or until finish() is called. */
	async #until(moment: 'backup' | 'restore'): Promise<void> {
		const s = this.schedule;
		if ('atMs' in s) {
			const wait = this.shared.startedAt + (moment === 'backup' ? s.atMs / 2 : s.atMs) - Date.now();
			if (wait <= 0 || this.#finished) return;
			let timer: ReturnType<typeof setTimeout> | undefined;
			await Promise.race([new Promise<void>((done) => (timer = setTimeout(done, wait))), this.#woken]);
			clearTimeout(timer);
			return;
		}
		const target = moment === 'backup' ? s.backupAcks : s.restoreAcks;
		while (!this.#finished && this.shared.acks.length < target) await Promise.race([new Promise((r) => setTimeout(r, 10)), this.#woken]);
	}

	async #run(): Promise<RestoreReport> {
		const folder = join(resolve(this.server.o.dataDir), '..', 'backup-for-restore');
		await this.#until('backup');
		const backupAt = Date.now() - this.shared.startedAt;
		const acksAtBackup = this.shared.acks.length;
		const photosAtBackup = new Set(
			this.volunteers()
				.filter((v) => v.photoDone)
				.map((v) => v.index)
		);
		this.log(`restore: backup at ${(backupAt / 1000).toFixed(1)} s, after ${acksAtBackup} acknowledged mutations → ${folder}`);
		const backupStart = performance.now();
		const backup = await admin(this.buildDir, this.server.o.dataDir, ['backup', folder]);
		if (backup.code !== 0) throw new Error(`backup failed (exit ${backup.code}):\n${backup.out}\n${backup.err}`);
		const backupMs = performance.now() - backupStart;
		await this.#until('restore');
		return this.exclusive.run(async () => {
			const restoreAt = Date.now() - this.shared.startedAt;
			const stoppedAt = performance.now();
			await this.server.stop();
			// No answer comes from this server any more: what the phones hold as acknowledged is final for it.
			const acksAtRestore = this.shared.acks.length;
			const photosLost = this.volunteers().filter((v) => v.photoDone && !photosAtBackup.has(v.index)).length;
			const restored = await admin(this.buildDir, this.server.o.dataDir, ['restore', folder]);
			if (restored.code !== 0) throw new Error(`restore failed (exit ${restored.code}):\n${restored.out}\n${restored.err}`);
			const lostByRestore = await lostIn(join(this.server.o.dataDir, 'atlas.sqlite'), this.shared.acks.slice(0, acksAtRestore));
			await this.server.start();
			const report: RestoreReport = {
				backupAt,
				acksAtBackup,
				restoreAt,
				acksAtRestore,
				lostByRestore,
				photosLost,
				downMs: performance.now() - stoppedAt,
				backupMs,
				backupOutput: lastLine(backup.out),
				restoreOutput: lastLine(restored.out)
			};
			this.report = report;
			this.log(
				`restore: server restored at ${(restoreAt / 1000).toFixed(1)} s (down ${(report.downMs / 1000).toFixed(1)} s): ${lostByRestore} of ${acksAtRestore} acknowledged mutations not in the backup, ${photosLost} photos`
			);
			return report;
		});
	}

	/** The phones sent everything: a backup or restore not done yet happens now; resolves once the server is up again. */
	finish(): Promise<RestoreReport> {
		if (!this.#task) throw new Error('restore never started');
		this.#finished = true;
		this.#wake();
		return this.#task;
	}
}

/** How many acknowledged mutations a database (the server stopped) does not hold whole: a field missing, older, or another value. */
async function lostIn(file: string, acks: Shared['acks']): Promise<number> {
	const store = new SqliteStore(file);
	try {
		const records = new Map<string, ServerRecord>();
		for (let after = 0; ;) {
			const page = await store.listChanges(after, 5000);
			for (const r of page) records.set(r.id, { version: r.version, createdBy: r.createdBy, fields: r.fields });
			if (page.length < 5000) break;
			after = Math.max(...page.map((r) => r.version));
		}
		return acks.filter((ack) => missingAcked([ack], records).length > 0).length;
	} finally {
		await store.close();
	}
}

/** After the load: the restore really lost acknowledged writes, and every phone that had some healed. */
export function restoreChecks(report: RestoreReport | null, volunteers: readonly Volunteer[], acks: Shared['acks']): Check[] {
	if (!report) return [{ name: 'the server was restored during the load', ok: false, detail: 'no restore happened' }];
	const after = new Set(acks.slice(report.acksAtBackup, report.acksAtRestore).map((a) => a.volunteer));
	const notHealed = volunteers.filter((v) => after.has(v.index) && v.heals === 0).map((v) => v.name);
	return [
		{
			// Otherwise the run proves nothing about healing: choose an earlier --restore-at.
			name: 'the server was restored during the load and had forgotten acknowledged mutations',
			ok: report.lostByRestore > 0,
			detail: `backup at ${(report.backupAt / 1000).toFixed(1)} s (${report.acksAtBackup} acknowledged), restore at ${(report.restoreAt / 1000).toFixed(1)} s (${report.acksAtRestore} acknowledged; ${report.lostByRestore} mutations and ${report.photosLost} photos not in the backup)`
		},
		{
			name: 'every phone acknowledged after the backup healed the restored server',
			ok: notHealed.length === 0,
			detail: `${after.size} phones had acknowledgements after the backup, ${volunteers.filter((v) => v.heals > 0).length} healed, ${volunteers.reduce((n, v) => n + v.resentRows, 0)} rows sent again${notHealed.length ? ` — not healed: ${notHealed.slice(0, 3).join(', ')}` : ''}`
		}
	];
}
