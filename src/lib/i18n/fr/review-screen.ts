/**
 * A sheet's page seen by its reviewer (the mairie of its commune, the coordination): what changed
 * since the last decision, the request sent back while the volunteer corrects, and the decision
 * confirmed in words.
 */
export const reviewScreen = {
	'review.since.title': 'Ce qui a changé',
	'review.since.changed.a_corriger': 'Depuis le renvoi pour correction du {date}, le bénévole a changé\u00a0: {fields}.',
	'review.since.changed.valide': 'Depuis la validation du {date}, la fiche a changé\u00a0: {fields}.',
	'review.since.changed.archive': 'Depuis l’archivage du {date}, la fiche a changé\u00a0: {fields}.',
	'review.since.highlighted': 'C’est surligné plus bas, avec la valeur d’avant.',
	'review.since.nothing.a_corriger': 'Rien n’a changé dans la fiche depuis le renvoi pour correction du {date}.',
	'review.since.nothing.valide': 'Rien n’a changé dans la fiche depuis la validation du {date}.',
	'review.since.nothing.archive': 'Rien n’a changé dans la fiche depuis l’archivage du {date}.',
	'review.since.offline': 'Sans réseau, ce qui a changé depuis la dernière décision ne peut pas être montré.',
	'review.since.error': 'Ce qui a changé depuis la dernière décision n’a pas pu être chargé.',
	'review.since.tag': 'Modifié',
	'review.since.before': 'avant\u00a0: {value}',
	'review.since.before_field': '{field}, avant\u00a0: {value}',
	'review.since.quoted': '«\u00a0{value}\u00a0»',
	'review.since.empty': '(vide)',

	'review.done.valide': 'Fiche validée. Le bénévole le verra à sa prochaine synchronisation.',
	'review.done.a_corriger': 'Fiche renvoyée au bénévole avec votre message. Il le verra en haut de sa fiche à sa prochaine synchronisation.',
	'review.done.archive': 'Fiche archivée\u00a0: elle sort des listes, son historique est gardé.',
	'review.done.soumis': 'Fiche restaurée\u00a0: elle est de nouveau à relire.',
	'review.done.your_message': 'Votre message\u00a0:',
	'review.done.sending': 'Envoi de votre décision au serveur…',
	'review.done.kept_offline': 'Pas de réseau pour l’instant\u00a0: votre décision est gardée sur cet appareil et partira dès que le réseau reviendra.',
	'review.done.sent': 'Votre décision est arrivée au serveur.',

	'review.sent_back_waiting': 'Le bénévole doit corriger la fiche, puis la renvoyer\u00a0: elle reviendra alors à relire.',
	'review.problems_fields': 'Pas encore renseigné ou à revoir\u00a0: {fields}.',
	'review.comment_kept_offline': 'Message gardé sur cet appareil\u00a0: il partira dès que le réseau reviendra.'
} as const;
