/** The map (issue 6): map-picker. */
export const mapPicker = {} as const;
