/** Shapes of the sync requests (sync-protocol.md). Field values are checked one by one later. */
import * as v from 'valibot';
import { PUSH_MAX } from '$lib/domain/protocol';
import { ID_RE } from './sheet';
import { COMMENT_MAX } from '$lib/domain/review';

const version = v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(1_000_000));
const clientId = v.pipe(v.string(), v.regex(/^[0-9a-zA-Z_-]{8,64}$/));

export const FieldChangeSchema = v.object({
	v: v.unknown(),
	hlc: v.pipe(v.string(), v.maxLength(80)),
	base: v.optional(v.pipe(v.string(), v.maxLength(80)))
});

/** A comment written on a device, carried by the mutation it was written with (review, issue 5). */
export const CommentDraftSchema = v.object({
	id: v.pipe(v.string(), v.regex(ID_RE)),
	text: v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(COMMENT_MAX)),
	at: v.pipe(v.string(), v.isoTimestamp())
});
export type CommentDraft = v.InferOutput<typeof CommentDraftSchema>;

export const MutationSchema = v.object({
	seq: v.pipe(v.number(), v.integer(), v.minValue(1)),
	recordId: v.pipe(v.string(), v.regex(ID_RE)),
	fields: v.record(v.pipe(v.string(), v.maxLength(40)), FieldChangeSchema),
	comments: v.optional(v.pipe(v.array(CommentDraftSchema), v.maxLength(20)))
});
export type Mutation = v.InferOutput<typeof MutationSchema>;

export const PushBody = v.object({
	protocol: version,
	schemaVersion: version,
	clientId,
	mutations: v.pipe(v.array(MutationSchema), v.maxLength(PUSH_MAX))
});
export type PushRequest = v.InferOutput<typeof PushBody>;

export const PullBody = v.object({
	protocol: version,
	schemaVersion: version,
	clientId,
	cursor: v.pipe(v.number(), v.integer(), v.minValue(0))
});
export type PullRequest = v.InferOutput<typeof PullBody>;
