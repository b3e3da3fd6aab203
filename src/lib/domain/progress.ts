/**
 * The coordinator's home: how far the census has come (sheets per review state, open conflicts) and
 * the first-run checklist (territory → a first volunteer → the mairies). Pure: the server feeds it
 * what it reads, the screen shows what it answers.
 *
 * Invariants:
 * - a state's figure counts the sheets the census lists under that state: deleted sheets (and
 *   sheets merged into another, which are deleted) are left out, as /recensement leaves them out;
 * - a checklist step is done from real data only, never from a click on the checklist itself.
 */
import type { Role } from './access';
import { REVIEW_STATUSES, type ReviewStatus } from './vocab';

export type StatusCounts = Record<ReviewStatus, number>;

export function emptyStatusCounts(): StatusCounts {
	return Object.fromEntries(REVIEW_STATUSES.map((s) => [s, 0])) as StatusCounts;
}

/** Adds one sheet (its current values) to the counts; a deleted sheet or an unknown state is not counted. */
export function countSheet(counts: StatusCounts, values: { status?: unknown; deleted?: unknown }): void {
	if (values.deleted === true) return;
	const status = values.status;
	if (typeof status === 'string' && (REVIEW_STATUSES as readonly string[]).includes(status)) counts[status as ReviewStatus]++;
}

/** The first-run steps, in the order a new coordinator takes them. */
export const SETUP_STEPS = ['territory', 'volunteer', 'mairies'] as const;
export type SetupStep = (typeof SETUP_STEPS)[number];
export type SetupState = Record<SetupStep, boolean>;

/** What the checklist reads: the territory's setting, the team and its invitations. */
export interface SetupFacts {
	/** The coordinator saved a territory (or explicitly kept the default one). */
	territoryChosen: boolean;
	people: readonly { role: Role; revokedAt: string | null }[];
	invitations: readonly { role: Role; revokedAt: string | null }[];
}

/**
 * A role's step is done once someone of that role is in the team, or a link for that role was made
 * (a link cancelled since does not count: nobody can join with it).
 */
export function setupState(facts: SetupFacts): SetupState {
	const reached = (role: Role) => facts.people.some((p) => p.role === role && !p.revokedAt) || facts.invitations.some((i) => i.role === role && !i.revokedAt);
	return { territory: facts.territoryChosen, volunteer: reached('benevole'), mairies: reached('mairie') };
}

export function setupDone(state: SetupState): boolean {
	return SETUP_STEPS.every((s) => state[s]);
}

/** What GET /api/progress answers. */
export interface Progress {
	byStatus: StatusCounts;
	conflicts: number;
	setup: SetupState;
}
