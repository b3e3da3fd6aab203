/** locale: the language choice on « Cet appareil », and units written per language. */
export const locale = {
	// The title names the choice in both languages: whoever cannot read the current one still finds it.
	'locale.title': 'Langue / Language',
	'locale.hint': 'La langue de l’application sur cet appareil. Les fiches restent telles qu’elles ont été saisies.',
	// Each language is named in itself (a person looks for the name of their own language).
	'locale.name.fr': 'Français',
	'locale.name.en': 'English',
	'locale.changed': 'L’application est maintenant en français.',
	'locale.failed': 'La langue n’a pas pu être changée. Rechargez la page puis réessayez.',

	'unit.bytes.b': '{n} o',
	'unit.bytes.kb': '{n} ko',
	'unit.bytes.mb': '{n} Mo',
	'unit.bytes.gb': '{n} Go'
} as const;
