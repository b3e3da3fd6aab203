/**
 * The photo each volunteer takes: a real JPEG (scripts/load/photo.jpg, 1600×1200, about 300 kB:
 * what the app's resizing makes of a phone photo, so it goes up in two chunks of the app's size),
 * made distinct per volunteer by a JPEG comment segment (COM, 0xFFFE) put right after the start
 * marker — still a valid image, with its own SHA-256, as two phones' photos are.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { PhotoRef } from '$lib/domain/sheet';

export interface LoadPhoto {
	sha: string;
	mime: 'image/jpeg';
	data: ArrayBuffer;
	ref: PhotoRef;
}

export const PHOTO_WIDTH = 1600;
export const PHOTO_HEIGHT = 1200;

export function readJpeg(file: string): Buffer {
	const bytes = readFileSync(file);
	if (bytes[0] !== 0xff || bytes[1] !== 0xd8) throw new Error(`${file} is not a JPEG`);
	return bytes;
}

/** The JPEG with a comment segment holding `label` (at most 200 bytes). */
export function photoFor(jpeg: Buffer, label: string, takenAt: string): LoadPhoto {
	const text = Buffer.from(label.slice(0, 200), 'utf8');
	const segment = Buffer.alloc(4 + text.length);
	segment[0] = 0xff;
	segment[1] = 0xfe;
	segment.writeUInt16BE(2 + text.length, 2);
	text.copy(segment, 4);
	const bytes = Buffer.concat([jpeg.subarray(0, 2), segment, jpeg.subarray(2)]);
	const sha = createHash('sha256').update(bytes).digest('hex');
	const data = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
	return { sha, mime: 'image/jpeg', data, ref: { sha, mime: 'image/jpeg', bytes: bytes.byteLength, width: PHOTO_WIDTH, height: PHOTO_HEIGHT, takenAt } };
}
