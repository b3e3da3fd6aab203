/**
 * Exports of the census: CSV quoting, the column list and its catalogue messages, the
 * GeoJSON coordinate order; then every format written from a real SQLite store and PARSED BACK
 * (csv-parse, exceljs, JSON.parse, yauzl) against the sheets written — with and without the
 * private contact data, filtered; the route (who may, what it answers, the audit entry); and that
 * a writer pulls rows only as its output is taken (memory stays flat; the 100,000-sheet figures
 * are measured by `npm run bench -- export`).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes, createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import yauzl from 'yauzl';
import { hasMessage, label } from '$lib/i18n';
import { csvField, csvLine, spreadsheetSafe, UTF8_BOM } from '$lib/domain/csv';
import { EXPORT_COLUMNS, exportColumns, frenchCell, frenchDateTime, geoFeature, plainCell, type ExportContext } from '$lib/domain/export-columns';
import { EMPTY_CENSUS_FILTER, type CensusFilter, type CensusRow } from '$lib/domain/census';
import { formatHlc } from '$lib/domain/hlc';
import type { FieldName, SheetFields } from '$lib/domain/sheet';
import type { Territory } from '$lib/domain/territory';
import { exportBytes, openExport, type ExportFormat } from '$lib/server/export';
import { exportContext, exportLabels } from '$lib/server/export/labels';
import { fileSafe } from '$lib/server/export/photos';
import { photoBytesFor } from '$lib/server/photo-bytes';
import { writeFields } from '$lib/server/sync/service';
import type { Session, Store, User } from '$lib/server/store/types';
import { auditSentence } from '$lib/components/team/format';
import { AUDIT_ACTIONS } from '$lib/schemas/team';
import { ciderPress, farmMill, poultryAbattoir } from '../fixtures/sheets';
import { useServerDatabase } from './stores';

const SLOW = { timeout: 30_000 };
const TZ = 'Europe/Paris';
/** 14:05 in Paris. */
const T0 = '2026-11-28T13:05:00.000Z';

function user(id: string, name: string, role: User['role'], communes: string[] = []): User {
	return { id, name, role, communes, login: null, passwordHash: null, createdAt: T0, lastSeenAt: null, revokedAt: null };
}
const claire = user('claire', 'Claire Coordination', 'coordinateur');
const marie = user('marie', 'Marie Lebrun', 'benevole');
const paul = user('paul', 'Paul Girard', 'benevole');
const mairie = user('mairie', 'Mairie de Perche en Nocé', 'mairie', ['61309']);

const TERRITORY: Territory = {
	id: 'essai',
	name: 'Essai',
	version: '1',
	cdcs: [
		{ siren: '200068435', name: 'CC Cœur du Perche' },
		{ siren: '200036069', name: 'CC du Pays de Mortagne-au-Perche' }
	],
	communes: [
		{ insee: '61079', name: 'Ceton', department: '61', cdc: { siren: '200068435', name: 'CC Cœur du Perche' }, population: 1900, postalCodes: ['61260'] },
		{
			insee: '61293',
			name: 'Mortagne-au-Perche',
			department: '61',
			cdc: { siren: '200036069', name: 'CC du Pays de Mortagne-au-Perche' },
			population: 3900,
			postalCodes: ['61400']
		},
		{
			insee: '61309',
			name: 'Perche en Nocé',
			department: '61',
			cdc: { siren: '200068435', name: 'CC Cœur du Perche' },
			population: 1800,
			postalCodes: ['61340']
		}
	]
};
const CTX: ExportContext = exportContext(TERRITORY);

function jpeg(size: number): Buffer {
	const bytes = randomBytes(size);
	bytes.set([0xff, 0xd8, 0xff, 0xe0], 0);
	return bytes;
}
const shaOf = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const PHOTO_1 = jpeg(3000);
const PHOTO_2 = jpeg(5000);
const MISSING = jpeg(100); // on a phone still: never uploaded
const photoRef = (b: Buffer) => ({ sha: shaOf(b), mime: 'image/jpeg', bytes: b.length, width: 4, height: 3, takenAt: '2026-10-12T09:16:00.000Z' });

/** The sheets of the census, by id (the cider press has a named person; notes full of traps). */
const SHEETS: Record<string, { author: User; fields: SheetFields }> = {
	PressoirPreaux000001: {
		author: marie,
		fields: ciderPress({
			verifiedOn: '2026-10-12',
			status: 'valide',
			personName: 'Jeanne Duval',
			personPhone: '06 12 34 56 78',
			personEmail: 'jeanne.duval@example.org',
			personConsentAt: '2026-10-12T09:20:00.000Z',
			notes: 'Clé chez le voisin ; demander « Paul »\r\nDeuxième ligne, avec "guillemets", virgule',
			equipment: [
				{ id: 'e1', label: 'Broyeur', category: null, quantity: 1 },
				{ id: 'e2', label: 'Pasteurisateur', category: null, quantity: null }
			],
			photos: [photoRef(PHOTO_1), photoRef(PHOTO_2)]
		})
	},
	AbattoirCeton0000001: {
		author: marie,
		fields: poultryAbattoir({
			orgPhone: '+33 2 33 73 00 00',
			notes: '=HYPERLINK("http://example.org")',
			status: 'soumis',
			location: { lat: 48.2245, lon: 0.7483, accuracy: null, source: 'manuel', at: '2026-11-02T10:00:00.000Z' },
			photos: [photoRef(MISSING)]
		})
	},
	MoulinMortagne000001: {
		author: paul,
		fields: farmMill({ name: 'Moulin, « Astrié »; ferme du Bois', condition: null, mobile: true })
	},
	PressoirSupprime0001: { author: paul, fields: ciderPress({ name: 'Fiche supprimée', deleted: true }) }
};
const LIVE = ['PressoirPreaux000001', 'AbattoirCeton0000001', 'MoulinMortagne000001'];
const PERSON_PHONE = '06 12 34 56 78';

