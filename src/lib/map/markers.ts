/**
 * The map's markers: one icon per category FAMILY, recognisable WITHOUT colour — each
 * family has its own shape AND its own short text (from the catalogue, `map.family_short.<id>`);
 * colour only helps those who see it. The legend shows the same icons with the families' names.
 *
 * Icons are Leaflet divIcons with small inline SVG: no image file to fetch (offline, and Leaflet's
 * default icons 404 in a bundle), no emoji (Debian's Chromium may lack emoji fonts).
 * Every marker is at least 48 px wide (a tap target for cold hands); the shape is drawn inside it.
 */
import type * as Leaflet from 'leaflet';
import type { L } from './leaflet';
import { FAMILIES, type Family } from '$lib/domain/categories';
import { label, t, tn } from '$lib/i18n';

export type MarkerShape = 'circle' | 'square' | 'diamond' | 'triangle' | 'triangle-down' | 'hexagon' | 'house' | 'drop';

export interface FamilyIcon {
	shape: MarkerShape;
	/** Fill colour; white text on it has a contrast of at least 4.5:1. */
	color: string;
	/** Height of the text's baseline in the 40×40 box (the widest part of the shape). */
	textY: number;
}

/** Invariant (unit-tested): every family has a different shape and a different short text. */
export const FAMILY_ICONS: Record<Family, FamilyIcon> = {
	grains: { shape: 'circle', color: '#7a4f00', textY: 24 },
	fruits: { shape: 'diamond', color: '#a1231b', textY: 24 },
	legumes: { shape: 'hexagon', color: '#2b6a2b', textY: 24 },
	viande: { shape: 'triangle', color: '#6b1f3a', textY: 31 },
	lait: { shape: 'drop', color: '#1d4f7a', textY: 30 },
	cuisines: { shape: 'house', color: '#5b3f8c', textY: 31 },
	froid: { shape: 'square', color: '#0e5a66', textY: 24 },
	autre: { shape: 'triangle-down', color: '#4f564d', textY: 18 }
};

/** SVG outlines in a 40×40 box. */
const SHAPES: Record<MarkerShape, string> = {
	circle: '<circle cx="20" cy="20" r="17.5"/>',
	square: '<rect x="3.5" y="3.5" width="33" height="33" rx="3"/>',
	diamond: '<path d="M20 1.5 38.5 20 20 38.5 1.5 20Z"/>',
	triangle: '<path d="M20 2 38.5 37H1.5Z"/>',
	'triangle-down': '<path d="M1.5 3H38.5L20 38Z"/>',
	hexagon: '<path d="M11 3H29L38.5 20 29 37H11L1.5 20Z"/>',
	house: '<path d="M20 2 38 17V37H2V17Z"/>',
	drop: '<path d="M20 1.5C26 10 35 18 35 25.5 35 33 28.5 38.5 20 38.5S5 33 5 25.5C5 18 14 10 20 1.5Z"/>'
};

/** The short text drawn inside a family's shape. */
export function familyShort(family: Family): string {
	return label('map.family_short', family);
}

function escapeXml(text: string): string {
	return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}

/**
 * The family's icon as SVG markup (decorative: `aria-hidden`; the marker or the legend line carries
 * the words). Built only from constants and catalogue text, escaped.
 */
export function familySvg(family: Family, size = 38): string {
	const icon = FAMILY_ICONS[family];
	return (
		`<svg class="atlas-family-svg" width="${size}" height="${size}" viewBox="0 0 40 40" aria-hidden="true" focusable="false">` +
		`<g fill="${icon.color}" stroke="#ffffff" stroke-width="2.5" stroke-linejoin="round">${SHAPES[icon.shape]}</g>` +
		`<g fill="none" stroke="#1d211c" stroke-width="1" stroke-linejoin="round" opacity="0.6">${SHAPES[icon.shape]}</g>` +
		`<text x="20" y="${icon.textY}" text-anchor="middle" font-family="system-ui, sans-serif" font-size="11.5" font-weight="700" fill="#ffffff">${escapeXml(familyShort(family))}</text>` +
		`</svg>`
	);
}

/** The spoken/visible name of a marker: the tool's name, its category and its family. */
export function markerLabel(name: string, category: string, family: Family): string {
	return t('map.marker_label', { name: name || t('map.untitled'), category, family: label('family', family) });
}

const MARKER_SIZE = 48;

/** A tool's marker. The accessible name is in a visually hidden span (the marker is a button). */
export function markerIcon(leaflet: L, family: Family, accessibleName: string): Leaflet.DivIcon {
	return leaflet.divIcon({
		className: `atlas-marker atlas-family-${family}`,
		html: `${familySvg(family)}<span class="visually-hidden">${escapeXml(accessibleName)}</span>`,
		iconSize: [MARKER_SIZE, MARKER_SIZE],
		iconAnchor: [MARKER_SIZE / 2, MARKER_SIZE / 2]
	});
}

/** The look of a cluster (also drawn in the legend): a white disc, a thick ring, the count. */
export function clusterHtml(count: number | string, size: number): string {
	return `<span class="atlas-cluster-disc" style="width:${size}px;height:${size}px" aria-hidden="true">${escapeXml(String(count))}</span>`;
}

/**
 * A cluster of nearby tools: bigger as it holds more (48 to 64 px). `onePlace`: its tools share one
 * place (a tap spreads them around it rather than zooming in), and its name says so.
 */
export function clusterIcon(leaflet: L, count: number, onePlace = false): Leaflet.DivIcon {
	const size = count < 10 ? 48 : count < 100 ? 56 : 64;
	const name = tn(onePlace ? 'map.cluster_place_label' : 'map.cluster_label', count);
	return leaflet.divIcon({
		className: 'atlas-cluster',
		html: `${clusterHtml(count, size)}<span class="visually-hidden">${escapeXml(name)}</span>`,
		iconSize: [size, size],
		iconAnchor: [size / 2, size / 2]
	});
}

/** Families in legend order. */
export const LEGEND_FAMILIES: readonly Family[] = FAMILIES;
