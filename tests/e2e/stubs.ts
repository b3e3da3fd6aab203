/**
 * Local stand-ins for the internet services of the map (there is no internet here, and tests must
 * not depend on it): a tile server and the API Géo's commune outlines. Both count what they serve,
 * so a test can prove the app asked nothing of them (e.g. offline, from the service worker's cache).
 *
 * The outlines are synthetic: the communes of each CDC (from @etalab/decoupage-administratif, in
 * code order) laid out as squares on a grid, so a test knows which commune holds which point.
 */
import { createServer, type Server } from 'node:http';
import { deflateSync } from 'node:zlib';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

function crc32(buf: Buffer): number {
	let c = ~0;
	for (const byte of buf) {
		c ^= byte;
		for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
	}
	return ~c >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
	const len = Buffer.alloc(4);
	len.writeUInt32BE(data.length);
	const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
	const crc = Buffer.alloc(4);
	crc.writeUInt32BE(crc32(td));
	return Buffer.concat([len, td, crc]);
}

/** A 256×256 PNG of one colour (a real image the browser decodes). */
export function solidPng(r: number, g: number, b: number): Buffer {
	const size = 256;
	const row = Buffer.alloc(1 + size * 3);
	for (let x = 0; x < size; x++) row.set([r, g, b], 1 + x * 3);
	const raw = Buffer.concat(Array.from({ length: size }, () => row));
	const ihdr = Buffer.alloc(13);
	ihdr.writeUInt32BE(size, 0);
	ihdr.writeUInt32BE(size, 4);
	ihdr.set([8, 2, 0, 0, 0], 8);
	return Buffer.concat([
		Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
		chunk('IHDR', ihdr),
		chunk('IDAT', deflateSync(raw)),
		chunk('IEND', Buffer.alloc(0))
	]);
}

async function listen(server: Server, port: number): Promise<void> {
	await new Promise<void>((done, fail) => {
		server.once('error', fail);
		server.listen(port, '127.0.0.1', () => done());
	});
}

export class TileStub {
	/** Paths asked, in order (`/plan/12/2055/1415.png`). */
	requests: string[] = [];
	/** Tiles refused for want of a Referer (OpenStreetMap's rule). */
	refused: string[] = [];
	readonly origin: string;
	#server: Server;
	#png = solidPng(222, 235, 214);

