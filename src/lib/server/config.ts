/** Server settings from the environment, read at call time (tests set them per run). */
import { resolve } from 'node:path';

/** The data folder: the SQLite database and the territory file. */
export function dataDir(): string {
	return process.env.ATLAS_DATA_DIR ?? './data';
}

export function databaseFile(dir: string = dataDir()): string {
	return resolve(dir, 'atlas.sqlite');
}

/**
 * The public address of the app, for links printed or shown (first run, invitations). ORIGIN is
 * what adapter-node uses behind a proxy; otherwise the local address and port.
 */
export function publicOrigin(): string {
	if (process.env.ORIGIN) return process.env.ORIGIN.replace(/\/$/, '');
	return `http://localhost:${process.env.PORT ?? '3000'}`;
}

/**
 * Cookies get `Secure` when the app is served over HTTPS: as ORIGIN says when it is set, else
 * everywhere but on this machine (adapter-node assumes https without ORIGIN, so the URL's scheme
 * cannot be trusted for a plain local `npm start`).
 */
export function secureCookies(url: URL): boolean {
	if (process.env.ORIGIN) return process.env.ORIGIN.startsWith('https:');
	return !['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
}
