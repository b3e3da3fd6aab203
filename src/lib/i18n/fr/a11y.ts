/** a11y: French texts (issue 8). */
export const a11y = {
} as const;
