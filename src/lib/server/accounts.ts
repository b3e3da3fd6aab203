/**
 * Accounts: the first-run link, invitations, sessions (one per device), passwords, revocation.
 * Every function returns domain values or throws an AccountError with a CODE; routes map codes to
 * an HTTP status and a French message (src/lib/server/http.ts). Secrets leave this module once, in
 * clear, to be shown or set as a cookie; only their hashes are stored.
 */
import { actorOf, canAdmin, canSetPassword, type Role } from '$lib/domain/access';
import { hashPassword, MIN_PASSWORD_LENGTH, verifyPassword } from './auth/passwords';
import { hashToken, looksLikeToken, newId, newToken, tokenMatches } from './auth/tokens';
import type { AuditAction, Invitation, Session, Store, User } from './store/types';
import { hasNul } from '$lib/schemas/nul';

export const SETUP_TTL_MS = 24 * 3600 * 1000;
/** Volunteers stay signed in for weeks offline; the session slides on each visit. */
export const SESSION_TTL_MS: Record<Role, number> = {
	benevole: 180 * 86_400_000,
	mairie: 30 * 86_400_000,
	coordinateur: 30 * 86_400_000
};
/** A session's expiry is pushed forward at most this often (not a write per request). */
const TOUCH_EVERY_MS = 3600 * 1000;
export const REISSUE_TTL_MS = 7 * 86_400_000;

export type AccountErrorCode =
	| 'token_invalid'
	| 'token_expired'
	| 'token_used'
	| 'token_revoked'
	| 'already_set_up'
	| 'name_invalid'
	| 'login_invalid'
	| 'login_taken'
	| 'password_too_short'
	| 'signin_failed'
	| 'forbidden'
	| 'not_found'
	| 'communes_required'
	| 'invalid_input'
	| 'last_coordinator'
	| 'current_password_wrong';

export class AccountError extends Error {
	constructor(readonly code: AccountErrorCode) {
		super(code);
		this.name = 'AccountError';
	}
}

export interface Context {
	store: Store;
	now?: Date;
	ip?: string | null;
	device?: string;
}

export interface SignedIn {
	user: User;
	session: Session;
	/** The cookie value: shown once, stored hashed. */
	token: string;
}

const iso = (d: Date) => d.toISOString();
const nowOf = (ctx: Context) => ctx.now ?? new Date();

export function cleanName(raw: unknown): string {
	if (typeof raw !== 'string') throw new AccountError('name_invalid');
	const name = raw.normalize('NFC').replace(/\s+/g, ' ').trim();
	// U+0000: no store may hold it (PostgreSQL text cannot), see schemas/nul.ts.
	if (name.length < 2 || name.length > 80 || hasNul(name)) throw new AccountError('name_invalid');
	return name;
}

export function cleanLogin(raw: unknown): string {
	if (typeof raw !== 'string') throw new AccountError('login_invalid');
	const login = raw.normalize('NFC').trim().toLowerCase();
	if (!/^[\p{L}\p{N}._@+-]{3,80}$/u.test(login)) throw new AccountError('login_invalid');
	return login;
}

function checkPassword(raw: unknown): string {
	if (typeof raw !== 'string' || [...raw].length < MIN_PASSWORD_LENGTH || raw.length > 200) throw new AccountError('password_too_short');
	return raw;
}

async function audit(ctx: Context, action: AuditAction, actorId: string | null, target: string | null, detail: Record<string, unknown> = {}) {
	await ctx.store.audit({ at: iso(nowOf(ctx)), actorId, action, target, detail, ip: ctx.ip ?? null });
}

async function openSession(ctx: Context, user: User): Promise<SignedIn> {
	const now = nowOf(ctx);
	const token = newToken();
	const session: Session = {
		id: newId(),
		tokenHash: hashToken(token),
		userId: user.id,
		device: (ctx.device ?? '').slice(0, 200),
		createdAt: iso(now),
		lastSeenAt: iso(now),
		expiresAt: iso(new Date(now.getTime() + SESSION_TTL_MS[user.role])),
		revokedAt: null
	};
	await ctx.store.insertSession(session);
	await ctx.store.updateUser(user.id, { lastSeenAt: iso(now) });
	return { user: { ...user, lastSeenAt: iso(now) }, session, token };
}

