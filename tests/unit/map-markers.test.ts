/**
 * The map screen: each category family has an icon readable WITHOUT colour (its own shape
 * and its own short text, and a French name for the legend), and the map's filters keep the right
 * tools (category, condition, works without mains power, review status; deleted sheets and sheets
 * with no usable location never become markers).
 */
import { describe, expect, it } from 'vitest';
import { FAMILIES, type Category } from '$lib/domain/categories';
import { blankFields, type Sheet, type SheetFields } from '$lib/domain/sheet';
import { ALL_ON_MAP, activeCriteria, filterPoints, mapPoints } from '$lib/domain/map-filter';
import { FAMILY_ICONS, clusterIcon, familyShort, familySvg, markerIcon, markerLabel } from '$lib/map/markers';
import type { L } from '$lib/map/leaflet';
import { hasMessage, label } from '$lib/i18n';

describe('family icons', () => {
	it('gives every family a shape and a short text of its own, and a French name', () => {
		const shapes = FAMILIES.map((f) => FAMILY_ICONS[f].shape);
		const texts = FAMILIES.map((f) => familyShort(f));
		expect(new Set(shapes).size).toBe(FAMILIES.length);
		expect(new Set(texts).size).toBe(FAMILIES.length);
		for (const f of FAMILIES) {
			expect(hasMessage(`map.family_short.${f}`), f).toBe(true);
			expect(familyShort(f)).toMatch(/^\p{L}{1,3}$/u);
			expect(hasMessage(`family.${f}`), f).toBe(true);
			expect(label('family', f)).not.toBe(f);
		}
	});

	it('draws the shape and the text in the SVG, hidden from screen readers (the label speaks)', () => {
		const svg = familySvg('fruits');
		expect(svg).toContain('aria-hidden="true"');
		expect(svg).toContain(`>${familyShort('fruits')}</text>`);
		// Every family's drawing differs from the others even in black and white (shape and text).
		const monochrome = FAMILIES.map((f) => familySvg(f).replace(/fill="#[0-9a-f]{6}"/g, ''));
		expect(new Set(monochrome).size).toBe(FAMILIES.length);
		// No emoji: Debian's Chromium may have no emoji font.
		for (const f of FAMILIES) expect(familySvg(f)).not.toMatch(/\p{Extended_Pictographic}/u);
	});

	it('names a marker with the tool, its category and its family', () => {
		expect(markerLabel('Pressoir de Préaux', 'Pressoir', 'fruits')).toBe('Pressoir de Préaux : Pressoir (Fruits)');
		expect(markerLabel('', 'Moulin à farine', 'grains')).toBe('Outil sans nom : Moulin à farine (Grains et graines)');
	});

	it('builds a 48 px marker whose accessible name is escaped text, and a cluster with its count', () => {
		// A stand-in for Leaflet's divIcon: the options are what matters here.
		const fake = { divIcon: (o: object) => o } as unknown as L;
		const icon = markerIcon(fake, 'viande', '<img src=x onerror=alert(1)> & Cie') as unknown as { html: string; iconSize: number[]; className: string };
		expect(icon.iconSize).toEqual([48, 48]);
		expect(icon.className).toContain('atlas-family-viande');
		expect(icon.html).toContain('&lt;img src=x onerror=alert(1)&gt; &amp; Cie');
		expect(icon.html).not.toContain('<img');
		const cluster = clusterIcon(fake, 12) as unknown as { html: string; iconSize: number[] };
		expect(cluster.html).toContain('>12</span>');
		expect(cluster.html).toContain('12 outils proches');
		expect(cluster.iconSize[0]).toBeGreaterThanOrEqual(48);
	});
});

let n = 0;
function sheet(category: Category, patch: Partial<SheetFields> = {}): Sheet {
	n++;
	const fields: SheetFields = {
		...blankFields(category, '2026-05-01'),
		name: `Outil ${n}`,
		location: { lat: 48.35 + n / 1000, lon: 0.71, accuracy: 8, source: 'gps', at: '2026-05-01T10:00:00.000Z' },
		...patch
	};
	return { id: `s${n}`, fields, clocks: {}, createdAt: '2026-05-01T10:00:00.000Z', updatedAt: '2026-05-01T10:00:00.000Z' } as Sheet;
}

describe('the map filter', () => {
	const press = sheet('pressoir', { condition: 'en_service', worksWithoutMains: 'oui', status: 'valide' });
	const mill = sheet('moulin_farine', { condition: 'a_reparer', worksWithoutMains: 'non', status: 'soumis' });
	const oven = sheet('fournil_four', { condition: null, worksWithoutMains: 'inconnu', status: 'brouillon' });
	const press2 = sheet('pressoir', { condition: 'hors_service', worksWithoutMains: 'inconnu', status: 'a_corriger' });
	const deleted = sheet('pressoir', { deleted: true });
	const nowhere = sheet('abattoir', { location: null });
	const broken = sheet('abattoir', { location: { lat: Number.NaN, lon: 0.7, accuracy: null, source: 'manuel', at: '2026-05-01T10:00:00.000Z' } });
	const points = mapPoints([press, mill, oven, press2, deleted, nowhere, broken]);
	const ids = (f: Partial<typeof ALL_ON_MAP>) => filterPoints(points, { ...ALL_ON_MAP, ...f }).map((p) => p.id);

	it('makes a point of every live sheet with a usable location, with its family', () => {
		expect(points.map((p) => p.id)).toEqual([press.id, mill.id, oven.id, press2.id]);
		expect(points.find((p) => p.id === press.id)).toMatchObject({ family: 'fruits', lat: press.fields.location?.lat, lon: 0.71, commune: null });
		expect(points.find((p) => p.id === oven.id)?.family).toBe('grains');
	});

	it('keeps everything with no criterion', () => {
		expect(ids({})).toEqual([press.id, mill.id, oven.id, press2.id]);
		expect(activeCriteria(ALL_ON_MAP)).toBe(0);
	});

	it('selects by category', () => {
		expect(ids({ category: 'pressoir' })).toEqual([press.id, press2.id]);
		expect(ids({ category: 'moulin_farine' })).toEqual([mill.id]);
		expect(ids({ category: 'abattoir' })).toEqual([]);
	});

	it('selects by condition (a sheet without one only shows under "all")', () => {
		expect(ids({ condition: 'a_reparer' })).toEqual([mill.id]);
		expect(ids({ condition: 'en_service' })).toEqual([press.id]);
		expect(ids({ condition: 'demonte' })).toEqual([]);
	});

	it('selects by "works without mains power"', () => {
		expect(ids({ worksWithoutMains: 'oui' })).toEqual([press.id]);
		expect(ids({ worksWithoutMains: 'non' })).toEqual([mill.id]);
		expect(ids({ worksWithoutMains: 'inconnu' })).toEqual([oven.id, press2.id]);
	});

	it('selects by review status', () => {
		expect(ids({ status: 'valide' })).toEqual([press.id]);
		expect(ids({ status: 'a_corriger' })).toEqual([press2.id]);
		expect(ids({ status: 'archive' })).toEqual([]);
	});

	it('combines criteria (all must hold) and counts them', () => {
		expect(ids({ category: 'pressoir', worksWithoutMains: 'inconnu' })).toEqual([press2.id]);
		expect(ids({ category: 'pressoir', status: 'soumis' })).toEqual([]);
		expect(activeCriteria({ ...ALL_ON_MAP, category: 'pressoir', status: 'valide' })).toBe(2);
	});
});
