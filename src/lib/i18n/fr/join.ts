/** First run, joining with an invitation, signing in, and "my account". */
export const join = {
	'setup.title': 'Bienvenue dans l’Atlas des outils',
	'setup.lead': 'Ce lien unique crée le compte de coordination. Vous pourrez ensuite inviter les bénévoles et les mairies.',
	'setup.name': 'Votre nom',
	'setup.password_title': 'Se connecter depuis un autre ordinateur (facultatif)',
	'setup.login': 'Identifiant (par exemple votre adresse e-mail)',
	'setup.password': 'Mot de passe (10 caractères au moins)',
	'setup.submit': 'Créer le compte de coordination',
	'setup.no_token': 'Ce lien est incomplet : copiez le lien affiché au démarrage du serveur en entier.',

	'joinpage.title': 'Rejoindre l’équipe',
	'joinpage.checking': 'Vérification du lien…',
	'joinpage.as_benevole': 'Vous êtes invité·e comme bénévole : vous pourrez recenser des outils sur le terrain.',
	'joinpage.as_mairie': 'Vous êtes invité·e pour la mairie de : {communes}. Vous pourrez relire et valider les fiches de ces communes.',
	'joinpage.as_coordinateur': 'Vous êtes invité·e à coordonner le recensement.',
	'joinpage.welcome_back': 'Content de vous revoir, {name} : ce lien rouvre votre accès sur cet appareil, avec votre compte et vos fiches.',
	'joinpage.name': 'Votre nom (tel que l’équipe le verra)',
	'joinpage.submit': 'Rejoindre',
	'joinpage.joining': 'Un instant…',
	'joinpage.offline': 'Il faut du réseau pour rejoindre l’équipe. Réessayez quand le téléphone capte.',
	'joinpage.other_person':
		'Attention : cet appareil est au nom de {name}. Ce lien crée un autre compte ; les fiches non envoyées de {name} restent sur l’appareil. Si vous êtes {name}, demandez plutôt un « Nouveau lien » à la coordination.',
	'account.current_password': 'Mot de passe actuel',
	'joinpage.no_token': 'Ce lien est incomplet. Scannez à nouveau le code QR ou demandez un nouveau lien.',

	'signin.title': 'Se connecter',
	'signin.lead': 'Pour les mairies et la coordination qui ont choisi un mot de passe. Les bénévoles rejoignent avec le lien reçu.',
	'signin.login': 'Identifiant',
	'signin.password': 'Mot de passe',
	'signin.submit': 'Se connecter',

	'identity.none': 'Vous n’avez pas encore rejoint l’équipe : ouvrez le lien d’invitation reçu du Parc. Vos fiches restent sur cet appareil en attendant.',
	'identity.rejoin':
		'Votre accès a expiré ou a été retiré. Vos fiches qui n’ont pas encore été envoyées restent sur cet appareil. Demandez à la coordination du Parc un « Nouveau lien » pour votre compte (pas une nouvelle invitation) : vous retrouverez votre compte et vos fiches.',
	'identity.signin_link': 'Se connecter',

	'account.title': 'Mon compte',
	'account.signed_as': '{name} — {role}',
	'account.communes': 'Communes : {communes}',
	'account.not_joined': 'Cet appareil n’a pas encore rejoint l’équipe.',
	'account.set_password': 'Choisir un identifiant et un mot de passe',
	'account.password_hint': 'Pour vous connecter depuis un autre ordinateur ou une tablette.',
	'account.password_saved': 'Identifiant et mot de passe enregistrés.',
	'account.save_password': 'Enregistrer',
	'account.signout': 'Se déconnecter de cet appareil',
	'account.signout_confirm': 'Se déconnecter ? Les fiches non envoyées restent sur cet appareil ; il faudra un lien ou votre mot de passe pour revenir.',
	'account.signed_out': 'Vous êtes déconnecté·e de cet appareil.',

	'nav.team': 'Équipe'
} as const;
