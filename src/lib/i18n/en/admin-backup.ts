import type { adminBackup as fr } from '../fr/admin-backup';

/** English, same keys as ../fr/admin-backup.ts (the compiler and tests/unit/i18n-catalogue.test.ts check it). */
export const adminBackup: { [K in keyof typeof fr]: string } = {
	'cli.backup.usage': `Backup and restore:
  backup FOLDER
      Full backup, safe while the server runs and writes: a consistent copy of the database
      (SQLite's online backup), every photo checked, the territory settings.
      FOLDER is created; it must not exist (a backup never overwrites another).
      Example: npm run admin -- backup /backups/atlas-$(date +%F)
  restore FOLDER
      Puts a backup back, with the server stopped: first checks the database (PRAGMA
      integrity_check) and every photo, keeps the old data folder beside it
      (<data>.avant-restauration-<date>), then copies the backup in its place.`,

	'cli.backup.error.target_missing': 'Name the folder to create for the backup, for example: npm run admin -- backup /backups/atlas-2026-11-28',
	'cli.backup.error.exists': 'Refused: "{path}" already exists. A backup never overwrites another: choose a new name (with the date, for example).',
	'cli.backup.error.folder_missing': 'The folder to write the backup in does not exist: {folder}',
	'cli.backup.error.integrity': 'The copy of the database is damaged (integrity check: {message}). No backup was written.',
	'cli.backup.warning.photos_missing':
		'Warning: {count} recorded photo(s) are missing or damaged in {dir}; the backup is made without them (for example {shas}).',
	'cli.backup.done': 'Backup written: {path}',
	'cli.backup.summary': '{size} — {sheets}, {photos}.',
	'cli.backup.hint': 'To put it back: stop the server, then npm run admin -- restore {path}',
	'cli.backup.sheets.one': '{count} sheet',
	'cli.backup.sheets.other': '{count} sheets',
	'cli.backup.photos.one': '{count} photo',
	'cli.backup.photos.other': '{count} photos',

	'cli.restore.error.source_missing': 'Name the backup to put back, for example: npm run admin -- restore /backups/atlas-2026-11-28',
	'cli.restore.error.not_backup': '"{path}" is not a backup of the Atlas: there is no atlas.sqlite file in it.',
	'cli.restore.error.damaged': 'The backup is damaged ({message}). Nothing was changed.',
	'cli.restore.error.too_new':
		'This backup comes from a newer version of the app (database at schema {found}, this one stops at schema {known}): update the app, then try again. Nothing was changed.',
	'cli.restore.error.photos': '{count} photo(s) of the backup are missing or damaged (for example {shas}). Nothing was changed.',
	'cli.restore.error.server_running': 'The server is still using the database {file}. Stop it first, then run the restore again. Nothing was changed.',
	'cli.restore.error.same_folder': 'This backup is the data folder itself: nothing to restore.',
	'cli.restore.error.move_failed': 'Could not set the old data folder aside ({message}). Move {dataDir} yourself, then try again. Nothing was changed.',
	'cli.restore.done': 'Backup put back in {dataDir}: {sheets}, {photos}.',
	'cli.restore.kept': 'The old data folder is kept as it was: {old}',
	'cli.restore.dated':
		'The database is back to its state of {date}. Start the server (npm start): at their next sync, phones will send again by themselves what they had sent since.'
};
