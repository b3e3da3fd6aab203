import type { a11y as fr } from '../fr/a11y';

/** English, same keys as ../fr/a11y.ts (the compiler and tests/unit/i18n-catalogue.test.ts check it). */
export const a11y: { [K in keyof typeof fr]: string } = {};
