import type { accounts as fr } from '../fr/accounts';

/** English, same keys as ../fr/accounts.ts (the compiler and tests/unit/i18n-catalogue.test.ts check it). */
export const accounts: { [K in keyof typeof fr]: string } = {
	'role.benevole': 'Volunteer',
	'role.mairie': 'Town hall',
	'role.coordinateur': 'Coordinator',

	'api.error.token_invalid': 'This link is not valid. Check that it was copied whole, or ask the Park coordinators for a new one.',
	'api.error.token_expired': 'This link has expired. Ask the Park coordinators for a new one.',
	'api.error.token_used': 'This link has already been used. Ask the Park coordinators for a new one.',
	'api.error.token_revoked': 'This link was cancelled. Ask the Park coordinators for a new one.',
	'api.error.already_set_up': 'The app is already set up: ask the Park coordinators for an invitation.',
	'api.error.name_invalid': 'Enter a name of 2 to 80 characters.',
	'api.error.login_invalid': 'The username must be 3 to 80 characters long (letters, digits, . _ @ + -), for example an email address.',
	'api.error.login_taken': 'This username is already used by someone else.',
	'api.error.password_too_short': 'The password must be at least 10 characters long.',
	'api.error.signin_failed': 'Wrong username or password.',
	'api.error.forbidden': 'You are not allowed to do this.',
	'api.error.not_found': 'This item does not exist (or no longer exists).',
	'api.error.communes_required': 'Choose at least one commune for a town hall.',
	'api.error.last_coordinator': 'Not possible: this is the last person coordinating. First invite another person as coordinator.',
	'api.error.current_password_wrong': 'The current password is wrong.',
	'api.error.invalid_input': 'Some of the information sent is not valid.',
	'api.error.unauthenticated': 'You need to join the team (invitation link) or sign in.',
	'api.error.rate_limited': 'Too many attempts. Wait a minute before trying again.',
	'api.error.bad_origin': 'Request refused: it does not come from the app.',
	'api.error.bad_json': 'Unreadable request: the content sent is not valid JSON.',
	'api.error.too_large': 'Request too large.'
};
