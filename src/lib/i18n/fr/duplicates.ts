/** Issue 7: duplicates. */
export const duplicates = {} as const;
