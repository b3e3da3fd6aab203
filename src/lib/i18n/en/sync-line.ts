import type { syncLine as fr } from '../fr/sync-line';

/** English, same keys as ../fr/sync-line.ts (the compiler and tests/unit/i18n-catalogue.test.ts check it). */
export const syncLine: { [K in keyof typeof fr]: string } = {
	'syncline.label': 'Sync',
	'syncline.today': 'Synced at {time}',
	'syncline.day': 'Synced on {date}',
	'syncline.never': 'Not synced yet',
	'syncline.ago': '{age} ago',
	'syncline.just_now': 'just now',
	'syncline.failure.offline': 'No network',
	'syncline.failure.server': 'The server is not answering',
	'syncline.failure.unauthenticated': 'Access expired: join the team again',
	'syncline.failure.upgrade': 'Reload the app',
	'syncline.failure.client_not_yours': 'Device registered to someone else',
	'syncline.failure.storage_full': 'Device storage full'
};
