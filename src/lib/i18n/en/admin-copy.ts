import type { adminCopy as fr } from '../fr/admin-copy';

/** English, same keys as ../fr/admin-copy.ts (the compiler and tests/unit/i18n-catalogue.test.ts check it). */
export const adminCopy: { [K in keyof typeof fr]: string } = {
	'cli.copy.usage': `Moving to PostgreSQL:
  copy-to-postgres ADDRESS [--resume] [--verify-only]
      Copies the whole census of the data folder (SQLite database, photos, territory settings)
      into the PostgreSQL database ADDRESS (postgres://…), with the app stopped, then checks
      every table (row count and SHA-256 checksum) and every photo.
      --resume        continues an interrupted copy (the PostgreSQL database is no longer empty)
      --verify-only   only compares the two databases, copies nothing
      Example: npm run admin -- copy-to-postgres "$DATABASE_URL"
  With DATABASE_URL=postgres://…, the other commands work on PostgreSQL; backup and restore
  are for SQLite only (for PostgreSQL: pg_dump and pg_restore).`,

	'cli.copy.error.url_missing': 'Give the address of the PostgreSQL database, for example: npm run admin -- copy-to-postgres postgres://atlas@localhost/atlas',
	'cli.copy.error.url_invalid': 'This is not a PostgreSQL address: it starts with postgres:// or postgresql://.',
	'cli.copy.error.flags': '--resume and --verify-only do not go together: --verify-only copies nothing.',
	'cli.copy.error.server_running': 'The app is still using the database {file}. Stop it first, then run the copy again. Nothing was copied.',
	'cli.copy.error.too_new':
		'This database comes from a newer version of the app (schema {found}, this one stops at schema {known}): update the app, then try again. Nothing was copied.',
	'cli.copy.error.changed':
		'The SQLite database changed during the copy (version {before} at the start, {after} at the end): is the app still running? Stop it, then run again with --resume.',
	'cli.copy.error.unknown_table':
		'This version of the app cannot copy the table {tables} of the SQLite database. Update the app, then try again. Nothing was copied.',
	'cli.copy.error.missing_column': 'The PostgreSQL database lacks the columns {columns}: it comes from another version of the app. Nothing was copied.',
	'cli.copy.error.connect': 'Could not open the PostgreSQL database ({message}). Nothing was copied.',
	'cli.copy.error.not_empty':
		'The PostgreSQL database is not empty (tables {tables}). To continue an interrupted copy, add --resume; otherwise, give an empty database. Nothing was copied.',
	'cli.copy.error.nul': '{count} value(s) hold the NUL character (U+0000), which PostgreSQL cannot store in text:',
	'cli.copy.error.nul_row': '  table {table}, row {key}: {columns}',
	'cli.copy.error.nul_hint': 'Fix these values (in the app, or with sqlite3 while the app is stopped), then run again. Nothing was copied.',
	'cli.copy.error.version_behind': 'Inconsistent copy: the version counter ({counter}) is lower than the highest sheet version ({max}).',
	'cli.error.postgres_unreachable':
		'The PostgreSQL database {target} does not answer ({reason}): check DATABASE_URL (address, user, password) and that the PostgreSQL server is running.',
	'cli.copy.error.sqlite_only':
		'The command {command} is for the SQLite database only, and DATABASE_URL names a PostgreSQL database: back it up with pg_dump and restore it with pg_restore (photos are in the database).',

	'cli.copy.progress.start': 'Copying {file} to {target}…',
	'cli.copy.progress.resume': 'Resuming: the tables {tables} already hold rows, only missing rows are added.',
	'cli.copy.progress.rows': '  {table}: {done} / {total} rows…',
	'cli.copy.progress.table': '{table}: {total} row(s), {added} added',
	'cli.copy.progress.merged': 'records: {count} merged sheet(s) pointed to the sheet that carries on',
	'cli.copy.progress.legacy': 'Setting "{key}" taken from the file {file}',
	'cli.copy.progress.sequences': "Numbering continues after SQLite's last id: {tables}",
	'cli.copy.progress.photos_some': '  photos: {done} / {total}…',
	'cli.copy.progress.photos': 'photos: {photos} complete, {partial} upload(s) in progress, {bytes} copied',
	'cli.copy.progress.verify': 'Checking (row count and checksum of every table, bytes of every photo)…',
	'cli.copy.warning.photos_missing':
		'Warning: {count} photo(s) recorded as complete have no valid file in the photos folder (for example {shas}); they stay unreadable, as before the copy.',

	'cli.copy.verify.header': 'table|rows|SQLite checksum|PostgreSQL checksum|ok',
	'cli.copy.verify.yes': 'yes',
	'cli.copy.verify.no': 'NO',
	'cli.copy.verify.photo_bytes': 'photo bytes',

	'cli.copy.summary.mismatch':
		'Check FAILED: {count} difference(s) between SQLite and PostgreSQL ({tables}). Do not start the app on PostgreSQL: run the copy again with --resume, or start over on an empty database.',
	'cli.copy.summary.verified': 'Check passed in {seconds} s: {tables} identical tables ({rows} rows), identical photos: {photos}.',
	'cli.copy.summary.copied': 'Copy done and checked in {seconds} s: {tables} identical tables ({rows} rows, {added} added now), photos: {photos}.',
	'cli.copy.summary.next': 'Now start the app with DATABASE_URL on this database (the SQLite data folder stays as it is: do not put it back in service).'
};
