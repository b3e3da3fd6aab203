/**
 * Ids are made on the device, so a sheet exists (and can be referred to) before any server has
 * seen it, and a retried or double-tapped send can never make a second sheet.
 * 20 characters of base 62 ≈ 119 bits of randomness.
 */
const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

export function newId(length = 20): string {
	const bytes = new Uint8Array(length * 2);
	crypto.getRandomValues(bytes);
	let out = '';
	for (let i = 0; i < bytes.length && out.length < length; i++) {
		const b = bytes[i] as number;
		// Rejection sampling keeps the distribution uniform (248 = 4 × 62).
		if (b < 248) out += ALPHABET[b % 62];
	}
	return out.length === length ? out : newId(length);
}
