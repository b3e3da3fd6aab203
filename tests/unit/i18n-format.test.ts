/**
 * Words, plurals, numbers, sizes, dates and times in each language, through the one i18n layer;
 * the server's choice of language per request; the command line's from its environment.
 */
import { afterEach, describe, expect, it } from 'vitest';
import {
	amountInput,
	formatAmount,
	formatBytes,
	formatCoordinate,
	formatCount,
	formatDateTime,
	formatDay,
	formatList,
	formatNumber,
	formatPercent,
	formatTime,
	formatWait,
	getLocale,
	label,
	setLocaleSource,
	switchLocale,
	t,
	tn
} from '$lib/i18n';
import { localeFromEnv, parseLocale } from '$lib/i18n/locales';
import { inLocale, requestLocale, speakRequestLanguage, withLocale } from '$lib/i18n/request-locale.server';
import { apiError } from '$lib/server/http';
import { parseAmount } from '$lib/domain/rules';

const NNBSP = '\u202f'; // French groups thousands with a narrow no-break space

afterEach(async () => {
	setLocaleSource(null);
	await switchLocale('fr');
});

describe('the current language', () => {
	it('is French until English is chosen, and every helper follows the switch', async () => {
		expect(getLocale()).toBe('fr');
		expect(t('nav.device')).toBe('Cet appareil');
		await switchLocale('en');
		expect(getLocale()).toBe('en');
		expect(t('nav.device')).toBe('This device');
		expect(label('category', 'pressoir')).toBe('Fruit press');
		expect(t('backup.done', { name: 'a.json', size: '12 kB' })).toBe('File "a.json" created (12 kB).');
		// An id the catalogue does not know stays itself, in any language.
		expect(label('category', 'unknown_id')).toBe('unknown_id');
	});
});

describe('plurals follow the language rule (Intl.PluralRules)', () => {
	it('French says "one" for 0 and 1', () => {
		expect(tn('list.count', 0)).toBe('0 fiche');
		expect(tn('list.count', 1)).toBe('1 fiche');
		expect(tn('list.count', 2)).toBe('2 fiches');
		expect(tn('list.count', 1500)).toBe(`1${NNBSP}500 fiches`);
		// French's "many" (millions) takes the .other form.
		expect(tn('list.count', 1_000_000)).toBe(`1${NNBSP}000${NNBSP}000 fiches`);
	});

	it('English says "one" for 1 only, and groups thousands with a comma', async () => {
		await switchLocale('en');
		expect(tn('list.count', 0)).toBe('0 sheets');
		expect(tn('list.count', 1)).toBe('1 sheet');
		expect(tn('list.count', 2)).toBe('2 sheets');
		expect(tn('list.count', 1500)).toBe('1,500 sheets');
		expect(formatWait({ unit: 'minutes', count: 0 })).toBe('less than a minute');
		expect(formatWait({ unit: 'days', count: 1 })).toBe('1 day');
		expect(formatWait({ unit: 'hours', count: 0 })).toBe('0 hours');
	});
});

describe('numbers, sizes, shares and lists', () => {
	it('writes them the French way', () => {
		expect(formatCount(1234)).toBe(`1${NNBSP}234`);
		expect(formatNumber(1234.5)).toBe(`1${NNBSP}234,5`);
		expect(formatBytes(850)).toBe('850 o');
		expect(formatBytes(336_000)).toBe('336 ko');
		expect(formatBytes(1_250_000)).toBe('1,3 Mo');
		expect(formatBytes(2_500_000_000)).toBe('2,5 Go');
		expect(formatPercent(42, 100)).toBe('42\u00a0%');
		expect(formatPercent(3, 0)).toBe('0\u00a0%');
		expect(formatList(['Ceton', 'Nocé', 'Bellême'])).toBe('Ceton, Nocé et Bellême');
		expect(formatCoordinate(48.452134)).toBe('48,45213');
	});

	it('writes them the English way', async () => {
		await switchLocale('en');
		expect(formatCount(1234)).toBe('1,234');
		expect(formatNumber(1234.5)).toBe('1,234.5');
		expect(formatBytes(850)).toBe('850 B');
		expect(formatBytes(336_000)).toBe('336 kB');
		expect(formatBytes(1_250_000)).toBe('1.3 MB');
		expect(formatBytes(2_500_000_000)).toBe('2.5 GB');
		expect(formatPercent(42, 100)).toBe('42%');
		expect(formatList(['Ceton', 'Nocé', 'Bellême'])).toBe('Ceton, Nocé and Bellême');
		expect(formatCoordinate(-0.8127)).toBe('-0.81270');
	});

	it('shows an amount for typing in the language, and reads it back to the same number', async () => {
		expect(formatAmount(12.5)).toBe('12,5');
		expect(formatAmount(1500)).toBe('1500'); // no grouping in an input: it must parse back
		expect(formatAmount(null)).toBe('');
		await switchLocale('en');
		expect(formatAmount(12.5)).toBe('12.5');
		const read = (raw: string) => parseAmount(amountInput(raw));
		expect(read('12.5')).toEqual({ ok: true, value: 12.5 });
		// In English "1,500" is fifteen hundred, not one and a half.
		expect(read('1,500')).toEqual({ ok: true, value: 1500 });
		expect(read('12,345.5')).toEqual({ ok: true, value: 12345.5 });
		// A French habit ("12,5") is still a decimal comma: no thousands group there.
		expect(read('12,5')).toEqual({ ok: true, value: 12.5 });
		expect(read(formatAmount(1234.25))).toEqual({ ok: true, value: 1234.25 });
	});
});