	constructor(readonly port: number) {
		this.origin = `http://127.0.0.1:${port}`;
		this.#server = createServer((req, res) => {
			const url = new URL(req.url ?? '/', this.origin);
			// IGN's WMTS form (query string) is recorded as the same canonical path as the XYZ form.
			const q = (k: string) => url.searchParams.get(k);
			const path =
				url.pathname === '/wmts' && /^\d+$/.test(q('TILEMATRIX') ?? '') && /^\d+$/.test(q('TILECOL') ?? '') && /^\d+$/.test(q('TILEROW') ?? '')
					? `/${(q('LAYER') ?? '').toLowerCase()}/${q('TILEMATRIX')}/${q('TILECOL')}/${q('TILEROW')}.png`
					: url.pathname;
			if (!/^\/[a-z-]+\/\d+\/\d+\/\d+\.png$/.test(path)) {
				res.writeHead(404, { 'Access-Control-Allow-Origin': '*' }).end();
				return;
			}
			// Like OpenStreetMap today: no Referer, no tile ("403 Access blocked – Referer is required").
			if (path.startsWith('/osm/') && !req.headers.referer) {
				this.refused.push(path);
				res.writeHead(403, { 'Access-Control-Allow-Origin': '*' }).end();
				return;
			}
			this.requests.push(path);
			// no-store: only the app's service worker may keep a tile, so a tile seen offline proves it did.
			res.writeHead(200, { 'Content-Type': 'image/png', 'Access-Control-Allow-Origin': '*', 'Cache-Control': 'no-store' }).end(this.#png);
		});
	}

	start(): Promise<void> {
		return listen(this.#server, this.port);
	}

	stop(): Promise<void> {
		return new Promise((done) => this.#server.close(() => done()));
	}

	/** The sources the server offers, pointing at this stub: one that may be prepared, one that may not. */
	sources(): object[] {
		return [
			// The IGN Géoplateforme's WMTS form: the tile's place is in the query string.
			{
				id: 'plan',
				name: 'Plan de test',
				url: `${this.origin}/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&LAYER=PLAN&STYLE=normal&TILEMATRIXSET=PM&FORMAT=image/png&TILEMATRIX={z}&TILECOL={x}&TILEROW={y}`,
				attribution: 'Tuiles de test',
				attributionUrl: 'https://example.org/',
				maxZoom: 19,
				minZoom: 0,
				prefetch: true,
				tileBytes: 1000
			},
			{
				id: 'osm',
				name: 'OpenStreetMap (test)',
				url: `${this.origin}/osm/{z}/{x}/{y}.png`,
				attribution: '© OpenStreetMap (test)',
				attributionUrl: 'https://www.openstreetmap.org/copyright',
				maxZoom: 19,
				minZoom: 0,
				prefetch: false,
				tileBytes: 1000
			}
		];
	}
}

/** The grid of synthetic outlines: square `i` of a CDC's communes (code order). */
export const GRID = { west: 0.6, south: 48.3, size: 0.04, columns: 4 };

export function gridSquare(i: number): { west: number; south: number; east: number; north: number } {
	const col = i % GRID.columns;
	const row = Math.floor(i / GRID.columns);
	const west = GRID.west + col * GRID.size;
	const south = GRID.south + row * GRID.size;
	return { west, south, east: west + GRID.size, north: south + GRID.size };
}

/** The communes of a CDC, in code order (the order of the grid). */
export function communesOfCdc(siren: string): { code: string; nom: string }[] {
	const epcis = require('@etalab/decoupage-administratif/data/epci.json') as { code: string; membres: { code: string; nom: string }[] }[];
	const epci = epcis.find((e) => e.code === siren);
	if (!epci) throw new Error(`unknown CDC ${siren}`);
	return epci.membres.map((m) => ({ code: m.code, nom: m.nom })).sort((a, b) => a.code.localeCompare(b.code));
}

export class GeoStub {
	requests: string[] = [];
	readonly origin: string;
	#server: Server;

	constructor(readonly port: number) {
		this.origin = `http://127.0.0.1:${port}`;
		this.#server = createServer((req, res) => {
			const url = new URL(req.url ?? '/', this.origin);
			this.requests.push(url.pathname);
			const epci = /^\/epcis\/(\d{9})\/communes$/.exec(url.pathname);
			if (!epci) {
				res.writeHead(404).end();
				return;
			}
			const features = communesOfCdc(epci[1] as string).map((c, i) => {
				const b = gridSquare(i);
				return {
					type: 'Feature',
					properties: { code: c.code, nom: c.nom, centre: { type: 'Point', coordinates: [(b.west + b.east) / 2, (b.south + b.north) / 2] } },
					geometry: {
						type: 'Polygon',
						coordinates: [
							[
								[b.west, b.south],
								[b.east, b.south],
								[b.east, b.north],
								[b.west, b.north],
								[b.west, b.south]
							]
						]
					}
				};
			});
			res.writeHead(200, { 'Content-Type': 'application/geo+json' }).end(JSON.stringify({ type: 'FeatureCollection', features }));
		});
	}

	start(): Promise<void> {
		return listen(this.#server, this.port);
	}

	stop(): Promise<void> {
		return new Promise((done) => this.#server.close(() => done()));
	}
}

/** A small territory (one CDC) written into a test server's data folder. */
export function writeTerritory(dataDir: string, cdc: string): void {
	mkdirSync(dataDir, { recursive: true });
	writeFileSync(join(dataDir, 'territory.json'), JSON.stringify({ id: 'test', name: 'Territoire de test', cdc: [cdc], communes: [] }));
}
