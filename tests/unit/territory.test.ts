import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { searchKey } from '$lib/domain/text';
import { communeByInsee, searchCommunes, type Cdc, type Commune, type Territory } from '$lib/domain/territory';
import { parseTerritory } from '$lib/schemas/territory';
import { loadTerritory, resolveTerritory, writeTerritorySetting, type RawCommune, type RawEpci } from '$lib/server/territory';
import { SqliteStore } from '$lib/server/sqlite/store';
import { GET } from '../../src/routes/api/territory/+server';
import { render } from 'svelte/server';
import CommunePicker from '$lib/components/CommunePicker.svelte';

// --- fixtures -----------------------------------------------------------------------------------

const FORETS: Cdc = { siren: '200069912', name: 'CC des Forêts du Perche' };
const COEUR: Cdc = { siren: '200068435', name: 'CC Coeur du Perche' };
const MORTAGNE_CDC: Cdc = { siren: '200036069', name: 'CC du Pays de Mortagne-au-Perche' };
const TERRES: Cdc = { siren: '200070167', name: 'CC Terres de Perche' };

function commune(insee: string, name: string, population: number | null, postalCodes: string[], cdc: Cdc | null = null): Commune {
	const department = insee.startsWith('97') ? insee.slice(0, 3) : insee.slice(0, 2);
	return { insee, name, department, cdc, population, postalCodes };
}

const COMMUNES: Commune[] = [
	commune('28149', 'La Ferté-Vidame', 543, ['28340'], FORETS),
	commune('72132', 'La Ferté-Bernard', 8740, ['72400']),
	commune('28331', "Saint-Denis-d'Authou", 681, ['28480'], TERRES),
	commune('61381', 'Saint-Denis-sur-Huisne', 60, ['61400'], MORTAGNE_CDC),
	commune('61309', 'Perche en Nocé', 1956, ['61340'], COEUR),
	commune('61293', 'Mortagne-au-Perche', 3857, ['61400'], MORTAGNE_CDC),
	commune('61414', 'Saint-Langis-lès-Mortagne', 871, ['61400'], MORTAGNE_CDC),
	commune('61507', 'Villiers-sous-Mortagne', 241, ['61400'], MORTAGNE_CDC),
	commune('61373', 'Sainte-Céronne-lès-Mortagne', 249, ['61380'], MORTAGNE_CDC),
	commune('88315', 'Mortagne', 196, ['88600']),
	// Invented, to have a name that contains "mortagne" inside a word.
	commune('99001', 'Bellemortagne', 5000, ['99100']),
	commune('28410', 'Villampuy', 296, ['28140']),
	commune('28001', 'Abondant', 2434, ['28410'])
];

const names = (list: Commune[]) => list.map((c) => c.name);

// --- searchKey ----------------------------------------------------------------------------------

describe('searchKey', () => {
	it('ignores case, accents and hyphens', () => {
		expect(searchKey('La Ferté-Vidame')).toBe('ferte vidame');
		expect(searchKey('FERTÉ-VIDAME')).toBe('ferte vidame');
		expect(searchKey('ferte vidame')).toBe('ferte vidame');
	});

	it('drops French articles and small words, straight or curly apostrophe', () => {
		expect(searchKey("Saint-Denis-d'Authou")).toBe('st denis authou');
		expect(searchKey('Saint-Denis-d’Authou')).toBe('st denis authou');
		expect(searchKey('Mortagne-au-Perche')).toBe('mortagne perche');
		expect(searchKey('Perche en Nocé')).toBe('perche noce');
		expect(searchKey('Villiers-sous-Mortagne')).toBe('villiers mortagne');
		expect(searchKey('Les Autels-Villevillon')).toBe('autels villevillon');
		expect(searchKey('la ferte')).toBe('ferte');
	});

	it('writes saint and sainte the short way, so both spellings agree', () => {
		expect(searchKey('Saint-Denis')).toBe('st denis');
		expect(searchKey('st denis')).toBe('st denis');
		expect(searchKey('St. Denis')).toBe('st denis');
		expect(searchKey('Sainte-Céronne')).toBe(searchKey('ste ceronne'));
		expect(searchKey('Sainte-Céronne')).toBe('ste ceronne');
		// Only the whole word: a name that merely begins with "saint" keeps its letters.
		expect(searchKey('Saintigny')).toBe('saintigny');
	});

	it('spells out the œ and æ ligatures', () => {
		expect(searchKey('CC Cœur du Perche')).toBe('cc coeur perche');
		expect(searchKey('Lætitia')).toBe('laetitia');
	});

	it('collapses punctuation and spaces and keeps digits', () => {
		expect(searchKey('  Mortagne ,  (61) ! ')).toBe('mortagne 61');
	});

	it('is empty for a string of small words and punctuation', () => {
		expect(searchKey('')).toBe('');
		expect(searchKey(" la - l' de ")).toBe('');
	});
});

