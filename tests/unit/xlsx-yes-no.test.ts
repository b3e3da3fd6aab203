/**
 * Yes/no columns are typed the same way in every workbook the atlas gives out: the words « Oui » and
 * « Non » (text; a three-way answer adds « Je ne sais pas »), never Excel booleans (which a French
 * spreadsheet shows as VRAI/FAUX) in one file and words in another. Both files are read back.
 */
import { describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { xlsxChunks } from '$lib/server/export/xlsx';
import { coverageXlsx } from '$lib/server/coverage/files';
import type { CoverageAnswer } from '$lib/server/coverage/analysis';
import type { CensusRow } from '$lib/domain/census';
import { ciderPress, farmMill } from '../fixtures/sheets';

const T0 = '2026-11-28T13:05:00.000Z';
const YES_NO = new Set(['Oui', 'Non']);
const TRISTATE = new Set(['Oui', 'Non', 'Je ne sais pas']);

async function* rows(): AsyncGenerator<CensusRow> {
	const row = (id: string, fields: CensusRow['fields']): CensusRow => ({ id, createdBy: 'u', createdByName: 'Marie', createdAt: T0, updatedAt: T0, fields });
	yield row('PressoirPreaux000001', ciderPress({ mobile: false, worksWithoutMains: 'non' }));
	yield row('MoulinMortagne000001', farmMill({ mobile: true, worksWithoutMains: 'oui' }));
	yield row('MoulinInconnu0000001', farmMill({ mobile: false, worksWithoutMains: 'inconnu' }));
}

async function read(bytes: Uint8Array): Promise<ExcelJS.Workbook> {
	const book = new ExcelJS.Workbook();
	await book.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
	return book;
}

/** The values of the column headed `header` in the first sheet, below the header. */
function column(book: ExcelJS.Workbook, header: string): ExcelJS.CellValue[] {
	const ws = book.worksheets[0]!;
	const headers = (ws.getRow(1).values as ExcelJS.CellValue[]).slice(1);
	const index = headers.indexOf(header) + 1;
	expect(index, `column « ${header} »`).toBeGreaterThan(0);
	const out: ExcelJS.CellValue[] = [];
	for (let r = 2; r <= ws.rowCount; r++) out.push(ws.getRow(r).getCell(index).value);
	return out;
}

async function censusWorkbook(): Promise<ExcelJS.Workbook> {
	const parts: Uint8Array[] = [];
	for await (const part of xlsxChunks(rows(), { withPrivate: false, ctx: { commune: () => null }, timeZone: 'Europe/Paris', now: new Date(T0) }))
		parts.push(part);
	return read(Buffer.concat(parts));
}

function coverageAnswer(): CoverageAnswer {
	const commune = (insee: string, distanceKm: number | null, beyond: boolean) => ({
		insee,
		name: `Commune ${insee}`,
		cdc: 'CDC',
		distanceKm,
		nearest: distanceKm === null ? null : { id: 'MoulinMortagne000001', name: 'Moulin', commune: '61293' },
		beyond
	});
	return {
		view: 'service',
		family: 'grains',
		category: null,
		threshold: 15,
		counted: 1,
		unlocated: 0,
		communes: [commune('61001', null, true), commune('61002', 30.2, true), commune('61003', 4.5, false)],
		withoutOutline: [],
		tools: [],
		computedAt: T0
	} as CoverageAnswer;
}

describe('yes/no columns in the workbooks', () => {
	it('the census workbook writes « Oui »/« Non » as text, like its three-way answers', async () => {
		const book = await censusWorkbook();
		const mobile = column(book, 'Outil mobile');
		expect(mobile).toEqual(['Non', 'Oui', 'Non']);
		expect(mobile.every((v) => typeof v === 'string' && YES_NO.has(v))).toBe(true);
		const mains = column(book, 'Fonctionne sans le courant du secteur');
		expect(mains).toEqual(['Non', 'Oui', 'Je ne sais pas']);
		expect(mains.every((v) => typeof v === 'string' && TRISTATE.has(v))).toBe(true);
	});

	it('the coverage workbook writes its yes/no column the same way', async () => {
		const book = await read(await coverageXlsx(coverageAnswer(), 'Territoire de test', (i) => i));
		const beyond = column(book, 'Au-delà du seuil');
		expect(beyond).toEqual(['Oui', 'Oui', 'Non']);
		expect(beyond.every((v) => typeof v === 'string' && YES_NO.has(v))).toBe(true);
	});
});
