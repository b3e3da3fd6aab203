/**
 * The small image kept on the phone when a confirmed photo's full bytes are freed
 * (db/photo-freeing.ts): at most 320 px on its long side, JPEG, a few kB — enough to recognise the
 * tool on a sheet opened offline. Browser only (createImageBitmap + canvas).
 */
import type { Thumbnail } from '$lib/db/photo-freeing';
import { fitWithin, UnreadableImageError } from './resize';

export const THUMB_SIDE = 320;
const THUMB_QUALITY = 0.7;

export async function makeThumbnail(data: ArrayBuffer, mime: string): Promise<Thumbnail> {
	let bitmap: ImageBitmap;
	try {
		bitmap = await createImageBitmap(new Blob([data], { type: mime }));
	} catch (e) {
		throw new UnreadableImageError(e);
	}
	try {
		const { width, height } = fitWithin(bitmap.width, bitmap.height, THUMB_SIDE);
		const blob = await draw(bitmap, width, height);
		return { data: await blob.arrayBuffer(), mime: 'image/jpeg' };
	} finally {
		bitmap.close();
	}
}

/** OffscreenCanvas where there is one (no DOM needed); a page canvas elsewhere (older Safari). */
async function draw(bitmap: ImageBitmap, width: number, height: number): Promise<Blob> {
	if (typeof OffscreenCanvas !== 'undefined') {
		const canvas = new OffscreenCanvas(width, height);
		const ctx = canvas.getContext('2d');
		if (!ctx) throw new UnreadableImageError();
		ctx.drawImage(bitmap, 0, 0, width, height);
		return canvas.convertToBlob({ type: 'image/jpeg', quality: THUMB_QUALITY });
	}
	const canvas = document.createElement('canvas');
	canvas.width = width;
	canvas.height = height;
	const ctx = canvas.getContext('2d');
	if (!ctx) throw new UnreadableImageError();
	ctx.drawImage(bitmap, 0, 0, width, height);
	return new Promise((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new UnreadableImageError())), 'image/jpeg', THUMB_QUALITY));
}
