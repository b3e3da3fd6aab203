/** locale: French texts (issue 8). */
export const locale = {
} as const;