// --- searchCommunes -----------------------------------------------------------------------------

describe('searchCommunes', () => {
	it('finds La Ferté-Vidame without accents, article, capitals or hyphen', () => {
		expect(searchCommunes(COMMUNES, 'ferte vidame')[0]?.insee).toBe('28149');
		expect(searchCommunes(COMMUNES, 'FERTE-VIDAME')[0]?.insee).toBe('28149');
		expect(searchCommunes(COMMUNES, 'FERTÉ-VIDAME')[0]?.insee).toBe('28149');
		expect(searchCommunes(COMMUNES, 'ferte vidame')).toHaveLength(1);
	});

	it('finds every Ferté for "la ferte", the more populous first', () => {
		expect(names(searchCommunes(COMMUNES, 'la ferte'))).toEqual(['La Ferté-Bernard', 'La Ferté-Vidame']);
	});

	it('matches "st denis" and "saint-denis" alike', () => {
		const expected = ["Saint-Denis-d'Authou", 'Saint-Denis-sur-Huisne'];
		expect(names(searchCommunes(COMMUNES, 'st denis'))).toEqual(expected);
		expect(names(searchCommunes(COMMUNES, 'saint-denis'))).toEqual(expected);
		expect(names(searchCommunes(COMMUNES, "St Denis d'Authou"))).toEqual(["Saint-Denis-d'Authou"]);
	});

	it('keeps the Saint- names while "saint" is still being typed', () => {
		const found = names(searchCommunes(COMMUNES, 'sain', 20));
		expect(found).toEqual(expect.arrayContaining(["Saint-Denis-d'Authou", 'Saint-Langis-lès-Mortagne', 'Sainte-Céronne-lès-Mortagne']));
		expect(found).not.toContain('Mortagne-au-Perche');
	});

	it('ranks exact name, then name prefix, then word prefixes, then substring', () => {
		expect(names(searchCommunes(COMMUNES, 'mortagne', 20))).toEqual([
			'Mortagne', // exact, although small
			'Mortagne-au-Perche', // the name starts with the query
			'Saint-Langis-lès-Mortagne', // a word starts with it; then by population
			'Sainte-Céronne-lès-Mortagne',
			'Villiers-sous-Mortagne',
			'Bellemortagne' // inside a word, last although the most populous
		]);
	});

	it('matches query words in any order', () => {
		expect(names(searchCommunes(COMMUNES, 'perche mortagne'))).toEqual(['Mortagne-au-Perche']);
		expect(names(searchCommunes(COMMUNES, 'noce perche'))).toEqual(['Perche en Nocé']);
	});

	it('finds a commune by INSEE code', () => {
		expect(names(searchCommunes(COMMUNES, '61309'))).toEqual(['Perche en Nocé']);
		expect(names(searchCommunes(COMMUNES, '28149'))).toEqual(['La Ferté-Vidame']);
	});

	it('finds every commune of a postal code, the more populous first', () => {
		expect(names(searchCommunes(COMMUNES, '61400'))).toEqual([
			'Mortagne-au-Perche',
			'Saint-Langis-lès-Mortagne',
			'Villiers-sous-Mortagne',
			'Saint-Denis-sur-Huisne'
		]);
		expect(names(searchCommunes(COMMUNES, '28 340'))).toEqual(['La Ferté-Vidame']);
	});

	it('puts the INSEE code match before a postal code match of the same digits', () => {
		// 28410 is Villampuy's INSEE code and Abondant's postal code.
		expect(names(searchCommunes(COMMUNES, '28410'))).toEqual(['Villampuy', 'Abondant']);
	});

	it('offers communes while a code is being typed', () => {
		expect(names(searchCommunes(COMMUNES, '6140', 20))).toEqual([
			'Mortagne-au-Perche',
			'Saint-Langis-lès-Mortagne',
			'Villiers-sous-Mortagne',
			'Saint-Denis-sur-Huisne'
		]);
	});

	it('returns nothing for an empty query or one made only of small words', () => {
		expect(searchCommunes(COMMUNES, '')).toEqual([]);
		expect(searchCommunes(COMMUNES, '   ')).toEqual([]);
		expect(searchCommunes(COMMUNES, 'la')).toEqual([]);
	});

	it('returns nothing when no commune matches', () => {
		expect(searchCommunes(COMMUNES, 'paris')).toEqual([]);
		expect(searchCommunes(COMMUNES, '75001')).toEqual([]);
	});

	it('returns at most `limit` communes, 8 by default', () => {
		const many = Array.from({ length: 12 }, (_, i) => commune(`610${String(i).padStart(2, '0')}`, `Saint-Village ${i}`, i, ['61000']));
		expect(searchCommunes(many, 'st village')).toHaveLength(8);
		expect(searchCommunes(many, 'st village', 3).map((c) => c.population)).toEqual([11, 10, 9]);
	});

	it('breaks population ties alphabetically', () => {
		const tied = [commune('61002', 'Saint-Bômer', null, []), commune('61001', 'Saint-Aubin', null, [])];
		expect(names(searchCommunes(tied, 'saint'))).toEqual(['Saint-Aubin', 'Saint-Bômer']);
	});
});

