import type { print as fr } from '../fr/print';

/** English, same keys as ../fr/print.ts (the compiler and tests/unit/i18n-catalogue.test.ts check it). */
export const print: { [K in keyof typeof fr]: string } = {
	'print.page_title': 'Summary of tools – {commune}',
	'print.doc_kind': 'Summary of food-processing tools',
	'print.commune_code': 'INSEE code {insee}',
	'print.printed_on': 'Printed on {date}',
	'print.synced_on': 'Data of this device, synced on {date}',
	'print.never_synced': 'Data of this device (never synced with the server)',
	'print.button': 'Print',
	'print.button_hint': 'A4 format. For a PDF file, choose "Save as PDF" as the printer.',

	'print.totals_label': 'In short',
	'print.total_tools.one': '{count} tool',
	'print.total_tools.other': '{count} tools',
	'print.total_without_mains.one': '{count} works without mains power',
	'print.total_without_mains.other': '{count} work without mains power',
	'print.total_reverify.one': '{count} to re-check on site',
	'print.total_reverify.other': '{count} to re-check on site',
	'print.total_archived.one': '{count} tool gone (archived)',
	'print.total_archived.other': '{count} tools gone (archived)',

	'print.group_count.one': '{count} tool',
	'print.group_count.other': '{count} tools',
	'print.untitled': 'Unnamed',

	'print.col.tool': 'Tool',
	'print.col.condition': 'Condition',
	'print.col.mains': 'Without mains power?',
	'print.col.verified': 'Last checked',
	'print.col.status': 'Sheet',

	'print.condition_unknown': 'not given',
	'print.mains.oui': '✔ Yes: works without power',
	'print.mains.non': '✘ No: needs mains power',
	'print.mains.inconnu': '? Unknown',
	'print.verified_never': 'never checked',
	'print.reverify': '⚠ due for re-check',
	'print.reverify_note': '"Due for re-check": the last on-site check is more than {months} months old (or is not known).',

	'print.archived_title': 'Tools gone (archived)',
	'print.archived_verified': 'last checked on {date}',

	'print.empty': 'No tool of this commune is stored on this device.',
	'print.empty_hint': 'The sheets of your communes reach the device when it syncs: connect to the Internet, then come back to this page.',
	'print.loading': 'Loading the sheets…',

	'print.no_commune_title': 'Summary to print',
	'print.no_commune': 'Choose the commune whose summary you want to print.',
	'print.unknown_commune': 'The commune "{insee}" is not known to the atlas.',
	'print.pick_commune': 'Communes with sheets on this device:',
	'print.pick_none': 'No sheet is stored on this device yet.',
	'print.back': 'Back to my sheets'
};
