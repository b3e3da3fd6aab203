import type { signin as fr } from '../fr/signin';

/** English, same keys as ../fr/signin.ts (the compiler and tests/unit/i18n-catalogue.test.ts check it). */
export const signin: { [K in keyof typeof fr]: string } = {
	'api.error.retry_seconds.one': 'Too many attempts. Try again in {count} second.',
	'api.error.retry_seconds.other': 'Too many attempts. Try again in {count} seconds.',
	'api.error.retry_minutes.one': 'Too many attempts. Try again in {count} minute.',
	'api.error.retry_minutes.other': 'Too many attempts. Try again in {count} minutes.',
	'signin.wait.seconds.one': 'Too many attempts. Try again in {count} second.',
	'signin.wait.seconds.other': 'Too many attempts. Try again in {count} seconds.',
	'signin.wait.minutes.one': 'Too many attempts. Try again in {count} minute.',
	'signin.wait.minutes.other': 'Too many attempts. Try again in {count} minutes.',
	'signin.wait.why': 'Wrong passwords were tried with this sign-in name: to protect the account, each attempt waits a few seconds.',
	'signin.wait.button_seconds': 'Sign in in {count} s',
	'signin.wait.button_minutes': 'Sign in in {count} min',
	'signin.wait.over': 'You can try again now.',
	'team.signin_failures.title': 'Repeated sign-in failures',
	'team.signin_failures.lead':
		'In the last hour. After 5 failures, each attempt on the account waits a few seconds (8 at most): the person can still sign in with their password.',
	'team.signin_failures.who': '{name} (sign-in name “{login}”)',
	'team.signin_failures.failures.one': '{count} failure',
	'team.signin_failures.failures.other': '{count} failures',
	'team.signin_failures.addresses.one': 'from a single address',
	'team.signin_failures.addresses.other': 'from {count} addresses',
	'team.signin_failures.summary': '{failures} since {when}, {addresses}.',
	'team.signin_failures.delay.one': 'Each attempt on this account waits {count} second.',
	'team.signin_failures.delay.other': 'Each attempt on this account waits {count} seconds.',
	'team.signin_failures.no_delay': 'No wait for now.',
	'team.signin_failures.lift': 'Lift the wait',
	'team.signin_failures.lifting': 'Lifting…',
	'team.signin_failures.lifted': 'Wait lifted for {name}.',
	'team.audit.signin.delay_lifted': '{actor} lifted the sign-in wait of {name}'
};
