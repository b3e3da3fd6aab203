/**
 * The NUL character (U+0000) is refused in every text a person sends: PostgreSQL's text type cannot
 * hold it (SQLite can), so both stores refuse it alike at the boundary, and nothing stored in one
 * store fails to copy into the other. No keyboard types it: only a broken or hostile client sends it.
 */
import * as v from 'valibot';

/** The French detail of the refusal (valibot messages reach the coordinator for the territory). */
export const NUL_MESSAGE = 'caractère nul (U+0000) refusé';

export function hasNul(text: string): boolean {
	return text.includes('\u0000');
}

/** A valibot check for a string schema's pipe: refuses a text holding U+0000. */
export const noNul = v.check((text: string) => !hasNul(text), NUL_MESSAGE);

/**
 * Whether a NUL hides anywhere in a JSON-like value: strings, object keys, nested arrays and
 * objects (an object field may carry keys its schema does not declare: they are stored as sent).
 */
export function hasNulDeep(value: unknown, depth = 0): boolean {
	if (typeof value === 'string') return hasNul(value);
	if (value === null || typeof value !== 'object' || depth > 64) return false;
	if (Array.isArray(value)) return value.some((item) => hasNulDeep(item, depth + 1));
	for (const [key, item] of Object.entries(value)) if (hasNul(key) || hasNulDeep(item, depth + 1)) return true;
	return false;
}
