/**
 * A server restored from a backup, healed by this phone by itself (sync/rewind.ts): the one
 * sentence the person sees, on the sync line and on « Mes fiches », for a day after it happened.
 */
export const restoreCore = {
	'syncline.restored': 'Le serveur a été restauré : vos fiches ont été renvoyées.',
	'syncline.restored_nothing': 'Le serveur a été restauré d’une sauvegarde : cet appareil n’avait rien à lui renvoyer.'
} as const;
