/**
 * The territory on the server: the coordinator's choice kept in the database (the store's setting
 * `territory`, shared by every app instance), else the default Perche territory, and resolved to
 * communes and CDC with the official data of `@etalab/decoupage-administratif` (the package version
 * pins the geography).
 *
 * Older versions kept the choice in the file `${ATLAS_DATA_DIR}/territory.json`. While the setting
 * is absent, that file is read instead, and imported into the setting once it is valid; from then
 * on the file is left as it is and no longer read (the screen "Territoire" changes the setting).
 *
 * The resolved territory is kept in memory, keyed by the setting's text read on every call (small),
 * so a change made through another app instance is seen at the next request.
 */
import { dataDir } from './config';
import type { Store } from './store/types';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import * as v from 'valibot';
import type { Cdc, Commune, Territory } from '$lib/domain/territory';
import { TerritoryConfigSchema, type TerritoryConfig } from '$lib/schemas/territory';

/** An entry of `@etalab/decoupage-administratif/data/communes.json` (fields used here). */
export interface RawCommune {
	code: string;
	nom: string;
	type: string;
	departement?: string;
	siren?: string;
	codesPostaux?: string[];
	population?: number;
	/** For a commune déléguée or associée: the INSEE code of the commune it belongs to now. */
	chefLieu?: string;
}

/** An entry of `@etalab/decoupage-administratif/data/epci.json` (fields used here). */
export interface RawEpci {
	code: string;
	nom: string;
	membres: { code: string }[];
}

export const DEFAULT_TERRITORY_CONFIG: TerritoryConfig = {
	id: 'perche',
	name: 'Parc naturel régional du Perche (7 communautés de communes)',
	cdc: [
		'200068435', // CC Cœur du Perche
		'200068856', // CC des Hauts du Perche
		'200036069', // CC du Pays de Mortagne-au-Perche
		'200071504', // CC des Collines du Perche Normand
		'200006971', // CC du Perche
		'200070167', // CC Terres de Perche
		'200069912' // CC des Forêts du Perche
	],
	communes: []
};

/** The file older versions kept the choice in (read while the setting is absent, then imported). */
export const TERRITORY_FILE = 'territory.json';
/** The store's setting holding the choice: the configuration's JSON text, or DEFAULT_SETTING. */
export const TERRITORY_SETTING = 'territory';
/** The setting's value for "the default territory" (a reset: the old file must not come back). */
export const DEFAULT_SETTING = 'null';
/** How messages name the setting (the origin of a configuration that fails). */
export const SETTING_ORIGIN = 'territoire enregistré dans la base de données';

/** What the territory needs of the store: its settings, and a transaction for the one-time import. */
export type SettingsStore = Pick<Store, 'getSetting' | 'putSetting' | 'transaction'>;

export { dataDir };

/**
 * The communes of the configured CDC plus the extra communes, each with its CDC. Throws an Error
 * naming the unknown SIREN or INSEE codes (a commune that has merged into another names the new one).
 */
export function resolveTerritory(config: TerritoryConfig, communesJson: readonly RawCommune[], epciJson: readonly RawEpci[]): Territory {
	const current = new Map<string, RawCommune>();
	const former = new Map<string, RawCommune>();
	for (const c of communesJson) {
		if (c.type === 'commune-actuelle') current.set(c.code, c);
		else if (c.chefLieu) former.set(c.code, c);
	}
	const epciBySiren = new Map(epciJson.map((e) => [e.code, e]));
	const cdcOfCommune = new Map<string, Cdc>();
	for (const e of epciJson) {
		const cdc: Cdc = { siren: e.code, name: e.nom };
		for (const m of e.membres) cdcOfCommune.set(m.code, cdc);
	}

	const problems: string[] = [];
	const wanted = new Set<string>();
	for (const siren of config.cdc) {
		const epci = epciBySiren.get(siren);
		if (!epci) problems.push(`CDC ${siren} inconnue`);
		else for (const m of epci.membres) wanted.add(m.code);
	}
	for (const insee of config.communes) {
		if (current.has(insee)) {
			wanted.add(insee);
			continue;
		}
		const old = former.get(insee);
		const now = old?.chefLieu ? current.get(old.chefLieu) : undefined;
		problems.push(old && now ? `la commune ${insee} (${old.nom}) n'existe plus : elle fait partie de ${now.code} (${now.nom})` : `commune ${insee} inconnue`);
	}
	if (problems.length > 0) throw new Error(problems.join(' ; '));

	const communes: Commune[] = [];
	for (const insee of wanted) {
		const raw = current.get(insee);
		// An EPCI member missing from the communes is a flaw of the package's data, not of the config.
		if (!raw) continue;
		communes.push({
			insee,
			name: raw.nom,
			department: raw.departement ?? departmentOf(insee),
			cdc: cdcOfCommune.get(insee) ?? null,
			population: raw.population ?? null,
			postalCodes: [...(raw.codesPostaux ?? [])]
		});
	}
	const collator = new Intl.Collator('fr');
	communes.sort((a, b) => collator.compare(a.name, b.name) || a.insee.localeCompare(b.insee));

	// Every CDC a commune belongs to, so that a filter by CDC covers every commune (an extra commune
	// brings its own CDC).
	const cdcs = new Map<string, Cdc>();
	for (const c of communes) if (c.cdc) cdcs.set(c.cdc.siren, c.cdc);
	const cdcList = [...cdcs.values()].sort((a, b) => collator.compare(a.name, b.name));

	const body = { id: config.id, name: config.name, cdcs: cdcList, communes };
	// The version covers the name and CDC too: a renamed territory must reach the devices as well.
	const version = createHash('sha256').update(JSON.stringify(body)).digest('hex').slice(0, 12);
	return { id: body.id, name: body.name, version, cdcs: cdcList, communes };
}