let root: string;
let store: Store;
let photos: string;
const saved = process.env.ATLAS_DATA_DIR;

let writes = 0;
async function writeSheet(author: User, id: string, fields: Partial<SheetFields>) {
	const hlc = formatHlc(Date.parse(T0), writes++, author.id);
	const changes = new Map(Object.entries(fields).map(([k, v]) => [k as FieldName, { v, hlc }]));
	await store.transaction(() => writeFields(store, author, id, changes, T0));
}

beforeAll(async () => {
	root = mkdtempSync(join(tmpdir(), 'atlas-exports-'));
	process.env.ATLAS_DATA_DIR = root;
	// The route reads the territory of the data folder: the same three communes, resolved from the official data.
	writeFileSync(join(root, 'territory.json'), JSON.stringify({ id: 'essai', name: 'Essai', cdc: [], communes: ['61079', '61293', '61309'] }));
	await useServerDatabase();
	store = (await import('$lib/server/context')).getStore();
	for (const u of [claire, marie, paul, mairie]) await store.insertUser(u);
	for (const [id, s] of Object.entries(SHEETS)) await writeSheet(s.author, id, s.fields);
	photos = join(root, 'photos');
	// Held by the server as an upload leaves them: files (SQLite) or rows (PostgreSQL).
	const held = photoBytesFor(store, photos);
	for (const b of [PHOTO_1, PHOTO_2]) {
		const photo = { sha: shaOf(b), size: b.length, mime: 'image/jpeg', uploadedBy: marie.id, createdAt: T0, completedAt: null };
		await store.insertPhoto(photo);
		await held.append(photo.sha, 0, b);
		await held.keep(photo, T0);
		await store.completePhoto(photo.sha, T0);
	}
});
afterAll(async () => {
	await store.close();
	rmSync(root, { recursive: true, force: true });
	if (saved === undefined) delete process.env.ATLAS_DATA_DIR;
	else process.env.ATLAS_DATA_DIR = saved;
});

async function collect(bytes: AsyncIterable<Uint8Array>): Promise<Buffer> {
	const parts: Buffer[] = [];
	for await (const b of bytes) parts.push(Buffer.from(b));
	return Buffer.concat(parts);
}

/** An export as the coordinator (or `as`) gets it, the whole file in memory (tests only). */
async function exported(format: ExportFormat, opts: { withPrivate?: boolean; filter?: Partial<CensusFilter>; as?: User } = {}) {
	const opened = await openExport(store, {
		format,
		filter: { ...EMPTY_CENSUS_FILTER, ...opts.filter },
		withPrivate: opts.withPrivate ?? false,
		user: opts.as ?? claire,
		territory: TERRITORY,
		photosDir: photos,
		audit: { actorId: (opts.as ?? claire).id, ip: '10.0.0.1' },
		now: new Date(T0),
		timeZone: TZ
	});
	return { ...opened, body: await collect(opened.bytes) };
}

type Record_ = Record<string, string>;
const parseCsv = (text: string, delimiter: ';' | ','): Record_[] => parse(text, { delimiter, columns: true, bom: true, relax_column_count: false });

// --- CSV text ---------------------------------------------------------------------------------

describe('CSV fields (RFC 4180)', () => {
	it('quotes a field with a separator, a quote or a line break, doubling its quotes; leaves others alone', () => {
		expect(csvField('Pressoir')).toBe('Pressoir');
		expect(csvField('Préaux-du-Perche, Orne')).toBe('"Préaux-du-Perche, Orne"');
		expect(csvField('0,40 € ; adhésion')).toBe('"0,40 € ; adhésion"');
		expect(csvField('dit "le grand"')).toBe('"dit ""le grand"""');
		expect(csvField('ligne 1\nligne 2')).toBe('"ligne 1\nligne 2"');
		expect(csvField('a\rb')).toBe('"a\rb"');
		expect(csvField('Éolienne « Noë »')).toBe('Éolienne « Noë »');
		expect(csvField('')).toBe('');
		expect(csvLine(['a', 'b;c', ''], ';')).toBe('a;"b;c";\r\n');
	});

	it('reads back through a real CSV parser, with either separator', () => {
		const tricky = ['Moulin, « Astrié »; ferme', 'dit "le grand"', 'l1\r\nl2\nl3', 'çà ô œ', ''];
		for (const sep of [';', ','] as const) {
			const text = csvLine(['h1', 'h2', 'h3', 'h4', 'h5'], sep) + csvLine(tricky, sep);
			expect(parse(text, { delimiter: sep })).toEqual([['h1', 'h2', 'h3', 'h4', 'h5'], tricky]);
		}
	});

	it('makes text that would start a formula inert for a spreadsheet', () => {
		expect(spreadsheetSafe('=1+1')).toBe("'=1+1");
		expect(spreadsheetSafe('+33 2 33')).toBe("'+33 2 33");
		expect(spreadsheetSafe('-5')).toBe("'-5");
		expect(spreadsheetSafe('@SUM(A1)')).toBe("'@SUM(A1)");
		expect(spreadsheetSafe('Pressoir = bien')).toBe('Pressoir = bien');
	});
});

