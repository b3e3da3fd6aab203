import type { device as fr } from '../fr/device';

/** English, same keys as ../fr/device.ts (the compiler and tests/unit/i18n-catalogue.test.ts check it). */
export const device: { [K in keyof typeof fr]: string } = {
	'pwa.update.available': 'New version available',
	'pwa.update.hint': 'What you typed is saved before reloading.',
	'pwa.update.reload': 'Reload',
	'pwa.update.reloading': 'Reloading…',
	'pwa.update.later': 'Later',
	'pwa.update.failed': 'What you are typing could not be saved: the update is waiting. Try again in a moment.'
};
