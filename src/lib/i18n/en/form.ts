import type { form as fr } from '../fr/form';

/** English, same keys as ../fr/form.ts (the compiler and tests/unit/i18n-catalogue.test.ts check it). */
export const form: { [K in keyof typeof fr]: string } = {
	'form.optional': '{label} (optional)',
	'form.progress': 'Sections of the sheet',
	'form.progress_done': 'filled in',
	'form.progress_todo': 'not filled in yet',
	'form.progress_count': '{done} of {total} sections filled in'
};
