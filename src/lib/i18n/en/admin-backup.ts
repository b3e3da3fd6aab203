import type { adminBackup as fr } from '../fr/admin-backup';

/** English, same keys as ../fr/admin-backup.ts (the compiler and tests/unit/i18n-catalogue.test.ts check it). */
export const adminBackup: { [K in keyof typeof fr]: string } = {
};
