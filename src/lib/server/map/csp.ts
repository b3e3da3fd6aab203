/**
 * The Content Security Policy follows the map configuration. svelte.config.js writes the policy
 * with the default tile hosts; SvelteKit sets it on each page with the hashes of its inline
 * scripts. When the operator configures another tile server or API Géo (ATLAS_TILE_SOURCES,
 * ATLAS_GEO_API), hooks.server.ts adds their origins here — and changes nothing else: the script
 * hashes, the other directives and their order stay as SvelteKit wrote them.
 */

/** The directives a map origin is added to: tiles are images, and the service worker fetches them. */
export const MAP_DIRECTIVES = ['img-src', 'connect-src'] as const;

/** An origin safe to write into the header: scheme, host, optional port; nothing else. */
const ORIGIN_RE = /^https?:\/\/(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(:\d{1,5})?$/i;

/**
 * `policy` with each of `origins` appended to img-src and connect-src when the directive does not
 * already list it (nor allow everything with `*`). A directive that is absent (the page then falls
 * back to default-src) or says 'none' is left alone: widening it is not this function's call.
 * Origins that are not plain `scheme://host[:port]` are ignored, so nothing can be injected.
 */
export function withOrigins(policy: string, origins: readonly string[], directives: readonly string[] = MAP_DIRECTIVES): string {
	const safe = [...new Set(origins.map((o) => o.toLowerCase()))].filter((o) => ORIGIN_RE.test(o));
	if (safe.length === 0) return policy;
	return policy
		.split(';')
		.map((segment) => {
			const tokens = segment.trim().split(/\s+/);
			const name = tokens[0]?.toLowerCase() ?? '';
			if (!directives.includes(name)) return segment;
			const present = new Set(tokens.slice(1).map((tk) => tk.toLowerCase()));
			if (present.has('*') || present.has("'none'")) return segment;
			const added = safe.filter((o) => !present.has(o));
			if (added.length === 0) return segment;
			// Keep the segment's own leading space (Kit writes "a; b"), append after its last source.
			return `${segment.trimEnd()} ${added.join(' ')}`;
		})
		.join(';');
}
