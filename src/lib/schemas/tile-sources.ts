/**
 * The tile sources as the browser reads them (GET /api/map/sources, and the copy kept on the phone):
 * the server has already checked each source against lib/schemas/map.ts, the phone checks the shape.
 */
import * as v from 'valibot';

const SourceSchema = v.object({
	id: v.string(),
	name: v.string(),
	url: v.string(),
	attribution: v.string(),
	attributionUrl: v.string(),
	maxZoom: v.number(),
	minZoom: v.number(),
	prefetch: v.boolean(),
	tileBytes: v.number()
});
export const SourcesSchema = v.object({ sources: v.pipe(v.array(SourceSchema), v.minLength(1)) });
