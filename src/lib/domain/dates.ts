/**
 * Dates stored are ISO (YYYY-MM-DD for days, full ISO instants for moments). Local calendar days
 * are used, since a volunteer means "today" where they stand. Writing a date for a person depends
 * on their language: that is $lib/i18n's formatDay (28/11/2026), not the domain's.
 */

const DAY_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isIsoDay(value: unknown): value is string {
	if (typeof value !== 'string') return false;
	const m = DAY_RE.exec(value);
	if (!m) return false;
	const y = Number(m[1]);
	const mo = Number(m[2]);
	const d = Number(m[3]);
	const date = new Date(Date.UTC(y, mo - 1, d));
	return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

/** YYYY-MM-DD of the local calendar day of `date`. */
export function isoDay(date: Date): string {
	const y = date.getFullYear().toString().padStart(4, '0');
	const m = (date.getMonth() + 1).toString().padStart(2, '0');
	const d = date.getDate().toString().padStart(2, '0');
	return `${y}-${m}-${d}`;
}

/** Whole days between two instants (b − a), rounded down, never negative. */
export function daysBetween(a: Date, b: Date): number {
	return Math.max(0, Math.floor((b.getTime() - a.getTime()) / 86_400_000));
}

/** How long something has waited, in the largest whole unit (for "depuis 3 jours"). */
export function waitedFor(since: Date, now: Date): { unit: 'minutes' | 'hours' | 'days'; count: number } {
	const minutes = Math.max(0, Math.floor((now.getTime() - since.getTime()) / 60_000));
	if (minutes < 60) return { unit: 'minutes', count: minutes };
	const hours = Math.floor(minutes / 60);
	if (hours < 24) return { unit: 'hours', count: hours };
	return { unit: 'days', count: Math.floor(hours / 24) };
}

/**
 * A day typed day/month/year — "28/11/2026" (also 28-11-2026, 28.11.2026, 1/2/2026) → "2026-11-28";
 * anything else → null. Both languages of the app (French, British English) write days in that
 * order; a language that does not would need its own order here.
 */
export function parseDay(raw: string): string | null {
	const m = /^\s*(\d{1,2})[/.\-\s](\d{1,2})[/.\-\s](\d{4})\s*$/.exec(raw);
	if (!m) return null;
	const iso = `${m[3]}-${(m[2] as string).padStart(2, '0')}-${(m[1] as string).padStart(2, '0')}`;
	return isIsoDay(iso) ? iso : null;
}
