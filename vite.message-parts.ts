/**
 * Builds the parts of a catalogue (src/lib/i18n/parts.ts) as virtual modules:
 * `virtual:atlas-messages/<locale>/<part>` exports the messages of that part, as one object.
 *
 * The catalogue is read from its own files (src/lib/i18n/<locale>/index.ts, run through Vite's
 * module runner), so translators keep writing one file per area and every build and dev reload
 * follows them. Only the part objects reach the browser bundle; which part a key belongs to is
 * decided in parts.ts alone.
 */
import { fileURLToPath } from 'node:url';
import { runnerImport, type Plugin } from 'vite';
import { PARTS, partOf, type Part } from './src/lib/i18n/parts';

const PREFIX = 'virtual:atlas-messages/';
const RESOLVED = '\0atlas-messages/';
const LOCALES = ['fr', 'en'] as const;

type Messages = Record<string, string>;

async function readCatalogue(locale: string): Promise<{ messages: Messages; files: string[] }> {
	const file = fileURLToPath(new URL(`./src/lib/i18n/${locale}/index.ts`, import.meta.url));
	const { module, dependencies } = await runnerImport<Record<string, Messages>>(file);
	const messages = module[locale];
	if (!messages) throw new Error(`${file} does not export "${locale}"`);
	return { messages, files: [file, ...dependencies] };
}

export function messageParts(): Plugin {
	const cache = new Map<string, Promise<{ messages: Messages; files: string[] }>>();
	const loaded = new Set<string>();
	return {
		name: 'atlas-message-parts',
		// Before Vite's own resolver, which would otherwise resolve ./french-core first.
		enforce: 'pre',
		async resolveId(id, importer, options) {
			if (id.startsWith(PREFIX)) return RESOLVED + id.slice(PREFIX.length);
			// The browser's French core (src/lib/i18n/french-core.ts holds the whole catalogue for
			// the server, the CLI, the unit tests and plain Node).
			if (options?.ssr || !id.endsWith('french-core')) return undefined;
			const resolved = await this.resolve(id, importer, { ...options, skipSelf: true });
			return resolved && /[\\/]src[\\/]lib[\\/]i18n[\\/]french-core\.ts$/.test(resolved.id) ? `${RESOLVED}fr/core` : undefined;
		},
		async load(id) {
			if (!id.startsWith(RESOLVED)) return undefined;
			const [locale, part] = id.slice(RESOLVED.length).split('/');
			if (!LOCALES.includes(locale as (typeof LOCALES)[number]) || !PARTS.includes(part as Part)) {
				this.error(`unknown message part ${id.slice(RESOLVED.length)}`);
			}
			let read = cache.get(locale as string);
			if (!read) cache.set(locale as string, (read = readCatalogue(locale as string)));
			const { messages, files } = await read;
			loaded.add(id);
			for (const f of files) this.addWatchFile(f);
			const picked: Messages = {};
			for (const [key, text] of Object.entries(messages)) if (partOf(key) === part) picked[key] = text;
			return `export default ${JSON.stringify(picked)};`;
		},
		watchChange(id) {
			// A catalogue file changed (build --watch): read the catalogue again.
			if (id.includes('/src/lib/i18n/')) cache.clear();
		},
		handleHotUpdate({ file, server }) {
			// The same in `vite dev`: the parts are built again on the next request.
			if (!file.includes('/src/lib/i18n/')) return;
			cache.clear();
			for (const id of loaded) {
				const mod = server.moduleGraph.getModuleById(id);
				if (mod) server.moduleGraph.invalidateModule(mod);
			}
		}
	};
}
