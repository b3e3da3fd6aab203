/**
 * What the fuzz cases know of the server they attack: the four roles' sessions, and the real ids
 * (people, devices, invitations, sheets, conflicts, photos, installs) they put in paths and bodies
 * to try other people's records. Filled by the test's set-up through the product's own paths.
 */
export const ROLES = ['anon', 'volunteer', 'otherMairie', 'coordinator'] as const;
export type Role = (typeof ROLES)[number];
export type Member = Exclude<Role, 'anon'>;

export interface PhotoFacts {
	sha: string;
	size: number;
	mime: string;
	/** Bytes the server holds (= size when complete). */
	offset: number;
}

export interface World {
	port: number;
	origin: string;
	/** Cookie header value of each role's session. */
	cookies: Record<Member, string>;
	userIds: Record<Member | 'mairieA', string>;
	/** Session (device) ids of each role. */
	sessionIds: Record<Member | 'mairieA', string[]>;
	invitationIds: string[];
	/** Tokens the server knows: the first-run token (used) and invitation tokens (only previewed). */
	setupToken: string;
	invitationTokens: string[];
	conflictIds: number[];
	/** Sheets by author: the volunteer's, the coordinator's (in a commune of no mairie), mairie A's. */
	records: { volunteer: string[]; coordinator: string[]; mairieA: string[] };
	photos: { complete: PhotoFacts; partial: PhotoFacts };
	/** Each role's own install (sync client id). */
	clients: Record<Member, string>;
	communes: { mairieA: string; otherMairie: string; elsewhere: string };
}

/** What serial lanes remember between their cases. */
export interface LaneState {
	/** Each install's last applied mutation number, as the server said. */
	lastSeq: Map<string, number>;
	/** Sheets created by legitimate pushes during the storm: id → the fields pushed. */
	legit: Map<string, Record<string, unknown>>;
}
