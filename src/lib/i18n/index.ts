/**
 * The message catalogue: every text a person sees comes from here (no literals in components).
 * French is the reference language; English arrives in a later issue with the same keys.
 *
 * Messages may hold `{name}` placeholders, filled from `params`. Plural forms are separate keys
 * chosen by the caller with `tn()` (`key.one` / `key.other`).
 */
import { fr } from './fr';

export type MessageKey = keyof typeof fr;
type Params = Record<string, string | number>;

const catalogue: Record<string, string> = fr;

export function t(key: MessageKey, params?: Params): string {
	return fill(catalogue[key] ?? key, params);
}

/** A key built from a domain id (`category.${id}`); falls back to the id itself if unknown. */
export function label(prefix: string, id: string | number | null | undefined): string {
	if (id === null || id === undefined || id === '') return '';
	return catalogue[`${prefix}.${id}`] ?? String(id);
}

export function hasMessage(key: string): boolean {
	return key in catalogue;
}

/** Plural: picks `${base}.one` for 0 and 1 (French rule), `${base}.other` otherwise. */
export function tn(base: string, count: number, params?: Params): string {
	const key = `${base}.${count <= 1 ? 'one' : 'other'}`;
	return fill(catalogue[key] ?? key, { count: formatCount(count), ...params });
}

export function formatCount(n: number): string {
	return new Intl.NumberFormat('fr-FR').format(n);
}

/** Bytes in French units: "850 ko", "1,2 Mo". */
export function formatBytes(bytes: number): string {
	if (bytes < 1000) return `${bytes} o`;
	if (bytes < 1_000_000) return `${new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 0 }).format(bytes / 1000)} ko`;
	if (bytes < 1_000_000_000)
		return `${new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 1 }).format(bytes / 1_000_000)} Mo`;
	return `${new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 1 }).format(bytes / 1_000_000_000)} Go`;
}

function fill(message: string, params?: Params): string {
	if (!params) return message;
	return message.replace(/\{(\w+)\}/g, (m, name: string) =>
		name in params ? String(params[name]) : m
	);
}

/** "3 jours", "5 heures", "moins d'une minute" (from domain/dates waitedFor). */
export function formatWait(w: { unit: 'minutes' | 'hours' | 'days'; count: number }): string {
	if (w.unit === 'minutes' && w.count === 0) return t('age.now');
	return tn(`age.${w.unit}`, w.count);
}