// ---------- first run ----------

/**
 * On an empty database, make a one-time link (valid 24 h) that creates the coordinator account.
 * Returns null when someone already set the app up. Each start makes a fresh link; older ones stay
 * valid until they expire (the person may have copied one).
 */
export async function makeSetupLink(ctx: Context): Promise<{ token: string; expiresAt: string } | null> {
	if ((await ctx.store.countUsers()) > 0) return null;
	const now = nowOf(ctx);
	const token = newToken();
	const expiresAt = iso(new Date(now.getTime() + SETUP_TTL_MS));
	await ctx.store.insertSetupToken({ tokenHash: hashToken(token), createdAt: iso(now), expiresAt, usedAt: null });
	await audit(ctx, 'setup.link_created', null, null, { expiresAt });
	return { token, expiresAt };
}

export async function claimSetup(ctx: Context, input: { token: unknown; name: unknown; login?: unknown; password?: unknown }): Promise<SignedIn> {
	if (!looksLikeToken(input.token)) throw new AccountError('token_invalid');
	const name = cleanName(input.name);
	const withPassword = input.password !== undefined && input.password !== '';
	const login = withPassword ? cleanLogin(input.login) : null;
	const passwordHash = withPassword ? await hashPassword(checkPassword(input.password)) : null;
	const token = input.token;
	return ctx.store.transaction(async () => {
		const now = nowOf(ctx);
		const stored = await ctx.store.getSetupToken(hashToken(token));
		if (!stored || !tokenMatches(token, stored.tokenHash)) throw new AccountError('token_invalid');
		if (stored.usedAt) throw new AccountError('token_used');
		if (stored.expiresAt <= iso(now)) throw new AccountError('token_expired');
		if ((await ctx.store.countUsers()) > 0) throw new AccountError('already_set_up');
		if (!(await ctx.store.markSetupTokenUsed(stored.tokenHash, iso(now)))) throw new AccountError('token_used');
		const user: User = {
			id: newId(),
			name,
			role: 'coordinateur',
			communes: [],
			login,
			passwordHash,
			createdAt: iso(now),
			lastSeenAt: null,
			revokedAt: null
		};
		await ctx.store.insertUser(user);
		await audit(ctx, 'setup.coordinator_created', user.id, user.id, { name });
		return openSession(ctx, user);
	});
}

// ---------- invitations ----------

export interface InvitationInput {
	role: Role;
	communes?: string[];
	label?: string;
	maxUses?: number | null;
	expiresInDays?: number | null;
}

export async function createInvitation(ctx: Context, actor: User | null, input: InvitationInput): Promise<{ invitation: Invitation; token: string }> {
	if (actor && !canAdmin(actorOf(actor), 'invite')) throw new AccountError('forbidden');
	const communes = [...new Set(input.communes ?? [])];
	if (input.role === 'mairie' && communes.length === 0) throw new AccountError('communes_required');
	if (input.label !== undefined && hasNul(input.label)) throw new AccountError('invalid_input');
	// A link that makes a coordinator gives every right: one person, one day, whatever was asked.
	if (input.role === 'coordinateur') {
		input = { ...input, maxUses: 1, expiresInDays: Math.min(input.expiresInDays ?? 1, 1) };
	}
	const now = nowOf(ctx);
	const token = newToken();
	const invitation: Invitation = {
		id: newId(),
		tokenHash: hashToken(token),
		role: input.role,
		communes: input.role === 'mairie' ? communes : [],
		label: (input.label ?? '').trim().slice(0, 120),
		maxUses: input.maxUses ?? null,
		uses: 0,
		expiresAt: input.expiresInDays ? iso(new Date(now.getTime() + input.expiresInDays * 86_400_000)) : null,
		createdBy: actor?.id ?? null,
		createdAt: iso(now),
		revokedAt: null,
		forUserId: null
	};
	await ctx.store.transaction(async () => {
		await ctx.store.insertInvitation(invitation);
		await audit(ctx, 'invitation.created', actor?.id ?? null, invitation.id, {
			role: invitation.role,
			communes: invitation.communes,
			maxUses: invitation.maxUses,
			expiresAt: invitation.expiresAt
		});
	});
	return { invitation, token };
}

