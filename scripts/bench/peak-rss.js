/**
 * The peak resident memory of this process, in KiB: Linux's VmHWM (high-water mark of the process's
 * own memory since it started). process.resourceUsage().maxRSS would not do for a child process:
 * Linux carries the high-water mark across the fork + exec that starts it, so a child of a 130 MB
 * parent reports at least 130 MB whatever it does. Elsewhere than Linux, maxRSS is all there is.
 */
import { readFileSync } from 'node:fs';

export function peakRssKB() {
	try {
		const m = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync('/proc/self/status', 'utf8'));
		if (m) return Number(m[1]);
	} catch {
		// not Linux
	}
	return process.resourceUsage().maxRSS;
}
