import type { backup as fr } from '../fr/backup';

/** English, same keys as ../fr/backup.ts (the compiler and tests/unit/i18n-catalogue.test.ts check it). */
export const backup: { [K in keyof typeof fr]: string } = {
	'devicepage.title': 'This device',
	'devicepage.surveyor': 'Your name (for new sheets)',
	'devicepage.surveyor_hint': 'It will be written in "Surveyed by" on the sheets you create.',
	'devicepage.save_surveyor': 'Save',
	'devicepage.surveyor_saved': 'Name saved.',

	'storage.title': 'Storage',
	'storage.used': '{used} used; the browser allows up to {quota} for the app.',
	'storage.unknown': 'This browser does not say how much space is left.',
	'storage.sheets.one': '{count} sheet on this device',
	'storage.sheets.other': '{count} sheets on this device',
	'storage.photos': 'Photos kept full-size on this device: {count}, {size}',
	'storage.persisted': 'Storage protected: the browser will not delete your sheets to make room.',
	'storage.not_persisted': 'Storage not protected: if space runs short, the browser could erase the data. Protect it, and back up your sheets regularly.',
	'storage.persist': 'Protect the storage',
	'storage.persist_refused': 'The browser has not accepted for now (it often does once the app is installed or used more often).',
	'storage.ios_title': 'On iPhone or iPad',
	'storage.ios_body':
		'Safari erases the data of a site not used for 7 days. To keep your sheets: tap the Share button, then "Add to Home Screen", and open the Atlas from that icon.',

	'backup.title': 'Back up my sheets',
	'backup.lead':
		'Saves all the sheets not sent yet, with their photos, to a file. Keep it or give it to the coordinator if sending is impossible. Works without a network.',
	'backup.none': 'No sheets waiting to be sent: nothing to back up.',
	'backup.pending.one': '{count} sheet not sent yet',
	'backup.pending.other': '{count} sheets not sent yet',
	'backup.oldest': 'The oldest has been waiting for {age}.',
	'backup.button': 'Save to a file',
	'backup.working': 'Preparing the file…',
	'backup.done': 'File "{name}" created ({size}).',
	'backup.share': 'Share the file'
};
