/**
 * Lists and rules written once (docs/design.md, « Lists and rules written once »): the export
 * formats, the roles, the id shape, the OpenStreetMap test and the review permission of the tabs'
 * badges. Each reader is checked against the one source, so adding an entry there shows up (or
 * fails here) everywhere.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import * as v from 'valibot';
import { EXPORT_FORMATS, isExportFormat } from '$lib/domain/export-columns';
import { canOnSheet, ROLES, type Actor } from '$lib/domain/access';
import { isOpenStreetMap } from '$lib/domain/tile-sources';
import { ThreadEntrySchema } from '$lib/schemas/sheet';
import { TileSourceSchema } from '$lib/schemas/map';
import { run } from '$lib/server/cli/main';
import { cli as frCli } from '$lib/i18n/fr/cli';
import { cli as enCli } from '$lib/i18n/en/cli';
import { hasMessage, switchLocale } from '$lib/i18n';
import { AtlasDb } from '$lib/db/database';
import { waitingSheets, type WaitingSheet } from '$lib/db/review-waiting';
import { reviewBadges } from '$lib/state/review';
import type { Me } from '$lib/schemas/accounts';

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
	const out: string[] = [];
	const err: string[] = [];
	const code = await run(
		argv,
		{ out: (s) => out.push(s), err: (s) => err.push(s) },
		{ dataDir: '/nonexistent-atlas-data', origin: 'https://atlas.example.org' }
	);
	return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('EXPORT_FORMATS', () => {
	afterEach(() => switchLocale('fr'));

	it.each(['fr', 'en'] as const)('the command line help (%s) names every format in its synopsis, in order', async (locale) => {
		await switchLocale(locale);
		const res = await cli('help');
		expect(res.code).toBe(0);
		expect(res.out).toContain(`export --format ${EXPORT_FORMATS.join('|')} --out`);
	});

	it.each([
		['fr', frCli['cli.usage']],
		['en', enCli['cli.usage']]
	])('the command line help (%s) describes every format on a line of its own, and no other', (_locale, usage) => {
		// The lines under « export » that name a word (the options start with --): the formats.
		const exportPart = usage.slice(usage.indexOf('export --format'), usage.indexOf('\n  help'));
		const described = [...exportPart.matchAll(/^ {6}([a-z][a-z0-9-]*) {2,}\S/gm)].map((m) => m[1]);
		expect(described).toEqual([...EXPORT_FORMATS]);
	});

	it('the command line errors list every format', async () => {
		const missing = await cli('export', '--out', 'x.csv');
		expect(missing.code).toBe(2);
		expect(missing.err).toContain(`--format ${EXPORT_FORMATS.slice(0, -1).join(', ')} ou ${EXPORT_FORMATS.at(-1)}.`);
		expect(missing.err).toContain(`--format ${EXPORT_FORMATS.slice(0, -1).join(', ')} or ${EXPORT_FORMATS.at(-1)}.`);
		const unknown = await cli('export', '--format', 'pdf', '--out', 'x.csv');
		expect(unknown.code).toBe(2);
		expect(unknown.err).toContain(`Formats\u00a0: ${EXPORT_FORMATS.join(', ')}.`);
		expect(unknown.err).toContain(`Formats: ${EXPORT_FORMATS.join(', ')}.`);
	});

	it('the export route and the command line accept exactly the formats of the list', () => {
		for (const format of EXPORT_FORMATS) expect(isExportFormat(format), format).toBe(true);
		for (const other of ['', 'CSV', ' csv', 'csv ', 'pdf', 'zip', 'csv_plain', 'xls', 'json', 'photo', 'toString', '__proto__'])
			expect(isExportFormat(other), JSON.stringify(other)).toBe(false);
	});

	it('every format has its link on the census screen, in both languages', async () => {
		for (const format of EXPORT_FORMATS) expect(hasMessage(`census.export.${format}`), format).toBe(true);
		const { census } = await import('$lib/i18n/en/census');
		for (const format of EXPORT_FORMATS) expect(Object.keys(census)).toContain(`census.export.${format}`);
	});

	it('the census screen reads the list (no list of its own)', () => {
		const panel = readFileSync('src/lib/components/census/ExportPanel.svelte', 'utf8');
		expect(panel).toContain('EXPORT_FORMATS');
		expect(panel).not.toMatch(/\[\s*'csv'/);
	});
});

describe('ROLES', () => {
	it('a comment of the thread may be written by every role, and by nothing else', () => {
		const entry = (role: string) => ({ id: 'c1', by: 'Claire', role, text: 'Vu.', status: null, at: '2026-11-28T13:05:00.000Z' });
		for (const role of ROLES) expect(v.is(ThreadEntrySchema, entry(role)), role).toBe(true);
		for (const role of ['admin', 'Mairie', '', 'benévole']) expect(v.is(ThreadEntrySchema, entry(role)), role).toBe(false);
	});
});

/** Every file of src, with its text. */
function sources(dir = 'src', out: { path: string; text: string }[] = []): { path: string; text: string }[] {
	for (const name of readdirSync(dir)) {
		const path = join(dir, name);
		if (statSync(path).isDirectory()) sources(path, out);
		else if (/\.(ts|js|svelte)$/.test(name)) out.push({ path, text: readFileSync(path, 'utf8') });
	}
	return out;
}

