/** The coordinator's team screen (Équipe) and the audit log (Journal). */
export const team = {} as const;
