/**
 * Leaflet, loaded only by the screens that show a map (the map screen, the small map of the form
 * once opened): the sheet form stays light. The CSS comes with it. Every map of the app lives
 * through mountMap.
 */
import type * as Leaflet from 'leaflet';
import type { Bbox } from '$lib/domain/tiles';

export type L = typeof Leaflet;

let loading: Promise<L> | null = null;

function loadLeaflet(): Promise<L> {
	loading ??= Promise.all([import('leaflet'), import('leaflet/dist/leaflet.css')]).then(([mod]) => {
		const leaflet = ((mod as unknown as { default?: L }).default ?? mod) as L;
		return leaflet;
	});
	return loading;
}

/** What a map does at each step of its life (mountMap). */
export interface MapLife<T> {
	/** Work before the map exists (a choice read from the device…); its answer goes to `ready`. */
	prepare?: (lib: L) => Promise<T>;
	/** The map exists on its container: controls, layers, listeners, the component's state. */
	ready: (lib: L, map: Leaflet.Map, prepared: T) => void;
	/** Leaflet, `prepare` or `ready` failed: the screen says the map is unavailable. */
	failed: (e: unknown) => void;
	/** Just before the map is removed: forget what points at it (layers, test hooks). */
	removing?: (map: Leaflet.Map) => void;
}

/**
 * The one life of every map of the app, for a component's onMount: Leaflet loaded (loadLeaflet, so
 * the screens without a map stay light), the map created on `container()` with `options`, handed
 * to `life.ready`; the returned function removes it (map.remove(), after `life.removing`).
 * Invariants: a component gone before Leaflet (or `prepare`) answered gets no map, and a map is
 * always removed with its component. Resizing is Leaflet's own (it follows the window); fitting a
 * box is `fitBox`.
 */
export function mountMap<T = undefined>(container: () => HTMLElement | null | undefined, options: Leaflet.MapOptions, life: MapLife<T>): () => void {
	let gone = false;
	let created: Leaflet.Map | null = null;
	void (async () => {
		try {
			const lib = await loadLeaflet();
			const prepared = life.prepare ? await life.prepare(lib) : (undefined as T);
			const element = container();
			if (gone || !element) return;
			created = lib.map(element, options);
			life.ready(lib, created, prepared);
		} catch (e) {
			if (!gone) life.failed(e);
		}
	})();
	return () => {
		gone = true;
		if (!created) return;
		life.removing?.(created);
		created.remove();
		created = null;
	};
}

/** The Leaflet bounds of a box of the app's geography. */
export function boxBounds(lib: L, box: Bbox): Leaflet.LatLngBounds {
	return lib.latLngBounds([box.south, box.west], [box.north, box.east]);
}

/** Shows `box` whole on `map`, `padding` pixels inside its edges. */
export function fitBox(lib: L, map: Leaflet.Map, box: Bbox, padding: number, options: Leaflet.FitBoundsOptions = {}): void {
	map.fitBounds(boxBounds(lib, box), { padding: [padding, padding], ...options });
}
