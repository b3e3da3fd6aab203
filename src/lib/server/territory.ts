/**
 * The territory on the server: read from `${ATLAS_DATA_DIR}/territory.json` when a coordinator wrote
 * one, else the default Perche territory, and resolved to communes and CDC with the official data of
 * `@etalab/decoupage-administratif` (the package version pins the geography).
 *
 * The resolved territory is kept in memory and re-resolved only when the configuration file's text
 * changes, so editing the file takes effect without a restart.
 */
import { dataDir } from './config';
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

export const TERRITORY_FILE = 'territory.json';

export { dataDir };

/**
 * The communes of the configured CDC plus the extra communes, each with its CDC. Throws an Error
 * naming the unknown SIREN or INSEE codes (a commune that has merged into another names the new one).
 */
export function resolveTerritory(
	config: TerritoryConfig,
	communesJson: readonly RawCommune[],
	epciJson: readonly RawEpci[]
): Territory {
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
		problems.push(
			old && now
				? `la commune ${insee} (${old.nom}) n'existe plus : elle fait partie de ${now.code} (${now.nom})`
				: `commune ${insee} inconnue`
		);
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
 * Validates the text of a configuration file; the Error names the file and what is wrong
 * (the path of each faulty entry, e.g. "cdc.0 : SIREN attendu : 9 chiffres").
 */
export function parseTerritoryConfig(text: string, file: string): TerritoryConfig {
	let json: unknown;
	try {
		json = JSON.parse(text);
	} catch (e) {
		throw new Error(`Fichier de territoire illisible (${file}) : ${(e as Error).message}`, {
			cause: e
		});
	}
	const result = v.safeParse(TerritoryConfigSchema, json);
	if (!result.success) {
		const details = result.issues
			.map((issue) => `${v.getDotPath(issue) ?? 'racine'} : ${issue.message}`)
			.join(' ; ');
		throw new Error(`Fichier de territoire invalide (${file}) : ${details}`);
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

// Keyed by the configuration file's path; `source` is its text (null: no file, the default applies).
// The file is small, so comparing its text on every call is cheap and catches any edit, whatever the
// file system's timestamps. Failures are kept too: a broken file must not cost a 10 MB read and
// parse on every request.
type Cached = { source: string | null } & ({ territory: Territory } | { error: Error });
const cache = new Map<string, Cached>();

/**
 * The territory of `dir` (default: ATLAS_DATA_DIR, else ./data). Throws an Error naming the file
 * when the configuration is unreadable, invalid or names unknown codes.
 */
export function loadTerritory(dir: string = dataDir()): Territory {
	const file = path.resolve(dir, TERRITORY_FILE);
	const source = readIfExists(file);
	const hit = cache.get(file);
	if (hit && hit.source === source) {
		if ('error' in hit) throw hit.error;
		return hit.territory;
	}
	try {
		const territory = resolveSource(file, source);
		cache.set(file, { source, territory });
		return territory;
	} catch (e) {
		const error = e instanceof Error ? e : new Error(String(e));
		cache.set(file, { source, error });
		throw error;
	}
}

function resolveSource(file: string, source: string | null): Territory {
	const config = source === null ? DEFAULT_TERRITORY_CONFIG : parseTerritoryConfig(source, file);
	try {
		return resolveTerritory(
			config,
			readPackageData<RawCommune[]>('communes.json'),
			readPackageData<RawEpci[]>('epci.json')
		);
	} catch (e) {
		const origin = source === null ? 'territoire par défaut' : file;
		throw new Error(`Territoire impossible à résoudre (${origin}) : ${(e as Error).message}`, {
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
