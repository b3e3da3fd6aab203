/** The plain-text summary of a load run (a developer tool: English). */
import type { LoadResult } from './index';

const ms = (n: number) => (n >= 1000 ? `${(n / 1000).toFixed(2)} s` : `${n.toFixed(1)} ms`);
const mb = (n: number) => `${(n / 1_000_000).toFixed(1)} MB`;

function table(header: string[], rows: string[][]): string[] {
	const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
	const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ');
	return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)];
}

export function formatReport(r: LoadResult): string {
	const o = r.options;
	const lines: string[] = [];
	lines.push(
		`Load: ${o.volunteers} volunteers × ${o.sheets} sheets + 1 photo each` +
			(o.killAt !== null
				? `, server killed (SIGKILL) when ${o.killAt.map((x) => `${Math.round(x * 100)} %`).join(', ')} of the sheets were acknowledged`
				: o.killEvery !== null
					? `, server killed (SIGKILL) every ${o.killEvery} s ±50 %`
					: '') +
			(o.backupAt !== null ? `, backup at ${Math.round(o.backupAt * 100)} %` : '') +
			(o.restoreAtShares !== null
				? `, backup when ${Math.round(o.restoreAtShares[0] * 100)} % and restore when ${Math.round(o.restoreAtShares[1] * 100)} % of the sheets were acknowledged`
				: o.restoreAt !== null
					? `, restored at ${o.restoreAt} s from a backup taken at ${o.restoreAt / 2} s`
					: '') +
			`; store ${r.store === 'postgres' ? 'PostgreSQL' : 'SQLite'}` +
			(o.instances > 1 ? `, ${o.instances} instances (phones alternating)` : '')
	);
	lines.push(
		`Load average (1, 5, 15 min): ${r.loadAverage.before.map((x) => x.toFixed(2)).join(' ')} at the start, ${r.loadAverage.after.map((x) => x.toFixed(2)).join(' ')} at the end of the load`
	);
	lines.push(
		`Time: setup ${ms(r.timings.setupMs)} (team), load ${ms(r.timings.loadMs)} (sending ${ms(r.timings.workMs)}, last pulls ${ms(r.timings.finalPullMs)}), ` +
			`checks ${ms(r.timings.checkMs)}, total ${ms(r.timings.totalMs)}`
	);
	lines.push('');
	lines.push(
		...table(
			['request', 'ok', 'p50', 'p99', 'max', 'errors'],
			r.kinds.map((k) => [
				k.kind,
				String(k.count),
				ms(k.p50),
				ms(k.p99),
				ms(k.max),
				Object.entries(k.errors)
					.map(([cause, n]) => `${cause}×${n}`)
					.join(' ') || '0'
			])
		)
	);
	lines.push(`Load generator's own event loop late by p99 ${ms(r.generatorLag.p99)}, max ${ms(r.generatorLag.max)} (it shares the machine with the server)`);
	if (r.slowest.length && (r.slowest[0]?.ms ?? 0) > 10_000) {
		lines.push(
			`Slowest: ${r.slowest
				.slice(0, 5)
				.map((x) => `${x.kind} ${ms(x.ms)} (sent at ${ms(x.startedAt)})`)
				.join(', ')}`
		);
	}
	lines.push('');
	const t = r.throughput;
	lines.push(
		`Throughput: while sending ${t.sheetsPerSec.toFixed(0)} sheets/s, ${t.mutationsPerSec.toFixed(0)} acknowledged mutations/s; ` +
			`over the load ${t.requestsPerSec.toFixed(0)} requests/s, ${t.pulledPerSec.toFixed(0)} sheets pulled/s`
	);
	lines.push(
		`Totals: ${r.counts.sheets} sheets, ${r.counts.mutations} mutations, ${r.counts.photos} photos, ${r.counts.requests} requests, ` +
			`${r.counts.pulledChanges} sheets pulled by the phones, ${mb(r.counts.bytesSent)} sent, ${mb(r.counts.bytesReceived)} received; server version ${r.counts.serverVersion}`
	);
	if (r.resent) lines.push(`Sent again on a new connection (the kept-alive one had been closed, as browsers do): ${r.resent}`);
	const failures = Object.entries(r.syncFailures);
	if (failures.length) lines.push(`Failed syncs (retried with backoff): ${failures.map(([k, n]) => `${k} ${n}`).join(', ')}`);
	if (r.kills.length) {
		lines.push(`Kills: ${r.kills.length}; server start ${r.serverStartMs.map((n) => ms(n)).join(', ')}`);
		for (const [i, k] of r.kills.entries())
			lines.push(
				`  kill ${i + 1} at ${ms(k.at)}: ${k.acksBefore} mutations acknowledged before, ${k.inFlight} requests in flight, ${k.pending} rows waiting; back in ${ms(k.downMs)}`
			);
	}
	if (r.backup)
		lines.push(
			`Backup: at ${ms(r.backup.at)} after ${r.backup.acksBefore} acknowledged mutations, ${r.backup.acksDuring} more while it ran (${ms(r.backup.ms)}): ${r.backup.output.split('\n').join(' | ')}`
		);
	if (r.restore) {
		const x = r.restore;
		lines.push(
			`Restore: backup at ${ms(x.backupAt)} after ${x.acksAtBackup} acknowledged mutations (${ms(x.backupMs)}); server stopped at ${ms(x.restoreAt)} after ${x.acksAtRestore}, ` +
				`restored and back in ${ms(x.downMs)}: ${x.lostByRestore} acknowledged mutations and ${x.photosLost} photos not in the backup; ` +
				`${r.heals.phones} phones healed it (${r.heals.heals} heals, ${r.heals.resentRows} rows sent again)`
		);
	}
	lines.push('');
	lines.push('Checks:');
	for (const c of r.checks) lines.push(`  ${c.ok ? 'PASS' : 'FAIL'}  ${c.name}: ${c.detail}`);
	if (r.error) lines.push(`  FAIL  the run stopped: ${r.error}`);
	lines.push('');
	lines.push(r.ok ? 'RESULT: all checks passed' : 'RESULT: FAILED');
	return lines.join('\n');
}
