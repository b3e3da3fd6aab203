/**
 * Numbers, sizes, shares, lists, days and times as the current language writes them. Screens use
 * these rather than Intl with a fixed language, so a change of language changes them too.
 *   French: 1 234,5 · 850 ko · 1,2 Mo · 42 % · A, B et C · 28/11/2026 · 14:05
 *   English: 1,234.5 · 850 kB · 1.2 MB · 42% · A, B and C · 28/11/2026 · 14:05
 * (British English writes days day/month/year like French: a date never changes meaning.)
 */
import { cachedIntl } from './intl';
import { getLocale, intlTag, t, tn } from './core';
import { formatPoint as writePoint } from '$lib/domain/geo';

export function formatNumber(n: number, options?: Intl.NumberFormatOptions): string {
	return cachedIntl('number', intlTag(), options, (tag) => new Intl.NumberFormat(tag, options)).format(n);
}

// Options as constants: the formatter cache finds them by identity (./intl.ts).
const WHOLE: Intl.NumberFormatOptions = { maximumFractionDigits: 0 };
const ONE_DECIMAL: Intl.NumberFormatOptions = { maximumFractionDigits: 1 };
const PERCENT: Intl.NumberFormatOptions = { style: 'percent', maximumFractionDigits: 0 };
const AMOUNT: Intl.NumberFormatOptions = { useGrouping: false, maximumFractionDigits: 20 };
const COORDINATE: Intl.NumberFormatOptions = { minimumFractionDigits: 5, maximumFractionDigits: 5, useGrouping: false };

/** A size in the language's units, decimal (1 kB = 1000 bytes, as phones show storage). */
export function formatBytes(bytes: number): string {
	if (bytes < 1000) return t('unit.bytes.b', { n: formatNumber(bytes) });
	if (bytes < 1_000_000) return t('unit.bytes.kb', { n: formatNumber(bytes / 1000, WHOLE) });
	if (bytes < 1_000_000_000) return t('unit.bytes.mb', { n: formatNumber(bytes / 1_000_000, ONE_DECIMAL) });
	return t('unit.bytes.gb', { n: formatNumber(bytes / 1_000_000_000, ONE_DECIMAL) });
}

/** `part` of `whole` as a whole percentage ("0 %" / "0%" when the whole is empty). */
export function formatPercent(part: number, whole: number): string {
	return formatNumber(whole === 0 ? 0 : part / whole, PERCENT);
}

/** "A, B et C" / "A, B and C". */
export function formatList(items: readonly string[]): string {
	const list = cachedIntl('list', intlTag(), undefined, (tag) => new Intl.ListFormat(tag, { style: 'long', type: 'conjunction' }));
	return list.format(items);
}

const DAY_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_OPTIONS: Intl.DateTimeFormatOptions = { day: '2-digit', month: '2-digit', year: 'numeric', timeZone: 'UTC' };

/**
 * A day as the language writes it (28/11/2026), from a calendar day "2026-11-28" (taken as it is:
 * no time zone moves it), or from a moment (a Date or an ISO instant: its day where the device is).
 * '' for nothing or something unreadable.
 */
export function formatDay(value: string | Date | null | undefined): string {
	if (value === null || value === undefined || value === '') return '';
	let utc: number;
	const m = typeof value === 'string' ? DAY_RE.exec(value) : null;
	if (m) utc = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
	else {
		const d = typeof value === 'string' ? new Date(value) : value;
		if (Number.isNaN(d.getTime())) return '';
		utc = Date.UTC(d.getFullYear(), d.getMonth(), d.getDate());
	}
	return cachedIntl('date', intlTag(), DAY_OPTIONS, (tag) => new Intl.DateTimeFormat(tag, DAY_OPTIONS)).format(utc);
}

const TIME_OPTIONS: Intl.DateTimeFormatOptions = { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' };

/** The time of a moment where the device is, on 24 hours: "14:05". */
export function formatTime(value: Date | string): string {
	const d = typeof value === 'string' ? new Date(value) : value;
	if (Number.isNaN(d.getTime())) return '';
	return cachedIntl('time', intlTag(), TIME_OPTIONS, (tag) => new Intl.DateTimeFormat(tag, TIME_OPTIONS)).format(d);
}

/** "28/11/2026 14:05", where the device is ('' when unreadable). */
export function formatDateTime(value: Date | string): string {
	const day = formatDay(value);
	return day ? `${day} ${formatTime(value)}` : '';
}

/** "3 jours" / "3 days", "moins d'une minute" / "less than a minute" (from domain/dates waitedFor). */
export function formatWait(w: { unit: 'minutes' | 'hours' | 'days'; count: number }): string {
	if (w.unit === 'minutes' && w.count === 0) return t('age.now');
	return tn(`age.${w.unit}`, w.count);
}

/** A stored amount as one types it in the language, without grouping: "12,5" / "12.5" ('' for none). */
export function formatAmount(value: number | null): string {
	return value === null ? '' : formatNumber(value, AMOUNT);
}

/**
 * Typed amount text made ready for the domain's parseAmount (which reads "," or "." as the decimal
 * mark). In English a comma between groups of three digits separates thousands: "1,500" kg is 1500
 * there, not 1.5. Anything else ("12,5" out of French habit) is left as typed.
 */
export function amountInput(raw: string): string {
	if (getLocale() === 'en' && /^\s*-?\d{1,3}(,\d{3})+(\.\d*)?\s*$/.test(raw)) return raw.replace(/,/g, '');
	return raw;
}

/** A latitude or longitude with 5 decimals (about 1 m): "48,45213" / "48.45213". */
export function formatCoordinate(value: number): string {
	return formatNumber(value, COORDINATE);
}

const DECIMAL_PROBE: Intl.NumberFormatOptions = { minimumFractionDigits: 1 };

/** The language's decimal mark ("," in French, "." in English). */
function decimalMark(): string {
	const parts = cachedIntl('number', intlTag(), DECIMAL_PROBE, (tag) => new Intl.NumberFormat(tag, DECIMAL_PROBE)).formatToParts(1.5);
	return parts.find((p) => p.type === 'decimal')?.value ?? '.';
}

/** A point as every screen shows it: "48,4500 N · 0,8100 E" / "48.4500 N · 0.8100 W" (domain/geo). */
export function formatPoint(lat: number, lon: number): string {
	return writePoint(lat, lon, {
		decimal: decimalMark(),
		north: t('gps.dir.north'),
		south: t('gps.dir.south'),
		east: t('gps.dir.east'),
		west: t('gps.dir.west')
	});
}

/** A distance on the ground: "350 m" under a kilometre (to 10 m), else "2,3 km". */
export function formatDistance(metres: number): string {
	if (metres < 995) return t('gps.distance_m', { n: formatNumber(Math.max(10, Math.round(metres / 10) * 10), WHOLE) });
	return t('gps.distance_km', { n: formatNumber(metres / 1000, ONE_DECIMAL) });
}
