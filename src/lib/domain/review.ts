/**
 * The review of a sheet by its mairie: the status machine, who may move a sheet from one
 * status to another, and the re-verification age. Pure: the server applies it to every write
 * (whatever the screen or device it came from), the app uses it to show only the actions that will
 * be accepted.
 *
 *   brouillon ──hand in──▶ soumis ──valider──▶ valide
 *        ▲                  │  ▲                  │
 *        └──reopen──────────┘  └──resend── a_corriger ◀──send back (comment required)──┘
 *   any ──archiver──▶ archive ──restore──▶ soumis
 *
 * The author (or anyone who may edit it) hands in, reopens a draft and resends a corrected sheet;
 * validating, sending back, archiving and restoring are for the reviewers: the mairie of the sheet's
 * commune and the coordinator (access.ts, `review`).
 */
import { canOnSheet, type Actor, type Role, type SheetScope } from './access';
import type { ReviewStatus } from './vocab';

/**
 * ok: the move is allowed. forbidden: this person may never make it (the whole write is refused).
 * not_now: allowed for this person but not from the sheet's current status (someone else moved it
 * meanwhile): the status write is set aside as a conflict, the rest of the edit is kept.
 */
export type TransitionVerdict = 'ok' | 'forbidden' | 'not_now';

const REVIEW_TARGETS: readonly ReviewStatus[] = ['valide', 'a_corriger', 'archive'];

/** Statuses from which each move is allowed (`null`: a sheet the server does not hold yet). */
const FROM: Record<ReviewStatus, readonly (ReviewStatus | null)[]> = {
	brouillon: [null, 'brouillon', 'soumis', 'a_corriger'],
	soumis: [null, 'brouillon', 'soumis', 'a_corriger', 'valide'],
	// null: a reviewer creating a sheet and validating it before its first sync.
	valide: [null, 'soumis', 'a_corriger', 'valide'],
	a_corriger: ['soumis', 'valide', 'a_corriger'],
	archive: [null, 'brouillon', 'soumis', 'valide', 'a_corriger', 'archive']
};

export function isReviewDecision(status: ReviewStatus): boolean {
	return REVIEW_TARGETS.includes(status);
}

/** May `actor` move `sheet` from `from` to `to`? */
export function statusTransition(actor: Actor, sheet: SheetScope, from: ReviewStatus | null, to: ReviewStatus): TransitionVerdict {
	const reviewer = canOnSheet(actor, 'review', sheet);
	if (isReviewDecision(to)) {
		if (!reviewer) return 'forbidden';
		return FROM[to].includes(from) ? 'ok' : 'not_now';
	}
	if (!canOnSheet(actor, 'edit', sheet) && !reviewer) return 'forbidden';
	// Restoring an archived sheet is a review decision too.
	if (from === 'archive') return reviewer && to === 'soumis' ? 'ok' : 'not_now';
	return FROM[to].includes(from) ? 'ok' : 'not_now';
}

/** The statuses `actor` may move the sheet to from `from` (for the buttons a screen shows). */
export function allowedTargets(actor: Actor, sheet: SheetScope, from: ReviewStatus): ReviewStatus[] {
	const all: ReviewStatus[] = ['brouillon', 'soumis', 'valide', 'a_corriger', 'archive'];
	return all.filter((to) => to !== from && statusTransition(actor, sheet, from, to) === 'ok');
}

/** Sending back for correction must say what to correct. */
export function needsComment(to: ReviewStatus): boolean {
	return to === 'a_corriger';
}

/**
 * Fields whose change does not reopen a validated sheet: the review itself, the one-tap
 * confirmation that the tool is still there ("toujours en service" only moves `verifiedOn`), and a
 * deletion (the tombstone is in the history; restoring brings back the validated sheet).
 */
const NEUTRAL_FIELDS = new Set(['status', 'verifiedOn', 'deleted']);

/**
 * An edit after validation brings the sheet back to "soumis" (someone must look again), unless it
 * was made by a reviewer of that sheet: their correction is part of the review.
 */
export function reopensValidated(actor: Actor, sheet: SheetScope, current: ReviewStatus | null, changedFields: readonly string[]): boolean {
	if (current !== 'valide') return false;
	if (canOnSheet(actor, 'review', sheet)) return false;
	return changedFields.some((f) => !NEUTRAL_FIELDS.has(f));
}

/** Default age after which a tool's "last verified" date asks for a new visit. */
export const DEFAULT_REVERIFY_MONTHS = 24;
export const MAX_REVERIFY_MONTHS = 240;

/**
 * Is a sheet last verified on `verifiedOn` (YYYY-MM-DD) due for a new check on `today`? A sheet
 * never verified counts as due. Months are calendar months (verified 2024-11-28, 24 months → due
 * from 2026-11-28).
 */
export function needsReverification(verifiedOn: string | null, today: string, months: number = DEFAULT_REVERIFY_MONTHS): boolean {
	if (!verifiedOn) return true;
	const [y, m, d] = verifiedOn.split('-').map(Number) as [number, number, number];
	const total = y * 12 + (m - 1) + months;
	const dueY = Math.floor(total / 12);
	const dueM = (total % 12) + 1;
	// The 31st of a month without one falls on that month's last day.
	const lastDay = new Date(Date.UTC(dueY, dueM, 0)).getUTCDate();
	const due = `${String(dueY).padStart(4, '0')}-${String(dueM).padStart(2, '0')}-${String(Math.min(d, lastDay)).padStart(2, '0')}`;
	return today >= due;
}

/** Comments are for those who take part in the sheet's review: its editors and its reviewers. */
export function canComment(actor: Actor, sheet: SheetScope): boolean {
	return canOnSheet(actor, 'edit', sheet) || canOnSheet(actor, 'review', sheet);
}

export const COMMENT_MAX = 2000;
/** At most this many comments travel in one mutation (the device opens a new outbox row after). */
export const COMMENTS_PER_MUTATION = 20;

/** One comment of a sheet's thread, as the server hands it to every device that may read the sheet. */
export interface ThreadEntry {
	id: string;
	/** The author's name, and role at the time of writing. */
	by: string;
	role: Role;
	text: string;
	/** The status the comment came with (a send back: a_corriger), or null for a plain comment. */
	status: ReviewStatus | null;
	/** ISO instant the comment was written (clamped to the server's time). */
	at: string;
}

/** The newest send-back comment of a thread: what the volunteer must correct. */
export function sendBackReason(thread: readonly ThreadEntry[]): ThreadEntry | null {
	let found: ThreadEntry | null = null;
	for (const e of thread) if (e.status === 'a_corriger' && (!found || e.at >= found.at)) found = e;
	return found;
}
