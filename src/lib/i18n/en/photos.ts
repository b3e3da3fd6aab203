import type { photos as fr } from '../fr/photos';

/** English, same keys as ../fr/photos.ts (the compiler and tests/unit/i18n-catalogue.test.ts check it). */
export const photos: { [K in keyof typeof fr]: string } = {
	'photos.reduced': 'Reduced photo: the original is on the server',
	'storage.photos_freed': 'Photos made lighter (the original is on the server, this device keeps a small image of each): {count}, {size} freed'
};
