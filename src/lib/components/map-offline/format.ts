/** French formats of the offline map screen: a day as 28/11/2026, names as "A, B et C". */
import { tn } from '$lib/i18n';

const day = new Intl.DateTimeFormat('fr-FR', { day: '2-digit', month: '2-digit', year: 'numeric' });
const list = new Intl.ListFormat('fr', { style: 'long', type: 'conjunction' });

/** Names shown in full up to this many; beyond, "A, B, C et 9 autres communes". */
const SHOWN_NAMES = 3;

/** "28/11/2026" in the device's time zone (the day the person prepared the area). */
export function formatDay(iso: string): string {
	const d = new Date(iso);
	return Number.isNaN(d.getTime()) ? '' : day.format(d);
}

/** "Perche en Nocé", "Ceton et Perche en Nocé", or "A, B, C et 9 autres communes" (a title stays short on a phone). */
export function joinNames(names: readonly string[]): string {
	if (names.length <= SHOWN_NAMES + 1) return list.format(names);
	return tn('offline_map.names_more', names.length - SHOWN_NAMES, { names: names.slice(0, SHOWN_NAMES).join(', ') });
}
