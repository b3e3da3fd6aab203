/**
 * Photos are resized on the phone before they are stored: a 12 MP camera photo (4–9 MB) becomes
 * a JPEG of at most 2000 px on its long side, well under 1 MB, so storage and the later upload
 * over one bar of signal stay small. Browser only (createImageBitmap + canvas).
 */
export const MAX_SIDE = 2000;
export const JPEG_QUALITY = 0.8;
/** If a first encoding is larger than this, encode again at a lower quality. */
export const TARGET_BYTES = 900_000;

export interface ResizedPhoto {
	data: ArrayBuffer;
	mime: 'image/jpeg';
	width: number;
	height: number;
	sha: string;
}

/** Size that fits within `max` on the long side, keeping the aspect ratio; never enlarges. */
export function fitWithin(width: number, height: number, max = MAX_SIDE): { width: number; height: number } {
	const long = Math.max(width, height);
	if (long <= max) return { width, height };
	const scale = max / long;
	return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

export async function sha256Hex(data: ArrayBuffer): Promise<string> {
	const digest = await crypto.subtle.digest('SHA-256', data);
	return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

export class UnreadableImageError extends Error {
	constructor(cause?: unknown) {
		super('image could not be decoded', { cause });
		this.name = 'UnreadableImageError';
	}
}

export async function resizePhoto(file: Blob): Promise<ResizedPhoto> {
	let bitmap: ImageBitmap;
	try {
		// EXIF orientation is applied by default ("from-image"), so portrait photos stay upright.
		bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
	} catch (e) {
		throw new UnreadableImageError(e);
	}
	try {
		const { width, height } = fitWithin(bitmap.width, bitmap.height);
		const canvas = document.createElement('canvas');
		canvas.width = width;
		canvas.height = height;
		const ctx = canvas.getContext('2d');
		if (!ctx) throw new UnreadableImageError();
		ctx.imageSmoothingQuality = 'high';
		ctx.drawImage(bitmap, 0, 0, width, height);
		let blob = await toJpeg(canvas, JPEG_QUALITY);
		if (blob.size > TARGET_BYTES) blob = await toJpeg(canvas, 0.65);
		const data = await blob.arrayBuffer();
		// Free the canvas memory at once: phones hold little.
		canvas.width = 0;
		canvas.height = 0;
		return { data, mime: 'image/jpeg', width, height, sha: await sha256Hex(data) };
	} finally {
		bitmap.close();
	}
}

function toJpeg(canvas: HTMLCanvasElement, quality: number): Promise<Blob> {
	return new Promise((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new UnreadableImageError())), 'image/jpeg', quality));
}
