/** A change the server refused whole, set aside so that the rest of the outbox goes through. */
export const bisect = {
	'rejection.unreadable':
		'Le serveur n’a pas pu lire cette modification\u00a0: elle a été mise de côté pour que vos autres fiches partent. Si le serveur avait déjà cette fiche, sa version a été reprise. Prévenez la coordination du Parc (le serveur n’est peut-être pas à jour).',
	'rejection.too_large':
		'Cette modification est trop lourde pour le serveur (un texte très long\u00a0?)\u00a0: elle a été mise de côté pour que vos autres fiches partent. Si le serveur avait déjà cette fiche, sa version a été reprise. Prévenez la coordination du Parc.'
} as const;
