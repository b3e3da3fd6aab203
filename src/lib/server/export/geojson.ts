/**
 * The census as GeoJSON (RFC 7946) for QGIS: one FeatureCollection, written a feature at a time.
 * WGS84 longitude/latitude (no `crs` member: RFC 7946 forbids other systems), a sheet without a
 * point is a feature with `geometry: null` (kept, so the file has every sheet), and the properties
 * are the export columns by machine name with raw values (codes, ISO dates, numbers, lists as
 * arrays), plus the French labels of category and family for styling.
 */
import { exportColumns, geoFeature, type ExportContext } from '$lib/domain/export-columns';
import type { CensusRow } from '$lib/domain/census';
import { chunked, exportLabels } from './labels';

export interface GeoJsonOptions {
	withPrivate: boolean;
	ctx: ExportContext;
}

async function* parts(rows: AsyncIterable<CensusRow>, o: GeoJsonOptions): AsyncGenerator<string> {
	const columns = exportColumns({ withPrivate: o.withPrivate, form: 'machine', label: exportLabels().code });
	yield '{"type":"FeatureCollection","features":[';
	let first = true;
	for await (const row of rows) {
		yield (first ? '\n' : ',\n') + JSON.stringify(geoFeature(row, columns, o.ctx));
		first = false;
	}
	yield '\n]}\n';
}

export function geoJsonChunks(rows: AsyncIterable<CensusRow>, o: GeoJsonOptions): AsyncGenerator<string> {
	return chunked(parts(rows, o));
}
