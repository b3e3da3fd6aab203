/** The operator's command line (npm run admin). */
export const cli = {} as const;
