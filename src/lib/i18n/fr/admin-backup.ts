/** admin-backup: French texts (issue 8). */
export const adminBackup = {
} as const;
