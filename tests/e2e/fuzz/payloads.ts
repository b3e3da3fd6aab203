/**
 * Hostile values and malformed JSON bodies. Bodies are built as raw JSON text (fragments), so they
 * can hold what JSON.stringify never writes: 1e999 (Infinity once parsed), 10,000 levels of
 * nesting, duplicated keys, raw NUL bytes, invalid UTF-8, cut-off text.
 *
 * A body mutation is GUARANTEED INVALID when the route's schema must refuse it whatever the rest
 * holds (a required key missing or of the wrong type, broken JSON, too large...). Routes where a
 * valid body would change data (as this role) only get guaranteed-invalid bodies: a fuzz case must
 * never make a legitimate write, or "no partial write" could not be checked. Hostile-but-well-formed
 * values (SQL, HTML in free text, unknown keys) are layered on top, or sent alone where the role or
 * the request's secret (a bogus token) is refused anyway.
 */
import type { Rng } from './rng';

/** A raw JSON text fragment (a value as it appears in the body). */
export type Frag = string;

export const SQL_INJECTION = [
	"' OR '1'='1",
	"' OR 1=1 --",
	"'; DROP TABLE records; --",
	'"; DROP TABLE users; --',
	'1; DELETE FROM history',
	"' UNION SELECT password_hash, token_hash FROM users, sessions --",
	"admin'--",
	"') OR ('a'='a",
	"%' AND 1=0 UNION SELECT sql FROM sqlite_master --",
	"' || (SELECT hex(randomblob(100000000))) || '",
	"*/ ATTACH DATABASE '/tmp/x' AS x; --"
];

export const HTML_INJECTION = [
	'<img data-xss-probe src=x onerror="window.__xss=1">',
	'"><script data-xss-probe>window.__xss=1</script>',
	"'><svg data-xss-probe onload=window.__xss=1>",
	'javascript:window.__xss=1',
	'<a data-xss-probe href="javascript:window.__xss=1">x</a>',
	'{{constructor.constructor("window.__xss=1")()}}',
	'${window.__xss=1}',
	'<iframe data-xss-probe srcdoc="<script>parent.__xss=1</script>"></iframe>',
	'</textarea><script data-xss-probe>window.__xss=1</script>'
];

/** Odd text: control and invisible characters, lone surrogates, other scripts, paths, formats. */
export const ODD_STRINGS = [
	'',
	' ',
	'\u0000',
	'a\u0000b',
	'\ud800',
	'\udfff\ud800',
	'\ufeff\u200b\u202e',
	'e\u0301'.repeat(40),
	'🙂'.repeat(60),
	'ا'.repeat(30),
	'../../../../etc/passwd',
	'..%2F..%2F..%2Fetc%2Fpasswd',
	'%s%s%s%n%x',
	'NaN',
	'Infinity',
	'-1',
	'1e999',
	'0x1F',
	'null',
	'undefined',
	'true',
	'[]',
	'{}',
	'__proto__',
	'constructor',
	'\r\n\r\nHTTP/1.1 200 OK',
	'\\',
	'"'
];

export const HOSTILE_STRINGS = [...SQL_INJECTION, ...HTML_INJECTION, ...ODD_STRINGS];

/** Strings that no id, code, token or list value can be (each has a character none of those allow). */
export const UNMATCHABLE = [...SQL_INJECTION, ...HTML_INJECTION, ...ODD_STRINGS.filter((s) => /[^0-9a-zA-Z_-]/.test(s) || s.length < 2)];

/** Numbers as JSON text, among them values JSON.parse turns into Infinity or -0. */
export const ODD_NUMBERS = [
	'1e999',
	'-1e999',
	'1e-999',
	'-0',
	'1.5',
	'-1',
	'0',
	'9007199254740993',
	'123456789012345678901234567890',
	'1E308',
	'-2147483649',
	'4294967296',
	'0.1'
];

/** Strings that look like numbers. */
export const NUMBER_LIKE = ['"NaN"', '"Infinity"', '"-Infinity"', '"1e999"', '"0x10"', '"12abc"', '" 12"', '"١٢"', '""', '"12"', '"-1"'];

