/**
 * Secrets handed to people (invitation links, first-run link, session cookies) are random 32-byte
 * tokens. Only their SHA-256 is stored: a copy of the database does not let anyone sign in. Look-ups
 * go by hash; a final constant-time comparison guards against timing differences.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export function newToken(): string {
	return randomBytes(32).toString('base64url');
}

export function hashToken(token: string): string {
	return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** Constant-time check that `token` hashes to `expectedHash`. */
export function tokenMatches(token: string, expectedHash: string): boolean {
	const a = Buffer.from(hashToken(token), 'hex');
	const b = Buffer.from(expectedHash, 'hex');
	return a.length === b.length && timingSafeEqual(a, b);
}

/** Shape of a token as it may arrive from outside (before any look-up). */
export function looksLikeToken(value: unknown): value is string {
	return typeof value === 'string' && /^[A-Za-z0-9_-]{43}$/.test(value);
}

export function newId(): string {
	return randomBytes(12).toString('base64url');
}
