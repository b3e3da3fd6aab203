/**
 * Valibot schemas of the map: the tile sources an operator configures
 * (`ATLAS_TILE_SOURCES`, served by GET /api/map/sources) and the commune outlines (GeoJSON, RFC 7946:
 * longitude/latitude in WGS 84) — as the API Géo answers them, as a coordinator uploads them, as the
 * server stores and serves them.
 *
 * Tile source messages are English: they reach the operator who set the environment variable, in
 * the server's start-up error. Outline checks only say yes or no: the route answers a French code.
 */
import * as v from 'valibot';
import type { CommuneOutline, OutlineCollection, Position, Ring } from '$lib/domain/polygons';
import { isOpenStreetMap, type TileSource } from '$lib/domain/tile-sources';
import { INSEE_RE } from './sheet';

// ---------- tile sources ----------

export const TILE_SOURCE_ID_RE = /^[a-z0-9-]{1,32}$/;
/** The placeholders a tile URL may hold; each of {z}, {x}, {y} is required. */
const PLACEHOLDER_RE = /\{[^}]*\}/g;
const REQUIRED_PLACEHOLDERS = ['{z}', '{x}', '{y}'] as const;

/** An http(s) URL without credentials (they would be shown to every page). */
function httpUrlProblem(text: string): string | null {
	let url: URL;
	try {
		url = new URL(text);
	} catch {
		return 'not a valid URL';
	}
	if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'must start with http:// or https://';
	if (url.username || url.password) return 'must not hold a user name or password';
	if (!url.hostname) return 'has no host';
	return null;
}

const tileUrl = v.pipe(
	v.string('a string is expected'),
	v.maxLength(2000, 'too long (2000 characters at most)'),
	v.check((s) => REQUIRED_PLACEHOLDERS.every((p) => s.includes(p)), 'must contain the {z}, {x} and {y} placeholders'),
	v.check(
		(s) => (s.match(PLACEHOLDER_RE) ?? []).every((p) => (REQUIRED_PLACEHOLDERS as readonly string[]).includes(p)),
		'only the {z}, {x} and {y} placeholders are supported (no {s} subdomains: give one host)'
	),
	v.rawCheck(({ dataset, addIssue }) => {
		if (!dataset.typed) return;
		const problem = httpUrlProblem(dataset.value.replace(PLACEHOLDER_RE, '0'));
		if (problem) addIssue({ message: problem });
	})
);

const httpUrl = v.pipe(
	v.string('a string is expected'),
	v.maxLength(2000, 'too long (2000 characters at most)'),
	v.rawCheck(({ dataset, addIssue }) => {
		if (!dataset.typed) return;
		const problem = httpUrlProblem(dataset.value);
		if (problem) addIssue({ message: problem });
	})
);

const zoom = v.pipe(
	v.number('a number is expected'),
	v.integer('a whole number is expected'),
	v.minValue(0, 'must be 0 or more'),
	v.maxValue(24, 'must be 24 or less')
);

const text = (max: number) =>
	v.pipe(v.string('a string is expected'), v.trim(), v.nonEmpty('must not be empty'), v.maxLength(max, `too long (${max} characters at most)`));

/**
 * One tile source. `minZoom`, `maxZoom`, `prefetch` and `tileBytes` may be left out; `prefetch`
 * then says no: only a source whose terms allow bulk download may be prepared for offline use.
 */