// --- the columns ------------------------------------------------------------------------------

describe('the export columns', () => {
	it('have unique snake_case names, a French header and a description each, and a label for every code', () => {
		const names = EXPORT_COLUMNS.map((c) => c.name);
		expect(new Set(names).size).toBe(names.length);
		for (const c of EXPORT_COLUMNS) {
			expect(c.name).toMatch(/^[a-z][a-z0-9_]*$/);
			expect(hasMessage(`export.col.${c.name}`), c.name).toBe(true);
			expect(hasMessage(`export.desc.${c.name}`), c.name).toBe(true);
			for (const id of c.codes?.ids ?? []) expect(hasMessage(`${c.codes!.prefix}.${id}`), `${c.name} ${id}`).toBe(true);
			expect(c.type === 'code', c.name).toBe(!!c.codes);
		}
	});

	it('leave the private contact columns out unless asked, and the label columns out of the French forms', () => {
		const names = (o: Parameters<typeof exportColumns>[0]) => exportColumns(o).map((c) => c.name);
		const personal = ['person_name', 'person_phone', 'person_email', 'person_consent_at'];
		expect(names({ withPrivate: false, form: 'french' })).not.toEqual(expect.arrayContaining([personal[0]]));
		for (const p of personal) {
			expect(names({ withPrivate: false, form: 'machine' })).not.toContain(p);
			expect(names({ withPrivate: true, form: 'french' })).toContain(p);
		}
		expect(names({ withPrivate: true, form: 'french' })).not.toContain('category_label');
		expect(names({ withPrivate: false, form: 'machine' })).toContain('category_label');
	});

	it('write French cells: labels, 28/11/2026, decimal commas, Oui/Non, instants in Paris time', () => {
		const labels = exportLabels(TZ);
		const byName = new Map(EXPORT_COLUMNS.map((c) => [c.name, c]));
		const cell = (name: string, v: Parameters<typeof frenchCell>[1]) => frenchCell(byName.get(name)!, v, labels);
		expect(cell('lat', 48.3521)).toBe('48,3521');
		expect(cell('capacity_value', 1500)).toBe('1500');
		expect(cell('verified_on', '2026-10-12')).toBe('12/10/2026');
		expect(cell('created_at', T0)).toBe('28/11/2026 14:05');
		expect(cell('mobile', true)).toBe('Oui');
		expect(cell('condition', 'a_reparer')).toBe('À réparer');
		expect(cell('energy', ['electrique', 'solaire'])).toBe('Électrique (secteur), Solaire');
		expect(cell('months', [9, 10])).toBe('septembre, octobre');
		expect(cell('condition', null)).toBe('');
		expect(frenchDateTime('2026-07-01T10:00:00.000Z', TZ)).toBe('01/07/2026 12:00'); // summer time
		expect(plainCell(byName.get('months')!, [9, 10, 11])).toBe('9|10|11');
	});
});

describe('GeoJSON features (RFC 7946)', () => {
	const row = (fields: Partial<SheetFields>): CensusRow => ({ id: 'R1', createdBy: 'marie', createdByName: 'Marie', createdAt: T0, updatedAt: T0, fields });
	const columns = exportColumns({ withPrivate: false, form: 'machine' });

	it('put the longitude first: [lon, lat], in WGS84 degrees', () => {
		const f = geoFeature(row(ciderPress()), columns, CTX);
		expect(f.geometry).toEqual({ type: 'Point', coordinates: [0.7142, 48.3521] });
		expect(f.properties.lat).toBe(48.3521);
		expect(f.properties.lon).toBe(0.7142);
		expect(f.id).toBe('R1');
	});

	it('keep a sheet without a (valid) point, with no geometry', () => {
		expect(geoFeature(row(farmMill({ location: null })), columns, CTX).geometry).toBeNull();
		const bad = ciderPress({ location: { lat: 148, lon: 0.7, accuracy: null, source: 'manuel', at: T0 } });
		expect(geoFeature(row(bad), columns, CTX).geometry).toBeNull();
	});
});

// --- every format, parsed back ----------------------------------------------------------------