const OTHER_TYPES = ['true', 'false', '[]', '{}', '[1,2,3]', '{"a":1}', '[null]', '""', '"x"'];

export const DEEP = 10_000;

export function deepArray(levels = DEEP): Frag {
	return '['.repeat(levels) + ']'.repeat(levels);
}

export function deepObject(levels = DEEP): Frag {
	return '{"a":'.repeat(levels) + '1' + '}'.repeat(levels);
}

export const MB = 1024 * 1024;

/** A string of about `chars` characters (ASCII with some multi-byte letters), as JSON text. */
export function longString(chars: number, r?: Rng): Frag {
	const unit = r?.chance(0.5) ? 'é漢x<>"\'' : 'A';
	return JSON.stringify(unit.repeat(Math.ceil(chars / unit.length)).slice(0, chars));
}

export function str(s: string): Frag {
	return JSON.stringify(s);
}

export function hostileString(r: Rng): string {
	const n = r.chance(0.8) ? 1 : r.between(2, 3);
	let s = '';
	for (let i = 0; i < n; i++) s += r.pick(HOSTILE_STRINGS);
	return s;
}

export function unmatchable(r: Rng): string {
	return r.pick(UNMATCHABLE);
}

/** An object as JSON text; keys are written as given (escaped), values are fragments. */
export function objectText(entries: readonly (readonly [string, Frag])[]): string {
	return '{' + entries.map(([k, v]) => `${JSON.stringify(k)}:${v}`).join(',') + '}';
}

// ---------------------------------------------------------------- body shapes

export type KeyKind =
	/** Any string up to `max` characters is accepted. */
	| { t: 'text'; max: number; nullable?: boolean }
	/** Only some strings are accepted (a pattern, a list, a token the server knows). */
	| { t: 'match'; nullable?: boolean }
	| { t: 'int'; min: number; max: number; nullable?: boolean }
	/** Any number at the boundary (the service judges it later). */
	| { t: 'num'; nullable?: boolean }
	| { t: 'bool' }
	/** An array of constrained strings. */
	| { t: 'list' }
	/** Anything: never used to make a body invalid. */
	| { t: 'any' };

export interface BodySpec {
	/** A valid body, key by key. */
	template: (r: Rng) => [string, Frag][];
	keys: Record<string, KeyKind>;
	required: string[];
	/** Unknown keys are refused (a strict schema). */
	strict?: boolean;
	/** The largest body the route reads (bytes). */
	limit: number;
}

/** A value `kind` must refuse. */
export function wrongFor(kind: KeyKind, r: Rng): Frag {
	const nulls = 'nullable' in kind && kind.nullable ? [] : ['null'];
	switch (kind.t) {
		case 'text': {
			const pool = [...ODD_NUMBERS.slice(0, 6), ...OTHER_TYPES.filter((x) => !x.startsWith('"')), ...nulls];
			if (r.chance(0.25)) return longString(kind.max + r.between(1, 40), r);
			if (r.chance(0.05)) return deepArray();
			return r.pick(pool);
		}
		case 'match': {
			if (r.chance(0.55)) return str(unmatchable(r));
			if (r.chance(0.05)) return deepObject();
			return r.pick([...ODD_NUMBERS.slice(0, 6), ...OTHER_TYPES.filter((x) => !x.startsWith('"')), ...nulls]);
		}
		case 'int': {
			const pool = [...NUMBER_LIKE, '1.5', '0.1', String(kind.min - 1), String(kind.max + 1), '1e999', '-1e999', 'true', '[]', '{}', '[1]', ...nulls];
			return r.pick(pool);
		}
		case 'num':
			return r.pick([...NUMBER_LIKE, 'true', 'false', '[]', '{}', '[1]', ...nulls]);
		case 'bool':
			return r.pick(['"true"', '1', '0', '"false"', '[]', '{}', 'null']);
		case 'list':
			return r.pick(['"x"', '42', 'true', '{}', 'null', `[${str(unmatchable(r))}]`, '[1]', '[null]', '[[]]', deepArray()]);
		case 'any':
			throw new Error('no value is wrong for "any"');
	}
}