export const TileSourceSchema = v.pipe(
	v.strictObject(
		{
			id: v.pipe(v.string('a string is expected'), v.regex(TILE_SOURCE_ID_RE, 'lower-case letters, digits and "-" expected (1 to 32)')),
			name: text(80),
			url: tileUrl,
			attribution: v.pipe(
				text(300),
				v.check((s) => !/[<>]/.test(s), 'plain text expected (no HTML)')
			),
			attributionUrl: httpUrl,
			maxZoom: v.optional(zoom, 19),
			minZoom: v.optional(zoom, 0),
			prefetch: v.optional(v.boolean('true or false expected'), false),
			tileBytes: v.optional(
				v.pipe(
					v.number('a number is expected'),
					v.integer('a whole number is expected'),
					v.minValue(100, 'must be 100 or more'),
					v.maxValue(5_000_000, 'must be 5000000 or less')
				),
				20_000
			)
		},
		(issue) => (issue.expected === 'never' ? `unknown key ${issue.received}` : issue.expected === 'Object' ? 'an object is expected' : 'required key missing')
	),
	v.check((s) => s.minZoom <= s.maxZoom, 'minZoom must not be above maxZoom'),
	// OpenStreetMap's tile policy forbids bulk download: its tiles are only cached as they are viewed.
	v.check((s) => !(s.prefetch && isOpenStreetMap(s.url)), 'prefetch must be false for OpenStreetMap (its tile policy forbids bulk download)')
);

export const TileSourcesSchema = v.pipe(
	v.array(TileSourceSchema, 'a JSON array of tile sources is expected'),
	v.nonEmpty('at least one tile source is expected'),
	v.maxLength(20, '20 tile sources at most'),
	v.check((list) => new Set(list.map((s) => s.id)).size === list.length, 'two sources have the same id')
);

/** GET /api/map/sources. */
export const MapSourcesAnswerSchema = v.object({ sources: TileSourcesSchema });

// The schema and the domain type must describe the same shape.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const sameSource: Same<v.InferOutput<typeof TileSourceSchema>, TileSource> = true;
void sameSource;

// ---------- GeoJSON areas (RFC 7946) ----------

export type LonLat = [number, number];

function isLonLat(p: unknown): p is LonLat {
	if (!Array.isArray(p) || p.length !== 2) return false;
	const [lon, lat] = p as unknown[];
	return (
		typeof lon === 'number' && Number.isFinite(lon) && lon >= -180 && lon <= 180 && typeof lat === 'number' && Number.isFinite(lat) && lat >= -90 && lat <= 90
	);
}

function isPosition(p: unknown): p is Position {
	if (!Array.isArray(p) || p.length < 2 || p.length > 3) return false;
	if (!isLonLat(p.slice(0, 2))) return false;
	return p.length === 2 || (typeof p[2] === 'number' && Number.isFinite(p[2]));
}

/** A linear ring: 4 positions or more, closed (the last equals the first). Loops, not `every`: large. */
function isRing(r: unknown): r is Ring {
	if (!Array.isArray(r) || r.length < 4) return false;
	for (const p of r) if (!isPosition(p)) return false;
	const first = r[0] as Position;
	const last = r[r.length - 1] as Position;
	return first[0] === last[0] && first[1] === last[1];
}

function isPolygonCoordinates(c: unknown): c is Ring[] {
	if (!Array.isArray(c) || c.length === 0) return false;
	for (const ring of c) if (!isRing(ring)) return false;
	return true;
}

function isMultiPolygonCoordinates(c: unknown): c is Ring[][] {
	if (!Array.isArray(c) || c.length === 0) return false;
	for (const polygon of c) if (!isPolygonCoordinates(polygon)) return false;
	return true;
}

export const PolygonSchema = v.object({
	type: v.literal('Polygon'),
	coordinates: v.custom<Ring[]>(isPolygonCoordinates, 'polygon coordinates expected')
});

export const MultiPolygonSchema = v.object({
	type: v.literal('MultiPolygon'),
	coordinates: v.custom<Ring[][]>(isMultiPolygonCoordinates, 'multipolygon coordinates expected')
});

export const AreaGeometrySchema = v.variant('type', [PolygonSchema, MultiPolygonSchema]);

export const LonLatSchema = v.custom<LonLat>(isLonLat, '[longitude, latitude] expected');

/** A GeoJSON Point, as the API Géo writes a centre. */
const PointSchema = v.object({ type: v.literal('Point'), coordinates: LonLatSchema });

const insee = v.pipe(v.string(), v.regex(INSEE_RE));

// ---------- outlines as the app serves them ----------

