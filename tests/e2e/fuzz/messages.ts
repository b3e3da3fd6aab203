/**
 * What a refusal must look like (the error funnel's shape, src/lib/server/http.ts): a JSON body
 * `{ code, message }` whose message is one of the French catalogue's sentences (placeholders
 * filled), never a stack trace, an English framework text or an empty body.
 */
import { fr } from '../../../src/lib/i18n/fr';

const catalogue = fr as unknown as Record<string, string>;

function pattern(template: string): RegExp {
	const parts = template.split(/\{[a-zA-Z_]+\}/).map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
	return new RegExp(`^${parts.join('[\\s\\S]+')}$`);
}

const patterns = new Map(Object.entries(catalogue).map(([k, v]) => [k, pattern(v)]));
// Only sentences with enough fixed text to be recognised (not a bare "{name}").
const allPatterns = Object.entries(catalogue)
	.filter(([, v]) => v.replace(/\{[a-zA-Z_]+\}/g, '').trim().length >= 8)
	.map(([k]) => patterns.get(k) as RegExp);

/** Null when `body` is a proper French refusal; else what is wrong with it. */
export function refusalProblem(contentType: string | undefined, body: Buffer): string | null {
	if (!/^application\/json\b/.test(contentType ?? '')) return `not JSON (${contentType ?? 'no content type'}): ${body.toString().slice(0, 120)}`;
	let parsed: unknown;
	try {
		parsed = JSON.parse(body.toString());
	} catch {
		return `unreadable JSON: ${body.toString().slice(0, 120)}`;
	}
	const { code, message } = (parsed ?? {}) as { code?: unknown; message?: unknown };
	if (typeof code !== 'string' || !code) return `no code: ${body.toString().slice(0, 120)}`;
	if (typeof message !== 'string' || !message) return `no message: ${body.toString().slice(0, 120)}`;
	const own = patterns.get(`api.error.${code}`);
	if (own?.test(message)) return null;
	if (allPatterns.some((p) => p.test(message))) return null;
	return `message not from the French catalogue (code ${code}): ${message.slice(0, 120)}`;
}
