export const territory = {} as const;
