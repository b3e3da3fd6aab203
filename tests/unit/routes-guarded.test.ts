/**
 * Every API route checks who is asking through the one policy (requireUser / requireAdmin), except
 * the few that exist precisely for people not yet signed in — listed here, each with its reason.
 */
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const PUBLIC: Record<string, string> = {
	'api/setup/+server.ts': 'the first-run link itself is the credential (one-time token)',
	'api/join/+server.ts': 'the invitation link is the credential (hashed token, rate-limited)',
	'api/join/preview/+server.ts': 'shows what an invitation offers, with its token (rate-limited)',
	'api/signin/+server.ts': 'signs in with a password (rate-limited)',
	'api/signout/+server.ts': 'ends the caller’s own session, if any',
	'api/territory/+server.ts': 'public administrative geography (communes and CDC), no personal data',
	'api/territory/outlines/+server.ts': 'GET: public geography (commune outlines), no personal data; POST/DELETE need requireAdmin',
	'api/map/sources/+server.ts': 'map configuration (tile source URLs and attributions), no personal data'
};

function routes(dir: string): string[] {
	return readdirSync(dir).flatMap((name) => {
		const path = join(dir, name);
		return statSync(path).isDirectory() ? routes(path) : name === '+server.ts' ? [path] : [];
	});
}

describe('API routes', () => {
	const root = join(process.cwd(), 'src/routes');
	const files = routes(join(root, 'api')).map((f) => relative(root, f));

	it('each checks who is asking, or is a listed public entry point', () => {
		const unguarded = files.filter((f) => !PUBLIC[f] && !/require(User|Admin)\(event/.test(readFileSync(join(root, f), 'utf8')));
		expect(unguarded).toEqual([]);
	});

	it('each validates its JSON body with a schema', () => {
		const raw = files.filter((f) => /request\.json\(\)/.test(readFileSync(join(root, f), 'utf8')));
		expect(raw).toEqual([]);
	});

	it('lists no public route that does not exist', () => {
		for (const f of Object.keys(PUBLIC)) expect(files).toContain(f);
	});
});