/** The plain cells of each live sheet, computed from the sheets as written (not from the exporter). */
function expectedPlain(id: string): Record_ {
	const s = SHEETS[id]!.fields;
	const commune = TERRITORY.communes.find((c) => c.insee === s.commune)!;
	const n = (x: number | null | undefined) => (x === null || x === undefined ? '' : String(x));
	return {
		id,
		name: s.name,
		category: s.category,
		category_label: label('category', s.category),
		commune_insee: s.commune ?? '',
		commune: commune.name,
		cdc_siren: commune.cdc!.siren,
		lat: n(s.location?.lat),
		lon: n(s.location?.lon),
		gps_accuracy: n(s.location?.accuracy),
		location_source: s.location?.source ?? '',
		capacity_value: n(s.capacityValue),
		capacity_unit: s.capacityUnit ?? '',
		energy: s.energy.join('|'),
		works_without_mains: s.worksWithoutMains ?? '',
		condition: s.condition ?? '',
		verified_on: s.verifiedOn ?? '',
		months: s.months.join('|'),
		org_phone: s.orgPhone,
		notes: s.notes,
		mobile: String(s.mobile),
		status: s.status,
		author: SHEETS[id]!.author.name,
		photo_count: String(s.photos.length),
		created_at: T0
	};
}

describe('the plain CSV', SLOW, () => {
	it('parses back to the census: machine names, raw codes, ISO dates, dot decimals, no BOM', async () => {
		const { body, contentType, fileName } = await exported('csv-plain');
		expect(contentType).toBe('text/csv; charset=utf-8');
		expect(fileName).toBe('atlas-outils-2026-11-28-simple.csv');
		expect(body.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf]))).toBe(false);
		const text = body.toString('utf8');
		expect(text.split('\r\n')[0]).toBe(
			exportColumns({ withPrivate: false, form: 'machine' })
				.map((c) => c.name)
				.join(',')
		);
		const records = parseCsv(text, ',');
		expect(records.map((r) => r.id).sort()).toEqual([...LIVE].sort());
		for (const r of records) expect(r).toMatchObject(expectedPlain(r.id!));
		expect(records.find((r) => r.id === 'PressoirPreaux000001')!.equipment).toBe('Broyeur (1) ; Pasteurisateur');
		expect(text).not.toContain(PERSON_PHONE);
	});
});

describe('the French CSV', SLOW, () => {
	it('starts with a BOM, separates with ";", and parses back with French headers and labels', async () => {
		const { body, fileName } = await exported('csv');
		expect(fileName).toBe('atlas-outils-2026-11-28.csv');
		expect(body.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf]))).toBe(true);
		const text = body.toString('utf8');
		expect(text.startsWith(UTF8_BOM + 'Identifiant de la fiche;Nom;Catégorie;')).toBe(true);
		const records = parseCsv(text, ';');
		expect(records).toHaveLength(3);
		const press = records.find((r) => r['Identifiant de la fiche'] === 'PressoirPreaux000001')!;
		const s = SHEETS.PressoirPreaux000001!.fields;
		expect(press).toMatchObject({
			Nom: s.name,
			Catégorie: 'Pressoir',
			Famille: 'Fruits',
			Commune: 'Perche en Nocé',
			'Code INSEE': '61309',
			'Communauté de communes': 'CC Cœur du Perche',
			Latitude: '48,3521',
			Longitude: '0,7142',
			'Précision GPS (m)': '8',
			'Origine du point': 'GPS',
			Capacité: '100',
			'Unité de capacité': 'kg/h',
			Énergie: 'Électrique (secteur), Manuelle',
			'Fonctionne sans le courant du secteur': 'Non',
			État: 'En service',
			'Vérifié sur place le': '12/10/2026',
			Accès: 'Adhérents',
			Tarif: '0,40 € le kg + adhésion annuelle',
			'Mois d’utilisation': 'septembre, octobre, novembre, décembre',
			Notes: s.notes,
			'Outil mobile': 'Non',
			'Statut de relecture': 'Validée',
			'Créée le': '28/11/2026 14:05',
			'Fiche créée par': 'Marie Lebrun',
			'Nombre de photos': '2'
		});
		const abattoir = records.find((r) => r['Identifiant de la fiche'] === 'AbattoirCeton0000001')!;
		// Text that a spreadsheet would run as a formula is made inert.
		expect(abattoir.Notes).toBe(`'${SHEETS.AbattoirCeton0000001!.fields.notes}`);
		expect(abattoir['Téléphone de la structure']).toBe("'+33 2 33 73 00 00");
		expect(abattoir['Précision GPS (m)']).toBe('');
		expect(abattoir['Origine du point']).toBe('Placé à la main sur la carte');
		const mill = records.find((r) => r['Identifiant de la fiche'] === 'MoulinMortagne000001')!;
		expect(mill).toMatchObject({ Nom: 'Moulin, « Astrié »; ferme du Bois', Latitude: '', État: '', 'Outil mobile': 'Oui' });
		expect(Object.keys(press)).not.toContain('Téléphone de la personne');
		expect(text).not.toContain(PERSON_PHONE);
	});
});

async function workbook(body: Buffer): Promise<ExcelJS.Workbook> {
	const book = new ExcelJS.Workbook();
	await book.xlsx.load(body as unknown as ArrayBuffer);
	return book;
}

/** The data sheet as objects keyed by French header. */
function sheetRecords(ws: ExcelJS.Worksheet): Record<string, ExcelJS.CellValue>[] {
	const headers = (ws.getRow(1).values as ExcelJS.CellValue[]).slice(1) as string[];
	const out: Record<string, ExcelJS.CellValue>[] = [];
	for (let r = 2; r <= ws.rowCount; r++) {
		const row = ws.getRow(r);
		out.push(Object.fromEntries(headers.map((h, i) => [h, row.getCell(i + 1).value])));
	}
	return out;
}