/** Why an invitation cannot be used now, or null when it can. */
export function invitationProblem(inv: Invitation, now: Date): AccountErrorCode | null {
	if (inv.revokedAt) return 'token_revoked';
	if (inv.expiresAt && inv.expiresAt <= iso(now)) return 'token_expired';
	if (inv.maxUses !== null && inv.uses >= inv.maxUses) return 'token_used';
	return null;
}

async function findInvitation(ctx: Context, token: unknown): Promise<Invitation> {
	if (!looksLikeToken(token)) throw new AccountError('token_invalid');
	const inv = await ctx.store.getInvitationByTokenHash(hashToken(token));
	if (!inv || !tokenMatches(token, inv.tokenHash)) throw new AccountError('token_invalid');
	return inv;
}

/** What an invitation offers, for the page shown before joining. */
export async function previewInvitation(ctx: Context, token: unknown): Promise<Invitation> {
	const inv = await findInvitation(ctx, token);
	const problem = invitationProblem(inv, nowOf(ctx));
	if (problem) throw new AccountError(problem);
	return inv;
}

/**
 * Join with an invitation: asks only for a display name. A reissued link re-admits its person (same
 * account, a new device session); any other link creates a person with the invitation's role.
 */
export async function acceptInvitation(ctx: Context, input: { token: unknown; name: unknown }): Promise<SignedIn> {
	const inv = await findInvitation(ctx, input.token);
	const name = inv.forUserId ? null : cleanName(input.name);
	const result = await ctx.store.transaction(async (): Promise<SignedIn | AccountErrorCode> => {
		const now = nowOf(ctx);
		const fresh = await ctx.store.getInvitation(inv.id);
		const problem = fresh ? invitationProblem(fresh, now) : 'token_invalid';
		if (problem) return problem;
		if (!fresh) return 'token_invalid';
		// A link is only as good as its maker: one made by someone who lost the right to invite is void
		// (links from the operator's command line have no maker).
		if (fresh.createdBy) {
			const maker = await ctx.store.getUser(fresh.createdBy);
			if (!maker || maker.revokedAt || !canAdmin(actorOf(maker), 'invite')) return 'token_revoked';
		}
		let user: User | null = null;
		if (fresh.forUserId) {
			user = await ctx.store.getUser(fresh.forUserId);
			if (!user) return 'not_found';
			// A revocation made after the link was issued wins over the link.
			if (user.revokedAt && user.revokedAt > fresh.createdAt) return 'token_revoked';
		}
		if (!(await ctx.store.useInvitation(fresh.id, iso(now)))) return 'token_used';
		if (fresh.forUserId && user) {
			if (user.revokedAt) {
				await ctx.store.updateUser(user.id, { revokedAt: null });
				user = { ...user, revokedAt: null };
			}
		} else {
			user = {
				id: newId(),
				name: name as string,
				role: fresh.role,
				communes: fresh.communes,
				login: null,
				passwordHash: null,
				createdAt: iso(now),
				lastSeenAt: null,
				revokedAt: null
			};
			await ctx.store.insertUser(user);
		}
		await audit(ctx, 'invitation.accepted', user.id, fresh.id, { role: user.role, name: user.name });
		return openSession(ctx, user);
	});
	if (typeof result === 'string') {
		// Logged outside the refused transaction, so the refusal itself is kept.
		await audit(ctx, 'invitation.refused', null, inv.id, { reason: result });
		throw new AccountError(result);
	}
	return result;
}

export async function revokeInvitation(ctx: Context, actor: User, id: string): Promise<void> {
	if (!canAdmin(actorOf(actor), 'invite')) throw new AccountError('forbidden');
	await ctx.store.transaction(async () => {
		if (!(await ctx.store.getInvitation(id))) throw new AccountError('not_found');
		await ctx.store.revokeInvitation(id, iso(nowOf(ctx)));
		await audit(ctx, 'invitation.revoked', actor.id, id);
	});
}

