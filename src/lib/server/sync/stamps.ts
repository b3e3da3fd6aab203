/** Stamps of the writes the server makes itself (a coordinator keeping a lost value, a sheet reopened). */
import { formatHlc, parseHlc } from '$lib/domain/hlc';

export const SERVER_NODE = 'server';

/** A stamp later than `after` and than the server's clock: an edit made on the server now. */
export function serverStamp(after: string | undefined, now: Date): string {
	const prev = after ? parseHlc(after) : null;
	const millis = Math.max(now.getTime(), (prev?.millis ?? 0) + 1);
	return formatHlc(millis, 0, SERVER_NODE);
}
