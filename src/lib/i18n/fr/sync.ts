/** Sync: what the server answers, and later what the volunteer sees of sending. */
export const sync = {
	'api.error.upgrade_required': 'Cette version de l’application est trop ancienne pour envoyer les fiches. Rechargez l’application : vos fiches non envoyées sont gardées et partiront ensuite.',
	'api.error.protocol_unknown': 'Le serveur est plus ancien que l’application. Prévenez la coordination du Parc ; vos fiches restent sur cet appareil.',
	'api.error.client_not_yours': 'Cet appareil est enregistré au nom d’une autre personne. Vos fiches restent sur cet appareil ; demandez de l’aide à la coordination du Parc.'
} as const;
