/** The map (issue 6): map. */
export const map = {} as const;
