/** Formats of the offline map screen, in the person's language: a day as 28/11/2026, names as "A, B et C". */
import { formatDay as dayOf, formatList, tn } from '$lib/i18n';

/** Names shown in full up to this many; beyond, "A, B, C et 9 autres communes". */
const SHOWN_NAMES = 3;

/** "28/11/2026" in the device's time zone (the day the person prepared the area). */
export function formatDay(iso: string): string {
	return dayOf(new Date(iso));
}

/** "Perche en Nocé", "Ceton et Perche en Nocé", or "A, B, C et 9 autres communes" (a title stays short on a phone). */
export function joinNames(names: readonly string[]): string {
	if (names.length <= SHOWN_NAMES + 1) return formatList(names);
	return tn('offline_map.names_more', names.length - SHOWN_NAMES, { names: names.slice(0, SHOWN_NAMES).join(', ') });
}
