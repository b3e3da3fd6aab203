import type { locale as fr } from '../fr/locale';

/** English, same keys as ../fr/locale.ts (the compiler and tests/unit/i18n-catalogue.test.ts check it). */
export const locale: { [K in keyof typeof fr]: string } = {
	'locale.title': 'Langue / Language',
	'locale.hint': "The app's language on this device. Sheets stay as they were written.",
	'locale.name.fr': 'Français',
	'locale.name.en': 'English',
	'locale.changed': 'The app is now in English.',
	'locale.failed': 'The language could not be changed. Reload the page and try again.',

	'unit.bytes.b': '{n} B',
	'unit.bytes.kb': '{n} kB',
	'unit.bytes.mb': '{n} MB',
	'unit.bytes.gb': '{n} GB'
};
