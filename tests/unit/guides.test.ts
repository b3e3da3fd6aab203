/**
 * The guides (domain/guides.ts, routes/guide/[guide=guide]): every screenshot a guide page shows
 * exists in static/guides, in each language, as a 360 × 740 WebP light enough for a phone; the
 * folder holds nothing else (a step renamed leaves no stale image); each guide is a handful of steps,
 * each with its words in the catalogue.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fr } from '$lib/i18n/fr';
import { allGuideImages, guideImage, GUIDE_IMAGE, GUIDE_IMAGE_DIR, GUIDES, GUIDE_STEPS, isGuide } from '$lib/domain/guides';

const STATIC = resolve('static');
/** Two languages × a dozen images are fetched when a guide is opened: each stays small. */
const MAX_IMAGE_BYTES = 60 * 1024;

/** Width and height of a WebP file (lossy VP8, lossless VP8L or extended VP8X), or null if it is not one. */
function webpSize(bytes: Buffer): { width: number; height: number } | null {
	if (bytes.toString('ascii', 0, 4) !== 'RIFF' || bytes.toString('ascii', 8, 12) !== 'WEBP') return null;
	const chunk = bytes.toString('ascii', 12, 16);
	if (chunk === 'VP8 ') return { width: bytes.readUInt16LE(26) & 0x3fff, height: bytes.readUInt16LE(28) & 0x3fff };
	if (chunk === 'VP8L') {
		const bits = bytes.readUInt32LE(21);
		return { width: (bits & 0x3fff) + 1, height: ((bits >> 14) & 0x3fff) + 1 };
	}
	if (chunk === 'VP8X') return { width: bytes.readUIntLE(24, 3) + 1, height: bytes.readUIntLE(27, 3) + 1 };
	return null;
}

describe('the guides', () => {
	it('are a handful of steps each, with a title, words and a description of the screenshot', () => {
		for (const guide of GUIDES) {
			const steps = GUIDE_STEPS[guide];
			expect(steps.length, guide).toBeGreaterThanOrEqual(5);
			expect(steps.length, guide).toBeLessThanOrEqual(8);
			expect(new Set(steps).size, guide).toBe(steps.length);
			for (const part of ['title', 'lead']) expect(fr, `guide.${guide}.${part}`).toHaveProperty([`guide.${guide}.${part}`]);
			for (const step of steps) {
				for (const part of ['title', 'body', 'alt']) expect(fr, `guide.${guide}.${step}.${part}`).toHaveProperty([`guide.${guide}.${step}.${part}`]);
			}
		}
	});

	it('name their screenshots by guide, step number and language', () => {
		expect(guideImage('benevole', 'new', 'fr')).toBe('/guides/fr/benevole-3-new.webp');
		expect(guideImage('mairie', 'join', 'en')).toBe('/guides/en/mairie-1-join.webp');
		expect(() => guideImage('mairie', 'new', 'fr')).toThrow();
		expect(isGuide('mairie')).toBe(true);
		expect(isGuide('coordinateur')).toBe(false);
	});

	it('have every screenshot they show in static/guides, as a 360 × 740 WebP of a few tens of kB', () => {
		const images = allGuideImages();
		expect(images).toHaveLength(2 * (GUIDE_STEPS.benevole.length + GUIDE_STEPS.mairie.length));
		for (const { path } of images) {
			const file = join(STATIC, path);
			expect(existsSync(file), `${path} is missing: run npm run build && npm run guides`).toBe(true);
			const bytes = readFileSync(file);
			expect(webpSize(bytes), path).toEqual(GUIDE_IMAGE);
			expect(bytes.length, path).toBeLessThanOrEqual(MAX_IMAGE_BYTES);
		}
	});

	it('leave no other file in static/guides', () => {
		const folder = join(STATIC, GUIDE_IMAGE_DIR);
		const found = readdirSync(folder, { recursive: true, encoding: 'utf8' })
			.filter((name) => statSync(join(folder, name)).isFile())
			.map((name) => `${GUIDE_IMAGE_DIR}${name.split('\\').join('/')}`)
			.sort();
		expect(found).toEqual(
			allGuideImages()
				.map((i) => i.path)
				.sort()
		);
	});
});
