/**
 * The operator's command line (src/lib/server/cli/main.ts) bundled for plain Node: one ESM file,
 * build/cli/main.js, run by `npm run admin` (scripts/admin.js). Kit's plugin is left out (no app,
 * no routes); `$lib` is resolved as Kit does. Node built-ins and every runtime dependency stay
 * imports (better-sqlite3 is native; @etalab's 10 MB JSON is read at run time), so the bundle
 * uses the same node_modules as the server. Run `npm run build` (app, then this) after the app
 * build: adapter-node empties build/ first.
 */
import { readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { messageParts } from './vite.message-parts';

const root = fileURLToPath(new URL('.', import.meta.url));
const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as {
	dependencies?: Record<string, string>;
};
const dependencies = Object.keys(pkg.dependencies ?? {});
const builtins = new Set(builtinModules);

function isExternal(id: string): boolean {
	if (id.startsWith('node:') || builtins.has(id)) return true;
	return dependencies.some((dep) => id === dep || id.startsWith(`${dep}/`));
}

export default defineConfig({
	root,
	// The i18n core imports its browser part (vite.message-parts.ts), even where it holds everything.
	plugins: [messageParts()],
	publicDir: false,
	logLevel: 'warn',
	resolve: { alias: { $lib: fileURLToPath(new URL('./src/lib', import.meta.url)) } },
	ssr: { external: true, target: 'node' },
	build: {
		ssr: 'src/lib/server/cli/main.ts',
		outDir: 'build/cli',
		emptyOutDir: true,
		target: 'node20',
		minify: false,
		sourcemap: true,
		copyPublicDir: false,
		rolldownOptions: {
			external: isExternal,
			output: { format: 'esm', entryFileNames: 'main.js' }
		}
	}
});
