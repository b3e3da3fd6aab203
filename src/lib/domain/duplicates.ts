/**
 * Likely duplicates: the same tool surveyed twice (two volunteers, or one who forgot). On the phone,
 * a new sheet is compared with every sheet the device holds, so the volunteer can open the existing
 * one instead of creating a second record.
 *
 * Two signals, either one enough:
 * - PLACE: both sheets have a point and they lie within `maxDistanceM` (DUPLICATE_DISTANCE_M by
 *   default): two names for the same press are common ("Pressoir Dupont", "Pressoir du GAEC des
 *   Pommiers"), so a nearby tool of the same family is worth a question whatever its name;
 * - NAME: both sheets are in the same commune and their names are very similar (at least
 *   `minSimilarity`, DUPLICATE_MIN_SIMILARITY by default): this covers a sheet without a point yet,
 *   and a point misplaced by hand.
 * Only tools of the same category FAMILY are compared (a press and a cider still of one farm are
 * both "fruits"; a mill and a press never are the same tool), and only live sheets (not deleted, not
 * archived, not merged into another). "Configurable" means these named constants, overridable per call.
 *
 * Names are compared on their KEY (nameKey): the search key of text.ts (no accents, case, hyphens,
 * apostrophes, French articles) without the words that say what KIND of tool or organisation it is
 * ("pressoir", "moulin", "GAEC"...), since every press of the territory shares them and they would
 * make "Pressoir de la Cour" look like "Pressoir des Landes". Similarity is the best of Jaro–Winkler
 * (typos, one name cut short) and the trigram similarity of PostgreSQL's pg_trgm (words in another
 * order), both between 0 and 1.
 */
import { categoryDef, type Category } from './categories';
import type { GeoPoint, SheetFields } from './sheet';
import { searchWords } from './text';

/** Default distance under which a tool of the same family is proposed as the same one. */
export const DUPLICATE_DISTANCE_M = 200;

/**
 * Default name similarity above which two sheets of one commune are proposed as the same tool.
 * 0.85 lets typos and a dropped word through ("cour croissant" / "cour croisant" = 0.98) while
 * unrelated names of one place stay below (see the unit tests for measured pairs).
 */
export const DUPLICATE_MIN_SIMILARITY = 0.85;

/**
 * Words that name a kind of tool or a legal form rather than a particular one: every word of the
 * category labels (vocab), a few common synonyms, and the legal forms of farms and associations.
 * Compared in their search-key spelling, singular (a trailing "s" or "x" is dropped first).
 */
export const GENERIC_WORDS: ReadonlySet<string> = new Set([
	// The category labels.
	'moulin',
	'farine',
	'trieur',
	'decortiqueuse',
	'aplatisseur',
	'presse',
	'huile',
	'sechoir',
	'silo',
	'fournil',
	'four',
	'pain',
	'banal',
	'pressoir',
	'alambic',
	'legumerie',
	'conserverie',
	'autoclave',
	'deshydrateur',
	'abattoir',
	'tuerie',
	'volaille',
	'atelier',
	'decoupe',
	'charcuterie',
	'viande',
	'fromagerie',
	'laiterie',
	'cuisine',
	'collective',
	'centrale',
	'laboratoire',
	'partage',
	'partagee',
	'lycee',
	'agricole',
	'chambre',
	'froide',
	'cellule',
	'refroidissement',
	'outil',
	'autre',
	// Synonyms and the tiny word "à" (text.ts keeps it: it is not a place-name article).
	'minoterie',
	'distillerie',
	'cidrerie',
	'labo',
	'a',
	// Legal forms.
	'gaec',
	'earl',
	'scea',
	'sarl',
	'sas',
	'cuma',
	'ferme',
	'association',
	'asso'
]);

function isGeneric(word: string): boolean {
	return GENERIC_WORDS.has(word) || (word.length > 3 && /[sx]$/.test(word) && GENERIC_WORDS.has(word.slice(0, -1)));
}

/** The part of a name that tells one tool from another (module comment); '' when only generic words. */
export function nameKey(name: string): string {
	return comparable(name).key;
}