function departmentOf(insee: string): string {
	return insee.startsWith('97') ? insee.slice(0, 3) : insee.slice(0, 2);
}

/**
 * Validates the text of a configuration; the Error names where it comes from (a file, or the
 * setting) and what is wrong (the path of each faulty entry, e.g. "cdc.0 : SIREN attendu : 9 chiffres").
 */
export function parseTerritoryConfig(text: string, origin: string): TerritoryConfig {
	let json: unknown;
	try {
		json = JSON.parse(text);
	} catch (e) {
		throw new Error(`Territoire illisible (${origin}) : ${(e as Error).message}`, {
			cause: e
		});
	}
	const result = v.safeParse(TerritoryConfigSchema, json);
	if (!result.success) {
		const details = result.issues.map((issue) => `${v.getDotPath(issue) ?? 'racine'} : ${issue.message}`).join(' ; ');
		throw new Error(`Territoire invalide (${origin}) : ${details}`);
	}
	return result.output;
}

const requireFromHere = createRequire(import.meta.url);

/** One data file of the geography package, parsed (a fresh read each call: callers keep what they need). */
export function readPackageData<T>(name: 'communes.json' | 'epci.json'): T {
	// Read at run time rather than imported: communes.json is 10 MB and must stay out of the bundle.
	const file = requireFromHere.resolve(`@etalab/decoupage-administratif/data/${name}`);
	return JSON.parse(fs.readFileSync(file, 'utf8')) as T;
}

/** The configuration in force, as text (null: the default), and where it was read. */
export interface TerritorySource {
	text: string | null;
	/** The setting (SETTING_ORIGIN) or the legacy file's path: named by error messages. */
	origin: string;
	/** Read from the legacy file (the setting is absent): imported once it resolves. */
	legacy: boolean;
}

/** The stored choice: the setting, else (never set) the legacy file of `dir`, else the default. */
export async function readTerritorySource(store: SettingsStore, dir: string = dataDir()): Promise<TerritorySource> {
	const setting = await store.getSetting(TERRITORY_SETTING);
	if (setting !== null) return { text: setting === DEFAULT_SETTING ? null : setting, origin: SETTING_ORIGIN, legacy: false };
	const file = path.resolve(dir, TERRITORY_FILE);
	return { text: readIfExists(file), origin: file, legacy: true };
}

/** Stores the choice: a configuration's JSON text, or null for the default territory. */
export async function writeTerritorySetting(store: SettingsStore, text: string | null): Promise<void> {
	await store.putSetting(TERRITORY_SETTING, text ?? DEFAULT_SETTING);
}

// Keyed by where the configuration was read (the setting, or a legacy file's path); `source` is its
// text (null: the default applies), read again on every call: it is small, so comparing it is cheap
// and catches any change, made by any instance. Failures are kept too: a broken configuration must
// not cost a 10 MB read and parse on every request.
type Cached = { source: string | null } & ({ territory: Territory } | { error: Error });
const cache = new Map<string, Cached>();

/**
 * The territory in force (`dir`: where a legacy territory.json may be; default ATLAS_DATA_DIR, else
 * ./data). Throws an Error naming the setting or the file when the configuration is unreadable,
 * invalid or names unknown codes. A valid legacy file is imported into the setting here, once.
 */
export async function loadTerritory(store: SettingsStore, dir: string = dataDir()): Promise<Territory> {
	const source = await readTerritorySource(store, dir);
	const territory = resolveCached(source);
	if (source.legacy && source.text !== null) await importLegacy(store, source.text);
	return territory;
}

/** Imports a legacy file's text into the setting, unless some instance set it meanwhile. */
async function importLegacy(store: SettingsStore, text: string): Promise<void> {
	await store.transaction(async () => {
		if ((await store.getSetting(TERRITORY_SETTING)) === null) await store.putSetting(TERRITORY_SETTING, text);
	});
}

function resolveCached({ text, origin }: TerritorySource): Territory {
	const hit = cache.get(origin);
	if (hit && hit.source === text) {
		if ('error' in hit) throw hit.error;
		return hit.territory;
	}
	try {
		const territory = resolveSource(origin, text);
		cache.set(origin, { source: text, territory });
		return territory;
	} catch (e) {
		const error = e instanceof Error ? e : new Error(String(e));
		cache.set(origin, { source: text, error });
		throw error;
	}
}

function resolveSource(origin: string, source: string | null): Territory {
	const config = source === null ? DEFAULT_TERRITORY_CONFIG : parseTerritoryConfig(source, origin);
	try {
		return resolveTerritory(config, readPackageData<RawCommune[]>('communes.json'), readPackageData<RawEpci[]>('epci.json'));
	} catch (e) {
		const where = source === null ? 'territoire par défaut' : origin;
		throw new Error(`Territoire impossible à résoudre (${where}) : ${(e as Error).message}`, {
			cause: e
		});
	}
}

function readIfExists(file: string): string | null {
	try {
		return fs.readFileSync(file, 'utf8');
	} catch (e) {
		if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
		throw new Error(`Fichier de territoire inaccessible (${file}) : ${(e as Error).message}`, {
			cause: e
		});
	}
}