describe('the XLSX workbook', SLOW, () => {
	it('reads back with typed cells, a frozen filtered header, and a dictionary of every column and code', async () => {
		const { body, contentType, fileName } = await exported('xlsx');
		expect(contentType).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
		expect(fileName).toBe('atlas-outils-2026-11-28.xlsx');
		const book = await workbook(body);
		expect(book.worksheets.map((w) => w.name)).toEqual(['Outils', 'Dictionnaire']);
		const ws = book.getWorksheet('Outils')!;
		expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
		const columns = exportColumns({ withPrivate: false, form: 'french' });
		expect(ws.autoFilter).toBeTruthy();
		expect((ws.getRow(1).values as unknown[]).slice(1)).toEqual(columns.map((c) => label('export.col', c.name)));
		expect(ws.getRow(1).getCell(1).font?.bold).toBe(true);

		const records = sheetRecords(ws);
		expect(records.map((r) => r['Identifiant de la fiche']).sort()).toEqual([...LIVE].sort());
		const press = records.find((r) => r['Identifiant de la fiche'] === 'PressoirPreaux000001')!;
		const s = SHEETS.PressoirPreaux000001!.fields;
		// A workbook is XML, whose line breaks are LF only.
		expect(press).toMatchObject({
			Nom: s.name,
			Notes: s.notes.replace(/\r\n/g, '\n'),
			Catégorie: 'Pressoir',
			'Code INSEE': '61309',
			'Statut de relecture': 'Validée'
		});
		// Numbers are numbers, days and instants real dates (the wall clock in Paris), yes/no the words
		// « Oui »/« Non » like the three-way answers (the yes/no columns are typed alike in every workbook).
		expect(press.Latitude).toBe(48.3521);
		expect(press.Capacité).toBe(100);
		expect(press['Nombre de photos']).toBe(2);
		expect(press['Vérifié sur place le']).toEqual(new Date(Date.UTC(2026, 9, 12)));
		expect(press['Créée le']).toEqual(new Date(Date.UTC(2026, 10, 28, 14, 5, 0)));
		expect(press['Outil mobile']).toBe('Non');
		const verifiedCol = columns.findIndex((c) => c.name === 'verified_on') + 1;
		expect(ws.getRow(2).getCell(verifiedCol).numFmt).toBe('dd/mm/yyyy');
		const mill = records.find((r) => r['Identifiant de la fiche'] === 'MoulinMortagne000001')!;
		expect(mill.Latitude).toBeNull();
		expect(mill['Outil mobile']).toBe('Oui');
		// Text stays text, even when it looks like a formula.
		expect(records.find((r) => r['Identifiant de la fiche'] === 'AbattoirCeton0000001')!.Notes).toBe(SHEETS.AbattoirCeton0000001!.fields.notes);

		const dict = book.getWorksheet('Dictionnaire')!;
		const dictRows = sheetRecords(dict);
		const machineNames = dictRows.map((r) => r['Nom technique']).filter(Boolean);
		expect(machineNames).toEqual(exportColumns({ withPrivate: false, form: 'machine' }).map((c) => c.name));
		for (const c of columns) expect(dictRows.some((r) => r.Colonne === label('export.col', c.name) && r.Description)).toBe(true);
		const codes = new Map(dictRows.filter((r) => r.Code).map((r) => [r.Code, r.Libellé]));
		expect(codes.get('a_reparer')).toBe('À réparer');
		expect(codes.get('pressoir')).toBe('Pressoir');
		expect(codes.get('animaux_semaine')).toBe('animaux/semaine');
		expect(dictRows.some((r) => r['Nom technique'] === 'person_phone')).toBe(false);
		expect(body.includes(Buffer.from(PERSON_PHONE))).toBe(false);
	});
});

interface Geo {
	type: string;
	features: { type: string; id: string; geometry: { type: string; coordinates: number[] } | null; properties: Record<string, unknown> }[];
}

describe('the GeoJSON', SLOW, () => {
	it('is a FeatureCollection of every sheet, points as [lon, lat], properties by machine name', async () => {
		const { body, contentType, fileName } = await exported('geojson');
		expect(contentType).toBe('application/geo+json');
		expect(fileName).toBe('atlas-outils-2026-11-28.geojson');
		const geo = JSON.parse(body.toString('utf8')) as Geo;
		expect(geo.type).toBe('FeatureCollection');
		expect(Object.keys(geo)).toEqual(['type', 'features']); // no "crs": RFC 7946 is WGS84 only
		expect(geo.features.map((f) => f.id).sort()).toEqual([...LIVE].sort());
		const byId = new Map(geo.features.map((f) => [f.id, f]));
		expect(byId.get('PressoirPreaux000001')!.geometry).toEqual({ type: 'Point', coordinates: [0.7142, 48.3521] });
		expect(byId.get('AbattoirCeton0000001')!.geometry!.coordinates).toEqual([0.7483, 48.2245]);
		expect(byId.get('MoulinMortagne000001')!.geometry).toBeNull();
		const p = byId.get('PressoirPreaux000001')!.properties;
		expect(Object.keys(p)).toEqual(exportColumns({ withPrivate: false, form: 'machine' }).map((c) => c.name));
		const s = SHEETS.PressoirPreaux000001!.fields;
		expect(p).toMatchObject({
			name: s.name,
			category: 'pressoir',
			category_label: 'Pressoir',
			family: 'fruits',
			commune: 'Perche en Nocé',
			energy: ['electrique', 'manuelle'],
			months: [9, 10, 11, 12],
			capacity_value: 100,
			mobile: false,
			verified_on: '2026-10-12',
			notes: s.notes,
			created_at: T0
		});
		expect(body.toString('utf8')).not.toContain(PERSON_PHONE);
	});
});

