/** a11y: French texts. */
export const a11y = {} as const;
