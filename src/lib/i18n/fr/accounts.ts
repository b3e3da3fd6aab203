/** Accounts, roles, invitations, team screen, and the server's answers about them. */
export const accounts = {
	'role.benevole': 'Bénévole',
	'role.mairie': 'Mairie',
	'role.coordinateur': 'Coordination',

	'api.error.token_invalid': 'Ce lien n’est pas valable. Vérifiez qu’il a été copié en entier, ou demandez-en un nouveau à la coordination du Parc.',
	'api.error.token_expired': 'Ce lien a expiré. Demandez-en un nouveau à la coordination du Parc.',
	'api.error.token_used': 'Ce lien a déjà servi. Demandez-en un nouveau à la coordination du Parc.',
	'api.error.token_revoked': 'Ce lien a été annulé. Demandez-en un nouveau à la coordination du Parc.',
	'api.error.already_set_up': 'L’application est déjà configurée : demandez une invitation à la coordination du Parc.',
	'api.error.name_invalid': 'Indiquez un nom de 2 à 80 caractères.',
	'api.error.login_invalid': 'L’identifiant doit faire 3 à 80 caractères (lettres, chiffres, . _ @ + -), par exemple une adresse e-mail.',
	'api.error.login_taken': 'Cet identifiant est déjà utilisé par quelqu’un d’autre.',
	'api.error.password_too_short': 'Le mot de passe doit faire au moins 10 caractères.',
	'api.error.signin_failed': 'Identifiant ou mot de passe incorrect.',
	'api.error.forbidden': 'Vous n’avez pas le droit de faire cela.',
	'api.error.not_found': 'Cet élément n’existe pas (ou plus).',
	'api.error.communes_required': 'Choisissez au moins une commune pour une mairie.',
	'api.error.last_coordinator': 'Impossible : c’est la dernière personne qui coordonne. Invitez d’abord une autre personne à la coordination.',
	'api.error.current_password_wrong': 'Le mot de passe actuel est incorrect.',
	'api.error.invalid_input': 'Certaines informations envoyées ne sont pas valables.',
	'api.error.unauthenticated': 'Vous devez rejoindre l’équipe (lien d’invitation) ou vous connecter.',
	'api.error.rate_limited': 'Trop de tentatives. Attendez une minute avant de réessayer.',
	'api.error.bad_origin': 'Demande refusée : elle ne vient pas de l’application.',
	'api.error.bad_json': 'Demande illisible : le contenu envoyé n’est pas du JSON valable.',
	'api.error.too_large': 'Demande trop volumineuse.'
} as const;