describe('private contact data', SLOW, () => {
	it('is in every format only with the option, and each such export is written in the audit log', async () => {
		const before = (await store.listAudit(100)).length;
		const plain = parseCsv((await exported('csv-plain', { withPrivate: true })).body.toString('utf8'), ',');
		expect(plain.find((r) => r.id === 'PressoirPreaux000001')).toMatchObject({
			person_name: 'Jeanne Duval',
			person_phone: PERSON_PHONE,
			person_email: 'jeanne.duval@example.org',
			person_consent_at: '2026-10-12T09:20:00.000Z'
		});
		const french = await exported('csv', { withPrivate: true });
		expect(french.fileName).toBe('atlas-outils-2026-11-28-prive.csv');
		const press = parseCsv(french.body.toString('utf8'), ';').find((r) => r['Identifiant de la fiche'] === 'PressoirPreaux000001')!;
		expect(press['Téléphone de la personne']).toBe(PERSON_PHONE);
		expect(press['Consentement donné le']).toBe('12/10/2026 11:20');
		const book = await workbook((await exported('xlsx', { withPrivate: true })).body);
		expect(sheetRecords(book.getWorksheet('Outils')!).find((r) => r['Identifiant de la fiche'] === 'PressoirPreaux000001')!['Courriel de la personne']).toBe(
			'jeanne.duval@example.org'
		);
		const geo = JSON.parse((await exported('geojson', { withPrivate: true })).body.toString('utf8')) as Geo;
		expect(geo.features.find((f) => f.id === 'PressoirPreaux000001')!.properties.person_name).toBe('Jeanne Duval');

		const audit = await store.listAudit(100);
		expect(audit.length - before).toBe(4);
		expect(audit[0]).toMatchObject({ actorId: 'claire', action: 'export.private', ip: '10.0.0.1', detail: { format: 'geojson', filter: '' } });
		// Without the option: nothing logged.
		await exported('csv');
		expect((await store.listAudit(100)).length - before).toBe(4);
	});

	it('stays out, even with the option, for a reader the one policy does not let read it', async () => {
		const records = parseCsv((await exported('csv-plain', { withPrivate: true, as: paul })).body.toString('utf8'), ',');
		expect(records.find((r) => r.id === 'PressoirPreaux000001')!.person_phone).toBe('');
	});
});

describe('the audit log', () => {
	it('tells a private export in French, naming who made it, or the operator for the command line', () => {
		const names = { person: () => undefined, invitationLabel: () => undefined, commune: (c: string) => c };
		const entry = {
			id: 1,
			at: T0,
			actorId: 'claire',
			actorName: 'Claire Coordination',
			action: 'export.private',
			target: null,
			detail: { format: 'xlsx', filter: '' },
			ip: null
		};
		expect(auditSentence(entry, names)).toBe('Claire Coordination a exporté les fiches avec les coordonnées privées (XLSX)');
		expect(auditSentence({ ...entry, actorId: null, actorName: null, detail: { format: 'csv', via: 'cli' } }, names)).toBe(
			'La personne qui gère le serveur a exporté les fiches avec les coordonnées privées (CSV)'
		);
		expect(AUDIT_ACTIONS).toContain('export.private');
	});
});

describe('filtered exports', SLOW, () => {
	it('hold only the sheets matching the census filter', async () => {
		const ids = async (filter: Partial<CensusFilter>) =>
			parseCsv((await exported('csv-plain', { filter })).body.toString('utf8'), ',')
				.map((r) => r.id)
				.sort();
		expect(await ids({ communes: ['61309'] })).toEqual(['PressoirPreaux000001']);
		expect(await ids({ categories: ['abattoir', 'moulin_farine'] })).toEqual(['AbattoirCeton0000001', 'MoulinMortagne000001']);
		expect(await ids({ conditions: ['none'] })).toEqual(['MoulinMortagne000001']);
		expect(await ids({ cdcs: ['200068435'] })).toEqual(['AbattoirCeton0000001', 'PressoirPreaux000001']);
		expect(await ids({ query: 'astrie' })).toEqual(['MoulinMortagne000001']);
		expect(await ids({ includeDeleted: true, communes: ['61309'] })).toEqual(['PressoirPreaux000001', 'PressoirSupprime0001']);
		const geo = JSON.parse((await exported('geojson', { filter: { statuses: ['soumis'] } })).body.toString('utf8')) as Geo;
		expect(geo.features.map((f) => f.id)).toEqual(['AbattoirCeton0000001']);
	});
});

// --- photos -------------------------------------------------------------------------------------

