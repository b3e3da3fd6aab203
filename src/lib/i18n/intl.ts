/**
 * Intl formatters, made once per language and options: building one costs far more than using it,
 * and lists of thousands of sheets format a number or a date per row. Options passed as constant
 * objects are found by identity (no serialising in a hot loop); others by their JSON.
 */
const byKey = new Map<string, unknown>();
const byOptions = new WeakMap<object, Map<string, unknown>>();

export function cachedIntl<T>(kind: string, tag: string, options: object | undefined, make: (tag: string) => T): T {
	const short = `${kind}|${tag}`;
	const known = options ? byOptions.get(options) : undefined;
	const hit = known?.get(short) ?? (options ? undefined : byKey.get(short));
	if (hit !== undefined) return hit as T;
	const key = options ? `${short}|${JSON.stringify(options)}` : short;
	let found = byKey.get(key) as T | undefined;
	if (found === undefined) {
		found = make(tag);
		byKey.set(key, found);
	}
	if (options) {
		const map = known ?? new Map<string, unknown>();
		map.set(short, found);
		if (!known) byOptions.set(options, map);
	}
	return found;
}