describe('communeByInsee', () => {
	const territory: Territory = {
		id: 'test',
		name: 'Test',
		version: 'v1',
		cdcs: [FORETS, COEUR],
		communes: COMMUNES.filter((c) => c.cdc === FORETS || c.cdc === COEUR)
	};

	it('finds a commune of the territory by its INSEE code', () => {
		expect(communeByInsee(territory, '61309')?.name).toBe('Perche en Nocé');
	});

	it('returns null for a commune outside the territory', () => {
		expect(communeByInsee(territory, '61293')).toBeNull();
	});
});

// --- resolveTerritory ---------------------------------------------------------------------------

const RAW_COMMUNES: RawCommune[] = [
	{
		code: '61309',
		nom: 'Perche en Nocé',
		type: 'commune-actuelle',
		departement: '61',
		codesPostaux: ['61340'],
		population: 1956
	},
	{ code: '61309', nom: 'Préaux-du-Perche', type: 'commune-deleguee', chefLieu: '61309' },
	{ code: '61112', nom: 'Colonard-Corubert', type: 'commune-deleguee', chefLieu: '61309' },
	{
		code: '61196',
		nom: 'Longny les Villages',
		type: 'commune-actuelle',
		departement: '61',
		codesPostaux: ['61290'],
		population: 2900
	},
	{
		code: '28149',
		nom: 'La Ferté-Vidame',
		type: 'commune-actuelle',
		departement: '28',
		codesPostaux: ['28340'],
		population: 543
	},
	// No population nor postal code in the source.
	{ code: '28373', nom: 'Senonches', type: 'commune-actuelle', departement: '28' }
];

const RAW_EPCI: RawEpci[] = [
	{ code: COEUR.siren, nom: COEUR.name, membres: [{ code: '61309' }] },
	{ code: FORETS.siren, nom: FORETS.name, membres: [{ code: '28373' }, { code: '28149' }] },
	{ code: '200071504', nom: 'CC des Collines du Perche Normand', membres: [{ code: '61196' }] }
];

