/** quality: French texts (issue 8). */
export const quality = {
} as const;
