/**
 * A sheet’s field values in plain French words, for the history, the merge screen and a sheet’s page
 * (what changed since the last review decision): vocabulary
 * ids through their labels, dates as 28/11/2026, points as coordinates, photos counted. How a value
 * is worded follows its field's description (domain/fields.ts: the kind of value, its labels).
 */
import { label, t, tn, formatDay, formatAmount, formatPoint } from '$lib/i18n';
import { territoryState } from '$lib/state/territory.svelte';
import { FIELD_NAMES, fieldDef, type FieldDef, type FieldName } from '$lib/domain/fields';

/** A field's short French name (« Nom », « Position »). */
export const fieldName = (field: string): string => label('history.field', field);

/** The field's description, when `field` is one (the history may hold a field this version dropped). */
const defOf = (field: string): FieldDef | undefined => ((FIELD_NAMES as readonly string[]).includes(field) ? fieldDef(field as FieldName) : undefined);

export const isEmpty = (x: unknown) => x === null || x === undefined || x === '' || (Array.isArray(x) && x.length === 0);
const num = (x: unknown) => (typeof x === 'number' ? x : Number.NaN);

/** The local day of an instant or a day: 28/11/2026. */
export function day(x: unknown): string {
	if (typeof x !== 'string') return String(x);
	if (x.length === 10) return formatDay(x) || x;
	const d = new Date(x);
	return Number.isNaN(d.getTime()) ? x : formatDay(d);
}

/** A value in words, without quotes. */
export function words(field: string, x: unknown): string {
	if (typeof x === 'boolean') return x ? t('history.yes') : t('history.no');
	const d = defOf(field);
	if (d?.history === 'consent') return t('history.consent_on', { date: day(x) });
	switch (d?.value.kind) {
		case 'commune':
			return territoryState.communeName(String(x));
		case 'day':
		case 'instant':
			return day(x);
		case 'number':
			return typeof x === 'number' ? formatAmount(x) : String(x);
		case 'photos':
			return tn('history.photo_count', Array.isArray(x) ? x.length : 0);
		case 'point': {
			const p = (x ?? {}) as { lat?: unknown; lon?: unknown; source?: unknown };
			const params = { point: formatPoint(num(p.lat), num(p.lon)) };
			if (p.source === 'saisie') return t('history.point_typed', params);
			return p.source === 'manuel' ? t('history.point_manual', params) : t('history.point', params);
		}
		case 'equipment':
			return (Array.isArray(x) ? x : [])
				.map((item) => {
					const e = (item ?? {}) as { label?: unknown; quantity?: unknown };
					const name = typeof e.label === 'string' ? e.label : '';
					return typeof e.quantity === 'number' ? t('history.equipment_item', { label: name, quantity: e.quantity }) : name;
				})
				.join(', ');
	}
	const prefix = d?.value.kind === 'code' || d?.value.kind === 'codes' ? d.value.prefix : undefined;
	if (Array.isArray(x))
		return x.map((item) => (prefix ? label(prefix, item as string) : typeof item === 'object' ? JSON.stringify(item) : String(item))).join(', ');
	if (typeof x === 'object' && x !== null) return JSON.stringify(x);
	if (typeof x === 'number') return formatAmount(x);
	return prefix ? label(prefix, x as string) : String(x);
}

/** A field's value before a change, for « avant : « … » » on a sheet's page: quoted, or (vide). */
export function beforeWords(field: string, x: unknown): string {
	return isEmpty(x) ? t('review.since.empty') : t('review.since.quoted', { value: words(field, x) });
}
