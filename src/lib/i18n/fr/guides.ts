/**
 * guides: the « Guide du bénévole » and the « Guide de la mairie » (routes/guide/[guide]), and the
 * links that lead to them. Steps follow domain/guides.ts (`guide.<guide>.<step>.title|body|alt`).
 *
 * The buttons a step names come in as parameters ({new}, {finish}, {sync}…) from their own
 * messages, so a guide always names the button the person will actually see.
 * \u00a0: a no-break space (French typography: never « ? » or « » » alone at a line start).
 */
export const guides = {
	// The links (Mes fiches, Cet appareil): part `home`, loaded by both screens.
	'howto.title': 'Comment ça marche\u00a0?',
	'howto.lead': 'Deux guides courts, avec les écrans de l’application, à lire ici ou à imprimer.',
	'howto.link': 'Comment ça marche\u00a0?',
	'howto.benevole': 'Guide du bénévole',
	'howto.mairie': 'Guide de la mairie',

	'guide.print': 'Imprimer ce guide',
	'guide.print_hint': 'Sur une feuille A4, pour l’avoir sous la main.',
	'guide.help': 'Une question\u00a0? Demandez à la personne qui vous a invité dans l’Atlas.',
	'guide.other.benevole': 'Vous relisez les fiches pour une mairie\u00a0? Lisez le guide de la mairie.',
	'guide.other.mairie': 'Vous recensez des outils sur le terrain\u00a0? Lisez le guide du bénévole.',

	'guide.benevole.title': 'Guide du bénévole',
	'guide.benevole.lead':
		'Recenser un outil avec votre téléphone, en sept étapes. L’Atlas marche aussi sans réseau\u00a0: ce que vous notez reste sur le téléphone jusqu’à ce qu’il puisse partir.',
	'guide.benevole.join.title': 'Rejoignez l’équipe',
	'guide.benevole.join.body':
		'Ouvrez le lien que la coordination vous a envoyé, ou scannez son code QR avec l’appareil photo du téléphone. Écrivez votre nom, puis touchez «\u00a0{join}\u00a0».',
	'guide.benevole.join.alt': 'L’écran pour rejoindre l’équipe, avec le nom écrit et le bouton «\u00a0{join}\u00a0».',
	'guide.benevole.install.title': 'Mettez l’Atlas sur l’écran d’accueil',
	'guide.benevole.install.body':
		'Dans le menu du navigateur (les trois points ⋮, ou le bouton Partager sur iPhone), choisissez «\u00a0Ajouter à l’écran d’accueil\u00a0». L’Atlas s’ouvre ensuite depuis son icône, comme une application, même sans réseau.',
	'guide.benevole.install.alt': 'L’écran «\u00a0{sheets}\u00a0», encore vide, tel qu’il s’ouvre depuis l’icône.',
	'guide.benevole.new.title': 'Commencez une fiche',
	'guide.benevole.new.body': 'Devant l’outil, touchez «\u00a0{new}\u00a0» en bas de l’écran, puis le genre d’outil\u00a0: pressoir, moulin, four, cuisine…',
	'guide.benevole.new.alt': 'La liste des genres d’outils, rangés par famille.',
	'guide.benevole.fill.title': 'Notez ce que vous savez',
	'guide.benevole.fill.body':
		'Le nom de l’outil et sa commune d’abord. Sur place, touchez «\u00a0{gps}\u00a0» pour noter l’endroit exact, puis «\u00a0{photo}\u00a0». Ce que vous ne savez pas peut rester vide. Tout est gardé sur le téléphone à mesure que vous écrivez.',
	'guide.benevole.fill.alt': 'Une fiche en cours\u00a0: la commune et le point GPS pris sur place.',
	'guide.benevole.finish.title': 'Terminez la fiche',
	'guide.benevole.finish.body':
		'Quand vous avez fini, touchez «\u00a0{finish}\u00a0» en bas de la fiche. Elle part alors vers la mairie de la commune, qui la relira.',
	'guide.benevole.finish.alt': 'L’écran qui suit «\u00a0{finish}\u00a0».',
	'guide.benevole.offline.title': 'Sans réseau, rien ne se perd',
	'guide.benevole.offline.body':
		'Sans réseau, la fiche reste sur le téléphone et part toute seule quand le réseau revient. En haut de «\u00a0{sheets}\u00a0», une ligne dit ce qui attend d’être envoyé. Avec du réseau, «\u00a0{sync}\u00a0» l’envoie tout de suite.',
	'guide.benevole.offline.alt': '«\u00a0{sheets}\u00a0» sans réseau\u00a0: une fiche attend d’être envoyée.',
	'guide.benevole.fix.title': 'Une fiche revient «\u00a0{toFix}\u00a0»',
	'guide.benevole.fix.body':
		'Si la mairie vous renvoie une fiche, son message est en haut de la fiche. Touchez «\u00a0{edit}\u00a0», corrigez ce qu’elle demande, puis touchez «\u00a0{resend}\u00a0».',
	'guide.benevole.fix.alt': 'Une fiche renvoyée par la mairie, avec son message en haut.',

	'guide.mairie.title': 'Guide de la mairie',
	'guide.mairie.lead':
		'Relire les fiches des outils de votre commune, en six étapes. Les bénévoles recensent les outils\u00a0; la mairie vérifie que ce qui est noté est juste.',
	'guide.mairie.join.title': 'Rejoignez l’Atlas',
	'guide.mairie.join.body':
		'Ouvrez le lien que la coordination vous a envoyé, sur le téléphone ou sur l’ordinateur de la mairie. Écrivez le nom que l’équipe verra, par exemple «\u00a0Mairie de Nocé\u00a0», puis touchez «\u00a0{join}\u00a0».',
	'guide.mairie.join.alt': 'L’écran pour rejoindre l’Atlas, avec le nom de la mairie écrit.',
	'guide.mairie.commune.title': 'Les fiches de votre commune',
	'guide.mairie.commune.body':
		'«\u00a0{commune}\u00a0» montre les fiches des outils de votre commune. Celles qui attendent votre relecture viennent en premier\u00a0; le chiffre sur l’onglet dit combien il y en a.',
	'guide.mairie.commune.alt': '«\u00a0{commune}\u00a0»\u00a0: une fiche attend d’être relue.',
	'guide.mairie.read.title': 'Lisez la fiche',
	'guide.mairie.read.body':
		'Touchez une fiche pour l’ouvrir. Lisez ce que le bénévole a noté\u00a0: l’outil, le lieu, son état, les photos. Votre décision se prend en dessous.',
	'guide.mairie.read.alt': 'Une fiche ouverte, telle que la mairie la lit.',
	'guide.mairie.decide.title': 'Validez, ou renvoyez pour correction',
	'guide.mairie.decide.body':
		'Si tout est juste, touchez «\u00a0{validate}\u00a0». S’il manque quelque chose ou si c’est faux, touchez «\u00a0{sendBack}\u00a0» et écrivez ce qu’il faut corriger\u00a0: le bénévole verra votre message en haut de sa fiche.',
	'guide.mairie.decide.alt': 'Le message à écrire au bénévole avant de renvoyer la fiche.',
	'guide.mairie.changes.title': 'Ce qui a changé est mis en évidence',
	'guide.mairie.changes.body':
		'Quand le bénévole a corrigé, la fiche revient parmi celles à relire. Ce qui a changé depuis votre dernière décision est mis en évidence\u00a0: pas besoin de tout relire.',
	'guide.mairie.changes.alt': 'La fiche corrigée, revenue à la mairie.',
	'guide.mairie.print.title': 'Imprimez le récapitulatif',
	'guide.mairie.print.body':
		'En bas de «\u00a0{commune}\u00a0», le bouton «\u00a0Imprimer le récapitulatif\u00a0» donne la liste des outils de la commune sur une feuille A4, pour le conseil municipal.',
	'guide.mairie.print.alt': 'Le récapitulatif des outils de la commune, prêt à imprimer.'
} as const;