describe('resolveTerritory', () => {
	const config = { id: 'essai', name: 'Essai', cdc: [FORETS.siren], communes: ['61309'] };

	it('takes the communes of the CDC and the extra communes, each with its own CDC', () => {
		const t = resolveTerritory(config, RAW_COMMUNES, RAW_EPCI);
		expect(t.id).toBe('essai');
		expect(t.name).toBe('Essai');
		expect(t.communes.map((c) => [c.insee, c.cdc?.siren])).toEqual([
			['28149', FORETS.siren], // sorted by name: "La Ferté-Vidame" < "Perche en Nocé" < "Senonches"
			['61309', COEUR.siren],
			['28373', FORETS.siren]
		]);
		expect(t.cdcs).toEqual([COEUR, FORETS]);
	});

	it('keeps only current communes and fills what the source lacks with null or []', () => {
		const t = resolveTerritory(config, RAW_COMMUNES, RAW_EPCI);
		expect(t.communes.find((c) => c.insee === '61309')).toEqual({
			insee: '61309',
			name: 'Perche en Nocé',
			department: '61',
			cdc: COEUR,
			population: 1956,
			postalCodes: ['61340']
		});
		const senonches = t.communes.find((c) => c.insee === '28373');
		expect(senonches?.population).toBeNull();
		expect(senonches?.postalCodes).toEqual([]);
	});

	it('gives a 12-hex version that changes with the content and only with it', () => {
		const a = resolveTerritory(config, RAW_COMMUNES, RAW_EPCI);
		const b = resolveTerritory({ ...config }, RAW_COMMUNES, RAW_EPCI);
		const renamed = resolveTerritory({ ...config, name: 'Autre nom' }, RAW_COMMUNES, RAW_EPCI);
		const smaller = resolveTerritory({ ...config, communes: [] }, RAW_COMMUNES, RAW_EPCI);
		expect(a.version).toMatch(/^[0-9a-f]{12}$/);
		expect(b.version).toBe(a.version);
		expect(renamed.version).not.toBe(a.version);
		expect(smaller.version).not.toBe(a.version);
	});

	it('produces a territory that its own schema accepts', () => {
		const t = resolveTerritory(config, RAW_COMMUNES, RAW_EPCI);
		expect(parseTerritory(JSON.parse(JSON.stringify(t)))).toEqual({ ok: true, territory: t });
	});

	it('refuses an unknown CDC, naming it', () => {
		expect(() => resolveTerritory({ ...config, cdc: ['200000000'] }, RAW_COMMUNES, RAW_EPCI)).toThrow(/200000000/);
	});

	it('refuses a commune that has merged, naming the commune it belongs to now', () => {
		expect(() => resolveTerritory({ ...config, communes: ['61112'] }, RAW_COMMUNES, RAW_EPCI)).toThrow(/61112.*61309 \(Perche en Nocé\)/);
		expect(() => resolveTerritory({ ...config, communes: ['99999'] }, RAW_COMMUNES, RAW_EPCI)).toThrow(/99999/);
	});
});

// --- parseTerritory -----------------------------------------------------------------------------

describe('parseTerritory', () => {
	const valid: Territory = {
		id: 'perche',
		name: 'Perche',
		version: 'abcdef012345',
		cdcs: [FORETS],
		communes: [commune('28149', 'La Ferté-Vidame', 543, ['28340'], FORETS)]
	};

	it('accepts a territory and a Corsican INSEE code', () => {
		expect(parseTerritory(valid)).toEqual({ ok: true, territory: valid });
		const corse = { ...valid, cdcs: [], communes: [commune('2A004', 'Ajaccio', 70000, ['20000'])] };
		corse.communes[0]!.department = '2A';
		expect(parseTerritory(corse).ok).toBe(true);
	});

	it('rejects what is not a territory', () => {
		expect(parseTerritory(null)).toEqual({ ok: false });
		expect(parseTerritory({ ...valid, version: undefined }).ok).toBe(false);
		expect(parseTerritory({ ...valid, communes: [{ ...valid.communes[0], insee: '2814' }] }).ok).toBe(false);
	});

	it('rejects a territory with a commune twice or a CDC missing from its list', () => {
		expect(parseTerritory({ ...valid, communes: [valid.communes[0], valid.communes[0]] }).ok).toBe(false);
		expect(parseTerritory({ ...valid, cdcs: [] }).ok).toBe(false);
	});
});

