/**
 * Field-by-field merge of concurrent edits (sync-protocol.md). Each field of a sheet carries the
 * HLC of its last write; an incoming write wins only if its HLC is greater. The losing value is not
 * thrown away: it is returned so the server can keep it as a conflict for the coordinator.
 *
 * HLC stamps from phones are CLAMPED to the server's time first: a phone whose clock runs days ahead
 * would otherwise win every later merge until that date (Actual Budget's lesson).
 */
import { formatHlc, parseHlc } from './hlc';

export interface StampedValue {
	v: unknown;
	hlc: string;
}

/** An incoming write, with the HLC of the value its author replaced (absent: a new field). */
export interface IncomingWrite extends StampedValue {
	base?: string;
}

export type FieldMerge =
	{ outcome: 'applied'; value: StampedValue; loser: StampedValue | null } | { outcome: 'kept'; value: StampedValue; loser: StampedValue } | { outcome: 'same' };

/** Values compared as JSON (sheet values are JSON data). */
export function sameValue(a: unknown, b: unknown): boolean {
	return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * Merge one incoming write into the stored one. `loser` is a value that lost without its author
 * having seen the winner — a real conflict, kept for the coordinator. An edit of the very value it
 * replaced (its `base` is the stored stamp) is an ordinary update, and a write of the same value is
 * no conflict either.
 */
export function mergeField(stored: StampedValue | undefined, incoming: IncomingWrite): FieldMerge {
	if (!stored) return { outcome: 'applied', value: incoming, loser: null };
	if (incoming.hlc === stored.hlc) return { outcome: 'same' };
	if (incoming.hlc > stored.hlc) {
		const seen = incoming.base === stored.hlc;
		return { outcome: 'applied', value: incoming, loser: seen || sameValue(stored.v, incoming.v) ? null : stored };
	}
	return sameValue(stored.v, incoming.v) ? { outcome: 'same' } : { outcome: 'kept', value: stored, loser: incoming };
}

/**
 * Clamp a stamp to `maxMillis` (the server's time plus a small allowance): a stamp from the future
 * is brought back to that instant, keeping its counter and node so it still sorts deterministically.
 * Returns null for a malformed stamp.
 */
export function clampHlc(stamp: string, maxMillis: number): string | null {
	const parsed = parseHlc(stamp);
	if (!parsed) return null;
	if (parsed.millis <= maxMillis) return stamp;
	return formatHlc(maxMillis, parsed.counter, parsed.node);
}
