import type { finish as fr } from '../fr/finish';

/** English, same keys as ../fr/finish.ts (the compiler and tests/unit/i18n-catalogue.test.ts check it). */
export const finish: { [K in keyof typeof fr]: string } = {
	'finish.title': 'Sheet finished',
	'finish.title_resent': 'Corrections sent again',
	'finish.thanks_resent': 'Thank you! The town hall of {commune} will review your corrections.',
	'finish.summary': 'Summary of the sheet',
	/** After a label of the summary, before its value. */
	'finish.colon': ':',
	'finish.place': 'Place',
	'finish.point_gps': 'GPS position recorded',
	'finish.point_manual': 'point placed by hand',
	'finish.point_none': 'no position',
	'finish.without_mains': 'Without mains power',
	'finish.where': 'Where the sheet goes',
	'finish.delivery.sent': 'Sent to the town hall of {commune} and to the coordinators.',
	'finish.delivery.sending': 'Sending to the town hall of {commune} and to the coordinators…',
	'finish.delivery.waiting_network': 'Kept on this phone: it will leave by itself as soon as the network is back.',
	'finish.delivery.waiting_join': 'Kept on this phone: it will leave once this device has joined the team.',
	'finish.delivery.retrying': 'Kept on this phone: the server is not answering, the app will try again by itself.',
	'finish.delivery.refused': 'The server refused this sheet: open it to see why.',
	'finish.photos_waiting.one': '{count} photo still to send; it will follow.',
	'finish.photos_waiting.other': '{count} photos still to send; they will follow.',
	'finish.later': 'You can complete later:',
	'finish.another': 'Record another tool',
	'finish.my_sheets': 'My sheets',
	'finish.not_finished': 'This sheet is not finished.',
	'finish.open_form': 'Continue the sheet'
};
