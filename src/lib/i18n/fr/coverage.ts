/** Issue 7: coverage. */
export const coverage = {} as const;
