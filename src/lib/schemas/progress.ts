/** The coordinator home's figures (GET /api/progress), as the browser checks them (lib/api/home.ts). */
import * as v from 'valibot';

const count = v.pipe(v.number(), v.integer(), v.minValue(0));

export const ProgressSchema = v.object({
	byStatus: v.object({ brouillon: count, soumis: count, valide: count, a_corriger: count, archive: count }),
	conflicts: count,
	setup: v.object({ territory: v.boolean(), volunteer: v.boolean(), mairies: v.boolean() })
});
