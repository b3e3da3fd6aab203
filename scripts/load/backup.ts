/**
 * A backup taken while the phones write, then restored and checked — what an operator does with
 * `npm run admin -- backup` and `restore` (the built command line, build/cli/main.js, on the
 * server's data folder):
 *
 * - once enough sheets are acknowledged (and a photo is complete), the number of acknowledged
 *   mutations is noted and the backup command runs, while the load goes on (and the server may be
 *   killed meanwhile);
 * - at the end, `restore` puts the backup into a new data folder, a second server starts on it, and
 *   every mutation acknowledged BEFORE the backup started must be there, and every photo complete
 *   before it, intact.
 */
import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { missingAcked, pullEverything, type Check } from './checks';
import { HttpClient } from './http';
import type { LoadOptions } from './index';
import { ServerProcess } from './server';
import { Recorder } from './stats';
import type { Shared, Volunteer } from './volunteer';
import { createHash } from 'node:crypto';

export interface BackupReport {
	folder: string;
	/** Milliseconds since the load started. */
	at: number;
	/** Mutations acknowledged before the backup started. */
	acksBefore: number;
	/** Mutations acknowledged while it ran (the server kept writing). */
	acksDuring: number;
	/** Photos complete before it started. */
	photosBefore: { sha: string; name: string }[];
	ms: number;
	/** What the command printed. */
	output: string;
	/** The coordinator's session cookie (the sessions are in the backup too). */
	cookie: string;
}

/** Runs the built command line; resolves with its exit code and output. */
export function admin(buildDir: string, dataDir: string, args: string[]): Promise<{ code: number; out: string; err: string }> {
	return new Promise((done, fail) => {
		const child = spawn(process.execPath, [join(resolve(buildDir), 'cli', 'main.js'), ...args], {
			env: { ...process.env, ATLAS_DATA_DIR: dataDir },
			stdio: ['ignore', 'pipe', 'pipe']
		});
		let out = '';
		let err = '';
		child.stdout.on('data', (d: Buffer) => (out += d.toString()));
		child.stderr.on('data', (d: Buffer) => (err += d.toString()));
		child.once('error', fail);
		child.once('exit', (code) => done({ code: code ?? 1, out, err }));
	});
}

export async function takeBackupDuringLoad(
	o: LoadOptions,
	server: ServerProcess,
	shared: Shared,
	threshold: number,
	volunteers: () => readonly Volunteer[],
	cookie: () => string,
	log: (line: string) => void
): Promise<BackupReport> {
	// Enough sheets acknowledged, and a photo complete (photos go after the sheets of a sync).
	const photoDone = () => volunteers().some((v) => v.photoDone) || volunteers().every((v) => !v.photo);
	while (shared.acks.length < threshold || !photoDone()) {
		if (Date.now() > shared.deadline) throw new Error('backup: the load never reached its threshold');
		await new Promise((r) => setTimeout(r, 50));
	}
	const folder = join(resolve(server.o.dataDir), '..', 'backup');
	const acksBefore = shared.acks.length;
	const photosBefore = volunteers()
		.filter((v) => v.photoDone && v.photo)
		.map((v) => ({ sha: v.photo?.sha as string, name: v.name }));
	const at = Date.now() - shared.startedAt;
	const started = performance.now();
	log(`backup while writing, after ${acksBefore} acknowledged mutations → ${folder}`);
	const result = await admin(o.buildDir, server.o.dataDir, ['backup', folder]);
	if (result.code !== 0) throw new Error(`backup failed (exit ${result.code}):\n${result.out}\n${result.err}`);
	const report = {
		folder,
		at,
		acksBefore,
		acksDuring: shared.acks.length - acksBefore,
		photosBefore,
		ms: performance.now() - started,
		output: result.out.trim(),
		cookie: cookie()
	};
	log(`backup done in ${(report.ms / 1000).toFixed(1)} s (${report.acksDuring} mutations acknowledged meanwhile)`);
	return report;
}

/** Restores the backup into a new data folder, starts a server on it, and checks what it holds. */
export async function verifyRestore(o: LoadOptions, backup: BackupReport, root: string, acks: Shared['acks'], log: (line: string) => void): Promise<Check[]> {
	const dataDir = join(root, 'restored');
	const restored = await admin(o.buildDir, dataDir, ['restore', backup.folder]);
	if (restored.code !== 0) return [{ name: 'the backup restores', ok: false, detail: `exit ${restored.code}: ${restored.err.trim() || restored.out.trim()}` }];
	const server = new ServerProcess({ buildDir: resolve(o.buildDir), port: o.restorePort || o.port + 1, dataDir });
	const recorder = new Recorder();
	const http = new HttpClient(server.origin, '10.255.255.254', 'Mozilla/5.0 (X11; Linux x86_64) Firefox/131.0', recorder);
	http.cookie = backup.cookie;
	try {
		await server.start();
		log(`restored backup served on ${server.origin}`);
		const state = await pullEverything(http);
		const lost = missingAcked(acks.slice(0, backup.acksBefore), state.records);
		const photoWrong: string[] = [];
		for (const p of backup.photosBefore) {
			const res = await http.request('photo-get', 'GET', `/api/photos/${p.sha}`, { binary: true });
			if (res.status !== 200 || createHash('sha256').update(res.raw).digest('hex') !== p.sha) photoWrong.push(`${p.name}: HTTP ${res.status}`);
		}
		return [
			{ name: 'the backup restores (integrity checked) and a server starts on it', ok: true, detail: restored.out.trim().split('\n').slice(-1)[0] ?? '' },
			{
				name: 'every mutation acknowledged before the backup is in it',
				ok: lost.length === 0,
				detail: `${backup.acksBefore} acknowledged before, ${backup.acksDuring} during; ${state.records.size} sheets restored, ${lost.length} lost${lost.length ? ` — e.g. ${lost.slice(0, 3).join('; ')}` : ''}`
			},
			{
				name: 'every photo complete before the backup is in it, intact',
				ok: photoWrong.length === 0,
				detail: `${backup.photosBefore.length - photoWrong.length}/${backup.photosBefore.length} intact`
			}
		];
	} finally {
		http.close();
		await server.stop();
	}
}
