/**
 * Capacity units. A capacity is only meaningful with the unit that fits its category
 * (kg/h for a mill, animals/week for an abattoir): see categories.ts for which units each allows.
 * Labels live in the message catalogue under `unit.<id>`.
 */
export const CAPACITY_UNITS = [
	'kg_h',
	'kg_jour',
	't_jour',
	't_an',
	't',
	'l_jour',
	'animaux_semaine',
	'repas_jour',
	'bocaux_jour',
	'pains_fournee',
	'm2',
	'm3'
] as const;
export type CapacityUnit = (typeof CAPACITY_UNITS)[number];

export function isCapacityUnit(value: unknown): value is CapacityUnit {
	return typeof value === 'string' && (CAPACITY_UNITS as readonly string[]).includes(value);
}
