#!/usr/bin/env node
/**
 * Remakes the app icons in static/icons/ from one SVG pictogram (a white millstone on the Parc's green).
 * Renders with the system Chromium through Playwright (nothing is downloaded):
 *   node scripts/make-icons.js            (CHROMIUM_PATH overrides /usr/bin/chromium)
 *
 * - icon-192.png, icon-512.png        purpose "any": rounded green square, transparent corners
 * - icon-maskable-512.png             purpose "maskable": full-bleed green, pictogram inside the 80 % safe circle
 * - apple-touch-icon.png (180)        full-bleed (iOS rounds the corners itself), no transparency
 */
import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { deflateSync, inflateSync } from 'node:zlib';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';

const GREEN = '#2f5d3a';
const WHITE = '#ffffff';
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = join(root, 'static', 'icons');
const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * A millstone seen from above: the runner stone, its central eye, and the furrows ("rayons") that
 * carry the flour outwards. Drawn on a 100 × 100 grid; `scale` shrinks it around the centre.
 */
/** @param {number} scale */
function millstone(scale) {
	const furrows = [];
	const count = 8;
	for (let i = 0; i < count; i++) {
		const a = (i * 2 * Math.PI) / count;
		// Each furrow leaves the eye tangentially, like a real millstone's dressing.
		const x1 = 50 + 10 * Math.cos(a);
		const y1 = 50 + 10 * Math.sin(a);
		const b = a + 0.55;
		const x2 = 50 + 30 * Math.cos(b);
		const y2 = 50 + 30 * Math.sin(b);
		furrows.push(`<line x1="${x1.toFixed(2)}" y1="${y1.toFixed(2)}" x2="${x2.toFixed(2)}" y2="${y2.toFixed(2)}"/>`);
	}
	return `<g transform="translate(50 50) scale(${scale}) translate(-50 -50)">
		<circle cx="50" cy="50" r="36" fill="${WHITE}"/>
		<circle cx="50" cy="50" r="31.5" fill="none" stroke="${GREEN}" stroke-width="1.6"/>
		<g stroke="${GREEN}" stroke-width="3.2" stroke-linecap="round">${furrows.join('')}</g>
		<circle cx="50" cy="50" r="7.5" fill="${GREEN}"/>
	</g>`;
}

/** @param {{ size: number, rounded: boolean, scale: number }} icon */
function svg({ size, rounded, scale }) {
	const background = rounded ? `<rect width="100" height="100" rx="22" fill="${GREEN}"/>` : `<rect width="100" height="100" fill="${GREEN}"/>`;
	return `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}" viewBox="0 0 100 100">${background}${millstone(scale)}</svg>`;
}

const icons = [
	{ file: 'icon-192.png', size: 192, rounded: true, scale: 1.1 },
	{ file: 'icon-512.png', size: 512, rounded: true, scale: 1.1 },
	// Maskable: the pictogram (radius 36 × 0.95 ≈ 34 % of the side) stays inside the 40 % safe circle.
	{ file: 'icon-maskable-512.png', size: 512, rounded: false, scale: 0.95 },
	{ file: 'apple-touch-icon.png', size: 180, rounded: false, scale: 1.05 }
];

// ---------------------------------------------------------------------------------------------------
// Chromium writes 32-bit PNGs; the pictogram has two colours and their anti-aliased blends, so a
// palette PNG is 3–4 times smaller. A minimal PNG reader/writer (8-bit RGBA, non-interlaced in, indexed out).
// ---------------------------------------------------------------------------------------------------

/** @param {Buffer} buffer */
function readRgba(buffer) {
	let offset = 8;
	let width = 0;
	let height = 0;
	let colorType = 0;
	const idat = [];
	while (offset < buffer.length) {
		const length = buffer.readUInt32BE(offset);
		const type = buffer.toString('latin1', offset + 4, offset + 8);
		const data = buffer.subarray(offset + 8, offset + 8 + length);
		if (type === 'IHDR') {
			width = data.readUInt32BE(0);
			height = data.readUInt32BE(4);
			if (data[8] !== 8 || data[12] !== 0) throw new Error('expected 8-bit non-interlaced PNG');
			colorType = data[9];
		} else if (type === 'IDAT') idat.push(data);
		offset += 12 + length;
	}
	const channels = colorType === 6 ? 4 : colorType === 2 ? 3 : 0;
	if (!channels) throw new Error(`unsupported PNG colour type ${colorType}`);
	const raw = inflateSync(Buffer.concat(idat));
	const stride = width * channels;
	const pixels = Buffer.alloc(width * height * 4);
	let previous = Buffer.alloc(stride);
	for (let y = 0; y < height; y++) {
		const filter = raw[y * (stride + 1)];
		const line = Buffer.from(raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1)));
		for (let i = 0; i < stride; i++) {
			const a = i >= channels ? line[i - channels] : 0;
			const b = previous[i];
			const c = i >= channels ? previous[i - channels] : 0;
			let add = 0;
			if (filter === 1) add = a;
			else if (filter === 2) add = b;
			else if (filter === 3) add = (a + b) >> 1;
			else if (filter === 4) {
				const p = a + b - c;
				const pa = Math.abs(p - a);
				const pb = Math.abs(p - b);
				const pc = Math.abs(p - c);
				add = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
			}
			line[i] = (line[i] + add) & 0xff;
		}
		for (let x = 0; x < width; x++) {
			pixels[(y * width + x) * 4] = line[x * channels];
			pixels[(y * width + x) * 4 + 1] = line[x * channels + 1];
			pixels[(y * width + x) * 4 + 2] = line[x * channels + 2];
			pixels[(y * width + x) * 4 + 3] = channels === 4 ? line[x * channels + 3] : 255;
		}
		previous = line;
	}
	return { width, height, pixels };
}

