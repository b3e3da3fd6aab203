/**
 * Every field of a sheet is described once (src/lib/domain/fields.ts) and the form, the page, the
 * exports, the history and the census read that description. These tests fail when a field lacks a
 * piece: its words in either catalogue (label, hint, short name in the history, export header and
 * description, the labels of its codes), its export column, its schema, its place in the form or on
 * the page, the hand-written code of a piece it marks `custom`, the census parameter it says filters it.
 */
import { readFileSync } from 'node:fs';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { fr } from '$lib/i18n/fr';
import { en } from '$lib/i18n/en';
import { FIELD_DEFS, FIELD_NAMES, columnName, fieldDef, sectionFieldNames, type FieldName } from '$lib/domain/fields';
import { FORM_SECTION_IDS, formSections } from '$lib/domain/form-sections';
import { blankFields, PRIVATE_FIELDS } from '$lib/domain/sheet';
import { CUSTOM_EXPORT_FIELDS, EXPORT_COLUMNS } from '$lib/domain/export-columns';
import { FIELD_SCHEMAS, SheetFieldsSchema } from '$lib/schemas/sheet';
import { filterFromParams } from '$lib/schemas/census';
import { EMPTY_CENSUS_FILTER } from '$lib/domain/census';

const CATALOGUES = { fr: fr as Record<string, string>, en: en as Record<string, string> };

/** The keys missing from either catalogue, as « fr: field.x ». */
function missing(keys: readonly string[]): string[] {
	return Object.entries(CATALOGUES).flatMap(([lang, cat]) => keys.filter((k) => !Object.hasOwn(cat, k)).map((k) => `${lang}: ${k}`));
}

const source = (path: string) => readFileSync(path, 'utf8');
/** The hand-written pieces a component draws: the field names it tests with `name === '…'`. */
const drawnBy = (...paths: string[]) => new Set(paths.flatMap((p) => [...source(p).matchAll(/name === '(\w+)'/g)].map((m) => m[1] as string)));

describe('the description of each field', () => {
	it('lists the fields in the order they are stored, each once', () => {
		expect(new Set(FIELD_NAMES).size).toBe(FIELD_NAMES.length);
		expect(FIELD_NAMES).toEqual(Object.keys(FIELD_DEFS));
	});

	it('gives each field its words in both catalogues: label, hint, short name in the history', () => {
		const keys = FIELD_NAMES.flatMap((name) => {
			const d = fieldDef(name);
			const out = [`history.field.${name}`];
			// A piece drawn from the description shows `field.<name>` as its label (and its hint).
			const drawn = (d.form && d.form.control !== 'custom') || (d.detail && d.detail.as !== 'custom' && d.detail.as !== 'part');
			if (drawn) out.push(`field.${name}`);
			if (d.form && 'hint' in d.form && d.form.hint) out.push(`field.${name}_hint`);
			return out;
		});
		expect(missing(keys)).toEqual([]);
	});

	it('names every code of a closed list in both catalogues (form chips, page, history, exports)', () => {
		const keys = FIELD_NAMES.flatMap((name) => {
			const value = fieldDef(name).value;
			const form = fieldDef(name).form;
			if (value.kind !== 'code' && value.kind !== 'codes') return [];
			const prefixes = [value.prefix, ...(form && 'labelPrefix' in form && form.labelPrefix ? [form.labelPrefix] : [])];
			return prefixes.flatMap((prefix) => value.ids.map((id) => `${prefix}.${id}`));
		});
		expect(missing(keys)).toEqual([]);
	});

	it('gives each field a schema that accepts its blank value', () => {
		expect(Object.keys(FIELD_SCHEMAS)).toEqual(FIELD_NAMES);
		const blank = blankFields('pressoir', '2026-11-28', 'Marie');
		expect(Object.keys(blank)).toEqual(FIELD_NAMES);
		expect(v.safeParse(SheetFieldsSchema, blank).success).toBe(true);
	});

	it('gives each field its export column(s), each with its header and description in both catalogues', () => {
		const names = EXPORT_COLUMNS.map((c) => c.name);
		for (const field of FIELD_NAMES) {
			if (fieldDef(field).export === 'column') expect(names, field).toContain(columnName(field));
			else expect(CUSTOM_EXPORT_FIELDS, field).toContain(field);
		}
		expect(new Set(names).size).toBe(names.length);
		expect(missing(names.flatMap((n) => [`export.col.${n}`, `export.desc.${n}`]))).toEqual([]);
	});

	it('keeps a named person’s fields private: stripped by the server, out of default exports', () => {
		expect([...PRIVATE_FIELDS].sort()).toEqual(FIELD_NAMES.filter((n) => fieldDef(n).private).sort());
		for (const field of FIELD_NAMES) {
			if (fieldDef(field).export !== 'column') continue;
			const column = EXPORT_COLUMNS.find((c) => c.name === columnName(field));
			expect(!!column?.private, field).toBe(!!fieldDef(field).private);
		}
	});

	it('places each field of the form in a section, and each `after` and `within` names a field of that section', () => {
		for (const field of FIELD_NAMES) {
			const form = fieldDef(field).form;
			if (!form) continue;
			expect(FORM_SECTION_IDS, field).toContain(form.section);
			const mates: string[] = sectionFieldNames(form.section);
			for (const other of [form.after, form.within]) if (other) expect(mates, `${field} → ${other}`).toContain(other);
		}
		const placed = FORM_SECTION_IDS.flatMap((id) => sectionFieldNames(id));
		expect(placed.sort()).toEqual(FIELD_NAMES.filter((n) => fieldDef(n).form).sort());
		// Every section of a category that has them all holds at least one field.
		expect(formSections(blankFields('pressoir', '2026-11-28')).every((s) => s.fields.length > 0)).toBe(true);
	});

	it('draws by hand every piece a field marks `custom`: in the form and on the page', () => {
		const form = drawnBy('src/lib/components/sheet/SheetForm.svelte', 'src/lib/components/sheet/SheetSections.svelte');
		const page = drawnBy('src/lib/components/sheet/SheetDetail.svelte');
		// The name and the category are the page's title lines, the photos a gallery below the list.
		const pageTop = new Set(['name', 'category', 'categoryOther', 'photos']);
		for (const field of FIELD_NAMES) {
			const d = fieldDef(field);
			if (d.form?.control === 'custom' && !d.form.within) expect(form, `form: ${field}`).toContain(field);
			if (d.detail?.as === 'custom' && !pageTop.has(field)) expect(page, `page: ${field}`).toContain(field);
			if (d.detail?.as === 'part') expect(fieldDef(d.detail.of as FieldName).detail?.as, `${field} on the line of ${d.detail.of}`).toBeDefined();
		}
	});

	it('filters the census on each field it says is filterable, by its own query parameter', () => {
		for (const field of FIELD_NAMES) {
			const { filter, value } = fieldDef(field);
			if (!filter) continue;
			expect(value.kind === 'code', field).toBe(true);
			const id = value.kind === 'code' ? value.ids[0] : '';
			const parsed = filterFromParams(new URLSearchParams([[filter, String(id)]]));
			expect(parsed, field).not.toBeNull();
			expect(parsed, field).not.toEqual(EMPTY_CENSUS_FILTER);
		}
	});
});
