/** The coordination's settings (GET/POST /api/settings), as the browser reads them. */
import * as v from 'valibot';

export const SettingsSchema = v.object({ reverifyMonths: v.pipe(v.number(), v.integer()) });
export type Settings = v.InferOutput<typeof SettingsSchema>;
