import type { device as fr } from '../fr/device';

/** English, same keys as ../fr/device.ts (the compiler and tests/unit/i18n-catalogue.test.ts check it). */
export const device: { [K in keyof typeof fr]: string } = {
	'pwa.update.available': 'Nouvelle version disponible',
	'pwa.update.hint': 'Votre saisie est enregistrée avant le rechargement.',
	'pwa.update.reload': 'Recharger',
	'pwa.update.reloading': 'Rechargement…',
	'pwa.update.later': 'Plus tard',
	'pwa.update.failed':
		'La saisie en cours n’a pas pu être enregistrée : la mise à jour attend. Réessayez dans un instant.'
};
