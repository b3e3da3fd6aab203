import type { bisect as fr } from '../fr/bisect';

/** English, same keys as ../fr/bisect.ts (the compiler and tests/unit/i18n-catalogue.test.ts check it). */
export const bisect: { [K in keyof typeof fr]: string } = {
	'rejection.unreadable':
		'The server could not read this change: it has been set aside so that your other sheets go through. If the server already had this sheet, its version has been restored. Tell the Park coordinators (the server may be out of date).',
	'rejection.too_large':
		'This change is too large for the server (a very long text?): it has been set aside so that your other sheets go through. If the server already had this sheet, its version has been restored. Tell the Park coordinators.'
};
