/**
 * Realistic sheets for the load: what a volunteer of the Perche types on the phone (the kinds of
 * values of tests/fixtures/sheets.ts — the association cider press of Préaux-du-Perche, the poultry
 * abattoir of Ceton, a farm mill — varied with a seeded random source). About 25 of the 35 fields
 * carry a value; every sheet passes the app's own field schemas (checked here, so a generator
 * mistake shows as an error of the script, never as refusals blamed on the server).
 */
import * as v from 'valibot';
import { CATEGORY_DEFS, type Category } from '$lib/domain/categories';
import { blankFields, type Equipment, type PhotoRef, type SheetFields } from '$lib/domain/sheet';
import { ACCESS_KINDS, CONDITIONS, ENERGY_SOURCES, MONTHS, OWNERSHIPS, SANITARY_STATUSES, TRISTATE, type Month } from '$lib/domain/vocab';
import { SheetFieldsSchema } from '$lib/schemas/sheet';

/** A small seeded generator (mulberry32): the same seed gives the same census. */
export function seeded(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

export type Random = () => number;
export const pick = <T>(r: Random, list: readonly T[]): T => list[Math.floor(r() * list.length)] as T;
const some = <T>(r: Random, list: readonly T[], max: number): T[] => {
	const n = 1 + Math.floor(r() * max);
	return [...new Set(Array.from({ length: n }, () => pick(r, list)))];
};

/** Communes of the Perche (INSEE code, name, centre). */
const COMMUNES = [
	['61309', 'Préaux-du-Perche', 48.3521, 0.7142],
	['61079', 'Ceton', 48.2256, 0.7489],
	['61293', 'Mortagne-au-Perche', 48.5206, 0.5478],
	['61345', 'Rémalard en Perche', 48.4306, 0.7767],
	['61050', 'Bellême', 48.3747, 0.5631],
	['61484', 'Tourouvre au Perche', 48.5897, 0.6536],
	['61375', 'Longny les Villages', 48.5306, 0.7517],
	['28280', 'Nogent-le-Rotrou', 48.3217, 0.8217],
	['28048', 'Brou', 48.2106, 1.1667],
	['28366', 'Senonches', 48.5608, 1.0364],
	['28199', 'La Loupe', 48.4736, 1.0167],
	['61196', 'Longny-au-Perche', 48.5294, 0.7525]
] as const;

const PLACES = [
	'La Grande Noë',
	'Le Bois Joly',
	'La Pelleterie',
	'Les Aulnays',
	'Le Moulin Neuf',
	'La Fosse',
	'Les Genêts',
	'La Hallière',
	'Le Petit Chêne',
	'La Croix Blanche'
];
const FIRST = ['Marie', 'Paul', 'Claire', 'Jean', 'Anne', 'Louis', 'Sophie', 'Michel', 'Isabelle', 'Thierry', 'Nathalie', 'Bernard'];
const LAST = ['Lefèvre', 'Martin', 'Durand', 'Moreau', 'Girard', 'Lemoine', 'Bouvier', 'Chevallier', 'Hamon', 'Rivière', 'Fontaine', 'Perrin'];
const ORGS = [
	'Les Pommes du Perche',
	'CUMA de la Vallée',
	'Ferme du Bois',
	'Association Perche Vivant',
	'GAEC des Trois Chênes',
	'Lycée agricole de Sées',
	'Coopérative du Pays Fort'
];
const NOUNS: Partial<Record<Category, string>> = {
	moulin_farine: 'Moulin',
	presse_huile: 'Presse à huile',
	sechoir_silo: 'Séchoir',
	fournil_four: 'Fournil',
	pressoir: 'Pressoir',
	alambic: 'Alambic',
	legumerie: 'Légumerie',
	conserverie: 'Conserverie',
	abattoir: 'Abattoir',
	tuerie_volailles: 'Tuerie de volailles',
	atelier_decoupe: 'Atelier de découpe',
	fromagerie_laiterie: 'Fromagerie',
	cuisine_collective: 'Cuisine centrale',
	cuisine_partagee: 'Cuisine partagée',
	chambre_froide: 'Chambre froide'
};
const DESCRIPTIONS = [
	'10 à 15 groupes par jour ; 200 kg de pommes donnent 100 à 130 bouteilles en 2 heures.',
	"Utilisé surtout d'octobre à décembre, réservation auprès de la mairie la veille.",
	'Matériel entretenu par les adhérents ; une journée de nettoyage en septembre.',
	'Agrément sanitaire en cours de renouvellement, visite de la DDPP prévue au printemps.',
	'Ouvert aux particuliers le samedi matin, aux producteurs en semaine sur rendez-vous.',
	'Capacité limitée en été (pas de groupe froid) ; prévoir des caisses propres.'
];
const NOTES = ['Revoir le responsable en janvier.', 'Photo prise depuis la cour.', 'Accès difficile en hiver (chemin de terre).', '', ''];

export interface MadeSheet {
	fields: SheetFields;
}

/**
 * One sheet as a volunteer fills it. `photo`: the photo taken for it, if any (its reference goes
 * in the `photos` field, as the app writes it when the picture is added).
 */
export function makeSheet(r: Random, surveyor: string, today: string, nowIso: string, equipmentId: () => string, photo?: PhotoRef): SheetFields {
	const def = pick(
		r,
		CATEGORY_DEFS.filter((c) => c.id !== 'autre')
	);
	const [commune, communeName, lat, lon] = pick(r, COMMUNES);
	const place = pick(r, PLACES);
	const noun = NOUNS[def.id] ?? 'Atelier';
	const groups = def.groups as readonly string[];
	const sanitary = groups.includes('sanitary') ? pick(r, SANITARY_STATUSES) : null;
	const withPerson = r() < 0.3;
	const person = `${pick(r, FIRST)} ${pick(r, LAST)}`;
	const equipment: Equipment[] = Array.from({ length: Math.floor(r() * 3) }, (_, i) => ({
		id: equipmentId(),
		label: ['Broyeur', 'Presse hydraulique', 'Cuve inox 500 l', 'Table de découpe', 'Pétrin'][i % 5] as string,
		category: r() < 0.5 ? def.id : null,
		quantity: 1 + Math.floor(r() * 3)
	}));
	const fields: SheetFields = {
		...blankFields(def.id, today, surveyor),
		name: `${noun} ${pick(r, ['de', 'du lieu-dit', 'de la ferme de'])} ${place} (${communeName})`,
		description: pick(r, DESCRIPTIONS),
		mobile: def.canBeMobile && r() < 0.15,
		equipment,
		commune,
		address: `${place}, ${communeName}`,
		location: { lat: lat + (r() - 0.5) * 0.04, lon: lon + (r() - 0.5) * 0.04, accuracy: Math.round(4 + r() * 25), source: 'gps', at: nowIso },
		capacityValue: groups.includes('capacity') ? Math.round(10 + r() * 1500) : null,
		capacityUnit: groups.includes('capacity') ? (def.units[0] ?? null) : null,
		energy: some(r, ENERGY_SOURCES, 2),
		worksWithoutMains: pick(r, TRISTATE),
		condition: pick(r, CONDITIONS),
		ownership: pick(r, OWNERSHIPS),
		access: pick(r, ACCESS_KINDS),
		accessPrice: r() < 0.6 ? `${(0.2 + r()).toFixed(2).replace('.', ',')} € le kg + adhésion annuelle` : '',
		accessMinBatch: r() < 0.5 ? `${Math.round(50 + r() * 300)} kg` : '',
		sanitary,
		sanitaryNumber: sanitary === 'agrement_ce' ? `FR ${commune.slice(0, 2)}.${commune.slice(2)}.00${Math.floor(r() * 10)} CE` : '',
		months: groups.includes('season') ? (some(r, MONTHS, 4).sort((a, b) => a - b) as Month[]) : [],
		orgName: pick(r, ORGS),
		orgPhone: `02 33 ${String(Math.floor(r() * 100)).padStart(2, '0')} ${String(Math.floor(r() * 100)).padStart(2, '0')} ${String(Math.floor(r() * 100)).padStart(2, '0')}`,
		orgEmail: 'contact@exemple.fr',
		personName: withPerson ? person : '',
		personPhone: withPerson
			? `06 ${String(Math.floor(r() * 1e8))
					.padStart(8, '0')
					.replace(/(\d\d)(?=\d)/g, '$1 ')}`
			: '',
		personEmail: withPerson ? `${person.split(' ')[0]?.toLowerCase()}@exemple.fr` : '',
		personConsentAt: withPerson ? nowIso : null,
		photos: photo ? [photo] : [],
		notes: pick(r, NOTES)
	};
	const checked = v.safeParse(SheetFieldsSchema, fields);
	if (!checked.success) throw new Error(`load generator made an invalid sheet: ${JSON.stringify(checked.issues.map((i) => i.path?.map((p) => p.key)))}`);
	return fields;
}

/** A later visit changes a few fields (state, note, verification day), as an edit on the phone does. */
export function revisit(r: Random, today: string): Partial<SheetFields> {
	return {
		condition: pick(r, CONDITIONS),
		notes: `Repassé le ${today} : ${pick(r, ['rien de changé', 'nouveau responsable', 'matériel révisé'])}.`,
		verifiedOn: today
	};
}
