/**
 * Hybrid logical clock (HLC), the per-field version stamp used to merge concurrent edits.
 *
 * A stamp is `ISO-time-COUNTER-NODE`, e.g. `2026-11-28T09:15:02.113Z-0000-3f9a1c2b`. It is made so
 * that plain string comparison orders stamps: the ISO time has a fixed width (years 0000–9999),
 * the counter is 4 hex digits and the node id breaks ties. A clock never goes backwards: a new
 * stamp is later than every stamp this node issued or received, even when the wall clock is wrong.
 * Physical time is `Date.now() + offset`; the sync client sets the offset from the server's time
 * (a phone whose clock is days off must not win every merge forever), and the server clamps stamps
 * that claim to be in its future.
 */

export interface HlcState {
	/** Milliseconds since epoch of the latest stamp issued or seen. */
	millis: number;
	counter: number;
	node: string;
}

const MAX_COUNTER = 0xffff;
/** Reject stamps more than this far ahead of local physical time when receiving. */
export const MAX_DRIFT_MS = 5 * 60 * 1000;

export function formatHlc(millis: number, counter: number, node: string): string {
	return `${new Date(millis).toISOString()}-${counter.toString(16).padStart(4, '0')}-${node}`;
}

export function parseHlc(stamp: string): HlcState | null {
	const m = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z)-([0-9a-f]{4})-([0-9a-zA-Z_]{1,32})$/.exec(stamp);
	if (!m) return null;
	const millis = Date.parse(m[1] as string);
	if (Number.isNaN(millis)) return null;
	return { millis, counter: parseInt(m[2] as string, 16), node: m[3] as string };
}

export function isHlc(stamp: unknown): stamp is string {
	return typeof stamp === 'string' && parseHlc(stamp) !== null;
}

/** Issue a new stamp for a local event. Mutates and returns the state's stamp. */
export function tick(state: HlcState, physicalNow: number): string {
	if (physicalNow > state.millis) {
		state.millis = physicalNow;
		state.counter = 0;
	} else {
		state.counter += 1;
		if (state.counter > MAX_COUNTER) {
			// Counter overflow: move logical time forward by one millisecond rather than wrap.
			state.millis += 1;
			state.counter = 0;
		}
	}
	return formatHlc(state.millis, state.counter, state.node);
}

/**
 * Merge a stamp received from elsewhere so later local stamps sort after it.
 * Stamps from more than MAX_DRIFT_MS in the future are not adopted (they would drag this clock
 * ahead); the caller decides what to do with such a value (the server clamps it).
 */
export function receive(state: HlcState, remote: string, physicalNow: number): void {
	const r = parseHlc(remote);
	if (!r || r.millis > physicalNow + MAX_DRIFT_MS) return;
	const millis = Math.max(state.millis, r.millis, physicalNow);
	let counter: number;
	if (millis === state.millis && millis === r.millis) counter = Math.max(state.counter, r.counter) + 1;
	else if (millis === state.millis) counter = state.counter + 1;
	else if (millis === r.millis) counter = r.counter + 1;
	else counter = 0;
	if (counter > MAX_COUNTER) {
		state.millis = millis + 1;
		state.counter = 0;
	} else {
		state.millis = millis;
		state.counter = counter;
	}
}

export function compareHlc(a: string, b: string): number {
	return a < b ? -1 : a > b ? 1 : 0;
}

/** A random node id, 16 hex digits. */
export function newNodeId(random: () => number = Math.random): string {
	let s = '';
	for (let i = 0; i < 16; i++) s += Math.floor(random() * 16).toString(16);
	return s;
}
