/**
 * Sign-in limits (src/lib/server/signin-limits.ts): the wait a person is told on the sign-in page,
 * and the repeated failures the coordinator sees in the Journal, with the button that lifts a delay.
 */
export const signin = {
	// ----- the server's answer (429), with the real number -----
	'api.error.retry_seconds.one': 'Trop d’essais. Réessayez dans {count} seconde.',
	'api.error.retry_seconds.other': 'Trop d’essais. Réessayez dans {count} secondes.',
	'api.error.retry_minutes.one': 'Trop d’essais. Réessayez dans {count} minute.',
	'api.error.retry_minutes.other': 'Trop d’essais. Réessayez dans {count} minutes.',
	// ----- the sign-in page counts down -----
	'signin.wait.seconds.one': 'Trop d’essais. Réessayez dans {count} seconde.',
	'signin.wait.seconds.other': 'Trop d’essais. Réessayez dans {count} secondes.',
	'signin.wait.minutes.one': 'Trop d’essais. Réessayez dans {count} minute.',
	'signin.wait.minutes.other': 'Trop d’essais. Réessayez dans {count} minutes.',
	'signin.wait.why': 'Des mots de passe faux ont été essayés avec cet identifiant : pour protéger le compte, chaque essai attend quelques secondes.',
	'signin.wait.button_seconds': 'Se connecter dans {count} s',
	'signin.wait.button_minutes': 'Se connecter dans {count} min',
	'signin.wait.over': 'Vous pouvez réessayer maintenant.',
	// ----- the Journal -----
	'team.signin_failures.title': 'Échecs de connexion répétés',
	'team.signin_failures.lead':
		'Dans la dernière heure. Après 5 échecs, chaque essai sur le compte attend quelques secondes (8 au plus) : la personne peut toujours se connecter avec son mot de passe.',
	'team.signin_failures.who': '{name} (identifiant « {login} »)',
	'team.signin_failures.failures.one': '{count} échec',
	'team.signin_failures.failures.other': '{count} échecs',
	'team.signin_failures.addresses.one': 'venant d’une seule adresse',
	'team.signin_failures.addresses.other': 'venant de {count} adresses',
	'team.signin_failures.summary': '{failures} depuis le {when}, {addresses}.',
	'team.signin_failures.delay.one': 'Chaque essai sur ce compte attend {count} seconde.',
	'team.signin_failures.delay.other': 'Chaque essai sur ce compte attend {count} secondes.',
	'team.signin_failures.no_delay': 'Pas d’attente pour l’instant.',
	'team.signin_failures.lift': 'Lever l’attente',
	'team.signin_failures.lifting': 'Levée en cours…',
	'team.signin_failures.lifted': 'Attente levée pour {name}.',
	'team.audit.signin.delay_lifted': '{actor} a levé l’attente de connexion de {name}'
} as const;
