import type { reviewScreen as fr } from '../fr/review-screen';

/** English, same keys as ../fr/review-screen.ts (the compiler and tests/unit/i18n-catalogue.test.ts check it). */
export const reviewScreen: { [K in keyof typeof fr]: string } = {
	'review.since.title': 'What changed',
	'review.since.changed.a_corriger': 'Since it was sent back for correction on {date}, the volunteer changed: {fields}.',
	'review.since.changed.valide': 'Since it was approved on {date}, the sheet changed: {fields}.',
	'review.since.changed.archive': 'Since it was archived on {date}, the sheet changed: {fields}.',
	'review.since.highlighted': 'It is highlighted below, with the value before.',
	'review.since.nothing.a_corriger': 'Nothing in the sheet has changed since it was sent back for correction on {date}.',
	'review.since.nothing.valide': 'Nothing in the sheet has changed since it was approved on {date}.',
	'review.since.nothing.archive': 'Nothing in the sheet has changed since it was archived on {date}.',
	'review.since.offline': 'Without network, what changed since the last decision cannot be shown.',
	'review.since.error': 'What changed since the last decision could not be loaded.',
	'review.since.tag': 'Changed',
	'review.since.before': 'before: {value}',
	'review.since.before_field': '{field}, before: {value}',
	'review.since.quoted': '“{value}”',
	'review.since.empty': '(empty)',

	'review.done.valide': 'Sheet approved. The volunteer will see it at their next sync.',
	'review.done.a_corriger': 'Sheet sent back to the volunteer with your message. They will see it at the top of their sheet at their next sync.',
	'review.done.archive': 'Sheet archived: it leaves the lists, its history is kept.',
	'review.done.soumis': 'Sheet restored: it needs review again.',
	'review.done.your_message': 'Your message:',
	'review.done.sending': 'Sending your decision to the server…',
	'review.done.kept_offline': 'No network for now: your decision is kept on this device and will be sent when the network is back.',
	'review.done.sent': 'Your decision has reached the server.',

	'review.sent_back_waiting': 'The volunteer must correct the sheet, then send it again: it will then come back for review.',
	'review.problems_fields': 'Not filled in yet, or to check: {fields}.',
	'review.comment_kept_offline': 'Message kept on this device: it will be sent when the network is back.'
};
