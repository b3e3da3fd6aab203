/** The screen after « Terminer la fiche » (and after resending a corrected sheet). */
export const finish = {
	'finish.title': 'Fiche terminée',
	'finish.title_resent': 'Corrections renvoyées',
	'finish.thanks_resent': 'Merci\u00a0! La mairie de {commune} va relire vos corrections.',
	'finish.summary': 'Résumé de la fiche',
	/** After a label of the summary, before its value. */
	'finish.colon': '\u00a0:',
	'finish.place': 'Lieu',
	'finish.point_gps': 'position GPS enregistrée',
	'finish.point_manual': 'point placé à la main',
	'finish.point_none': 'pas de position',
	'finish.without_mains': 'Sans courant du réseau',
	'finish.where': 'Où va la fiche',
	'finish.delivery.sent': 'Envoyée à la mairie de {commune} et à la coordination.',
	'finish.delivery.sending': 'Envoi en cours à la mairie de {commune} et à la coordination…',
	'finish.delivery.waiting_network': 'Gardée sur ce téléphone\u00a0: elle partira dès que le réseau revient, toute seule.',
	'finish.delivery.waiting_join': 'Gardée sur ce téléphone\u00a0: elle partira quand cet appareil aura rejoint l’équipe.',
	'finish.delivery.retrying': 'Gardée sur ce téléphone\u00a0: le serveur ne répond pas, l’application réessaiera toute seule.',
	'finish.delivery.refused': 'Le serveur a refusé cette fiche\u00a0: ouvrez-la pour voir pourquoi.',
	'finish.photos_waiting.one': '{count}\u00a0photo reste à envoyer\u00a0; elle partira à la suite.',
	'finish.photos_waiting.other': '{count}\u00a0photos restent à envoyer\u00a0; elles partiront à la suite.',
	'finish.later': 'Vous pourrez compléter plus tard\u00a0:',
	'finish.another': 'Recenser un autre outil',
	'finish.my_sheets': 'Mes fiches',
	'finish.not_finished': 'Cette fiche n’est pas terminée.',
	'finish.open_form': 'Continuer la fiche'
} as const;
