/**
 * export: the census to a file, as the coordinator downloads it (same writers, same columns), for
 * scheduled copies. `--with-private` adds the named persons' contact data and is written in the
 * audit log (no actor, `via: 'cli'`). The filters are those of the census screen, by the names of
 * its query string. The file appears whole or not at all: it is written beside, then renamed.
 */
import { createWriteStream, existsSync, statSync } from 'node:fs';
import { rename, unlink } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { formatBytes, t, tn } from '$lib/i18n';
import type { Territory } from '$lib/domain/territory';
import { filterFromParams } from '$lib/schemas/census';
import { EXPORT_FORMATS, isExportFormat, openExport, takesPrivate, type ExportFormat } from '$lib/server/export';
import type { User } from '$lib/server/store/types';
import { loadTerritory } from '$lib/server/territory';
import { flag, valueOf, type ParsedArgs } from '../args';
import { failure, usageError } from '../errors';
import type { Command, CommandContext } from '../types';

/** Filter options: the census screen's query parameters (`--commune 61309,61293` = two `commune=`). */
const LIST_FILTERS = ['commune', 'cdc', 'category', 'condition', 'status', 'mains'] as const;
const FLAG_FILTERS = ['reverify', 'deleted'] as const;

/** The census filter of the command line, as search parameters; a usage error names a wrong value. */
export function filterParams(args: ParsedArgs): URLSearchParams {
	const params = new URLSearchParams();
	const q = valueOf(args, 'q');
	if (q !== undefined) params.set('q', q);
	for (const name of LIST_FILTERS) {
		const raw = valueOf(args, name);
		if (raw === undefined) continue;
		for (const value of raw.split(/[\s,;]+/).filter(Boolean)) {
			// Checked one by one, so the message can say which value is wrong.
			if (!filterFromParams(new URLSearchParams([[name, value]]))) {
				throw usageError(t('cli.error.filter_invalid', { option: `--${name}`, value }));
			}
			params.append(name, value);
		}
	}
	for (const name of FLAG_FILTERS) if (flag(args, name)) params.set(name, '1');
	if (!filterFromParams(params)) throw usageError(t('cli.error.filter_invalid', { option: '--q', value: q ?? '' }));
	return params;
}

/** EXPORT_FORMATS as the messages name them: `a|b|c` (synopsis), `a, b, c` (list), `a, b` + `c` (« ou » / "or"). */
export function formatChoices(): { formats: string; list: string; first: string; last: string } {
	return {
		formats: EXPORT_FORMATS.join('|'),
		list: EXPORT_FORMATS.join(', '),
		first: EXPORT_FORMATS.slice(0, -1).join(', '),
		last: EXPORT_FORMATS[EXPORT_FORMATS.length - 1] as string
	};
}

function parseFormat(raw: string | undefined): ExportFormat {
	if (raw === undefined) throw usageError(t('cli.error.format_missing', formatChoices()));
	const format = raw.trim().toLowerCase();
	if (!isExportFormat(format)) throw usageError(t('cli.error.format_invalid', { format: raw, ...formatChoices() }));
	return format;
}

/** A path as the operator typed it: relative to where `npm run` was started (npm itself moves to the project). */
function outputPath(raw: string | undefined): string {
	if (raw === undefined) throw usageError(t('cli.error.out_missing'));
	const file = resolve(process.env.INIT_CWD ?? process.cwd(), raw);
	const folder = dirname(file);
	if (!existsSync(folder) || !statSync(folder).isDirectory()) throw failure(t('cli.error.out_folder_missing', { folder }));
	if (existsSync(file) && statSync(file).isDirectory()) throw failure(t('cli.error.out_is_folder', { file }));
	return file;
}

/**
 * The operator reads the census with a coordinator's rights (they hold the database anyway); the
 * private columns still come only with --with-private. No account stands for them: `id` matches nobody.
 */
function operator(now: Date): User {
	return {
		id: '',
		name: '',
		role: 'coordinateur',
		communes: [],
		login: null,
		passwordHash: null,
		createdAt: now.toISOString(),
		lastSeenAt: null,
		revokedAt: null
	};
}

/** The configured territory; when unreadable, a warning and communes known only by their code. */
async function territoryOf(c: CommandContext): Promise<Territory> {
	try {
		return await loadTerritory(c.store, c.dataDir);
	} catch (e) {
		c.io.err(t('cli.warning.territory_unavailable', { message: e instanceof Error ? e.message : String(e) }));
		return { id: '', name: '', version: '', cdcs: [], communes: [] };
	}
}

export const exportCommand: Command = {
	spec: {
		options: {
			format: 'value',
			out: 'value',
			'with-private': 'flag',
			q: 'value',
			...Object.fromEntries(LIST_FILTERS.map((n) => [n, 'value' as const])),
			...Object.fromEntries(FLAG_FILTERS.map((n) => [n, 'flag' as const]))
		},
		maxPositionals: 0
	},
	database: 'existing',
	prepare(args) {
		const format = parseFormat(valueOf(args, 'format'));
		const withPrivate = flag(args, 'with-private');
		if (withPrivate && !takesPrivate(format)) throw usageError(t('cli.error.private_photos'));
		const filter = filterFromParams(filterParams(args));
		if (!filter) throw usageError(t('cli.error.filter_invalid', { option: '--q', value: '' }));
		const file = outputPath(valueOf(args, 'out'));

		return async (c) => {
			const territory = await territoryOf(c);
			const opened = await openExport(c.store, {
				format,
				filter,
				withPrivate,
				user: operator(c.now),
				territory,
				photosDir: join(c.dataDir, 'photos'),
				audit: { actorId: null, ip: null, via: 'cli' },
				now: c.now
			});
			const part = `${file}.part-${process.pid}`;
			try {
				await pipeline(Readable.from(opened.bytes), createWriteStream(part));
				await rename(part, file);
			} catch (e) {
				await unlink(part).catch(() => undefined);
				throw e;
			}
			c.io.out(t('cli.export.done', { file, rows: tn('cli.export.rows', opened.stats.rows), size: formatBytes(statSync(file).size) }));
			if (withPrivate) c.io.out(t('cli.export.private_audited'));
		};
	}
};
