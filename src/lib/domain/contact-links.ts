/**
 * Phone numbers and e-mail addresses as links a phone can follow (`tel:`, `mailto:`), from what a
 * volunteer typed. A text that is not a number or an address (« voir la mairie ») gives no link:
 * it is shown as typed, never turned into a link that calls nobody.
 */

/**
 * The `tel:` address of a typed phone number: digits only, a leading « + » kept, and the French
 * « (0) » written after a country code dropped (« +33 (0)2 33… » is dialled +332 33…). Null when
 * there are too few digits to be a number, or letters in it.
 */
export function telHref(typed: string): string | null {
	const text = typed.trim();
	if (!/^\+?[\d\s().\-/]+$/.test(text)) return null;
	const international = text.startsWith('+');
	const digits = (international ? text.slice(1).replace(/\(0\)/g, '') : text).replace(/\D/g, '');
	if (digits.length < 3) return null;
	return `tel:${international ? '+' : ''}${digits}`;
}

/** The `mailto:` address of a typed e-mail; null when it does not look like one address. */
export function mailHref(typed: string): string | null {
	const text = typed.trim();
	if (!/^[^\s@,;<>"]+@[^\s@,;<>"]+\.[^\s@,;<>".]+$/.test(text)) return null;
	return `mailto:${text}`;
}