/** A new single-use link (7 days) for someone who lost access: same account, new device. */
export async function reissueLink(ctx: Context, actor: User, userId: string): Promise<{ invitation: Invitation; token: string }> {
	if (!canAdmin(actorOf(actor), 'manage_team')) throw new AccountError('forbidden');
	const target = await ctx.store.getUser(userId);
	if (!target) throw new AccountError('not_found');
	const now = nowOf(ctx);
	const token = newToken();
	const invitation: Invitation = {
		id: newId(),
		tokenHash: hashToken(token),
		role: target.role,
		communes: target.communes,
		label: target.name,
		maxUses: 1,
		uses: 0,
		expiresAt: iso(new Date(now.getTime() + REISSUE_TTL_MS)),
		createdBy: actor.id,
		createdAt: iso(now),
		revokedAt: null,
		forUserId: target.id
	};
	await ctx.store.transaction(async () => {
		await ctx.store.insertInvitation(invitation);
		await audit(ctx, 'user.link_reissued', actor.id, target.id, { invitation: invitation.id });
	});
	return { invitation, token };
}

// ---------- sessions and sign-in ----------

/**
 * The person behind a session cookie, or null when the token is unknown, expired or revoked, or
 * the person was revoked. Slides the expiry forward (at most once an hour).
 */
export async function sessionFor(ctx: Context, token: unknown): Promise<{ user: User; session: Session; slid: boolean } | null> {
	if (!looksLikeToken(token)) return null;
	const session = await ctx.store.getSessionByTokenHash(hashToken(token));
	if (!session || !tokenMatches(token, session.tokenHash)) return null;
	const now = nowOf(ctx);
	if (session.revokedAt || session.expiresAt <= iso(now)) return null;
	const user = await ctx.store.getUser(session.userId);
	if (!user || user.revokedAt) return null;
	if (now.getTime() - Date.parse(session.lastSeenAt) > TOUCH_EVERY_MS) {
		const expiresAt = iso(new Date(now.getTime() + SESSION_TTL_MS[user.role]));
		await ctx.store.touchSession(session.id, iso(now), expiresAt);
		return { user: { ...user, lastSeenAt: iso(now) }, session: { ...session, lastSeenAt: iso(now), expiresAt }, slid: true };
	}
	return { user, session, slid: false };
}

export async function signIn(ctx: Context, input: { login: unknown; password: unknown }): Promise<SignedIn> {
	const login = typeof input.login === 'string' ? input.login.normalize('NFC').trim().toLowerCase() : '';
	const password = typeof input.password === 'string' ? input.password : '';
	// A login holding U+0000 names nobody (and never reaches the database: PostgreSQL refuses it).
	const user = login && !hasNul(login) ? await ctx.store.getUserByLogin(login) : null;
	// Always spend the hashing time, so a wrong login answers as slowly as a wrong password.
	const ok = user?.passwordHash ? await verifyPassword(password, user.passwordHash) : (await verifyPassword(password, DUMMY_HASH), false);
	if (!user || !ok || user.revokedAt || !canSetPassword(actorOf(user))) {
		// What was typed is not logged (a password typed in the wrong box would end up in the log):
		// only whom it was about, when that person exists.
		await audit(ctx, 'signin.failed', null, user?.id ?? null, { knownLogin: !!user });
		throw new AccountError('signin_failed');
	}
	return ctx.store.transaction(async () => {
		await audit(ctx, 'signin.password', user.id, user.id);
		return openSession(ctx, user);
	});
}
const DUMMY_HASH = 'scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';

export async function signOut(ctx: Context, session: Session): Promise<void> {
	await ctx.store.transaction(async () => {
		await ctx.store.revokeSession(session.id, iso(nowOf(ctx)));
		await audit(ctx, 'signout', session.userId, session.id);
	});
}

/**
 * Mairies and the coordinator may set a sign-in name and password, to sign in elsewhere. Changing
 * an existing password needs the current one; every other device of the person is then signed out
 * (someone who borrowed an unlocked tablet cannot keep a way in).
 */
