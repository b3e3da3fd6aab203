/**
 * Screens that fit the phone: the cue of a box that scrolls sideways; the team screen's warning when
 * the server's public address cannot be opened from a phone; whom an invitation is for.
 */
export const fit = {
	'scrollbox.cue': 'Le tableau est plus large que l’écran : faites-le glisser vers la gauche pour voir la suite.',
	'census.table.region': 'Tableau des fiches du recensement',
	'scrollbox.cue_end': 'Le tableau est plus large que l’écran : faites-le glisser vers la droite pour revenir au début.',

	'team.address.title': 'Les téléphones ne peuvent pas encore ouvrir les liens',
	'team.address.loopback':
		'Le serveur ne connaît pas son adresse publique : les liens d’invitation et les codes QR mènent à {origin}, une adresse qui ne fonctionne que sur l’ordinateur qui fait tourner le serveur. Un téléphone qui les ouvre ne trouvera rien.',
	'team.address.insecure':
		'Les liens mènent à {origin}, une adresse sans « https ». Les téléphones l’ouvriront, mais l’application ne pourra pas y être installée ni marcher sans réseau.',
	'team.address.fix':
		'Pour corriger : la personne qui a installé le serveur indique son adresse publique en https dans la variable ORIGIN (par exemple ORIGIN=https://atlas.exemple.fr), puis redémarre le serveur. Le README l’explique (partie « Putting it behind HTTPS »).',
	'team.address.title_insecure': 'Les liens s’ouvriront, mais sans mode hors ligne',
	'team.address.link_warning': 'Ce lien mène à {origin} : un téléphone ne pourra pas l’ouvrir. Lisez l’avertissement en haut de la page.',
	'team.address.show_qr': 'Afficher quand même le code QR',

	'team.invitation.for_mairie': 'Mairie de {commune}',
	'team.invitation.for_mairie_elided': 'Mairie d’{commune}',
	'team.invitation.for_mairie_le': 'Mairie du {rest}',
	'team.invitation.for_mairie_les': 'Mairie des {rest}',
	'team.invitation.for_mairie_many': 'Mairie pour {communes}',
	'team.invitation.for_mairie_any': 'Mairie (commune à préciser)',
	'team.invitation.for': 'Pour : {whom}',
	'team.link.title_whom': 'Lien d’invitation — {whom}',
	'team.link.share_text_whom': 'Voici votre lien ({whom}) pour rejoindre le recensement des outils du Parc du Perche :'
} as const;