describe('rules written once', () => {
	it('the id shape is defined in one place', () => {
		const defining = sources().filter((f) => f.text.includes('{8,64}'));
		expect(defining.map((f) => f.path)).toEqual([join('src', 'lib', 'schemas', 'sheet.ts')]);
	});

	it('the OpenStreetMap test is written in one place', () => {
		const defining = sources().filter((f) => /openstreetmap\\\./i.test(f.text));
		expect(defining.map((f) => f.path)).toEqual([join('src', 'lib', 'domain', 'tile-sources.ts')]);
	});

	it('OpenStreetMap is never prepared ahead, whatever a configuration says', () => {
		const source = (url: string, prefetch: boolean) => ({
			id: 'x',
			name: 'X',
			url,
			attribution: 'X',
			attributionUrl: 'https://x.example/',
			maxZoom: 19,
			minZoom: 0,
			prefetch,
			tileBytes: 1000
		});
		expect(isOpenStreetMap('https://a.tile.openstreetmap.fr/osmfr/{z}/{x}/{y}.png')).toBe(true);
		expect(v.is(TileSourceSchema, source('https://a.tile.openstreetmap.fr/osmfr/{z}/{x}/{y}.png', true))).toBe(false);
		expect(v.is(TileSourceSchema, source('https://a.tile.openstreetmap.fr/osmfr/{z}/{x}/{y}.png', false))).toBe(true);
		expect(v.is(TileSourceSchema, source('https://tiles.example.org/{z}/{x}/{y}.png', true))).toBe(true);
	});
});

describe('the tabs’ badges', () => {
	const me = (id: string, role: Me['role'], communes: string[] = []): Me => ({ id, name: id, role, communes }) as unknown as Me;
	const rows: WaitingSheet[] = [
		{ status: 'soumis', commune: '61309', createdBy: 'vol' },
		{ status: 'soumis', commune: '61079', createdBy: 'vol' },
		{ status: 'soumis', commune: null, createdBy: 'vol' },
		{ status: 'a_corriger', commune: '61309', createdBy: 'vol' },
		{ status: 'a_corriger', commune: '61309', createdBy: 'other' },
		{ status: 'a_corriger', commune: '61309', createdBy: undefined }
	];

	it.each([
		['a volunteer', me('vol', 'benevole'), { toFix: 2, toReview: 0 }],
		['a mairie', me('mai', 'mairie', ['61309']), { toFix: 1, toReview: 1 }],
		['the coordinator', me('coo', 'coordinateur'), { toFix: 1, toReview: 3 }],
		['a device that never joined', null, { toFix: 1, toReview: 0 }]
	])('%s counts what is hers to correct and to review', (_who, person, expected) => {
		expect(reviewBadges(rows, person)).toEqual(expected);
	});

	it('counts for review exactly the sheets the one policy lets her review', () => {
		for (const person of [me('mai', 'mairie', ['61309', '61079']), me('coo', 'coordinateur'), me('vol', 'benevole')]) {
			const actor: Actor = { userId: person.id, role: person.role, communes: person.communes };
			const allowed = rows.filter((r) => r.status === 'soumis' && canOnSheet(actor, 'review', { createdBy: r.createdBy ?? '', commune: r.commune }));
			expect(reviewBadges(rows, person).toReview, person.role).toBe(allowed.length);
		}
	});

	it('reads the waiting sheets of the device, deleted ones and other statuses left out', async () => {
		const db = new AtlasDb(`waiting-${Math.random()}`);
		const put = (id: string, fields: Record<string, unknown>, createdBy?: string) =>
			db.sheets.put({ id, fields, clocks: {}, createdAt: 'x', updatedAt: 'y', ...(createdBy ? { createdBy } : {}) } as never);
		await put('sheet-0001', { status: 'soumis', commune: '61309', deleted: false }, 'vol');
		await put('sheet-0002', { status: 'a_corriger', commune: 42, deleted: false });
		await put('sheet-0003', { status: 'soumis', commune: '61309', deleted: true }, 'vol');
		await put('sheet-0004', { status: 'brouillon', commune: '61309', deleted: false }, 'vol');
		await put('sheet-0005', { status: 'valide', commune: '61309', deleted: false }, 'vol');
		const found = await waitingSheets(db);
		expect(found.sort((a, b) => a.status.localeCompare(b.status))).toEqual([
			{ status: 'a_corriger', commune: null, createdBy: undefined },
			{ status: 'soumis', commune: '61309', createdBy: 'vol' }
		]);
		db.close();
	});
});
