/**
 * The coordinator's choice of territory: which CDC and extra communes form it, and its
 * name. The choice is the store's setting `territory` that lib/server/territory.ts reads (shared by
 * every app instance); never set means the legacy file territory.json if there is one, else the
 * default (the 7 Perche CDC). A reset stores "default" (the legacy file must not come back).
 *
 * Invariants:
 * - A configuration is written only once the resolver accepted it (every SIREN and INSEE code
 *   known), so the server never ends up with a territory it cannot load.
 * - The setting is replaced whole, in one statement: a reader sees the old choice or the new one.
 * - Sheets are never touched: a sheet keeps its commune's INSEE code whatever the territory, so a
 *   commune that leaves the territory keeps its sheets (still listed, still exported).
 */
import { searchKey, searchWords } from '$lib/domain/text';
import type { TerritoryConfig } from '$lib/schemas/territory';
import {
	dataDir,
	DEFAULT_TERRITORY_CONFIG,
	loadTerritory,
	parseTerritoryConfig,
	readPackageData,
	readTerritorySource,
	resolveTerritory,
	writeTerritorySetting,
	type RawCommune,
	type RawEpci,
	type SettingsStore
} from './territory';

/** A CDC (any EPCI) as the coordinator picks it: its communes, to count the territory on screen. */
export interface CdcChoice {
	siren: string;
	name: string;
	/** INSEE codes of its current communes. */
	communes: string[];
}

/** A commune as the coordinator picks it, with what tells two "Saint-Denis" apart. */
export interface CommuneChoice {
	insee: string;
	name: string;
	department: string;
	cdc: { siren: string; name: string } | null;
}

/** GET /api/territory/config: the configuration and what its codes name. */
export interface ConfigView {
	config: TerritoryConfig;
	/** Nothing chosen (or a reset): the default territory applies. */
	isDefault: boolean;
	/** Why the stored choice cannot be used (then the default is offered as a start), or null. */
	problem: string | null;
	/** The configured CDC, in the configuration's order (unknown codes left out). */
	cdcs: CdcChoice[];
	/** The extra communes, in the configuration's order (unknown codes left out). */
	communes: CommuneChoice[];
}

export interface SearchResult {
	cdcs: CdcChoice[];
	communes: CommuneChoice[];
	/** More matches than shown: the coordinator should type more. */
	moreCdcs: boolean;
	moreCommunes: boolean;
}

/** The most results of each kind one search answers. */
export const SEARCH_LIMIT = 20;

/** The configuration names codes the geography does not know; `details` is the resolver's French text. */
export class UnknownCodesError extends Error {
	constructor(readonly details: string) {
		super(details);
		this.name = 'UnknownCodesError';
	}
}

// ---------- the geography, kept small in memory ----------

interface Indexed<T> {
	item: T;
	key: string;
	words: string[];
	code: string;
	/** Bigger first among equally good matches (population). */
	weight: number;
}

interface Geography {
	cdcs: Map<string, Indexed<CdcChoice>>;
	communes: Map<string, Indexed<CommuneChoice>>;
}

let geography: Geography | null = null;

/**
 * The CDC and current communes of the package, with their search keys. Built once (the package's
 * files are 12 MB of JSON; what is kept is a small part of them).
 */
function geo(): Geography {
	if (geography) return geography;
	const rawCommunes = readPackageData<RawCommune[]>('communes.json');
	const rawEpcis = readPackageData<RawEpci[]>('epci.json');
	const current = new Map<string, RawCommune>();
	for (const c of rawCommunes) if (c.type === 'commune-actuelle') current.set(c.code, c);

	const cdcs = new Map<string, Indexed<CdcChoice>>();
	const cdcOf = new Map<string, { siren: string; name: string }>();
	for (const e of rawEpcis) {
		// Members missing from the communes are skipped, as the resolver does.
		const members = e.membres.map((m) => m.code).filter((code) => current.has(code));
		const item: CdcChoice = { siren: e.code, name: e.nom, communes: members };
		const population = members.reduce((sum, code) => sum + (current.get(code)?.population ?? 0), 0);
		// Ranked by the name without its kind ("CC", "CA"…): "coeur perche" is then the whole name.
		const key = searchKey(e.nom).replace(/^(cc|ca|cu|metropole) /, '');
		cdcs.set(e.code, { item, key, words: searchWords(e.nom), code: e.code, weight: population });
		for (const code of members) cdcOf.set(code, { siren: e.code, name: e.nom });
	}

	const communes = new Map<string, Indexed<CommuneChoice>>();
	for (const c of current.values()) {
		const item: CommuneChoice = {
			insee: c.code,
			name: c.nom,
			department: c.departement ?? (c.code.startsWith('97') ? c.code.slice(0, 3) : c.code.slice(0, 2)),
			cdc: cdcOf.get(c.code) ?? null
		};
		communes.set(c.code, { item, key: searchKey(c.nom), words: searchWords(c.nom), code: c.code, weight: c.population ?? 0 });
	}
	geography = { cdcs, communes };
	return geography;
}

