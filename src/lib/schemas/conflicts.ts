/** The coordinator's open conflicts (GET /api/conflicts): both values of a field, who wrote them. */
import * as v from 'valibot';

const Side = v.object({ v: v.unknown(), by: v.nullable(v.string()), hlc: v.string() });

export const ConflictSchema = v.object({
	id: v.number(),
	recordId: v.string(),
	sheetName: v.string(),
	field: v.string(),
	at: v.string(),
	kept: Side,
	lost: Side,
	current: v.unknown()
});
export type Conflict = v.InferOutput<typeof ConflictSchema>;

export const ConflictsAnswerSchema = v.object({ conflicts: v.array(ConflictSchema) });