// --- loadTerritory ------------------------------------------------------------------------------

const PERCHE_CDC = ['200068435', '200068856', '200036069', '200071504', '200006971', '200070167', '200069912'];

const tempDirs: string[] = [];
function tempDir(): string {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atlas-territory-'));
	tempDirs.push(dir);
	return dir;
}

describe('loadTerritory', () => {
	const savedEnv = process.env.ATLAS_DATA_DIR;
	let store: SqliteStore;
	beforeEach(() => {
		store = new SqliteStore(':memory:');
	});
	afterEach(async () => {
		await store.close();
		if (savedEnv === undefined) delete process.env.ATLAS_DATA_DIR;
		else process.env.ATLAS_DATA_DIR = savedEnv;
		for (const dir of tempDirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
	});

	it('resolves the default Perche territory to the 128 communes of its 7 CDC', async () => {
		process.env.ATLAS_DATA_DIR = tempDir(); // no territory.json there
		const t = await loadTerritory(store);
		expect(t.id).toBe('perche');
		expect(t.communes).toHaveLength(128);
		expect(new Set(t.communes.map((c) => c.insee)).size).toBe(128);
		expect(t.cdcs.map((c) => c.siren).sort()).toEqual([...PERCHE_CDC].sort());
		for (const c of t.communes) expect(PERCHE_CDC).toContain(c.cdc?.siren);
		const perCdc = Object.fromEntries(t.cdcs.map((cdc) => [cdc.name, t.communes.filter((c) => c.cdc?.siren === cdc.siren).length]));
		expect(perCdc).toEqual({
			'CC Coeur du Perche': 12,
			'CC des Hauts du Perche': 10,
			'CC du Pays de Mortagne-au-Perche': 33,
			'CC des Collines du Perche Normand': 16,
			'CC du Perche': 20,
			'CC Terres de Perche': 22,
			'CC des Forêts du Perche': 15
		});
		expect(communeByInsee(t, '28149')).toMatchObject({
			name: 'La Ferté-Vidame',
			department: '28',
			cdc: { siren: '200069912', name: 'CC des Forêts du Perche' }
		});
		expect(communeByInsee(t, '61309')?.cdc?.name).toBe('CC Coeur du Perche');
		expect(t.version).toMatch(/^[0-9a-f]{12}$/);
		expect(parseTerritory(JSON.parse(JSON.stringify(t))).ok).toBe(true);
		// Nothing chosen, no legacy file: nothing is written.
		expect(await store.getSetting('territory')).toBeNull();
	});

	it('reads the territory stored in the database: one CDC plus an extra commune', async () => {
		const dir = tempDir();
		await writeTerritorySetting(store, JSON.stringify({ id: 'forets', name: 'Forêts du Perche et Perche en Nocé', cdc: ['200069912'], communes: ['61309'] }));
		const t = await loadTerritory(store, dir);
		expect(t.id).toBe('forets');
		expect(t.name).toBe('Forêts du Perche et Perche en Nocé');
		expect(t.communes).toHaveLength(16);
		expect(communeByInsee(t, '28149')?.cdc?.siren).toBe('200069912');
		expect(communeByInsee(t, '61309')?.cdc?.siren).toBe('200068435');
		expect(communeByInsee(t, '61293')).toBeNull();
		expect(t.cdcs.map((c) => c.siren).sort()).toEqual(['200068435', '200069912']);
	});

	it('imports a legacy territory.json of the data folder once, then reads the database only', async () => {
		const dir = tempDir();
		const file = path.join(dir, 'territory.json');
		const text = JSON.stringify({ id: 'forets', name: 'Forêts du Perche', cdc: ['200069912'], communes: [] });
		fs.writeFileSync(file, text);
		expect((await loadTerritory(store, dir)).communes).toHaveLength(15);
		expect(await store.getSetting('territory')).toBe(text);
		// The file is left as it is, and no longer read.
		expect(fs.readFileSync(file, 'utf8')).toBe(text);
		fs.writeFileSync(file, JSON.stringify({ id: 'autre', name: 'Autre', cdc: ['200068435'], communes: [] }));
		expect((await loadTerritory(store, dir)).id).toBe('forets');
		// A reset stores "the default": the file does not come back either.
		await writeTerritorySetting(store, null);
		expect((await loadTerritory(store, dir)).communes).toHaveLength(128);
	});

	it('serves the cached territory until the stored choice changes', async () => {
		const dir = tempDir();
		await writeTerritorySetting(store, JSON.stringify({ id: 'a', name: 'A', cdc: ['200069912'] }));
		const first = await loadTerritory(store, dir);
		expect(await loadTerritory(store, dir)).toBe(first);
		await writeTerritorySetting(store, JSON.stringify({ id: 'a', name: 'A', cdc: ['200069912', '200068435'] }));
		const second = await loadTerritory(store, dir);
		expect(second.communes).toHaveLength(15 + 12);
		expect(second.version).not.toBe(first.version);
	});

	it('throws a clear error naming the legacy file when it is not JSON (and does not import it)', async () => {
		const dir = tempDir();
		const file = path.join(dir, 'territory.json');
		fs.writeFileSync(file, '{ "id": "perche", ');
		await expect(loadTerritory(store, dir)).rejects.toThrow(file);
		await expect(loadTerritory(store, dir)).rejects.toThrow(/illisible/);
		expect(await store.getSetting('territory')).toBeNull();
	});

	it('throws a clear error naming the legacy file and the faulty entry when the shape is wrong', async () => {
		const dir = tempDir();
		const file = path.join(dir, 'territory.json');
		fs.writeFileSync(file, JSON.stringify({ id: 'perche', name: 'Perche', cdc: ['2000'] }));
		await expect(loadTerritory(store, dir)).rejects.toThrow(file);
		await expect(loadTerritory(store, dir)).rejects.toThrow(/cdc\.0 : SIREN attendu/);

		fs.writeFileSync(file, JSON.stringify({ id: 'perche', name: 'Perche', communs: ['61309'] }));
		await expect(loadTerritory(store, dir)).rejects.toThrow(/communs/);

		fs.writeFileSync(file, JSON.stringify({ name: 'Perche', cdc: ['200069912'] }));
		await expect(loadTerritory(store, dir)).rejects.toThrow(/id : clé obligatoire manquante/);
	});

	it('throws a clear error naming the legacy file, or the database, when a code does not exist', async () => {
		const dir = tempDir();
		const file = path.join(dir, 'territory.json');
		fs.writeFileSync(file, JSON.stringify({ id: 'perche', name: 'Perche', cdc: ['200000000'] }));
		await expect(loadTerritory(store, dir)).rejects.toThrow(file);
		await expect(loadTerritory(store, dir)).rejects.toThrow(/200000000/);
		// A stored choice the geography no longer knows (a newer package): the message names the database.
		await writeTerritorySetting(store, JSON.stringify({ id: 'perche', name: 'Perche', cdc: ['200000000'] }));
		await expect(loadTerritory(store, dir)).rejects.toThrow(/base de données.*200000000/);
	});

	it('recovers once a broken legacy file is fixed', async () => {
		const dir = tempDir();
		const file = path.join(dir, 'territory.json');
		fs.writeFileSync(file, JSON.stringify({ id: 'a', name: 'A', cdc: ['200000000'] }));
		await expect(loadTerritory(store, dir)).rejects.toThrow(/200000000/);
		fs.writeFileSync(file, JSON.stringify({ id: 'a', name: 'A', cdc: ['200069912'] }));
		expect((await loadTerritory(store, dir)).communes).toHaveLength(15);
	});
});

// --- GET /api/territory -------------------------------------------------------------------------

describe('GET /api/territory', () => {
	const savedEnv = process.env.ATLAS_DATA_DIR;
	afterEach(() => {
		if (savedEnv === undefined) delete process.env.ATLAS_DATA_DIR;
		else process.env.ATLAS_DATA_DIR = savedEnv;
		vi.restoreAllMocks();
		for (const dir of tempDirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
	});

	const get = (headers: Record<string, string> = {}) =>
		GET({
			request: new Request('http://localhost/api/territory', { headers })
		} as unknown as Parameters<typeof GET>[0]);

	it('answers the territory with its version as ETag, to be revalidated', async () => {
		process.env.ATLAS_DATA_DIR = tempDir();
		const res = await get();
		expect(res.status).toBe(200);
		const body: unknown = await res.json();
		const parsed = parseTerritory(body);
		expect(parsed.ok).toBe(true);
		if (!parsed.ok) return;
		expect(parsed.territory.communes).toHaveLength(128);
		expect(res.headers.get('etag')).toBe(`"${parsed.territory.version}"`);
		expect(res.headers.get('cache-control')).toBe('no-cache');
	});

	it('answers 304 without a body when the device already has this version', async () => {
		process.env.ATLAS_DATA_DIR = tempDir();
		const etag = (await get()).headers.get('etag') ?? '';
		const res = await get({ 'If-None-Match': `"other", W/${etag}` });
		expect(res.status).toBe(304);
		expect(res.headers.get('etag')).toBe(etag);
		expect(await res.text()).toBe('');
		expect((await get({ 'If-None-Match': '"other"' })).status).toBe(200);
	});

	it('answers 500 with a French message when the configuration is wrong', async () => {
		const dir = tempDir();
		process.env.ATLAS_DATA_DIR = dir;
		fs.writeFileSync(path.join(dir, 'territory.json'), '{');
		const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
		const res = await get();
		expect(res.status).toBe(500);
		const body = (await res.json()) as { message: string };
		expect(body.message).toMatch(/territoire est mal configuré/);
		expect(logged).toHaveBeenCalled();
	});
});

// --- CommunePicker (server render: markup and texts; the interaction is left to end-to-end tests) --

describe('CommunePicker', () => {
	const props = { communes: COMMUNES, id: 'commune', label: 'Commune' };

	it('offers an accessible combobox labelled by its label when no commune is chosen', () => {
		const { body } = render(CommunePicker, { props: { ...props, value: null } });
		expect(body).toMatch(/<label[^>]* for="commune"[^>]*>Commune<\/label>/);
		expect(body).toMatch(/<input[^>]* id="commune"[^>]* role="combobox"/);
		expect(body).toMatch(/aria-expanded="false"/);
		expect(body).toMatch(/aria-controls="commune-list"/);
		expect(body).toMatch(/<ul[^>]* id="commune-list"[^>]* role="listbox"/);
		expect(body).toContain('Nom de la commune, code postal ou code INSEE');
		expect(body).not.toContain('Changer');
	});

	it('shows the chosen commune with its department and CDC, and a Changer button', () => {
		const { body } = render(CommunePicker, { props: { ...props, value: '28149' } });
		expect(body).toContain('La Ferté-Vidame');
		expect(body).toContain('28 · CC des Forêts du Perche');
		const button = /<button[^>]*aria-label="([^"]*)"[^>]*>\s*([^<]*?)\s*<\/button>/.exec(body);
		expect(button?.[1]).toBe('Changer de commune (actuellement La Ferté-Vidame)');
		expect(button?.[2]).toBe('Changer');
		expect(body).not.toContain('role="combobox"');
	});

	it('offers the suggested commune in one tap', () => {
		const { body } = render(CommunePicker, { props: { ...props, value: null, suggested: '61309' } });
		expect(body).toContain('Choisir Perche en Nocé (commune suggérée)');
	});

	it('says so when the chosen commune is outside the territory', () => {
		const { body } = render(CommunePicker, { props: { ...props, value: '75056' } });
		expect(body).toContain('Commune 75056 (hors du territoire)');
	});
});
