import type { quality as fr } from '../fr/quality';

/** English, same keys as ../fr/quality.ts (the compiler and tests/unit/i18n-catalogue.test.ts check it). */
export const quality: { [K in keyof typeof fr]: string } = {
	'api.error.method_not_allowed': 'This action is not possible at this address.'
};
