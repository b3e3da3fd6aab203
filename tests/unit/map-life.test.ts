/**
 * The one life of every map (map/leaflet.ts, mountMap): created once Leaflet is there, never for a
 * component already gone, removed with it; and no component reaches Leaflet another way.
 */
import { describe, expect, it, vi } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** A stand-in Leaflet: records the maps it makes and their removal. */
const made: { element: unknown; options: unknown; removed: boolean; log: string[] }[] = [];
vi.mock('leaflet', () => ({
	default: {
		map(element: unknown, options: unknown) {
			const record = { element, options, removed: false, log: [] as string[] };
			made.push(record);
			return { record, remove: () => ((record.removed = true), record.log.push('remove')) };
		}
	}
}));
vi.mock('leaflet/dist/leaflet.css', () => ({}));

const { mountMap } = await import('$lib/map/leaflet');
const settle = () => new Promise((r) => setTimeout(r, 0));

describe('mountMap', () => {
	it('creates the map on its container, hands it to ready, and removes it after removing', async () => {
		made.length = 0;
		const container = { id: 'box' };
		const seen: string[] = [];
		const stop = mountMap(
			() => container as never,
			{ zoomSnap: 1 },
			{
				prepare: async () => 'prepared',
				ready: (_lib, map, prepared) => seen.push(`ready ${prepared} ${(map as never as { record: unknown }).record === made[0]}`),
				failed: () => seen.push('failed'),
				removing: (map) => (map as never as { record: { log: string[] } }).record.log.push('removing')
			}
		);
		await settle();
		expect(made).toHaveLength(1);
		expect(made[0]).toMatchObject({ element: container, options: { zoomSnap: 1 }, removed: false });
		expect(seen).toEqual(['ready prepared true']);
		stop();
		expect(made[0]?.log).toEqual(['removing', 'remove']);
		stop();
		expect(made[0]?.log).toEqual(['removing', 'remove']);
	});

	it('makes no map for a component gone before Leaflet answered, and none without a container', async () => {
		made.length = 0;
		const life = { ready: vi.fn(), failed: vi.fn() };
		mountMap(() => ({}) as never, {}, life)();
		mountMap(() => undefined, {}, life);
		await settle();
		expect(made).toHaveLength(0);
		expect(life.ready).not.toHaveBeenCalled();
		expect(life.failed).not.toHaveBeenCalled();
	});

	it('says when the map cannot be made', async () => {
		const failed = vi.fn();
		mountMap(() => ({}) as never, {}, { prepare: () => Promise.reject(new Error('no room')), ready: vi.fn(), failed });
		await settle();
		expect(failed).toHaveBeenCalledWith(new Error('no room'));
	});
});

function files(dir: string, out: string[] = []): string[] {
	for (const name of readdirSync(dir)) {
		const path = join(dir, name);
		if (statSync(path).isDirectory()) files(path, out);
		else if (/\.(ts|svelte)$/.test(name)) out.push(path);
	}
	return out;
}

it('no file but map/leaflet.ts loads Leaflet itself (the others only name its types)', () => {
	const loading = files('src').filter((path) => {
		const text = readFileSync(path, 'utf8');
		return /import\s*\(\s*['"]leaflet['"]\s*\)|import\s+(?!type\b)[^;]*from\s*['"]leaflet['"]/.test(text);
	});
	expect(loading).toEqual([join('src', 'lib', 'map', 'leaflet.ts')]);
});
