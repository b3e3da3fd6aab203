/** Issue 7: territory-config. */
export const territoryConfig = {} as const;
