/**
 * The territory being surveyed: a named set of communes, each with its communauté de communes (CDC).
 * It is data, resolved on the server from a configuration file (see lib/server/territory.ts) and
 * cached on the device; nothing here knows which territory it is.
 *
 * Invariants of a Territory: communes are unique by INSEE code and sorted by name; every
 * `commune.cdc` is one of `cdcs` (a filter by CDC therefore covers every commune); `version`
 * changes whenever anything else changes (it is the HTTP ETag and the cache key on the device).
 */
import { searchWords } from './text';

export interface Cdc {
	/** SIREN of the EPCI, 9 digits. */
	siren: string;
	name: string;
}

export interface Commune {
	/** INSEE code ("28149", "2A004"), not a postal code. */
	insee: string;
	name: string;
	/** Department code: "28", "61", "2A", "971". */
	department: string;
	/** null for the few communes outside any EPCI (islands...). */
	cdc: Cdc | null;
	population: number | null;
	postalCodes: string[];
}

export interface Territory {
	id: string;
	name: string;
	version: string;
	cdcs: Cdc[];
	communes: Commune[];
}

const byInseeCache = new WeakMap<Territory, Map<string, Commune>>();

export function communeByInsee(t: Territory, insee: string): Commune | null {
	let index = byInseeCache.get(t);
	if (!index) {
		index = new Map(t.communes.map((c) => [c.insee, c]));
		byInseeCache.set(t, index);
	}
	return index.get(insee) ?? null;
}

/** Match quality, best (lowest) first. */
const Rank = { Exact: 0, KeyPrefix: 1, WordPrefix: 2, Substring: 3 } as const;
type Rank = (typeof Rank)[keyof typeof Rank];

interface Indexed {
	key: string;
	words: string[];
	compact: string;
}

// Search keys of names, computed once per commune object (territory data is never mutated).
const indexCache = new WeakMap<Commune, Indexed>();

function indexed(c: Commune): Indexed {
	let entry = indexCache.get(c);
	if (!entry) {
		const words = searchWords(c.name);
		entry = { key: words.join(' '), words, compact: words.join('') };
		indexCache.set(c, entry);
	}
	return entry;
}

/**
 * Forms a query word may stand for in a name. The key writes "saint" as "st", so "st" and "ste"
 * also match names that merely begin with "saint" (Saintigny), and a half-typed "sai"/"sain" also
 * matches the "st"/"ste" of "Saint-…" names: results do not vanish while "saint" is being typed.
 */
function variants(word: string): string[] {
	if (word === 'st') return ['st', 'saint'];
	if (word === 'ste') return ['ste', 'sainte'];
	if (word.length >= 3 && 'sainte'.startsWith(word)) return [word, 'st'];
	return [word];
}

function rankByName(c: Commune, key: string, queryWords: string[][]): Rank | null {
	const name = indexed(c);
	if (name.key === key) return Rank.Exact;
	if (name.key.startsWith(key)) return Rank.KeyPrefix;
	if (queryWords.every((alts) => alts.some((a) => name.words.some((w) => w.startsWith(a))))) return Rank.WordPrefix;
	if (name.key.includes(key) || name.compact.includes(key.replaceAll(' ', ''))) return Rank.Substring;
	return null;
}

/** A query made of a code: all digits (2 to 5) or a Corsican INSEE code. */
const CODE_QUERY = /^(\d{2,5}|2[AB]\d{0,3})$/;

function rankByCode(c: Commune, code: string): Rank | null {
	if (c.insee === code) return Rank.Exact;
	if (c.postalCodes.includes(code)) return Rank.KeyPrefix;
	if (c.insee.startsWith(code) || c.postalCodes.some((p) => p.startsWith(code))) return Rank.WordPrefix;
	return null;
}

const collator = new Intl.Collator('fr');

/**
 * Communes matching what a person typed, best first, at most `limit`.
 *
 * By name: exact key, then names whose key starts with the query's key, then names where every
 * query word begins some word of the name (in any order), then names containing the query. By code:
 * a 5-digit query finds the commune with that INSEE code first, then those with that postal code;
 * a shorter run of digits finds codes beginning with it, so results appear while a code is typed.
 * Ties go to the larger population, then to alphabetical order.
 */
export function searchCommunes(communes: readonly Commune[], query: string, limit = 8): Commune[] {
	if (limit <= 0) return [];
	const code = query.replace(/\s+/g, '').toUpperCase();
	let rank: (c: Commune) => Rank | null;
	if (CODE_QUERY.test(code)) {
		rank = (c) => rankByCode(c, code);
	} else {
		const words = searchWords(query);
		if (words.length === 0) return [];
		const key = words.join(' ');
		const queryWords = words.map(variants);
		rank = (c) => rankByName(c, key, queryWords);
	}

	const hits: { commune: Commune; rank: Rank }[] = [];
	for (const commune of communes) {
		const r = rank(commune);
		if (r !== null) hits.push({ commune, rank: r });
	}
	hits.sort(
		(a, b) =>
			a.rank - b.rank ||
			(b.commune.population ?? -1) - (a.commune.population ?? -1) ||
			collator.compare(a.commune.name, b.commune.name) ||
			a.commune.insee.localeCompare(b.commune.insee)
	);
	return hits.slice(0, limit).map((h) => h.commune);
}
