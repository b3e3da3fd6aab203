import type { cli as fr } from '../fr/cli';

/**
 * English, same keys as ../fr/cli.ts (the compiler and tests/unit/i18n-catalogue.test.ts check it).
 * The French errors carry an English twin line; here every line is English only. Role, format,
 * filter and option values (benevole, en_service, --with-private…) are machine words: unchanged.
 */
export const cli: { [K in keyof typeof fr]: string } = {
	'cli.usage': `Atlas des outils — operator command line

Usage: npm run admin -- <command> [options]

Commands:
  create-coordinator [--qr]
      One-time link that creates a coordinator account: a first-run link if the
      database is empty, otherwise a single-use coordinator invitation valid 24 h.
  invite --role benevole|mairie|coordinateur [options]
      Creates an invitation and prints its link.
      (benevole = volunteer, mairie = town hall, coordinateur = coordinator)
      --communes 61309,61293   INSEE codes, required for mairie
      --uses N                 number of uses (1 to 10000); default: unlimited
                               (coordinateur: 1)
      --expires 7d|24h         validity in days (d or j) or in hours (h); default: no limit
                               (coordinateur: 24h)
      --label "…"              label shown in the team list
      --qr                     also prints a QR code to scan
  users
      Lists people: role, communes, username, last visit, state, id.
  revoke <id|username|name>
      Removes a person's access and ends all their sessions.
  reissue <id|username|name> [--qr]
      New link (once, 7 days) for someone who lost access: same account.
  invitations
      Lists invitations and their state.
  revoke-invitation <id|link>
      Cancels an invitation: its link no longer works.
  export --format {formats} --out FILE [--with-private] [filters]
      Writes the census to a file, like the download on the Census screen
      (for scheduled copies).
      csv        CSV for Excel/LibreOffice (";" separator, headers and labels in words)
      csv-plain  plain CSV for programs ("," separator, technical names, codes)
      xlsx       Excel workbook with a "Dictionary" sheet
      geojson    WGS84 points for QGIS
      photos     ZIP of the photos, named by sheet
      --with-private           adds the private contact details of named persons;
                               recorded in the activity log
      --commune 61309,61293    the Census screen's filters:
      --cdc SIREN  --category pressoir,alambic  --condition en_service|a_reparer|hors_service|demonte|none
      --status brouillon|soumis|valide|a_corriger|archive  --mains oui|non|inconnu
      --q "text"  --reverify (due for re-check)  --deleted (with deleted sheets)
      Example: npm run admin -- export --format xlsx --out /backups/atlas.xlsx
  help
      This help.

Options: --name value or --name=value.
Data: ATLAS_DATA_DIR (here: {dataDir})
Links: ORIGIN (here: {origin})
Exit codes: 0 success, 1 failure, 2 bad usage
The link is alone on its line: npm run -s admin -- invite --role benevole | grep '^http'`,

	'cli.hint.help': 'Help: npm run admin -- help',

	// ---- bad usage (exit 2) ----
	'cli.error.no_command': 'No command given.',
	'cli.error.unknown_command': 'Unknown command: "{command}".',
	'cli.error.unknown_option': 'Unknown option for {command}: {option}.',
	'cli.error.missing_value': 'Option {option} needs a value.',
	'cli.error.flag_value': 'Option {option} takes no value.',
	'cli.error.repeated_option': 'Option {option} is given twice.',
	'cli.error.unexpected_argument': 'Unexpected argument: "{arg}".',
	'cli.error.role_missing': 'Missing role: --role benevole, mairie or coordinateur.',
	'cli.error.role_invalid': 'Unknown role: "{role}". Possible roles: benevole, mairie, coordinateur.',
	'cli.error.communes_required': 'A mairie (town hall) invitation must name its communes: --communes 61309,61293 (INSEE codes).',
	'cli.error.communes_not_mairie': '--communes only applies to the mairie role (the other roles cover the whole territory).',
	'cli.error.communes_invalid': 'Invalid INSEE code(s): {codes}. An INSEE code has 5 characters, for example 61309 or 2A004.',
	'cli.error.communes_unknown': 'Commune(s) outside the territory "{territory}": {codes}.',
	'cli.error.uses_invalid': '--uses needs a whole number from 1 to 10000; got "{value}".',
	'cli.error.expires_invalid': '--expires needs a duration such as 7d (days) or 24h (hours), from 1 hour to 365 days; got "{value}".',
	'cli.error.label_invalid': '--label: 120 characters at most.',
	'cli.error.user_missing': 'Missing person: {command} <id or username> (the list: npm run admin -- users).',
	'cli.error.invitation_missing': 'Missing invitation: revoke-invitation <id or link> (the list: npm run admin -- invitations).',

	'cli.error.format_missing': 'Missing format: --format {first} or {last}.',
	'cli.error.format_invalid': 'Unknown format: "{format}". Formats: {list}.',
	'cli.error.out_missing': 'Missing output file: --out atlas.csv',
	'cli.error.filter_invalid': 'Not a census filter value: {option} "{value}".',
	'cli.error.private_photos': '--with-private does not apply to photos (they hold no contact details).',

	// ---- failures (exit 1) ----
	'cli.error.out_folder_missing': 'No such folder: {folder}',
	'cli.error.out_is_folder': 'This is a folder, not a file: {file}',
	'cli.error.user_unknown': 'Unknown person: "{who}". The list: npm run admin -- users',
	'cli.error.user_ambiguous': 'Several people are named "{who}": give the id ({ids}).',
	'cli.error.invitation_unknown': 'Unknown invitation: "{what}". The list: npm run admin -- invitations',
	'cli.error.no_database': 'No database here: {file}\nCheck ATLAS_DATA_DIR, or start the app (npm start) once.',
	'cli.error.failed': 'Failed: {message}',

	'cli.warning.territory_unavailable': 'Warning: the territory cannot be read, INSEE codes are only checked for their shape.\n{message}',
	'cli.warning.no_coordinator': 'Warning: no active coordinator account left. To create one: npm run admin -- create-coordinator',

	// ---- results ----
	'cli.setup.first_run': 'First run: open this link to create the coordinator account (once only, valid until {date}):',
	'cli.setup.invitation': 'Accounts already exist: invitation to the coordinator role, once only, valid until {date}:',
	'cli.setup.label': 'Coordinator (command line)',
	'cli.invite.header': 'Invitation link — {what}, {uses}, {expires}:',
	'cli.invite.communes': '{role} for {communes}',
	'cli.invite.uses.unlimited': 'unlimited uses',
	'cli.invite.uses.one': '{count} use',
	'cli.invite.uses.other': '{count} uses',
	'cli.invite.id': 'Invitation {id} (to cancel it: npm run admin -- revoke-invitation {id})',
	'cli.expires.never': 'no expiry date',
	'cli.expires.until': 'valid until {date}',
	'cli.reissue.header': 'New link for {name} ({role}), once only, valid until {date}:',
	'cli.reissue.revoked_note': '{name} has no access at the moment: this link will give it back.',
	'cli.revoke.done': 'Access removed for {name} ({role}): {sessions}.',
	'cli.revoke.already': '{name} had already lost access; {sessions}.',
	'cli.revoke.sessions.one': '{count} session ended',
	'cli.revoke.sessions.other': '{count} sessions ended',
	'cli.revoke_invitation.done': 'Invitation {id} cancelled: its link no longer works.',
	'cli.revoke_invitation.already': 'Invitation {id} was already cancelled.',

	'cli.export.done': 'Export written: {file} ({rows}, {size}).',
	'cli.export.rows.one': '{count} sheet',
	'cli.export.rows.other': '{count} sheets',
	'cli.export.private_audited': 'Private contact details included: this export is recorded in the activity log.',

	'cli.users.empty': 'Nobody yet. To start: npm run admin -- create-coordinator',
	'cli.users.count.one': '{count} person',
	'cli.users.count.other': '{count} people',
	'cli.users.col.name': 'Name',
	'cli.users.col.role': 'Role',
	'cli.users.col.communes': 'Communes',
	'cli.users.col.login': 'Username',
	'cli.users.col.last_seen': 'Last visit',
	'cli.users.col.devices': 'Devices',
	'cli.users.col.state': 'State',
	'cli.users.col.id': 'Id',
	'cli.users.state.active': 'active',
	'cli.users.state.revoked': 'revoked',
	'cli.never': 'never',
	'cli.none': '—',

	'cli.invitations.empty': 'No invitations.',
	'cli.invitations.count.one': '{count} invitation',
	'cli.invitations.count.other': '{count} invitations',
	'cli.invitations.col.id': 'Id',
	'cli.invitations.col.role': 'Role',
	'cli.invitations.col.communes': 'Communes',
	'cli.invitations.col.label': 'Label',
	'cli.invitations.col.uses': 'Uses',
	'cli.invitations.col.expires': 'Expires',
	'cli.invitations.col.created': 'Created',
	'cli.invitations.col.state': 'State',
	'cli.invitations.for': 'new link for {name}',
	'cli.invitations.state.active': 'valid',
	'cli.invitations.state.token_expired': 'expired',
	'cli.invitations.state.token_used': 'used up',
	'cli.invitations.state.token_revoked': 'cancelled',
	'cli.invitations.state.token_invalid': 'invalid'
};
