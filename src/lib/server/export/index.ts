/**
 * Exports of the census, for the route GET /api/export/[format] and the command line
 * alike: the rows of censusRows (a page of records at a time) go through one writer per format
 * and come out as bytes the consumer pulls, so a slow download slows the reading of the database
 * instead of filling memory. An export "with private data" is written in the audit log before its
 * first byte (a download cancelled halfway has still shown some of those data).
 */
import { filterToParams } from '$lib/schemas/census';
import { isoDay } from '$lib/domain/dates';
import type { CensusFilter, CensusRow } from '$lib/domain/census';
import type { ExportContext, ExportFormat } from '$lib/domain/export-columns';
import type { Territory } from '$lib/domain/territory';
import type { Store, User } from '../store/types';
import { censusContext, censusRows } from '../census/rows';
import { csvChunks } from './csv';
import { geoJsonChunks } from './geojson';
import { exportContext, exportTimeZone } from './labels';
import { photosZipChunks } from './photos';
import { photoBytesFor, type PhotoBytes } from '../photo-bytes';
import { xlsxChunks } from './xlsx';

export { EXPORT_FORMATS, isExportFormat, type ExportFormat } from '$lib/domain/export-columns';

export const CONTENT_TYPE: Readonly<Record<ExportFormat, string>> = {
	csv: 'text/csv; charset=utf-8',
	'csv-plain': 'text/csv; charset=utf-8',
	xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
	geojson: 'application/geo+json',
	photos: 'application/zip'
};

/** Photos carry no contact data: the private option does not apply to them. */
export const takesPrivate = (format: ExportFormat) => format !== 'photos';

/** `atlas-outils-2026-11-28.csv`, `…-simple.csv`, `…-prive.xlsx` (the name says it holds private data). */
export function exportFileName(format: ExportFormat, now: Date, withPrivate: boolean): string {
	const day = isoDay(now);
	if (format === 'photos') return `atlas-outils-photos-${day}.zip`;
	const priv = withPrivate ? '-prive' : '';
	switch (format) {
		case 'csv':
			return `atlas-outils-${day}${priv}.csv`;
		case 'csv-plain':
			return `atlas-outils-${day}-simple${priv}.csv`;
		case 'xlsx':
			return `atlas-outils-${day}${priv}.xlsx`;
		case 'geojson':
			return `atlas-outils-${day}${priv}.geojson`;
	}
}

export interface ExportOptions {
	format: ExportFormat;
	withPrivate: boolean;
	ctx: ExportContext;
	/** The photos folder (for `photos`: the files of a SQLite store). */
	photosDir: string;
	/** Where the photos are read (openExport: the store's); the files of `photosDir` when absent. */
	photoBytes?: PhotoBytes;
	timeZone?: string;
}

async function* bytes(chunks: AsyncIterable<string>): AsyncGenerator<Uint8Array> {
	for await (const chunk of chunks) yield Buffer.from(chunk, 'utf8');
}

/** The bytes of an export of `rows`, pulled by the consumer (ending the iteration stops the export). */
export function exportBytes(rows: AsyncIterable<CensusRow>, o: ExportOptions): AsyncIterable<Uint8Array> {
	const timeZone = o.timeZone ?? exportTimeZone();
	const withPrivate = o.withPrivate && takesPrivate(o.format);
	switch (o.format) {
		case 'csv':
		case 'csv-plain':
			return bytes(csvChunks(rows, { form: o.format === 'csv' ? 'french' : 'plain', withPrivate, ctx: o.ctx, timeZone }));
		case 'geojson':
			return bytes(geoJsonChunks(rows, { withPrivate, ctx: o.ctx }));
		case 'photos':
			return photosZipChunks(rows, { ...(o.photoBytes ? { bytes: o.photoBytes } : { dir: o.photosDir }), ctx: o.ctx, timeZone });
		case 'xlsx':
			return xlsxChunks(rows, { withPrivate, ctx: o.ctx, timeZone });
	}
}

/** A web stream of those bytes, for a Response: it pulls a chunk when the client takes one. */
export function toWebStream(source: AsyncIterable<Uint8Array>): ReadableStream<Uint8Array> {
	const it = source[Symbol.asyncIterator]();
	return new ReadableStream<Uint8Array>({
		async pull(controller) {
			const next = await it.next();
			if (next.done) controller.close();
			else controller.enqueue(next.value);
		},
		async cancel() {
			await it.return?.();
		}
	});
}

export interface ExportRequest {
	format: ExportFormat;
	filter: CensusFilter;
	withPrivate: boolean;
	/** Who asks: the census is read with their rights. */
	user: User;
	territory: Territory;
	photosDir: string;
	/** The audit entry of a private export: who (null for the operator's command line), from where. */
	audit: { actorId: string | null; ip: string | null; via?: 'cli' };
	now?: Date;
	timeZone?: string;
}

export interface OpenedExport {
	bytes: AsyncIterable<Uint8Array>;
	fileName: string;
	contentType: string;
	/** Rows read so far (all of them once the bytes are consumed). */
	stats: { rows: number };
}

async function* counted<T>(rows: AsyncIterable<T>, stats: { rows: number }): AsyncGenerator<T> {
	for await (const row of rows) {
		stats.rows++;
		yield row;
	}
}

/** Opens an export: audits a private one, then returns its bytes, file name and type. */
export async function openExport(store: Store, r: ExportRequest): Promise<OpenedExport> {
	const now = r.now ?? new Date();
	const withPrivate = r.withPrivate && takesPrivate(r.format);
	if (withPrivate) {
		await store.audit({
			at: now.toISOString(),
			actorId: r.audit.actorId,
			action: 'export.private',
			target: null,
			detail: { format: r.format, filter: filterToParams(r.filter).toString(), ...(r.audit.via ? { via: r.audit.via } : {}) },
			ip: r.audit.ip
		});
	}
	const stats = { rows: 0 };
	const rows = counted(censusRows(store, r.user, r.filter, await censusContext(store, r.territory, now)), stats);
	return {
		stats,
		bytes: exportBytes(rows, {
			format: r.format,
			withPrivate,
			ctx: exportContext(r.territory),
			photosDir: r.photosDir,
			photoBytes: photoBytesFor(store, r.photosDir),
			timeZone: r.timeZone
		}),
		fileName: exportFileName(r.format, now, withPrivate),
		contentType: CONTENT_TYPE[r.format]
	};
}
