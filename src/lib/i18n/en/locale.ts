import type { locale as fr } from '../fr/locale';

/** English, same keys as ../fr/locale.ts (the compiler and tests/unit/i18n-catalogue.test.ts check it). */
export const locale: { [K in keyof typeof fr]: string } = {
};
