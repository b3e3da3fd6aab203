/**
 * The sync line of the screens that show the server's data (« Ma commune », « Relecture »,
 * « Recensement », the map): when the last exchange succeeded, why it fails, and a button.
 * Short on purpose: the line stays one row beside its button on a phone.
 */
export const syncLine = {
	'syncline.label': 'Synchronisation',
	'syncline.today': 'Synchronisé à {time}',
	'syncline.day': 'Synchronisé le {date}',
	'syncline.never': 'Pas encore synchronisé',
	'syncline.ago': 'il y a {age}',
	'syncline.just_now': 'à l’instant',
	'syncline.failure.offline': 'Pas de réseau',
	'syncline.failure.server': 'Le serveur ne répond pas',
	'syncline.failure.unauthenticated': 'Accès expiré : rejoignez l’équipe',
	'syncline.failure.upgrade': 'Rechargez l’application',
	'syncline.failure.client_not_yours': 'Appareil au nom d’une autre personne',
	'syncline.failure.storage_full': 'Mémoire de l’appareil pleine'
} as const;
