/** Shapes of the sync requests (sync-protocol.md). Field values are checked one by one later. */
import * as v from 'valibot';
import { PUSH_MAX } from '$lib/domain/protocol';
import { ID_RE } from './sheet';
import { COMMENT_MAX, COMMENTS_PER_MUTATION } from '$lib/domain/review';
import { REVIEW_STATUSES } from '$lib/domain/vocab';
import { hasNul } from './nul';

const version = v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(1_000_000));
const clientId = v.pipe(v.string(), v.regex(ID_RE));

export const FieldChangeSchema = v.object({
	v: v.unknown(),
	hlc: v.pipe(v.string(), v.maxLength(80)),
	base: v.optional(v.pipe(v.string(), v.maxLength(80)))
});

/**
 * A comment written on a device, carried by the mutation it was written with (review).
 * The shape only: its content (length, date) is judged per mutation by the server, so one bad
 * comment is refused alone and never blocks the rest of the queue.
 */
export const CommentDraftSchema = v.object({
	id: v.pipe(v.string(), v.regex(ID_RE)),
	text: v.pipe(v.string(), v.maxLength(COMMENT_MAX * 8)),
	at: v.pipe(v.string(), v.maxLength(40)),
	/**
	 * The decision this comment explains (a send back), null for a plain comment. Absent (older
	 * clients): the status written by the same mutation, if any.
	 */
	status: v.optional(v.nullable(v.picklist(REVIEW_STATUSES)))
});
export type CommentDraft = v.InferOutput<typeof CommentDraftSchema>;

/** Is this comment acceptable (the server's rule; the app applies it before writing)? */
export function isValidComment(c: { text: string; at: string }): boolean {
	const text = c.text.trim();
	return text.length >= 1 && text.length <= COMMENT_MAX && !hasNul(text) && v.is(v.pipe(v.string(), v.isoTimestamp()), c.at);
}

/** Keys valibot's record() leaves out silently (they would turn a mutation into an empty one). */
const SKIPPED_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * The field changes of a mutation: an object (valibot's record() also takes an array), none of
 * whose keys would be skipped — else `[]` or `{"constructor": …}` would pass as an empty mutation,
 * applied as a no-op instead of refused as invalid.
 */
const FieldChanges = v.pipe(
	v.custom<Record<string, unknown>>((x) => typeof x === 'object' && x !== null && !Array.isArray(x) && Object.keys(x).every((k) => !SKIPPED_KEYS.has(k))),
	v.record(v.pipe(v.string(), v.maxLength(40)), FieldChangeSchema)
);

export const MutationSchema = v.object({
	seq: v.pipe(v.number(), v.integer(), v.minValue(1)),
	recordId: v.pipe(v.string(), v.regex(ID_RE)),
	fields: FieldChanges,
	comments: v.optional(v.pipe(v.array(CommentDraftSchema), v.maxLength(COMMENTS_PER_MUTATION * 5)))
});
export type Mutation = v.InferOutput<typeof MutationSchema>;

/**
 * A mutation as the push envelope reads it: its number and sheet id are enough to place it in the
 * queue; its content is checked alone (MutationSchema) by the server, so a mutation a stricter
 * server cannot read is refused by itself ('invalid', the queue goes on) instead of making the whole
 * batch a 400 that the phone would resend forever.
 */
export const RawMutationSchema = v.object({
	seq: v.pipe(v.number(), v.integer(), v.minValue(1)),
	recordId: v.pipe(v.string(), v.maxLength(200)),
	fields: v.unknown(),
	comments: v.optional(v.unknown())
});
export type RawMutation = v.InferOutput<typeof RawMutationSchema>;

export const PushBody = v.object({
	protocol: version,
	schemaVersion: version,
	clientId,
	mutations: v.pipe(v.array(RawMutationSchema), v.maxLength(PUSH_MAX))
});
export type PushRequest = v.InferOutput<typeof PushBody>;

export const PullBody = v.object({
	protocol: version,
	schemaVersion: version,
	clientId,
	cursor: v.pipe(v.number(), v.integer(), v.minValue(0))
});
export type PullRequest = v.InferOutput<typeof PullBody>;
