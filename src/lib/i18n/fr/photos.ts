/** Photos freed from the phone once the server holds them (db/photo-freeing.ts). */
export const photos = {
	'photos.reduced': 'Photo réduite : l’original est sur le serveur',
	'storage.photos_freed': 'Photos allégées (l’original est sur le serveur, l’appareil en garde une petite image) : {count}, {size} libérés'
} as const;
