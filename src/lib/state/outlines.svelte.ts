/**
 * The territory's commune outlines (GET /api/territory/outlines, GeoJSON), kept in IndexedDB for
 * offline use: drawn on the maps, used to propose the commune of a point placed on the map and to
 * know the box of a commune to prepare offline. Refreshed with an ETag when online.
 */
import * as v from 'valibot';
import { db } from '$lib/db/database';
import { fetchOutlines } from '$lib/api/territory';
import { bboxOf, communeAt, type CommuneOutline, type OutlineCollection } from '$lib/domain/polygons';
import type { Bbox } from '$lib/domain/tiles';

const num = v.pipe(v.number(), v.finite());
const position = v.pipe(v.array(num), v.minLength(2));
const ring = v.pipe(v.array(position), v.minLength(4));
const geometry = v.variant('type', [
	v.object({ type: v.literal('Polygon'), coordinates: v.array(ring) }),
	v.object({ type: v.literal('MultiPolygon'), coordinates: v.array(v.array(ring)) })
]);
const FeatureSchema = v.object({
	type: v.literal('Feature'),
	properties: v.object({ code: v.string(), nom: v.string(), centre: v.optional(v.nullable(v.tuple([num, num]))) }),
	geometry
});
const CollectionSchema = v.object({ type: v.literal('FeatureCollection'), features: v.array(v.unknown()) });

/** Reads a collection, keeping the valid features (one bad outline does not hide the others). */
export function parseOutlines(input: unknown): OutlineCollection | null {
	const c = v.safeParse(CollectionSchema, input);
	if (!c.success) return null;
	const features = c.output.features.filter((f) => v.is(FeatureSchema, f)) as CommuneOutline[];
	return { type: 'FeatureCollection', features };
}

class OutlinesState {
	features = $state.raw<CommuneOutline[]>([]);
	status = $state<'idle' | 'loading' | 'ready' | 'missing'>('idle');
	#loading: Promise<void> | null = null;

	load(): Promise<void> {
		this.#loading ??= this.#load();
		return this.#loading;
	}

	/** The commune whose outline holds the point (offline), or null. */
	communeAt(lon: number, lat: number): CommuneOutline | null {
		return communeAt(lon, lat, this.features);
	}

	outline(insee: string): CommuneOutline | undefined {
		return this.features.find((f) => f.properties.code === insee);
	}

	bbox(insee: string): Bbox | null {
		const f = this.outline(insee);
		return f ? bboxOf(f.geometry) : null;
	}

	async #load(): Promise<void> {
		this.status = 'loading';
		let etag: string | null = null;
		try {
			const row = await db().territory.get('outlines');
			const parsed = row ? parseOutlines(row.value) : null;
			if (parsed) {
				this.features = parsed.features;
				etag = row?.etag ?? null;
				this.status = 'ready';
			}
		} catch (e) {
			console.error(e);
		}
		await this.refresh(etag);
		if (this.status !== 'ready') this.status = 'missing';
	}

	/** Ask the server for newer outlines; silent when offline or unavailable (the stored ones stay). */
	async refresh(etag: string | null = null): Promise<void> {
		try {
			const fresh = await fetchOutlines(etag);
			if (!fresh) return;
			const parsed = parseOutlines(fresh.value);
			if (!parsed) return;
			await db().territory.put({ key: 'outlines', value: parsed, etag: fresh.etag, fetchedAt: new Date().toISOString() });
			this.features = parsed.features;
			this.status = 'ready';
		} catch {
			// Offline, server unreachable or no outlines there (503): the stored outlines are used.
		}
	}
}

export const outlinesState = new OutlinesState();
