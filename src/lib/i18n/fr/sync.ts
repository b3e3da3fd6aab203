/** Sync: what the server answers, and later what the volunteer sees of sending. */
export const sync = {
	'api.error.upgrade_required': 'Cette version de l’application est trop ancienne pour envoyer les fiches. Rechargez l’application : vos fiches non envoyées sont gardées et partiront ensuite.',
	'api.error.protocol_unknown': 'Le serveur est plus ancien que l’application. Prévenez la coordination du Parc ; vos fiches restent sur cet appareil.',
	'api.error.client_not_yours': 'Cet appareil est enregistré au nom d’une autre personne. Vos fiches restent sur cet appareil ; demandez de l’aide à la coordination du Parc.',
	'syncbar.all_sent': 'Tout est envoyé.',
	'syncbar.never': 'Jamais synchronisé depuis cet appareil.',
	'syncbar.last': 'Dernier envoi réussi : {date}.',
	'syncbar.now': 'Synchroniser maintenant',
	'syncbar.running': 'Synchronisation…',
	'syncbar.join_first': 'Les fiches partiront quand cet appareil aura rejoint l’équipe.',
	'syncbar.failure.offline': 'Pas de réseau : les fiches partiront toutes seules au retour du réseau.',
	'syncbar.failure.server': 'Le serveur ne répond pas correctement. Nouvel essai automatique dans quelques minutes ; vos fiches restent sur cet appareil.',
	'syncbar.failure.unauthenticated': 'Votre accès a expiré : rejoignez à nouveau l’équipe, les fiches attendent sur cet appareil.',
	'syncbar.failure.upgrade': 'Cette version de l’application est trop ancienne : rechargez l’application (vos fiches sont gardées).',
	'syncbar.failure.client_not_yours': 'Cet appareil est enregistré au nom d’une autre personne : demandez de l’aide à la coordination. Vos fiches restent ici.',
	'state.refusee': 'Refusée',
	'rejection.title': 'Modification refusée par le serveur',
	'rejection.forbidden': 'Vous n’avez pas le droit de modifier cette fiche (elle appartient à une autre personne ou à une autre commune). La version du serveur a été reprise.',
	'rejection.invalid': 'Une valeur n’a pas été acceptée par le serveur. La version du serveur a été reprise.',
	'rejection.dismiss': 'J’ai compris'
} as const;
