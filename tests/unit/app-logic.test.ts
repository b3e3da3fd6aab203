import { describe, expect, it, vi } from 'vitest';
import { classifyError } from '$lib/errors';
import { filterSheets, sendState, EMPTY_FILTER } from '$lib/domain/listing';
import { formatBytes, formatWait, label, t, tn } from '$lib/i18n';
import { parseDay } from '$lib/domain/dates';
import { fitWithin } from '$lib/photos/resize';
import { needsHomeScreenHint } from '$lib/state/storage.svelte';
import type { Sheet } from '$lib/domain/sheet';
import { ciderPress, farmMill, poultryAbattoir } from '../fixtures/sheets';

const sheet = (id: string, fields: Sheet['fields']): Sheet => ({
	id,
	fields,
	clocks: {},
	createdAt: '2026-11-28T09:00:00.000Z',
	updatedAt: '2026-11-28T09:00:00.000Z'
});

describe('error funnel', () => {
	it('recognises a full disk, even wrapped in an AbortError', () => {
		const quota = new DOMException('full', 'QuotaExceededError');
		expect(classifyError(quota)).toBe('quota');
		expect(classifyError({ name: 'AbortError', inner: quota })).toBe('quota');
		expect(classifyError({ name: 'AbortError', inner: { name: 'AbortError', error: quota } })).toBe('quota');
		expect(classifyError(new DOMException('stop', 'AbortError'))).toBe('abort');
		expect(classifyError({ name: 'DatabaseClosedError' })).toBe('database_closed');
		expect(classifyError(new Error('boom'))).toBe('unknown');
		expect(classifyError(undefined)).toBe('unknown');
	});
});

describe('"Mes fiches" list', () => {
	const communes: Record<string, string> = { '61309': 'Perche en Nocé', '61079': 'Ceton', '61293': 'Mortagne-au-Perche' };
	const name = (insee: string | null) => (insee ? (communes[insee] ?? insee) : '');
	const press = sheet('press', ciderPress({ status: 'soumis' }));
	const abattoir = sheet('abat', poultryAbattoir());
	const mill = sheet('mill', farmMill({ status: 'soumis' }));
	const gone = sheet('gone', farmMill({ deleted: true, name: 'Moulin détruit' }));
	const all = [press, abattoir, mill, gone];
	const pending = new Set(['press', 'abat']);

	it('tells draft, waiting and sent sheets apart', () => {
		expect(sendState(abattoir, pending)).toBe('brouillon');
		expect(sendState(press, pending)).toBe('a_envoyer');
		expect(sendState(mill, pending)).toBe('envoyee');
	});

	it('searches names and commune names ignoring accents and case, and hides deleted sheets', () => {
		const ids = (q: string) => filterSheets(all, { ...EMPTY_FILTER, query: q }, pending, name).map((s) => s.id);
		expect(ids('')).toEqual(['press', 'abat', 'mill']);
		expect(ids('POMMES')).toEqual(['press']);
		expect(ids('noce')).toEqual(['press']);
		expect(ids('ceton volailles')).toEqual(['abat']);
		expect(ids('detruit')).toEqual([]);
	});

	it('filters by category, commune and state', () => {
		expect(filterSheets(all, { ...EMPTY_FILTER, category: 'moulin_farine' }, pending, name).map((s) => s.id)).toEqual(['mill']);
		expect(filterSheets(all, { ...EMPTY_FILTER, commune: '61079' }, pending, name).map((s) => s.id)).toEqual(['abat']);
		expect(filterSheets(all, { ...EMPTY_FILTER, state: 'a_envoyer' }, pending, name).map((s) => s.id)).toEqual(['press']);
	});
});

describe('French words and numbers', () => {
	it('fills messages, plurals and labels from the catalogue', () => {
		expect(tn('list.count', 0)).toBe('0 fiche');
		expect(tn('list.count', 1)).toBe('1 fiche');
		expect(tn('list.count', 1500)).toBe('1\u202f500 fiches');
		expect(t('backup.done', { name: 'a.json', size: '12 ko' })).toBe('Fichier « a.json » créé (12 ko).');
		expect(label('category', 'pressoir')).toBe('Pressoir');
		expect(label('unit', 'm2')).toBe('m²');
		expect(formatWait({ unit: 'minutes', count: 0 })).toBe('moins d’une minute');
		expect(formatWait({ unit: 'days', count: 3 })).toBe('3 jours');
	});

	it('writes sizes in French units', () => {
		expect(formatBytes(850)).toBe('850 o');
		expect(formatBytes(336_000)).toBe('336 ko');
		expect(formatBytes(1_250_000)).toBe('1,3 Mo');
	});

	it('reads dates typed the French way', () => {
		expect(parseDay('28/11/2026')).toBe('2026-11-28');
		expect(parseDay('1/2/2026')).toBe('2026-02-01');
		expect(parseDay('31/02/2026')).toBeNull();
		expect(parseDay('2026-11-28')).toBeNull();
	});
});

describe('photos and devices', () => {
	it('fits a 12 MP photo within 2000 px on its long side, keeping its shape, never enlarging', () => {
		expect(fitWithin(4000, 3000)).toEqual({ width: 2000, height: 1500 });
		expect(fitWithin(3024, 4032)).toEqual({ width: 1500, height: 2000 });
		expect(fitWithin(800, 600)).toEqual({ width: 800, height: 600 });
	});

	it('invites iPhone users, and only them, to add the app to the home screen', () => {
		vi.stubGlobal('matchMedia', () => ({ matches: false }));
		const iphone = { userAgent: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Safari/604.1', maxTouchPoints: 5 } as Navigator;
		const installed = { ...iphone, standalone: true } as Navigator;
		const android = { userAgent: 'Mozilla/5.0 (Linux; Android 14) Chrome/130 Mobile', maxTouchPoints: 5 } as Navigator;
		expect(needsHomeScreenHint(iphone)).toBe(true);
		expect(needsHomeScreenHint(installed)).toBe(false);
		expect(needsHomeScreenHint(android)).toBe(false);
		vi.unstubAllGlobals();
	});
});
