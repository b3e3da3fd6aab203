import type { restoreCore as fr } from '../fr/restore-core';

/** English, same keys as ../fr/restore-core.ts. */
export const restoreCore: { [K in keyof typeof fr]: string } = {
	'syncline.restored': 'The server was restored: your sheets were sent again.',
	'syncline.restored_nothing': 'The server was restored from a backup: this device had nothing to send it again.'
};
