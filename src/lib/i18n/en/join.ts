import type { join as fr } from '../fr/join';

/** English, same keys as ../fr/join.ts (the compiler and tests/unit/i18n-catalogue.test.ts check it). */
export const join: { [K in keyof typeof fr]: string } = {
	'setup.title': 'Welcome to the Atlas des outils',
	'setup.lead': 'This one-time link creates the coordinator account. You can then invite volunteers and town halls.',
	'setup.name': 'Your name',
	'setup.password_title': 'Sign in from another computer (optional)',
	'setup.login': 'Username (for example your email address)',
	'setup.password': 'Password (at least 10 characters)',
	'setup.submit': 'Create the coordinator account',
	'setup.no_token': 'This link is incomplete: copy the whole link shown when the server started.',

	'joinpage.title': 'Join the team',
	'joinpage.checking': 'Checking the link…',
	'joinpage.as_benevole': 'You are invited as a volunteer: you will be able to survey tools in the field.',
	'joinpage.as_mairie': 'You are invited for the town hall of: {communes}. You will be able to review and approve the sheets of these communes.',
	'joinpage.as_coordinateur': 'You are invited to coordinate the census.',
	'joinpage.welcome_back': 'Good to see you again, {name}: this link reopens your access on this device, with your account and your sheets.',
	'joinpage.name': 'Your name (as the team will see it)',
	'joinpage.submit': 'Join',
	'joinpage.joining': 'One moment…',
	'joinpage.offline': 'You need a network to join the team. Try again when the phone has a signal.',
	'joinpage.other_person':
		'Careful: this device is in the name of {name}. This link creates another account; the unsent sheets of {name} stay on the device. If you are {name}, ask the coordinators for a "New link" instead.',
	'account.current_password': 'Current password',
	'joinpage.no_token': 'This link is incomplete. Scan the QR code again or ask for a new link.',

	'signin.title': 'Sign in',
	'signin.lead': 'For town halls and coordinators who have chosen a password. Volunteers join with the link they received.',
	'signin.login': 'Username',
	'signin.password': 'Password',
	'signin.submit': 'Sign in',

	'identity.none': 'You have not joined the team yet: open the invitation link you received from the Park. Your sheets stay on this device in the meantime.',
	'identity.rejoin':
		'Your access has expired or was withdrawn. Your sheets that have not been sent yet stay on this device. Ask the Park coordinators for a "New link" for your account (not a new invitation): you will get your account and your sheets back.',
	'identity.signin_link': 'Sign in',

	'account.title': 'My account',
	'account.signed_as': '{name} — {role}',
	'account.communes': 'Communes: {communes}',
	'account.not_joined': 'This device has not joined the team yet.',
	'account.set_password': 'Choose a username and a password',
	'account.password_hint': 'To sign in from another computer or a tablet.',
	'account.password_saved': 'Username and password saved.',
	'account.save_password': 'Save',
	'account.signout': 'Sign out of this device',
	'account.signout_confirm': 'Sign out? Unsent sheets stay on this device; you will need a link or your password to come back.',
	'account.signed_out': 'You are signed out of this device.',

	'nav.team': 'Team'
};
