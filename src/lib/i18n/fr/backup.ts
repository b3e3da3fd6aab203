/** "Cet appareil": storage, persistence, backup file, who surveys. */
export const backup = {
	'devicepage.title': 'Cet appareil',
	'devicepage.surveyor': 'Votre nom (pour les nouvelles fiches)',
	'devicepage.surveyor_hint': 'Il sera inscrit dans « Recensé par » sur les fiches que vous créez.',
	'devicepage.save_surveyor': 'Enregistrer',
	'devicepage.surveyor_saved': 'Nom enregistré.',

	'storage.title': 'Stockage',
	'storage.used': '{used} utilisés ; le navigateur autorise jusqu’à {quota} pour l’application.',
	'storage.unknown': 'Ce navigateur ne dit pas combien de place il reste.',
	'storage.sheets.one': '{count} fiche sur cet appareil',
	'storage.sheets.other': '{count} fiches sur cet appareil',
	'storage.photos': 'Photos gardées en entier sur cet appareil : {count}, {size}',
	'storage.persisted': 'Stockage protégé : le navigateur ne supprimera pas vos fiches pour faire de la place.',
	'storage.not_persisted':
		'Stockage non protégé : en cas de manque de place, le navigateur pourrait effacer les données. Protégez-le, et sauvegardez vos fiches régulièrement.',
	'storage.persist': 'Protéger le stockage',
	'storage.persist_refused': 'Le navigateur n’a pas accepté pour le moment (il accepte souvent une fois l’application installée ou utilisée plus souvent).',
	'storage.ios_title': 'Sur iPhone ou iPad',
	'storage.ios_body':
		'Safari efface les données d’un site non utilisé pendant 7 jours. Pour garder vos fiches : touchez le bouton Partager, puis « Sur l’écran d’accueil », et ouvrez l’Atlas depuis cette icône.',

	'backup.title': 'Sauvegarder mes fiches',
	'backup.lead':
		'Enregistre dans un fichier toutes les fiches pas encore envoyées, avec leurs photos. Gardez-le ou transmettez-le au coordinateur si l’envoi est impossible. Fonctionne sans réseau.',
	'backup.none': 'Aucune fiche en attente d’envoi : rien à sauvegarder.',
	'backup.pending.one': '{count} fiche pas encore envoyée',
	'backup.pending.other': '{count} fiches pas encore envoyées',
	'backup.oldest': 'La plus ancienne attend depuis {age}.',
	'backup.button': 'Sauvegarder dans un fichier',
	'backup.working': 'Préparation du fichier…',
	'backup.done': 'Fichier « {name} » créé ({size}).',
	'backup.share': 'Partager le fichier'
} as const;
