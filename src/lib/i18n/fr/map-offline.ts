/** The map (issue 6): map-offline. */
export const mapOffline = {} as const;
