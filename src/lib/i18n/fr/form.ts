/** The sheet form's progress cue and its small words (the form itself is in sheets.ts). */
export const form = {
	'form.optional': '{label} (facultatif)',
	'form.progress': 'Rubriques de la fiche',
	'form.progress_done': 'remplie',
	'form.progress_todo': 'pas encore remplie',
	'form.progress_count': '{done} rubriques remplies sur {total}'
} as const;