/** Snaps colours to a coarser grid until at most 256 remain, then writes a palette PNG. */
/** @param {Buffer} buffer */
function toIndexedPng(buffer) {
	const { width, height, pixels } = readRgba(buffer);
	for (let step = 1; step <= 64; step *= 2) {
		const snap = (/** @type {number} */ v) => (step === 1 ? v : Math.min(255, Math.round(v / step) * step));
		const palette = new Map();
		const indices = Buffer.alloc(width * height);
		let ok = true;
		for (let i = 0; i < width * height && ok; i++) {
			const alpha = snap(pixels[i * 4 + 3]);
			const rgba = alpha === 0 ? 0 : ((snap(pixels[i * 4]) << 24) | (snap(pixels[i * 4 + 1]) << 16) | (snap(pixels[i * 4 + 2]) << 8) | alpha) >>> 0;
			let index = palette.get(rgba);
			if (index === undefined) {
				index = palette.size;
				if (index > 255) ok = false;
				palette.set(rgba, index);
			}
			indices[i] = index;
		}
		if (!ok) continue;
		const colours = [...palette.keys()];
		const plte = Buffer.alloc(colours.length * 3);
		const trns = Buffer.alloc(colours.length);
		colours.forEach((c, i) => {
			plte[i * 3] = c >>> 24;
			plte[i * 3 + 1] = (c >>> 16) & 0xff;
			plte[i * 3 + 2] = (c >>> 8) & 0xff;
			trns[i] = c & 0xff;
		});
		const raw = Buffer.alloc(height * (width + 1));
		for (let y = 0; y < height; y++) indices.copy(raw, y * (width + 1) + 1, y * width, (y + 1) * width);
		const ihdr = Buffer.alloc(13);
		ihdr.writeUInt32BE(width, 0);
		ihdr.writeUInt32BE(height, 4);
		ihdr[8] = 8; // bit depth
		ihdr[9] = 3; // indexed colour
		const chunks = [chunk('IHDR', ihdr), chunk('PLTE', plte)];
		if (trns.some((a) => a !== 255)) chunks.push(chunk('tRNS', trns));
		chunks.push(chunk('IDAT', deflateSync(raw, { level: 9 })), chunk('IEND', Buffer.alloc(0)));
		return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), ...chunks]);
	}
	throw new Error('too many colours for a palette PNG');
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
	let c = n;
	for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
	return c >>> 0;
});

/** @param {string} type @param {Buffer} data */
function chunk(type, data) {
	const head = Buffer.alloc(8);
	head.writeUInt32BE(data.length, 0);
	head.write(type, 4, 'latin1');
	let crc = 0xffffffff;
	for (const byte of Buffer.concat([head.subarray(4), data])) crc = CRC_TABLE[(crc ^ byte) & 0xff] ^ (crc >>> 8);
	const tail = Buffer.alloc(4);
	tail.writeUInt32BE((crc ^ 0xffffffff) >>> 0, 0);
	return Buffer.concat([head, data, tail]);
}

if (!existsSync(executablePath)) {
	console.error(
		`Chromium introuvable (${executablePath}) : sudo apt-get install chromium\n` +
			`Chromium not found (${executablePath}): sudo apt-get install chromium (or set CHROMIUM_PATH)`
	);
	process.exit(1);
}

mkdirSync(outDir, { recursive: true });
const browser = await chromium.launch({
	executablePath,
	args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync']
});
try {
	const page = await browser.newPage({ deviceScaleFactor: 1 });
	for (const icon of icons) {
		await page.setViewportSize({ width: icon.size, height: icon.size });
		await page.setContent(`<!doctype html><html><body style="margin:0;background:transparent">${svg(icon)}</body></html>`);
		const path = join(outDir, icon.file);
		const png = await page.locator('svg').screenshot({ omitBackground: icon.rounded });
		writeFileSync(path, toIndexedPng(png));
		console.log(`${icon.file}  ${icon.size}×${icon.size}  ${statSync(path).size} o`);
	}
} finally {
	await browser.close();
}
