/**
 * A server restored from a backup, healed by this phone by itself (sync/rewind.ts): the one
 * sentence the person sees, on the sync line and on « Mes fiches », for a day after it happened.
 */
export const restoreCore = {
	'syncline.restored': 'Le serveur a été restauré : vos fiches ont été renvoyées'
} as const;
