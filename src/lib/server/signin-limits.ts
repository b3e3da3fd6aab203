/**
 * Sign-in limits that nobody can use to lock someone else out. Three counts, all in the database
 * (store.hitRateLimit, store.signinFailures…), so every app instance shares them:
 *
 * - per ADDRESS: 10 attempts a minute, whatever the account (ratelimit.ts): one address trying
 *   many accounts is refused;
 * - per (ACCOUNT, ADDRESS): 6 failures in 15 minutes, then this address is refused on this account
 *   until the 15 minutes have passed — stricter, and it only blocks whoever made the failures;
 * - per ACCOUNT: never a refusal, a progressive DELAY. After 5 failures of the account from
 *   anywhere, each address must wait between two tries on it: 1 s, then 2 s, 4 s, and at most 8 s
 *   (ACCOUNT_DELAY). Each address has its own clock (its own last try, or when it was first told to
 *   wait), so failures made elsewhere can lengthen the wait up to 8 s but never take a turn from
 *   the real person: a right password from a new address gets in after at most 8 s, however many
 *   wrong ones are being tried from elsewhere.
 *
 * A successful sign-in forgets the account's failures; so does the coordinator lifting the delay
 * (the Journal). Failures are forgotten an hour after an address's last try on the account.
 * The check and the count are two statements: two tries of one pair at the same instant may both be
 * let through; the per-address count (one atomic statement) still bounds them.
 */
import { createHash } from 'node:crypto';
import { hasNul } from '$lib/schemas/nul';
import { AccountError, signIn, type Context, type SignedIn } from './accounts';
import { authLimiter, RetryLater } from './ratelimit';
import type { SigninFailureSummary, SigninPair, Store } from './store/types';

export const PAIR_LIMIT = { failures: 6, windowMs: 15 * 60_000 } as const;
export const ACCOUNT_DELAY = { freeFailures: 5, firstMs: 1000, maxMs: 8000 } as const;
/** An address's failures on an account are forgotten this long after its last try there. */
export const FORGET_MS = 3600_000;

/** How long each try on an account waits after `failures` failures from everywhere (0: none). */
export function accountDelayMs(failures: number): number {
	if (failures < ACCOUNT_DELAY.freeFailures) return 0;
	const steps = Math.min(failures - ACCOUNT_DELAY.freeFailures, 10);
	return Math.min(ACCOUNT_DELAY.firstMs * 2 ** steps, ACCOUNT_DELAY.maxMs);
}

export type TurnDecision = { allowed: true } | { allowed: false; waitMs: number; startTurn: boolean };

/** May this address try this account now? (Pure: the rules of the module comment.) */
export function decideTurn(summary: SigninFailureSummary, pair: SigninPair | null, now: number): TurnDecision {
	if (pair && pair.windowFailures >= PAIR_LIMIT.failures && now < pair.windowStart + PAIR_LIMIT.windowMs)
		return { allowed: false, waitMs: pair.windowStart + PAIR_LIMIT.windowMs - now, startTurn: false };
	const delay = accountDelayMs(summary.failures);
	if (delay === 0) return { allowed: true };
	// A new address waits the whole delay first (else every new address would be a free try).
	if (!pair) return { allowed: false, waitMs: delay, startTurn: true };
	if (now < pair.turnAt + delay) return { allowed: false, waitMs: pair.turnAt + delay - now, startTurn: false };
	return { allowed: true };
}

/**
 * Whose failures a sign-in name counts as: the person's id, or for a name that names nobody a hash
 * of it (someone who typed a password in the name box must not find it stored in clear).
 */
export async function accountKey(store: Store, login: string): Promise<string> {
	const user = login && !hasNul(login) ? await store.getUserByLogin(login) : null;
	return user ? user.id : `?${createHash('sha256').update(login).digest('hex').slice(0, 32)}`;
}

const seconds = (ms: number) => Math.max(1, Math.ceil(ms / 1000));

/** The per-address count, taken first (before the body is even read): RetryLater past 10 a minute. */
export async function takeAddressTurn(store: Store, ip: string, now = Date.now()): Promise<void> {
	const byAddress = await authLimiter.take(store, `signin:${ip}`, now);
	if (!byAddress.allowed) throw new RetryLater(byAddress.retryAfter);
}

/**
 * A sign-in through the account's limits (after takeAddressTurn): RetryLater when this address must
 * wait, else signIn's answer (its 'signin_failed' counted as a failure of this account from this address).
 */
export async function signInLimited(ctx: Context & { ip: string }, input: { login: string; password: string }, now = Date.now()): Promise<SignedIn> {
	const { store, ip } = ctx;
	const account = await accountKey(store, input.login.normalize('NFC').trim().toLowerCase());
	const since = now - FORGET_MS;
	const { summary, pair } = await store.signinFailures(account, ip, since);
	const turn = decideTurn(summary, pair, now);
	if (!turn.allowed) {
		if (turn.startTurn) await store.startSigninTurn(account, ip, now, since);
		throw new RetryLater(seconds(turn.waitMs));
	}
	try {
		const signed = await signIn({ ...ctx, now: ctx.now ?? new Date(now) }, input);
		await store.clearSigninFailures(account);
		return signed;
	} catch (e) {
		if (e instanceof AccountError && e.code === 'signin_failed') await store.addSigninFailure(account, ip, now, PAIR_LIMIT.windowMs, since);
		throw e;
	}
}

/** An account's failures as the Journal shows them. */
export interface FailureReport extends SigninFailureSummary {
	/** The wait each try on this account has now (0: none). */
	delayMs: number;
}

/** Accounts of known people with failures in the last hour, most first (the Journal). */
export async function failureReports(store: Store, now = Date.now(), limit = 50): Promise<FailureReport[]> {
	const rows = await store.listSigninFailures(now - FORGET_MS, limit * 2);
	// Names that name nobody are left out: their key is a hash, nothing the coordinator can act on.
	return rows
		.filter((r) => !r.account.startsWith('?'))
		.slice(0, limit)
		.map((r) => ({ ...r, delayMs: accountDelayMs(r.failures) }));
}

/**
 * The coordinator lifts an account's delay: its failures are forgotten (every address starts again
 * from nothing), and the journal says who did it. AccountError 'not_found' for an unknown person.
 */
export async function liftSigninDelay(ctx: Context, actorId: string, userId: string): Promise<void> {
	const { store } = ctx;
	const user = await store.getUser(userId);
	if (!user) throw new AccountError('not_found');
	const pairs = await store.clearSigninFailures(user.id);
	await store.audit({
		at: (ctx.now ?? new Date()).toISOString(),
		actorId,
		action: 'signin.delay_lifted',
		target: user.id,
		detail: { pairs },
		ip: ctx.ip ?? null
	});
}
