/**
 * The arithmetic of `npm run bench`, kept apart so that a unit test checks it (tests/unit/bench-stats.test.ts):
 * percentiles of timing samples, the ratio of a figure to its baseline, whether a target is met, and
 * the printed table. Plain JavaScript with JSDoc types: the harness runs it with node, no build.
 */

/**
 * The p-th percentile (0–100) of samples, by linear interpolation between the two nearest ranks
 * (numpy's default): p50 of [1, 2, 3, 4] is 2.5, p95 of 1…100 is 95.05. NaN for no samples.
 * @param {readonly number[]} samples
 * @param {number} p
 */
export function percentile(samples, p) {
	if (samples.length === 0) return NaN;
	if (!(p >= 0 && p <= 100)) throw new RangeError(`percentile ${p} is not between 0 and 100`);
	const sorted = [...samples].sort((a, b) => a - b);
	const rank = (p / 100) * (sorted.length - 1);
	const low = Math.floor(rank);
	const high = Math.ceil(rank);
	const a = /** @type {number} */ (sorted[low]);
	const b = /** @type {number} */ (sorted[high]);
	return a + (b - a) * (rank - low);
}

/** @param {readonly number[]} samples */
export const median = (samples) => percentile(samples, 50);

/**
 * ours ÷ baseline: 1.3 means 30 % more than the baseline (slower, bigger). Null when either is
 * missing or the baseline is not a positive number (a ratio to zero means nothing).
 * @param {number | null | undefined} ours
 * @param {number | null | undefined} baseline
 * @returns {number | null}
 */
export function ratio(ours, baseline) {
	if (ours == null || baseline == null || !Number.isFinite(ours) || !Number.isFinite(baseline) || baseline <= 0) return null;
	return ours / baseline;
}

/**
 * A target: a bound on the figure itself (`value`) or on its ratio to the baseline (`ratio`).
 * @typedef {{ on: 'value' | 'ratio'; op: '<=' | '>='; limit: number; text: string }} Target
 */

/**
 * Is the target met? Null when there is no target or nothing to compare (a missing figure is never "met").
 * @param {Target | null | undefined} target
 * @param {number | null | undefined} ours
 * @param {number | null | undefined} baseline
 * @returns {boolean | null}
 */
export function targetMet(target, ours, baseline) {
	if (!target) return null;
	const x = target.on === 'ratio' ? ratio(ours, baseline) : ours;
	if (x == null || !Number.isFinite(x)) return false;
	return target.op === '<=' ? x <= target.limit : x >= target.limit;
}

/**
 * Are all the targets of a figure met? Null when it has none.
 * @param {readonly Target[]} targets
 * @param {number | null | undefined} ours
 * @param {number | null | undefined} baseline
 * @returns {boolean | null}
 */
export function targetsMet(targets, ours, baseline) {
	if (targets.length === 0) return null;
	return targets.every((t) => targetMet(t, ours, baseline) === true);
}

/**
 * One line of the report.
 * @typedef {object} Row
 * @property {string} section   which part of the harness measured it (local, ingest, pull, export, js, lighthouse)
 * @property {string} figure    what is measured, in words
 * @property {string} unit      ms, MB, kB, sheets/s, bytes/sheet, score…
 * @property {number | null} ours
 * @property {number | null} baseline
 * @property {string} baselineLabel  what the baseline is (raw IndexedDB puts, raw SQLite scan…)
 * @property {Target[]} targets    none, one or several (all must be met)
 * @property {string} [note]
 */

/**
 * The row with its ratio and verdict, as written in the JSON report.
 * @param {Row} row
 */
export function evaluate(row) {
	return { ...row, ratio: ratio(row.ours, row.baseline), met: targetsMet(row.targets, row.ours, row.baseline) };
}

/**
 * A number for the table: thousands separated by a thin space would confuse terminals, so a comma
 * (1,234), and fewer decimals as the number grows (0.123, 12.3, 1,234).
 * @param {number | null | undefined} x
 */
export function formatNumber(x) {
	if (x == null || !Number.isFinite(x)) return '—';
	const abs = Math.abs(x);
	const digits = abs >= 100 ? 0 : abs >= 10 ? 1 : abs >= 1 ? 2 : 3;
	return x.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** @param {number | null} r */
export const formatRatio = (r) => (r == null ? '—' : `${r.toFixed(2)}×`);

/** @param {boolean | null} met */
export const formatMet = (met) => (met === null ? '—' : met ? 'yes' : 'NO');

/**
 * The table printed at the end of a run: figure | ours | baseline | ratio | target | met?
 * Columns padded to their widest cell; numbers right-aligned.
 * @param {readonly Row[]} rows
 * @returns {string}
 */
export function formatTable(rows) {
	const header = ['figure', 'ours', 'baseline', 'ratio', 'target', 'met?'];
	const body = rows.map((row) => {
		const r = evaluate(row);
		const unit = row.unit ? ` ${row.unit}` : '';
		const base = row.baseline == null ? row.baselineLabel || '—' : `${formatNumber(row.baseline)}${unit} (${row.baselineLabel})`;
		return [
			row.figure,
			row.ours == null ? 'failed' : `${formatNumber(row.ours)}${unit}`,
			base,
			formatRatio(r.ratio),
			row.targets.map((t) => t.text).join(' and ') || '—',
			formatMet(r.met)
		];
	});
	const widths = header.map((h, i) => Math.max(h.length, ...body.map((cells) => (cells[i] ?? '').length)));
	const right = new Set([1, 3]);
	/** @param {string[]} cells */
	const line = (cells) =>
		cells
			.map((c, i) => (right.has(i) ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0)))
			.join(' | ')
			.trimEnd();
	return [line(header), widths.map((w) => '-'.repeat(w)).join('-|-'), ...body.map(line)].join('\n');
}