export async function setPassword(
	ctx: Context,
	user: User,
	input: { login: unknown; password: unknown; current?: unknown },
	keepSessionId?: string
): Promise<void> {
	if (!canSetPassword(actorOf(user))) throw new AccountError('forbidden');
	const login = cleanLogin(input.login);
	const stored = await ctx.store.getUser(user.id);
	if (!stored) throw new AccountError('not_found');
	if (stored.passwordHash) {
		const current = typeof input.current === 'string' ? input.current : '';
		if (!(await verifyPassword(current, stored.passwordHash))) throw new AccountError('current_password_wrong');
	}
	const hash = await hashPassword(checkPassword(input.password));
	await ctx.store.transaction(async () => {
		const other = await ctx.store.getUserByLogin(login);
		if (other && other.id !== user.id) throw new AccountError('login_taken');
		await ctx.store.updateUser(user.id, { login, passwordHash: hash });
		const at = iso(nowOf(ctx));
		for (const session of await ctx.store.listSessions(user.id)) {
			if (session.id !== keepSessionId && !session.revokedAt) await ctx.store.revokeSession(session.id, at);
		}
		await audit(ctx, 'user.password_set', user.id, user.id, { login });
	});
}

// ---------- the coordinator's team ----------

/**
 * The acting coordinator, read again inside the transaction: a coordinator revoked or demoted by
 * someone else a moment ago can no longer act on the strength of its earlier session.
 */
async function currentAdmin(ctx: Context, actor: User): Promise<User> {
	const fresh = await ctx.store.getUser(actor.id);
	if (!fresh || fresh.revokedAt || !canAdmin(actorOf(fresh), 'manage_team')) throw new AccountError('forbidden');
	return fresh;
}

/** Someone must stay able to run the census: the last active coordinator cannot be removed. */
async function keepOneCoordinator(ctx: Context, target: User): Promise<void> {
	if (target.role === 'coordinateur' && !target.revokedAt && (await ctx.store.countActive('coordinateur')) <= 1) throw new AccountError('last_coordinator');
}

export async function revokeUser(ctx: Context, actor: User, userId: string): Promise<void> {
	if (!canAdmin(actorOf(actor), 'manage_team') || actor.id === userId) throw new AccountError('forbidden');
	await ctx.store.transaction(async () => {
		await currentAdmin(ctx, actor);
		const target = await ctx.store.getUser(userId);
		if (!target) throw new AccountError('not_found');
		await keepOneCoordinator(ctx, target);
		const at = iso(nowOf(ctx));
		await ctx.store.updateUser(userId, { revokedAt: target.revokedAt ?? at });
		await ctx.store.revokeUserSessions(userId, at);
		// Links that person made, and links that would re-admit them, die with their access.
		const made = await ctx.store.revokeInvitationsBy(userId, at);
		const readmit = await ctx.store.revokeInvitationsFor(userId, at);
		await audit(ctx, 'user.revoked', actor.id, userId, { name: target.name, linksCancelled: made + readmit });
	});
}

export async function revokeSession(ctx: Context, actor: User, sessionId: string): Promise<void> {
	const sessions = await ctx.store.listSessions();
	const target = sessions.find((s) => s.id === sessionId);
	if (!target) throw new AccountError('not_found');
	// The coordinator may revoke any device; others only their own.
	if (!canAdmin(actorOf(actor), 'manage_team') && target.userId !== actor.id) throw new AccountError('forbidden');
	await ctx.store.transaction(async () => {
		await ctx.store.revokeSession(sessionId, iso(nowOf(ctx)));
		await audit(ctx, 'session.revoked', actor.id, sessionId, { user: target.userId });
	});
}

export async function changeRole(ctx: Context, actor: User, userId: string, role: Role, communes: string[]): Promise<void> {
	if (!canAdmin(actorOf(actor), 'manage_team') || actor.id === userId) throw new AccountError('forbidden');
	if (role === 'mairie' && communes.length === 0) throw new AccountError('communes_required');
	await ctx.store.transaction(async () => {
		await currentAdmin(ctx, actor);
		const target = await ctx.store.getUser(userId);
		if (!target) throw new AccountError('not_found');
		if (role !== 'coordinateur') await keepOneCoordinator(ctx, target);
		const at = iso(nowOf(ctx));
		const next = role === 'mairie' ? [...new Set(communes)] : [];
		const patch: Partial<User> = { role, communes: next };
		// A volunteer signs in by link only: a password kept from another role would outlive the change.
		if (role === 'benevole') Object.assign(patch, { login: null, passwordHash: null });
		await ctx.store.updateUser(userId, patch);
		if (target.role === 'coordinateur' && role !== 'coordinateur') await ctx.store.revokeInvitationsBy(userId, at);
		await audit(ctx, 'user.role_changed', actor.id, userId, { from: target.role, to: role, communes: next });
	});
}
