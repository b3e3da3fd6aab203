/**
 * Closed vocabularies of a sheet (domain.md, "What a sheet records"). Ids are stable storage and
 * wire values; their French labels live in the message catalogue (`<vocabulary>.<id>`).
 */
export const ENERGY_SOURCES = ['electrique', 'solaire', 'manuelle', 'hydraulique', 'eolienne', 'thermique'] as const;
export type EnergySource = (typeof ENERGY_SOURCES)[number];

/** The crisis question: does it work when the mains power is cut? */
export const TRISTATE = ['oui', 'non', 'inconnu'] as const;
export type Tristate = (typeof TRISTATE)[number];

export const CONDITIONS = ['en_service', 'a_reparer', 'hors_service', 'demonte'] as const;
export type Condition = (typeof CONDITIONS)[number];

export const OWNERSHIPS = [
	'commune',
	'cdc',
	'association',
	'cuma',
	'cooperative',
	'exploitation',
	'entreprise',
	'etablissement_scolaire',
	'particulier'
] as const;
export type Ownership = (typeof OWNERSHIPS)[number];

export const ACCESS_KINDS = ['public', 'adherents', 'location', 'prive'] as const;
export type AccessKind = (typeof ACCESS_KINDS)[number];

export const SANITARY_STATUSES = ['aucun', 'declaration', 'derogation', 'agrement_ce', 'eana'] as const;
export type SanitaryStatus = (typeof SANITARY_STATUSES)[number];

export const REVIEW_STATUSES = ['brouillon', 'soumis', 'valide', 'a_corriger', 'archive'] as const;
export type ReviewStatus = (typeof REVIEW_STATUSES)[number];

/** Months are 1..12. */
export const MONTHS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12] as const;
export type Month = (typeof MONTHS)[number];

export function oneOf<T extends string>(list: readonly T[], value: unknown): value is T {
	return typeof value === 'string' && (list as readonly string[]).includes(value);
}