// ---------- reading and describing ----------

/** The configuration in force, with the names of what it holds (`dir`: where a legacy file may be). */
export async function readConfigView(store: SettingsStore, dir: string = dataDir()): Promise<ConfigView> {
	const { text, origin } = await readTerritorySource(store, dir);
	let config = DEFAULT_TERRITORY_CONFIG;
	let problem: string | null = null;
	if (text !== null) {
		try {
			config = parseTerritoryConfig(text, origin);
		} catch (e) {
			problem = (e as Error).message;
		}
	}
	if (problem === null) {
		try {
			await loadTerritory(store, dir);
		} catch (e) {
			problem = (e as Error).message;
		}
	}
	return { config, isDefault: text === null, problem, ...describe(config) };
}

/** The CDC and extra communes a configuration names (unknown codes left out). */
export function describe(config: TerritoryConfig): Pick<ConfigView, 'cdcs' | 'communes'> {
	const g = geo();
	return {
		cdcs: config.cdc.flatMap((siren) => {
			const hit = g.cdcs.get(siren);
			return hit ? [hit.item] : [];
		}),
		communes: config.communes.flatMap((insee) => {
			const hit = g.communes.get(insee);
			return hit ? [hit.item] : [];
		})
	};
}

// ---------- changing ----------

/**
 * Checks that every code is known, then replaces the stored choice. Duplicate codes are dropped,
 * the order kept. Throws UnknownCodesError.
 *
 * The resolver fails only on a SIREN that is no EPCI or an INSEE code that is no current commune,
 * which is what the index holds: a known configuration is checked in memory. Otherwise the resolver
 * itself runs on the package's full data, for its message (a merged commune is named with the one
 * it joined).
 */
export async function saveConfig(store: SettingsStore, config: TerritoryConfig): Promise<TerritoryConfig> {
	const clean: TerritoryConfig = {
		id: config.id,
		name: config.name,
		cdc: [...new Set(config.cdc)],
		communes: [...new Set(config.communes)]
	};
	const g = geo();
	if (!clean.cdc.every((siren) => g.cdcs.has(siren)) || !clean.communes.every((insee) => g.communes.has(insee))) {
		try {
			resolveTerritory(clean, readPackageData<RawCommune[]>('communes.json'), readPackageData<RawEpci[]>('epci.json'));
		} catch (e) {
			throw new UnknownCodesError((e as Error).message);
		}
	}
	await writeTerritorySetting(store, `${JSON.stringify(clean, null, '\t')}\n`);
	return clean;
}

/**
 * Back to the default territory (stored as such: a legacy file is not read again). Returns whether
 * another territory was chosen.
 */
export async function resetConfig(store: SettingsStore, dir: string = dataDir()): Promise<boolean> {
	const before = await readTerritorySource(store, dir);
	await writeTerritorySetting(store, null);
	return before.text !== null;
}

// ---------- searching ----------

/**
 * CDC and communes whose name holds every word typed (as the start of one of its words, without
 * accents, capitals or little words: "coeur perche" finds "CC Cœur du Perche"), or whose code starts
 * with the digits typed. The closest names first (same name, then same start), then the most
 * populated. At most SEARCH_LIMIT of each.
 */
export function searchGeography(query: string, limit = SEARCH_LIMIT): SearchResult {
	const key = searchKey(query);
	const words = key === '' ? [] : key.split(' ');
	const code = query.trim().toUpperCase();
	const byCode = /^[0-9][0-9AB]{1,8}$/.test(code);
	if (!byCode && key.length < 2) return { cdcs: [], communes: [], moreCdcs: false, moreCommunes: false };
	const g = geo();
	const cdcs = find(g.cdcs.values(), key, words, byCode ? code : null, limit);
	const communes = find(g.communes.values(), key, words, byCode ? code : null, limit);
	return { cdcs: cdcs.items, communes: communes.items, moreCdcs: cdcs.more, moreCommunes: communes.more };
}

function find<T>(entries: Iterable<Indexed<T>>, key: string, words: string[], code: string | null, limit: number): { items: T[]; more: boolean } {
	const hits: { entry: Indexed<T>; rank: number }[] = [];
	for (const entry of entries) {
		let rank: number;
		if (code !== null && entry.code.startsWith(code)) rank = 0;
		else if (words.length > 0 && words.every((w) => entry.words.some((nw) => nw.startsWith(w)))) {
			rank = entry.key === key ? 1 : entry.key.startsWith(key) ? 2 : 3;
		} else continue;
		hits.push({ entry, rank });
	}
	const collator = new Intl.Collator('fr');
	hits.sort((a, b) => a.rank - b.rank || b.entry.weight - a.entry.weight || collator.compare(a.entry.key, b.entry.key));
	return { items: hits.slice(0, limit).map((h) => h.entry.item), more: hits.length > limit };
}
