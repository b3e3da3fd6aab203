/**
 * The API as the source tree declares it: every `+server.ts` under src/routes/api and the HTTP methods
 * it exports. The fuzz test is driven from this list, so a route added later cannot escape it: a
 * route or method without fuzz cases fails the test until its cases are written.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

export interface ApiRoute {
	/** `team/users/[id]/role` (the folder under src/routes/api). */
	route: string;
	methods: string[];
	params: string[];
}

const METHOD_RE = /export\s+(?:const|let|async\s+function|function)\s+(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS|fallback)\b/g;

function serverFiles(dir: string): string[] {
	return readdirSync(dir).flatMap((name) => {
		const path = join(dir, name);
		return statSync(path).isDirectory() ? serverFiles(path) : name === '+server.ts' ? [path] : [];
	});
}

export function discoverRoutes(root = join(process.cwd(), 'src/routes/api')): ApiRoute[] {
	return serverFiles(root)
		.map((file) => {
			const route = relative(root, file).split(sep).slice(0, -1).join('/');
			const source = readFileSync(file, 'utf8');
			const methods = [...new Set([...source.matchAll(METHOD_RE)].map((m) => m[1] as string))].sort();
			const params = [...route.matchAll(/\[([^\]]+)\]/g)].map((m) => m[1] as string);
			return { route, methods, params };
		})
		.sort((a, b) => a.route.localeCompare(b.route));
}