/** One commune: its outline and the point where its name or marker goes. */
export const OutlineFeatureSchema = v.object({
	type: v.literal('Feature'),
	properties: v.object({
		code: insee,
		nom: v.pipe(v.string(), v.nonEmpty(), v.maxLength(200)),
		centre: LonLatSchema
	}),
	geometry: AreaGeometrySchema
});

/** GET /api/territory/outlines: one feature per commune of the territory that has an outline. */
export const OutlinesSchema = v.pipe(
	v.object({
		type: v.literal('FeatureCollection'),
		features: v.array(OutlineFeatureSchema)
	}),
	v.check((c) => new Set(c.features.map((f) => f.properties.code)).size === c.features.length, 'duplicate_commune')
);

export type OutlineFeature = v.InferOutput<typeof OutlineFeatureSchema>;
export type Outlines = v.InferOutput<typeof OutlinesSchema>;

// What the server serves is what the app's geometry helpers take (centre always known here).
const servedIsDomain: [OutlineFeature] extends [CommuneOutline] ? ([Outlines] extends [OutlineCollection] ? true : false) : false = true;
void servedIsDomain;

/** The setting `outlines` (or an older version's outlines.json), checked again when read back. */
export const StoredOutlinesSchema = v.object({
	source: v.picklist(['api-geo', 'file']),
	fetchedAt: v.pipe(v.string(), v.isoTimestamp()),
	/** Hash of the sorted INSEE codes of the territory the outlines were made for. */
	territoryKey: v.pipe(v.string(), v.nonEmpty(), v.maxLength(64)),
	collection: OutlinesSchema
});

export type StoredOutlines = v.InferOutput<typeof StoredOutlinesSchema>;

// ---------- outlines as they come in ----------

/**
 * A commune as the API Géo answers `format=geojson&geometry=contour`. Its `centre` is usually left
 * out in GeoJSON (it would be a second geometry); accepted as a Point or a pair when present. A
 * commune without a contour comes with a null geometry: it is then simply not outlined.
 */
export const ApiGeoFeatureSchema = v.object({
	type: v.literal('Feature'),
	properties: v.looseObject({
		code: insee,
		nom: v.optional(v.pipe(v.string(), v.nonEmpty(), v.maxLength(200))),
		centre: v.optional(v.nullable(v.union([PointSchema, LonLatSchema])))
	}),
	geometry: v.nullable(AreaGeometrySchema)
});

export const ApiGeoCollectionSchema = v.object({
	type: v.literal('FeatureCollection'),
	features: v.array(ApiGeoFeatureSchema)
});

/** GET /communes/{code}?format=geojson answers one Feature; a collection is accepted too. */
export const ApiGeoAnswerSchema = v.variant('type', [ApiGeoFeatureSchema, ApiGeoCollectionSchema]);

export type ApiGeoFeature = v.InferOutput<typeof ApiGeoFeatureSchema>;

/**
 * The coordinator's GeoJSON file: a FeatureCollection of Polygon/MultiPolygon in longitude/latitude.
 * Which property holds the INSEE code varies with the producer (`code`, `insee`, IGN's `INSEE_COM`):
 * read by the server, not fixed here. An old-style `crs` member is accepted only when it names WGS 84
 * (a file in Lambert-93 would fail the coordinate ranges anyway).
 */
export const UploadedOutlinesSchema = v.object({
	type: v.literal('FeatureCollection'),
	crs: v.optional(
		v.object({
			type: v.literal('name'),
			properties: v.object({
				name: v.picklist(['urn:ogc:def:crs:OGC:1.3:CRS84', 'urn:ogc:def:crs:OGC::CRS84', 'urn:ogc:def:crs:EPSG::4326', 'EPSG:4326'])
			})
		})
	),
	features: v.pipe(
		v.array(
			v.object({
				type: v.literal('Feature'),
				properties: v.nullable(v.record(v.string(), v.unknown())),
				geometry: AreaGeometrySchema
			})
		),
		v.nonEmpty()
	)
});

export type UploadedOutlines = v.InferOutput<typeof UploadedOutlinesSchema>;
