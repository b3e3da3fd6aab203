/** The device and the app itself: installation, offline readiness, updates. */
export const device = {
	'pwa.update.available': 'Nouvelle version disponible',
	'pwa.update.hint': 'Votre saisie est enregistrée avant le rechargement.',
	'pwa.update.reload': 'Recharger',
	'pwa.update.reloading': 'Rechargement…',
	'pwa.update.later': 'Plus tard',
	'pwa.update.failed': 'La saisie en cours n’a pas pu être enregistrée : la mise à jour attend. Réessayez dans un instant.'
} as const;
