/**
 * copy-to-postgres URL [--resume] [--verify-only]: moves a census from the embedded SQLite database
 * (and its photo files) to PostgreSQL, the app stopped, and proves the copy (counts and SHA-256 of
 * every table, every photo's bytes). The work is in ../copy/ (run.ts describes the steps).
 *
 * Offline like restore: it opens the data folder's database itself, to check first that no app
 * holds it, and never through DATABASE_URL (the target is the URL given, whatever the environment).
 * Exit 1 when the verification finds any difference.
 */
import { t } from '$lib/i18n';
import { isPostgresUrl } from '$lib/server/postgres/connect';
import { flag } from '../args';
import { usageError } from '../errors';
import type { Command } from '../types';
import { copyToPostgres, mismatchError } from '../copy/run';

export const copyToPostgresCommand: Command = {
	spec: { options: { resume: 'flag', 'verify-only': 'flag' }, maxPositionals: 1 },
	database: 'none',
	prepare(args) {
		const url = args.positionals[0];
		if (url === undefined || url.trim() === '') throw usageError(t('cli.copy.error.url_missing'));
		if (!isPostgresUrl(url)) throw usageError(t('cli.copy.error.url_invalid'));
		if (flag(args, 'resume') && flag(args, 'verify-only')) throw usageError(t('cli.copy.error.flags'));
		return async () => undefined;
	},
	async offline(args, c) {
		const report = await copyToPostgres({
			dataDir: c.dataDir,
			url: args.positionals[0] as string,
			resume: flag(args, 'resume'),
			verifyOnly: flag(args, 'verify-only'),
			io: c.io
		});
		if (!report.ok) throw mismatchError(report);
	}
};