function unzip(body: Buffer): Promise<Map<string, Buffer>> {
	return new Promise((resolve, reject) => {
		yauzl.fromBuffer(body, { lazyEntries: true, strictFileNames: true, validateEntrySizes: true }, (err, zip) => {
			if (err || !zip) return reject(err);
			const files = new Map<string, Buffer>();
			zip.on('entry', (entry: yauzl.Entry) => {
				zip.openReadStream(entry, (e, stream) => {
					if (e || !stream) return reject(e);
					const parts: Buffer[] = [];
					stream.on('data', (b: Buffer) => parts.push(b));
					stream.on('end', () => {
						files.set(entry.fileName, Buffer.concat(parts));
						zip.readEntry();
					});
				});
			});
			zip.on('end', () => resolve(files));
			zip.on('error', reject);
			zip.readEntry();
		});
	});
}

describe('the photos ZIP', SLOW, () => {
	it('holds every uploaded photo, named <commune>_<sheet>_<n>, unique, byte for byte', async () => {
		// A second sheet of the same name in the same commune, showing the first photo again.
		await writeSheet(paul, 'PressoirPreaux000002', ciderPress({ photos: [photoRef(PHOTO_1)] }));
		try {
			const { body, contentType, fileName } = await exported('photos', { withPrivate: true });
			expect(contentType).toBe('application/zip');
			expect(fileName).toBe('atlas-outils-photos-2026-11-28.zip');
			const files = await unzip(body);
			const base = 'Perche-en-Noce_Pressoir-de-l-association-Les-Pommes-du-Perche';
			expect([...files.keys()].sort()).toEqual([`${base}_1-2.jpg`, `${base}_1.jpg`, `${base}_2.jpg`]);
			expect(files.get(`${base}_1.jpg`)!.equals(PHOTO_1)).toBe(true);
			expect(files.get(`${base}_2.jpg`)!.equals(PHOTO_2)).toBe(true);
			expect(files.get(`${base}_1-2.jpg`)!.equals(PHOTO_1)).toBe(true);
			// The abattoir's photo never reached the server: skipped, not an error. Photos are not private data.
			expect((await store.listAudit(1))[0]?.detail.format).not.toBe('photos');
		} finally {
			await writeSheet(paul, 'PressoirPreaux000002', { deleted: true });
		}
	});

	it('writes ZIP64 records that unzip tools read (a large census passes 4 GiB or 65,535 entries)', async () => {
		const rows = async function* () {
			yield {
				id: 'R',
				createdBy: 'marie',
				createdByName: '',
				createdAt: T0,
				updatedAt: T0,
				fields: ciderPress({ photos: [photoRef(PHOTO_1), photoRef(PHOTO_2)] })
			} as CensusRow;
		};
		const { photosZipChunks } = await import('$lib/server/export/photos');
		const body = await collect(photosZipChunks(rows(), { bytes: photoBytesFor(store, photos), ctx: CTX, forceZip64: true }));
		const files = await unzip(body);
		expect(files.size).toBe(2);
		expect([...files.values()].map((b) => b.length).sort()).toEqual([3000, 5000]);
	});

	it('names files in plain ASCII', () => {
		expect(fileSafe('Perche en Nocé')).toBe('Perche-en-Noce');
		expect(fileSafe("L'œuvre « bio » / atelier")).toBe('L-oeuvre-bio-atelier');
		expect(fileSafe('../../etc/passwd')).toBe('etc-passwd');
		expect(fileSafe('x'.repeat(100))).toHaveLength(60);
	});
});

// --- the route ----------------------------------------------------------------------------------

type Handler = (event: never) => Promise<Response>;

