/** Issue 7: census. */
export const census = {} as const;
