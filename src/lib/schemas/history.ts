/**
 * The answer of GET /api/sheets/[id]/history, as the browser reads it: the full timeline
 * (HistoryTimeline) and the reviewer's « what changed since the last decision » both check it here,
 * so the two readers cannot drift from each other or from the server.
 */
import * as v from 'valibot';

export const HistoryChange = v.object({
	field: v.string(),
	old: v.optional(v.unknown()),
	new: v.optional(v.unknown()),
	hidden: v.optional(v.literal(true))
});

export const HistoryEntry = v.variant('kind', [
	v.object({
		kind: v.literal('field'),
		id: v.string(),
		by: v.nullable(v.string()),
		role: v.nullable(v.string()),
		at: v.string(),
		via: v.string(),
		device: v.nullable(v.string()),
		reason: v.nullable(v.string()),
		created: v.boolean(),
		changes: v.array(HistoryChange)
	}),
	v.object({
		kind: v.literal('comment'),
		id: v.string(),
		text: v.string(),
		status: v.nullable(v.string()),
		by: v.nullable(v.string()),
		role: v.string(),
		at: v.string()
	})
]);

export const HistoryAnswer = v.object({ entries: v.array(HistoryEntry) });
