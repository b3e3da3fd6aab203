/**
 * Business rules of a sheet. They return problem CODES (the UI maps each to a French message from
 * the catalogue, key `problem.<code>`), never texts.
 *
 * Two levels: a draft (brouillon) may be incomplete and is saved as typed; a sheet handed in
 * ("prête à envoyer") must have no `error` problem. Warnings never block.
 *
 * A question left unanswered (the power-cut question, the verification date, any section) is not a
 * problem: the volunteer may not know, and an invented answer would be worse than none. The
 * sections skipped are told at « Terminer la fiche » (form-sections.ts); the census and the
 * coverage count an unanswered power-cut question as unknown.
 */
import { categoryDef, hasGroup } from './categories';
import type { FieldName, SheetFields } from './sheet';

export const GPS_ACCURACY_WARNING_M = 50;

export type ProblemCode =
	| 'name_missing'
	| 'category_other_missing'
	| 'commune_missing'
	| 'capacity_unit_missing'
	| 'capacity_unit_wrong'
	| 'capacity_negative'
	| 'sanitary_number_missing'
	| 'person_without_consent'
	| 'email_invalid'
	| 'phone_invalid'
	| 'gps_imprecise'
	| 'location_missing';

export interface Problem {
	field: FieldName;
	code: ProblemCode;
	level: 'error' | 'warning';
}

const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Loose phone check: digits with optional +, spaces, dots, dashes, parentheses; 6–20 digits. */
export function isPhone(value: string): boolean {
	if (!/^[+\d][\d\s.\-()]*$/.test(value)) return false;
	const digits = value.replace(/\D/g, '').length;
	return digits >= 6 && digits <= 20;
}

export function isEmail(value: string): boolean {
	return EMAIL_RE.test(value.trim());
}

export function sheetProblems(f: SheetFields): Problem[] {
	const out: Problem[] = [];
	const err = (field: FieldName, code: ProblemCode) => out.push({ field, code, level: 'error' });
	const warn = (field: FieldName, code: ProblemCode) => out.push({ field, code, level: 'warning' });

	if (!f.name.trim()) err('name', 'name_missing');
	if (f.category === 'autre' && !f.categoryOther.trim()) err('categoryOther', 'category_other_missing');
	if (!f.commune) err('commune', 'commune_missing');

	if (hasGroup(f.category, 'capacity') && f.capacityValue !== null) {
		if (f.capacityValue < 0) err('capacityValue', 'capacity_negative');
		if (!f.capacityUnit) err('capacityUnit', 'capacity_unit_missing');
		else if (!categoryDef(f.category).units.includes(f.capacityUnit)) err('capacityUnit', 'capacity_unit_wrong');
	}
	if (hasGroup(f.category, 'sanitary') && f.sanitary === 'agrement_ce' && !f.sanitaryNumber.trim()) err('sanitaryNumber', 'sanitary_number_missing');

	const hasPerson = !!(f.personName.trim() || f.personPhone.trim() || f.personEmail.trim());
	if (hasPerson && !f.personConsentAt) err('personConsentAt', 'person_without_consent');
	if (f.personEmail.trim() && !isEmail(f.personEmail)) err('personEmail', 'email_invalid');
	if (f.personPhone.trim() && !isPhone(f.personPhone)) err('personPhone', 'phone_invalid');
	if (f.orgEmail.trim() && !isEmail(f.orgEmail)) err('orgEmail', 'email_invalid');
	if (f.orgPhone.trim() && !isPhone(f.orgPhone)) err('orgPhone', 'phone_invalid');

	if (!f.location) warn('location', 'location_missing');
	else if (f.location.accuracy !== null && f.location.accuracy > GPS_ACCURACY_WARNING_M) warn('location', 'gps_imprecise');
	return out;
}

export function canHandIn(f: SheetFields): boolean {
	return sheetProblems(f).every((p) => p.level !== 'error');
}

export type NumberParse = { ok: true; value: number | null } | { ok: false; code: 'not_number' | 'negative' | 'too_large' };

/**
 * Parse a number typed by a person: French decimal comma accepted ("12,5"), spaces as thousands
 * separators ("1 500"), empty means "not given".
 */
export function parseAmount(raw: string, max = 1e9): NumberParse {
	const s = raw.replace(/[\s\u00a0\u202f]/g, '').replace(',', '.');
	if (s === '') return { ok: true, value: null };
	// "12," is accepted as 12: it is what one types on the way to "12,5".
	if (!/^-?\d+(\.\d*)?$/.test(s)) return { ok: false, code: 'not_number' };
	const value = Number(s);
	if (value < 0) return { ok: false, code: 'negative' };
	if (value > max) return { ok: false, code: 'too_large' };
	return { ok: true, value };
}

/** Format a stored number for a French input ("12,5"). */
export function formatAmount(value: number | null): string {
	return value === null ? '' : String(value).replace('.', ',');
}

/**
 * When the category changes, keep only values that still make sense for the new one: a capacity
 * unit the new category does not allow is dropped with its value, and fields the new category does
 * not show (sanitary status, season, mobile, free label) are emptied rather than kept out of sight.
 */
export function adaptToCategory(f: SheetFields): SheetFields {
	const d = categoryDef(f.category);
	const next = { ...f };
	if (!hasGroup(f.category, 'capacity')) {
		next.capacityValue = null;
		next.capacityUnit = null;
	} else if (next.capacityUnit && !d.units.includes(next.capacityUnit)) {
		next.capacityUnit = d.units[0] ?? null;
		next.capacityValue = null;
	}
	if (!hasGroup(f.category, 'sanitary')) {
		next.sanitary = null;
		next.sanitaryNumber = '';
	}
	if (!hasGroup(f.category, 'season')) next.months = [];
	if (!d.canBeMobile) next.mobile = false;
	if (f.category !== 'autre') next.categoryOther = '';
	return next;
}