/** A value of the right type that may still be accepted (hostile text, odd numbers...). */
export function hostileFor(kind: KeyKind, r: Rng): Frag {
	switch (kind.t) {
		case 'text':
			return str(hostileString(r).slice(0, kind.max));
		case 'match':
			// Never a string an id may be ("constructor" is a valid install id: a pull would register it).
			return str(unmatchable(r));
		case 'int':
		case 'num':
			return r.pick(ODD_NUMBERS);
		case 'bool':
			return r.pick(['true', 'false']);
		case 'list':
			return `[${Array.from({ length: r.between(0, 3) }, () => str(unmatchable(r))).join(',')}]`;
		case 'any':
			return r.chance(0.5) ? str(hostileString(r)) : r.pick([...OTHER_TYPES, deepArray(200)]);
	}
}

export interface BuiltBody {
	body: Buffer;
	/** What was done to it, for the report. */
	kind: string;
	chunked?: boolean;
}

const INVALID_UTF8 = [
	Buffer.from([0xff]),
	Buffer.from([0xc0, 0x80]),
	Buffer.from([0xed, 0xa0, 0x80]),
	Buffer.from([0xe2, 0x82]),
	Buffer.from([0xf8, 0x88, 0x80, 0x80, 0x80])
];

/** Puts invalid UTF-8 bytes inside the first string of `text` (the value may still be accepted). */
function utf8InString(text: string, r: Rng): Buffer {
	const at = text.indexOf('"', text.indexOf(':') + 1);
	if (at < 0) return Buffer.concat([Buffer.from(text), r.pick(INVALID_UTF8)]);
	return Buffer.concat([Buffer.from(text.slice(0, at + 1)), r.pick(INVALID_UTF8), Buffer.from(text.slice(at + 1))]);
}

/**
 * A malformed or hostile body for `spec`. `mustFail`: only guaranteed-invalid mutations (the route
 * would write with a valid body). The decorations (unknown keys, hostile text) come first; the
 * guaranteed mutation has the last word on the keys it touches.
 */