describe('days and times', () => {
	it('writes a day as 28/11/2026 in both languages (British English is day/month/year)', async () => {
		expect(formatDay('2026-11-28')).toBe('28/11/2026');
		expect(formatDay(new Date(2026, 10, 28, 23, 30))).toBe('28/11/2026');
		expect(formatDay(null)).toBe('');
		expect(formatDay('not a date')).toBe('');
		await switchLocale('en');
		expect(formatDay('2026-11-28')).toBe('28/11/2026');
		expect(formatDay(new Date(2026, 0, 5, 8, 0))).toBe('05/01/2026');
	});

	it('takes a calendar day as it is (no time zone moves 2026-11-28 to the 27th)', () => {
		expect(formatDay('2026-01-01')).toBe('01/01/2026');
	});

	it('writes times on 24 hours, where the device is', async () => {
		const d = new Date(2026, 10, 28, 14, 5);
		expect(formatTime(d)).toBe('14:05');
		expect(formatDateTime(d)).toBe('28/11/2026 14:05');
		await switchLocale('en');
		expect(formatTime(new Date(2026, 10, 28, 0, 7))).toBe('00:07');
		expect(formatDateTime(d)).toBe('28/11/2026 14:05');
		expect(formatDateTime('garbage')).toBe('');
	});
});

describe('the server speaks the language of the request', () => {
	it('answers API errors in French without a choice, in English within an English request', async () => {
		speakRequestLanguage();
		// Outside any request (no cookie to read): French.
		expect(requestLocale()).toBe('fr');
		expect(((await apiError('signin_failed').json()) as { message: string }).message).toBe('Identifiant ou mot de passe incorrect.');
		const english = withLocale('en', () => apiError('signin_failed'));
		expect(english.status).toBe(401);
		expect(((await english.json()) as { message: string }).message).toBe('Wrong username or password.');
	});

	it('keeps the language of the request in every step of a stream pulled later', async () => {
		speakRequestLanguage();
		async function* labels() {
			yield t('nav.device');
			await new Promise((r) => setTimeout(r, 5));
			yield t('nav.sheets');
		}
		const stream = withLocale('en', () => inLocale(labels()));
		// Pulled outside the request's scope, as a download pulls an export.
		const out: string[] = [];
		for await (const s of stream) out.push(s);
		expect(out).toEqual(['This device', 'My sheets']);
		expect(t('nav.device')).toBe('Cet appareil');
	});
});

describe('the carriers of a language', () => {
	it('reads a cookie value or a POSIX locale, and nothing else', () => {
		expect(parseLocale('en')).toBe('en');
		expect(parseLocale('en_GB.UTF-8')).toBe('en');
		expect(parseLocale('fr-FR')).toBe('fr');
		expect(parseLocale('de_DE.UTF-8')).toBeNull();
		expect(parseLocale('C.UTF-8')).toBeNull();
		expect(parseLocale('english')).toBeNull();
		expect(parseLocale(undefined)).toBeNull();
	});

	it('gives the command line ATLAS_LANG, else the terminal language, else French', () => {
		expect(localeFromEnv({})).toBe('fr');
		expect(localeFromEnv({ LANG: 'C.UTF-8' })).toBe('fr');
		expect(localeFromEnv({ LANG: 'en_US.UTF-8' })).toBe('en');
		expect(localeFromEnv({ LANG: 'en_US.UTF-8', LC_ALL: 'fr_FR.UTF-8' })).toBe('fr');
		expect(localeFromEnv({ LANG: 'en_US.UTF-8', ATLAS_LANG: 'fr' })).toBe('fr');
		expect(localeFromEnv({ ATLAS_LANG: 'en' })).toBe('en');
		// A language the app does not have falls back to French.
		expect(localeFromEnv({ LANG: 'de_DE.UTF-8' })).toBe('fr');
	});
});
