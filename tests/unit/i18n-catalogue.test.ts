/**
 * The two catalogues stay whole and in step: every key in both languages, the same placeholders,
 * complete plural pairs, and no English value left in French. The compiler already refuses a key
 * missing from an en/<area>.ts file; these tests also catch what it cannot (a key in two areas, a
 * placeholder renamed in one language, a value copied over untranslated).
 */
import { describe, expect, it } from 'vitest';
import { fr } from '$lib/i18n/fr';
import { en } from '$lib/i18n/en';

type Area = Record<string, string>;
const frAreas = import.meta.glob<Record<string, Area>>('/src/lib/i18n/fr/*.ts', { eager: true });
const enAreas = import.meta.glob<Record<string, Area>>('/src/lib/i18n/en/*.ts', { eager: true });

/** The area objects of one language's folder, by file name (index.ts, which assembles them, left out). */
function areas(modules: Record<string, Record<string, Area>>): Map<string, Area> {
	const out = new Map<string, Area>();
	for (const [path, mod] of Object.entries(modules)) {
		const file = path.split('/').pop() ?? path;
		if (file === 'index.ts') continue;
		const values = Object.values(mod);
		expect(values, `${path} exports one area object`).toHaveLength(1);
		out.set(file, values[0] as Area);
	}
	return out;
}

const frByFile = areas(frAreas);
const enByFile = areas(enAreas);
const french: Area = fr;
const english: Area = en;
const fileOf = new Map<string, string>();
for (const [file, area] of frByFile) for (const key of Object.keys(area)) fileOf.set(key, file);

const placeholders = (message: string) => [...new Set([...message.matchAll(/\{(\w+)\}/g)].map((m) => m[1]))].sort();

/**
 * English values that may equal the French ones, each for a reason. Everything else identical to
 * its French value is an untranslated string.
 */
const SAME_IN_BOTH = new Set([
	// Proper names and the app's name (a brand, not translated).
	'Atlas des outils',
	// Words English shares with French (the glossary keeps "commune" for the French unit).
	'Commune',
	'Communes',
	'Association',
	'Public',
	'Contact',
	'Description',
	'Distance',
	'Notes',
	'Photos',
	'Latitude',
	'Longitude',
	'Total',
	'Type',
	'Code',
	'Id',
	'Position',
	'photos',
	'{count} photo',
	'{count} photos',
	'{count} minute',
	'{count} minutes',
	'{count} commune',
	'{count} communes',
	'{count} invitation',
	'{count} invitations',
	// File formats, codes and their programs.
	'CSV',
	'XLSX',
	'GeoJSON',
	'GPS',
	'XLSX (Excel)',
	'GeoJSON (QGIS)',
	'Photos (ZIP)',
	'Distance (km)',
	'CSV (Excel, LibreOffice)',
	// Units written the same way (British English writes "tonnes").
	'kg/h',
	'm²',
	'm³',
	'tonnes',
	'{n} m',
	'{n} km',
	'{km} km',
	'{w} × {h} px, {size}'
]);
const SAME_KEYS = new Set([
	// Bilingual on purpose: whoever cannot read the current language still finds the choice.
	'locale.title',
	// Each language is named in itself, in both catalogues.
	'locale.name.fr',
	'locale.name.en',
	// The map's three-letter family marks: the same in English (Grains → Gra, Fruit → Fru).
	'map.family_short.grains',
	'map.family_short.fruits',
	// The direction letters of a point: N, S and E in both languages (only west differs: O / W).
	'gps.dir.north',
	'gps.dir.south',
	'gps.dir.east'
]);

describe('the English catalogue against the French one', () => {
	it('has every key of the French catalogue, and no other (whole catalogue, both directions)', () => {
		const missing = Object.keys(french).filter((k) => !(k in english));
		const extra = Object.keys(english).filter((k) => !(k in french));
		expect(missing, 'keys missing in English').toEqual([]);
		expect(extra, 'keys missing in French').toEqual([]);
	});

	it('has the same areas, each with the same keys as its French file', () => {
		expect([...enByFile.keys()].sort()).toEqual([...frByFile.keys()].sort());
		for (const [file, area] of frByFile) {
			const other = enByFile.get(file) ?? {};
			expect(Object.keys(other).sort(), `en/${file}`).toEqual(Object.keys(area).sort());
		}
	});

	it('defines each key in one area only (a second definition would silently win)', () => {
		const seen = new Map<string, string>();
		const twice: string[] = [];
		for (const [file, area] of frByFile)
			for (const key of Object.keys(area)) {
				const first = seen.get(key);
				if (first) twice.push(`${key} (${first}, ${file})`);
				else seen.set(key, file);
			}
		expect(twice).toEqual([]);
	});

	it('uses the same {placeholders} in both languages for every key', () => {
		const differ = Object.keys(french)
			.filter((k) => k in english)
			.filter((k) => placeholders(french[k] ?? '').join() !== placeholders(english[k] ?? '').join())
			.map((k) => `${k}: fr {${placeholders(french[k] ?? '').join('} {')}} en {${placeholders(english[k] ?? '').join('} {')}}`);
		expect(differ).toEqual([]);
	});

	it('has both forms of every plural (.one and .other) in both languages', () => {
		const incomplete: string[] = [];
		for (const [name, catalogue] of [
			['fr', french],
			['en', english]
		] as const)
			for (const key of Object.keys(catalogue)) {
				const m = /^(.*)\.(one|other)$/.exec(key);
				if (!m) continue;
				// "conflicts.other" (the other value) is no plural: a lone .other is one only with a {count}.
				if (m[2] === 'other' && !`${catalogue[key]}`.includes('{count}')) continue;
				const pair = `${m[1]}.${m[2] === 'one' ? 'other' : 'one'}`;
				if (!(pair in catalogue)) incomplete.push(`${name}: ${key} without ${pair}`);
			}
		expect(incomplete).toEqual([]);
	});

	it('has no empty message', () => {
		const empty = [...Object.entries(french), ...Object.entries(english)].filter(([, v]) => v.trim() === '').map(([k]) => k);
		expect(empty).toEqual([]);
	});

	it('has every English value translated (identical to French only with a reason listed above)', () => {
		const untranslated = Object.keys(french).filter((k) => {
			const value = english[k];
			if (value !== french[k] || value === undefined) return false;
			// Nothing but placeholders and punctuation ("{lat}, {lon}") has nothing to translate.
			if (!/\p{L}/u.test(value.replace(/\{\w+\}/g, ''))) return false;
			return !SAME_IN_BOTH.has(value.replace(/[\u00a0\u202f]/g, ' ')) && !SAME_KEYS.has(k);
		});
		const byFile = new Map<string, string[]>();
		for (const k of untranslated) byFile.set(fileOf.get(k) ?? '?', [...(byFile.get(fileOf.get(k) ?? '?') ?? []), k]);
		const report = [...byFile].map(([file, keys]) => `en/${file}: ${keys.length} untranslated (${keys.slice(0, 3).join(', ')}${keys.length > 3 ? '…' : ''})`);
		expect(report).toEqual([]);
	});
});