/** Jaro similarity, in [0, 1]: 1 for equal strings, 0 when no character matches (or one is empty). */
export function jaro(a: string, b: string): number {
	if (a === b) return a.length > 0 ? 1 : 0;
	if (a.length === 0 || b.length === 0) return 0;
	const window = Math.max(0, Math.floor(Math.max(a.length, b.length) / 2) - 1);
	const aMatched = new Array<boolean>(a.length).fill(false);
	const bMatched = new Array<boolean>(b.length).fill(false);
	let matches = 0;
	for (let i = 0; i < a.length; i++) {
		const from = Math.max(0, i - window);
		const to = Math.min(b.length - 1, i + window);
		for (let j = from; j <= to; j++) {
			if (bMatched[j] || a[i] !== b[j]) continue;
			aMatched[i] = true;
			bMatched[j] = true;
			matches++;
			break;
		}
	}
	if (matches === 0) return 0;
	// Matched characters taken in order on both sides: each pair out of place is half a transposition.
	let outOfPlace = 0;
	let j = 0;
	for (let i = 0; i < a.length; i++) {
		if (!aMatched[i]) continue;
		while (!bMatched[j]) j++;
		if (a[i] !== b[j]) outOfPlace++;
		j++;
	}
	const m = matches;
	return (m / a.length + m / b.length + (m - outOfPlace / 2) / m) / 3;
}

/** Jaro–Winkler (Winkler's standard form): a common prefix of up to 4 characters raises Jaro by 0.1 each. */
export function jaroWinkler(a: string, b: string): number {
	const j = jaro(a, b);
	let prefix = 0;
	while (prefix < 4 && prefix < a.length && prefix < b.length && a[prefix] === b[prefix]) prefix++;
	return j + prefix * 0.1 * (1 - j);
}

/** The trigrams of a text as pg_trgm makes them: each word padded with two spaces before, one after. */
export function trigrams(text: string): Set<string> {
	const grams = new Set<string>();
	for (const word of text.split(' ')) {
		if (!word) continue;
		const padded = `  ${word} `;
		for (let i = 0; i + 3 <= padded.length; i++) grams.add(padded.slice(i, i + 3));
	}
	return grams;
}

/** pg_trgm's similarity: shared trigrams over all trigrams of both (Jaccard), in [0, 1]. */
export function trigramSimilarity(a: string, b: string): number {
	const ta = trigrams(a);
	const tb = trigrams(b);
	if (ta.size === 0 || tb.size === 0) return 0;
	let shared = 0;
	for (const g of ta) if (tb.has(g)) shared++;
	return shared / (ta.size + tb.size - shared);
}

/** A name ready to compare: its key, and its whole search key for names made only of generic words. */
interface ComparableName {
	key: string;
	whole: string;
}

function comparable(name: string): ComparableName {
	const words = searchWords(name);
	return { key: words.filter((w) => !isGeneric(w)).join(' '), whole: words.join(' ') };
}

/**
 * Two names made only of generic words ("Pressoir", "Le pressoir") are compared whole; when only
 * one of them is, nothing tells them apart or alike: 0.
 */
function similarityOf(a: ComparableName, b: ComparableName): number {
	const [ka, kb] = !a.key && !b.key ? [a.whole, b.whole] : [a.key, b.key];
	if (!ka || !kb) return 0;
	return Math.max(jaroWinkler(ka, kb), trigramSimilarity(ka, kb));
}

/** How alike two tool names are, in [0, 1], on their keys (module comment). */
export function nameSimilarity(a: string, b: string): number {
	return similarityOf(comparable(a), comparable(b));
}

/** Mean Earth radius (IUGG), metres. */
const EARTH_RADIUS_M = 6_371_008.8;