describe('GET /api/export/[format]', SLOW, () => {
	let route: { GET: Handler };
	const session = (u: User): Session => ({
		id: `s-${u.id}`,
		tokenHash: `h-${u.id}`,
		userId: u.id,
		device: '',
		createdAt: T0,
		lastSeenAt: T0,
		expiresAt: '2099-01-01T00:00:00.000Z',
		revokedAt: null
	});
	function get(format: string, query: string, as: User | null): Promise<Response> {
		const url = new URL(`http://localhost/api/export/${format}${query}`);
		const event = {
			request: new Request(url),
			url,
			params: { format },
			locals: { auth: as ? { user: as, session: session(as) } : null },
			getClientAddress: () => '192.0.2.7'
		};
		return route.GET(event as never);
	}

	beforeAll(async () => {
		route = (await import('../../src/routes/api/export/[format]/+server')) as unknown as { GET: Handler };
	});

	it('refuses volunteers and mairies (403), and anyone not signed in (401)', async () => {
		for (const [as, status] of [
			[marie, 403],
			[mairie, 403],
			[null, 401]
		] as const) {
			for (const format of ['csv', 'xlsx', 'geojson', 'photos']) {
				const res = await get(format, '?private=1', as);
				expect(res.status, `${as?.role} ${format}`).toBe(status);
				expect(res.headers.get('content-disposition')).toBeNull();
			}
		}
	});

	it('answers 404 for an unknown format and 400 for a filter value the census does not know', async () => {
		expect((await get('pdf', '', claire)).status).toBe(404);
		for (const q of ['?category=tracteur', '?commune=123', '?status=fini', '?private=oui', `?q=${'x'.repeat(201)}`]) {
			const res = await get('csv', q, claire);
			expect(res.status, q).toBe(400);
			expect(await res.json()).toMatchObject({ code: 'invalid_input' });
		}
	});

	it('streams the file as an attachment, filtered by the query string', async () => {
		const res = await get('csv-plain', '?commune=61079&commune=61293', claire);
		expect(res.status).toBe(200);
		expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
		expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="atlas-outils-\d{4}-\d{2}-\d{2}-simple\.csv"$/);
		expect(res.headers.get('cache-control')).toBe('no-store');
		expect(res.body).toBeInstanceOf(ReadableStream);
		const records = parseCsv(await res.text(), ',');
		expect(records.map((r) => r.id).sort()).toEqual(['AbattoirCeton0000001', 'MoulinMortagne000001']);
		// The territory of the data folder, resolved from the official data.
		expect(records.find((r) => r.id === 'AbattoirCeton0000001')!.commune).toBe('Ceton');
	});

	it('with private=1, includes the private columns and writes who exported, from where', async () => {
		const res = await get('xlsx', '?private=1&category=pressoir', claire);
		expect(res.status).toBe(200);
		expect(res.headers.get('content-disposition')).toMatch(/-prive\.xlsx"$/);
		const book = await workbook(Buffer.from(await res.arrayBuffer()));
		const records = sheetRecords(book.getWorksheet('Outils')!);
		expect(records.map((r) => r['Identifiant de la fiche'])).toEqual(['PressoirPreaux000001']);
		expect(records[0]!['Téléphone de la personne']).toBe(PERSON_PHONE);
		expect((await store.listAudit(1))[0]).toMatchObject({
			actorId: 'claire',
			action: 'export.private',
			ip: '192.0.2.7',
			detail: { format: 'xlsx', filter: 'category=pressoir' }
		});
	});
});

// --- laziness: the writers pull rows only as their output is taken --------------------------------

const MANY = 5000;

/** MANY sheets made on the fly; `pulled` counts those handed to the writer so far. */
function generated(): { rows: AsyncGenerator<CensusRow>; pulled: () => number } {
	let pulled = 0;
	async function* rows() {
		for (let i = 0; i < MANY; i++) {
			pulled++;
			yield {
				id: `Gen${String(i).padStart(17, '0')}`,
				createdBy: 'marie',
				createdByName: 'Marie Lebrun',
				createdAt: T0,
				updatedAt: T0,
				fields: ciderPress({ name: `Pressoir n° ${i}`, commune: '61309', notes: 'x'.repeat(200) })
			} satisfies CensusRow;
		}
	}
	return { rows: rows(), pulled: () => pulled };
}

describe('streaming', SLOW, () => {
	it.each(['csv', 'csv-plain', 'geojson'] as const)('%s: rows pulled never run ahead of rows written by more than a page', async (format) => {
		const { rows, pulled } = generated();
		const it = exportBytes(rows, { format, withPrivate: false, ctx: CTX, photosDir: photos, timeZone: TZ })[Symbol.asyncIterator]();
		let written = 0;
		let maxAhead = 0;
		let chunks = 0;
		for (let next = await it.next(); !next.done; next = await it.next()) {
			chunks++;
			// One record per line in these files (the generated text has no line breaks).
			written += Buffer.from(next.value).toString('utf8').split('\n').length - 1;
			maxAhead = Math.max(maxAhead, pulled() - written);
			if (chunks === 1) expect(pulled()).toBeLessThan(1000);
		}
		expect(pulled()).toBe(MANY);
		expect(chunks).toBeGreaterThan(10);
		expect(maxAhead).toBeLessThanOrEqual(1000);
	});

	it('xlsx: stops pulling rows while nobody takes its output, and finishes when they do', async () => {
		const { rows, pulled } = generated();
		const bytes = exportBytes(rows, { format: 'xlsx', withPrivate: false, ctx: CTX, photosDir: photos, timeZone: TZ });
		const it = bytes[Symbol.asyncIterator]();
		const first = await it.next();
		expect(first.done).toBe(false);
		await new Promise((r) => setTimeout(r, 300));
		const stalled = pulled();
		await new Promise((r) => setTimeout(r, 300));
		expect(pulled()).toBe(stalled);
		expect(stalled).toBeLessThan(MANY);
		const parts = [Buffer.from(first.value!)];
		for (let next = await it.next(); !next.done; next = await it.next()) parts.push(Buffer.from(next.value));
		expect(pulled()).toBe(MANY);
		const book = await workbook(Buffer.concat(parts));
		expect(book.getWorksheet('Outils')!.rowCount).toBe(MANY + 1);
	});

	it('a cancelled download stops reading the census', async () => {
		for (const format of ['csv', 'xlsx'] as const) {
			const { rows, pulled } = generated();
			const it = exportBytes(rows, { format, withPrivate: false, ctx: CTX, photosDir: photos, timeZone: TZ })[Symbol.asyncIterator]();
			await it.next();
			await it.return?.();
			await new Promise((r) => setTimeout(r, 100));
			const after = pulled();
			await new Promise((r) => setTimeout(r, 200));
			expect(pulled(), format).toBe(after);
			expect(after, format).toBeLessThan(MANY);
		}
	});
});
