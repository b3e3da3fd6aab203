/**
 * Families and categories of food-processing tools (domain.md, "Categories").
 * Ids are stable wire/storage values: never rename one, only add. User-facing labels live in the
 * message catalogue (src/lib/i18n) under `family.<id>` and `category.<id>`.
 */
import type { CapacityUnit } from './units';

export const FAMILIES = ['grains', 'fruits', 'legumes', 'viande', 'lait', 'cuisines', 'froid', 'autre'] as const;
export type Family = (typeof FAMILIES)[number];

/** Optional groups of fields a category shows beyond the common ones. */
export type FieldGroup = 'capacity' | 'sanitary' | 'season';

export interface CategoryDef {
	readonly id: string;
	readonly family: Family;
	/** Units that make sense for this category's capacity; the first is the default. */
	readonly units: readonly CapacityUnit[];
	/** Field groups shown for this category (common fields are always shown). */
	readonly groups: readonly FieldGroup[];
	/** Tools of this kind that exist as mobile units (mobile press, mobile abattoir). */
	readonly canBeMobile: boolean;
}

const def = (id: string, family: Family, units: readonly CapacityUnit[], groups: readonly FieldGroup[], canBeMobile = false): CategoryDef => ({
	id,
	family,
	units,
	groups,
	canBeMobile
});

/** The catalogue, in display order. */
export const CATEGORY_DEFS = [
	def('moulin_farine', 'grains', ['kg_h', 'kg_jour'], ['capacity', 'sanitary'], true),
	def('trieur_decortiqueuse', 'grains', ['kg_h', 't_jour'], ['capacity'], true),
	def('presse_huile', 'grains', ['kg_h', 'l_jour'], ['capacity', 'sanitary'], true),
	def('sechoir_silo', 'grains', ['t', 'm3'], ['capacity', 'season']),
	def('fournil_four', 'grains', ['kg_jour', 'pains_fournee'], ['capacity', 'sanitary']),
	def('pressoir', 'fruits', ['kg_h', 'l_jour'], ['capacity', 'sanitary', 'season'], true),
	def('alambic', 'fruits', ['l_jour'], ['capacity', 'season'], true),
	def('legumerie', 'legumes', ['kg_jour', 'kg_h'], ['capacity', 'sanitary']),
	def('conserverie', 'legumes', ['bocaux_jour', 'kg_jour', 'l_jour'], ['capacity', 'sanitary'], true),
	def('deshydrateur', 'legumes', ['kg_jour'], ['capacity', 'sanitary', 'season'], true),
	def('abattoir', 'viande', ['animaux_semaine', 't_an'], ['capacity', 'sanitary'], true),
	def('tuerie_volailles', 'viande', ['animaux_semaine'], ['capacity', 'sanitary'], true),
	def('atelier_decoupe', 'viande', ['kg_jour', 'm2'], ['capacity', 'sanitary']),
	def('charcuterie_sechoir', 'viande', ['kg_jour', 'm2'], ['capacity', 'sanitary']),
	def('fromagerie_laiterie', 'lait', ['l_jour'], ['capacity', 'sanitary', 'season']),
	def('cuisine_collective', 'cuisines', ['repas_jour', 'm2'], ['capacity', 'sanitary']),
	def('cuisine_partagee', 'cuisines', ['m2', 'repas_jour'], ['capacity', 'sanitary']),
	def('atelier_lycee', 'cuisines', ['m2', 'kg_jour'], ['capacity', 'sanitary']),
	def('chambre_froide', 'froid', ['m3', 'm2'], ['capacity'], true),
	def('cellule_refroidissement', 'froid', ['kg_h', 'kg_jour'], ['capacity']),
	def('autre', 'autre', ['kg_h', 'kg_jour', 'l_jour', 'animaux_semaine', 'repas_jour', 'm2', 'm3', 't'], ['capacity', 'sanitary', 'season'], true)
] as const satisfies readonly CategoryDef[];

export type Category = (typeof CATEGORY_DEFS)[number]['id'];
export const CATEGORIES: readonly Category[] = CATEGORY_DEFS.map((c) => c.id);

const byId = new Map<string, CategoryDef>(CATEGORY_DEFS.map((c) => [c.id, c]));

export function isCategory(value: unknown): value is Category {
	return typeof value === 'string' && byId.has(value);
}

export function categoryDef(id: Category): CategoryDef {
	const found = byId.get(id);
	if (!found) throw new Error(`unknown category ${id}`);
	return found;
}

export function categoriesOf(family: Family): CategoryDef[] {
	return CATEGORY_DEFS.filter((c) => c.family === family);
}

export function hasGroup(category: Category, group: FieldGroup): boolean {
	return categoryDef(category).groups.includes(group);
}