/** Great-circle distance between two points, in metres (haversine; exact enough at a territory's scale). */
export function distanceM(a: Pick<GeoPoint, 'lat' | 'lon'>, b: Pick<GeoPoint, 'lat' | 'lon'>): number {
	const rad = Math.PI / 180;
	const dLat = (b.lat - a.lat) * rad;
	const dLon = (b.lon - a.lon) * rad;
	const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2;
	return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** What the comparison reads of a sheet (a local Sheet, or a census row on the server later). */
export interface DuplicateSubject {
	id: string;
	fields: Pick<SheetFields, 'category' | 'name' | 'commune' | 'location' | 'deleted' | 'status'>;
	/** Set on a sheet the coordinator merged into another: that other one is the tool's record. */
	mergedInto?: string;
}

export interface DuplicateCandidate<T extends DuplicateSubject = DuplicateSubject> {
	sheet: T;
	/** Metres between the two points; null when either sheet has none. */
	distanceM: number | null;
	similarity: number;
}

export interface DuplicateOptions {
	maxDistanceM?: number;
	minSimilarity?: number;
}

function family(category: Category) {
	return categoryDef(category).family;
}

/**
 * The sheets among `others` that may be the same tool as `sheet` (module comment), nearest first,
 * then the most similar name first (then by id, so the order is stable). `sheet` itself is skipped.
 */
export function duplicateCandidates<T extends DuplicateSubject>(
	sheet: DuplicateSubject,
	others: readonly T[],
	{ maxDistanceM = DUPLICATE_DISTANCE_M, minSimilarity = DUPLICATE_MIN_SIMILARITY }: DuplicateOptions = {}
): DuplicateCandidate<T>[] {
	const own = sheet.fields;
	const ownFamily = family(own.category);
	const ownName = comparable(own.name);
	const found: DuplicateCandidate<T>[] = [];
	for (const other of others) {
		const f = other.fields;
		if (other.id === sheet.id || f.deleted || f.status === 'archive' || other.mergedInto || family(f.category) !== ownFamily) continue;
		const distance = own.location && f.location ? distanceM(own.location, f.location) : null;
		const near = distance !== null && distance <= maxDistanceM;
		const sameCommune = !!own.commune && own.commune === f.commune;
		// Names are compared only where they can matter (the costly part, run on every keystroke).
		if (!near && !sameCommune) continue;
		const similarity = similarityOf(ownName, comparable(f.name));
		if (near || similarity >= minSimilarity) found.push({ sheet: other, distanceM: distance, similarity });
	}
	return found.sort(
		(x, y) =>
			(x.distanceM ?? Infinity) - (y.distanceM ?? Infinity) || y.similarity - x.similarity || (x.sheet.id < y.sheet.id ? -1 : x.sheet.id > y.sheet.id ? 1 : 0)
	);
}

/**
 * A distance as a person reads it: whole metres under 100 m, tens of metres under 1 km (a phone's
 * GPS is not finer), then kilometres with one decimal.
 */
export function roundedDistance(metres: number): { value: number; unit: 'm' | 'km' } {
	if (metres < 99.5) return { value: Math.round(metres), unit: 'm' };
	if (metres < 995) return { value: Math.round(metres / 10) * 10, unit: 'm' };
	return { value: Math.round(metres / 100) / 10, unit: 'km' };
}

export interface DuplicatePair<T extends DuplicateSubject & { createdAt: string }> {
	/** The older sheet (then the smaller id). */
	a: T;
	b: T;
	distanceM: number | null;
	similarity: number;
}

/**
 * Every pair of sheets that may be the same tool, each pair once (the older sheet first), nearest
 * first, then the most similar. Deleted, archived and merged sheets are left out. The coordinator's
 * « Doublons » lists them; its home counts them (the same pairs, so the figure matches the list).
 */
export function duplicatePairs<T extends DuplicateSubject & { createdAt: string }>(sheets: readonly T[]): DuplicatePair<T>[] {
	const live = sheets.filter((s) => !s.fields.deleted && !s.mergedInto && s.fields.status !== 'archive');
	const seen = new Set<string>();
	const out: DuplicatePair<T>[] = [];
	for (const s of live)
		for (const c of duplicateCandidates(s, live)) {
			const older = s.createdAt < c.sheet.createdAt || (s.createdAt === c.sheet.createdAt && s.id < c.sheet.id);
			const [a, b] = older ? [s, c.sheet] : [c.sheet, s];
			const key = `${a.id}|${b.id}`;
			if (seen.has(key)) continue;
			seen.add(key);
			out.push({ a, b, distanceM: c.distanceM, similarity: c.similarity });
		}
	return out.sort((x, y) => (x.distanceM ?? Infinity) - (y.distanceM ?? Infinity) || y.similarity - x.similarity);
}