export function mutateBody(r: Rng, spec: BodySpec, mustFail: boolean): BuiltBody {
	let entries = spec.template(r);
	const labels: string[] = [];
	const typed = Object.entries(spec.keys).filter(([, k]) => k.t !== 'any');

	// Decorations: well-formed but hostile.
	if (r.chance(mustFail ? 0.3 : 0.6)) {
		const free = Object.entries(spec.keys);
		for (const [k, kind] of r.sample(free, r.between(1, free.length))) {
			entries = entries.filter(([e]) => e !== k).concat([[k, hostileFor(kind, r)]]);
		}
		labels.push('hostile-values');
	}
	if (!spec.strict && r.chance(0.3)) {
		const extra = r.pick(['__proto__', 'constructor', 'role', 'isAdmin', 'userId', 'id', hostileString(r)]);
		const value = r.pick(['{"role":"coordinateur","isAdmin":true}', '{"prototype":{"polluted":1}}', 'true', str(hostileString(r))]);
		entries.push([extra, value]);
		labels.push('unknown-key');
	}

	const guaranteed = [
		'truncated',
		'not-json',
		'top-type',
		'wrong-type',
		'wrong-type',
		'wrong-type',
		'raw-bytes',
		'dup-key-last-wrong',
		'deep-at-key',
		'oversize'
	];
	if (spec.required.length > 0) guaranteed.push('drop-required', 'drop-required');
	if (spec.strict) guaranteed.push('strict-unknown');
	const loose = ['as-is', 'as-is', 'utf8-in-string', 'nul-escape', 'lone-surrogate', 'dup-key', 'bom'];
	const strategy = mustFail || r.chance(0.75) ? r.pick(guaranteed) : r.pick(loose);
	labels.push(strategy);
	const kind = labels.join('+');
	const text = () => objectText(entries);
	const out = (s: string | Buffer): BuiltBody => ({ body: Buffer.isBuffer(s) ? s : Buffer.from(s), kind, chunked: r.chance(0.08) });

	switch (strategy) {
		case 'truncated': {
			const t = text();
			return out(t.slice(0, r.between(1, t.length - 1)));
		}
		case 'not-json':
			return out(
				r.pick([
					'',
					'undefined',
					"{'a':1}",
					'a=1&b=2',
					'<?xml version="1.0"?><a/>',
					'{"a":1,}',
					'NaN',
					'{"a":NaN}',
					'{"a":Infinity}',
					'{"a":undefined}',
					'// comment\n{}',
					'--x\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--x--',
					String.fromCharCode(...Array.from({ length: 64 }, () => r.int(256)))
				])
			);
		case 'top-type':
			return out(r.pick(['[]', '"x"', '42', 'true', 'null', '[' + text() + ']', deepArray(), deepObject()]));
		case 'drop-required': {
			const k = r.pick(spec.required);
			entries = entries.filter(([e]) => e !== k);
			return out(text());
		}
		case 'wrong-type': {
			const [k, kind] = r.pick(typed);
			entries = entries.filter(([e]) => e !== k).concat([[k, wrongFor(kind, r)]]);
			return out(text());
		}
		case 'deep-at-key': {
			const [k] = r.pick(typed);
			entries = entries.filter(([e]) => e !== k).concat([[k, r.chance(0.5) ? deepArray() : deepObject()]]);
			return out(text());
		}
		case 'dup-key-last-wrong': {
			const [k, kind] = r.pick(typed);
			const valid = entries.find(([e]) => e === k)?.[1] ?? 'null';
			entries = entries
				.filter(([e]) => e !== k)
				.concat([
					[k, valid],
					[k, wrongFor(kind, r)]
				]);
			return out(text());
		}
		case 'raw-bytes': {
			// Bytes no JSON may hold: invalid UTF-8 between tokens, a raw NUL or control byte in a string.
			const t = text();
			const bad = r.chance(0.5) ? r.pick(INVALID_UTF8) : Buffer.from(r.pick(['\u0000', '\u0001', '\u001f', '\u0000\u0000']));
			const inString = t.indexOf('"') >= 0 && r.chance(0.5);
			if (inString) {
				const q = t.indexOf('"', t.indexOf(':'));
				if (q > 0 && bad[0]! < 0x20) return out(Buffer.concat([Buffer.from(t.slice(0, q + 1)), bad, Buffer.from(t.slice(q + 1))]));
			}
			// Right after the opening brace (a comma or colon may be inside a string): no JSON there.
			return out(Buffer.concat([Buffer.from(t.slice(0, 1)), bad, Buffer.from(t.slice(1))]));
		}
		case 'oversize': {
			// More than the route reads: refused for its size, whatever it holds.
			const size = Math.min(Math.max(spec.limit + 1 + r.int(1000), r.chance(0.3) ? MB : 0), 2 * MB);
			if (size <= spec.limit) return out(text().slice(0, -1));
			entries.push(['padding', longString(size, r)]);
			return out(text());
		}
		case 'strict-unknown':
			entries.push([r.pick(['extra', 'id2', hostileString(r)]), str(hostileString(r))]);
			return out(text());
		case 'bom':
			// A byte-order mark first: decoders drop it, the rest is read as sent.
			return out('\ufeff' + text());
		case 'utf8-in-string':
			return out(utf8InString(text(), r));
		case 'nul-escape':
			return out(text().replace(/":"/, '":"\\u0000'));
		case 'lone-surrogate':
			return out(text().replace(/":"/, '":"\\ud800\\udc00\\udc00'));
		case 'dup-key': {
			const [k, kind] = r.pick(Object.entries(spec.keys));
			entries.push([k, hostileFor(kind, r)]);
			return out(text());
		}
		default:
			return out(text());
	}
}

export const CONTENT_TYPES = [
	'application/json',
	'application/json',
	'application/json; charset=utf-8',
	'text/plain',
	'application/x-www-form-urlencoded',
	'multipart/form-data; boundary=x',
	'application/xml',
	'application/json; charset=latin1',
	'application/octet-stream',
	'*/*',
	''
];

/** Query string values that percent-decoding handles badly. */
export const RAW_QUERY_VALUES = ['%', '%zz', '%E0%A4%A', '%C0%80', '%FF', '%00', '%ED%A0%80', '%25', '+%2B+', '&&', '=', '%3D%26'];
