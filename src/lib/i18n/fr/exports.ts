/** Issue 7: exports. */
export const exports = {} as const;
